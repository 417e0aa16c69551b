import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, DESKTOP_VIEWPORT, newDevice, openDocument, PHONE_VIEWPORT, signIn, startBrowserSuite } from '../helpers/browser';
import { documentsOf, getJson, sendJson } from '../helpers/api';
import { login, type TestServer } from '../helpers/server';
import { loadDemoConvention } from '../../fixtures/index';
import type { DocumentTally, SignatureList } from '../../shared/signatures-api';
import type { Convention } from '../../shared/api';

/**
 * Staff at work in the browser: the times they read on the Signatures page
 * are the convention's (not the laptop's), and recording an outcome offers
 * the same buttons in the same order on every text and warns before adopting
 * a text short of its threshold. Needs the built client.
 */
describe('staff in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let staffToken: string;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    staffToken = await login(server.url, 'staff@demo.test');
  });

  afterAll(() => closeBrowserSuite({ server, browser }));

  it("shows a paper signature's time in the convention's zone, named, as it was entered", async () => {
    const amendment = (await documentsOf(server.url, staffToken)).find((d) => d.kind === 'amendment' && d.status === 'submitted')!;
    const signed = new Set((await getJson<SignatureList>(server.url, `/api/documents/${amendment.id}/signatures`, staffToken)).body.signatures.map((row) => row.memberId));
    const memberId = loadDemoConvention().roster.find((m) => m.delegate && m.goodStanding && !signed.has(m.memberId))!.memberId;
    // 10:00 two days ago in Chicago; the browser runs in another zone (UTC here), where it is 16:00.
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'staff@demo.test');
      await page.goto(`${server.url}/#/staff/signatures?doc=${encodeURIComponent(amendment.id)}`);
      await page.getByLabel('Member id').fill(memberId);
      await page.getByLabel(/^Signed on \(America\/Chicago/).fill(`${day}T10:00`);
      await page.getByRole('button', { name: 'Enter paper signature' }).click();
      await page.getByText(`Entered the paper signature of ${memberId}.`).waitFor();
      const row = page.locator('.signature-row', { hasText: memberId });
      await expect.poll(() => row.locator('time').innerText()).toMatch(/10:00\sAM C[SD]T$/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers the outcomes in one order on every text, and warns before adopting a text short of its threshold', async () => {
    const amendment = (await documentsOf(server.url, staffToken)).find((d) => d.kind === 'amendment' && d.status === 'submitted')!;
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'staff@demo.test');
      await openDocument(page, server.url, amendment.id);
      const outcomes = page.getByRole('button', { name: /^Record: / });
      await outcomes.first().waitFor();
      expect(await outcomes.allInnerTexts()).toEqual(['Record: adopted', 'Record: failed', 'Record: withdrawn']);
      await outcomes.first().click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.innerText()).toContain(`${amendment.code} has not reached its threshold of 20 signatures`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect((await getJson<{ status: string }>(server.url, `/api/documents/${amendment.id}`, staffToken)).body.status).toBe('submitted');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says a text closed short of its threshold once the signature deadline passed, to the delegate and to staff', async () => {
    const original = (await getJson<Convention>(server.url, '/api/convention', staffToken)).body.signatureDeadline;
    const amendment = (await documentsOf(server.url, staffToken)).find((d) => d.kind === 'amendment' && d.status === 'submitted')!;
    const tally = (await getJson<DocumentTally>(server.url, `/api/documents/${amendment.id}/tally`, staffToken)).body;
    const words = `Closed ${tally.threshold - tally.count} short`;
    expect((await sendJson(server.url, 'PUT', '/api/convention/rules', { signatureDeadline: '2020-01-01T23:59' }, staffToken)).status).toBe(200);
    const delegate = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    const staff = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, amendment.id);
      await expect.poll(() => delegate.page.locator('[data-extension="signatures"] .tally-progress__left').innerText()).toBe(words);
      await signIn(staff.page, server.url, 'staff@demo.test');
      await staff.page.goto(`${server.url}/#/staff/signatures`);
      await expect.poll(() => staff.page.locator(`.staff-tally[data-document-id="${amendment.id}"] .tally-progress__left`).innerText()).toBe(words);
      expect([...delegate.errors, ...staff.errors]).toEqual([]);
    } finally {
      await delegate.context.close();
      await staff.context.close();
      expect((await sendJson(server.url, 'PUT', '/api/convention/rules', { signatureDeadline: original }, staffToken)).status).toBe(200);
    }
  });

  it('lets staff correct an outcome recorded by mistake, saying it is a correction', async () => {
    const amendment = (await documentsOf(server.url, staffToken)).find((d) => d.kind === 'amendment' && d.status === 'qualified')!;
    expect((await sendJson(server.url, 'POST', `/api/documents/${amendment.id}/status`, { status: 'adopted' }, staffToken)).status).toBe(200);
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'staff@demo.test');
      await openDocument(page, server.url, amendment.id);
      const outcomes = page.getByRole('button', { name: /^(Record|Correct to): / });
      await outcomes.first().waitFor();
      expect(await outcomes.allInnerTexts()).toEqual(['Correct to: failed']);
      await outcomes.first().click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.innerText()).toContain(`Correct ${amendment.code} from adopted to failed?`);
      await dialog.getByLabel('Note for the record (optional)').fill('Recorded on the wrong amendment');
      await dialog.getByRole('button', { name: 'Correct to failed' }).click();
      await page.getByRole('button', { name: 'Correct to: adopted' }).waitFor();
      expect((await getJson<{ status: string }>(server.url, `/api/documents/${amendment.id}`, staffToken)).body.status).toBe('failed');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
