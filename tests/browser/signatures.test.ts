import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeBrowserSuite,
  DESKTOP_VIEWPORT,
  horizontalOverflow,
  newDevice,
  openDocument,
  PHONE_VIEWPORT,
  screenshot,
  SCREENSHOT_DIR,
  SCREENSHOTS,
  signIn,
  startBrowserSuite,
} from '../helpers/browser';
import { documentsOf, sendJson } from '../helpers/api';
import { login, type TestServer } from '../helpers/server';
import type { DocumentSummary } from '../../shared/api';

/**
 * Signing on in the browser against a real server: a delegate signs an
 * amendment on one device and a member reading it on another, and staff on
 * the Signatures page on a phone, see the tally change without reloading.
 * Needs the built client (`npx vite build`, which `npm test` runs first).
 */

/** How long a signature may take to reach another browser. */
const LIVE_TIMEOUT_MS = 10_000;

/** The count line of the "Sign on" panel, e.g. "12 of 20 signatures". */
function panelCount(page: Page) {
  return page.locator('[data-extension="signatures"] [data-testid="tally-count"]');
}

describe('signing on in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let drafter: string;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    drafter = await login(server.url, 'drafter@demo.test');
  });

  /** A new amendment of CR01, submitted by its caucus and signed by no one yet: each test signs its own. */
  async function freshAmendment(): Promise<{ id: string; code: string }> {
    const cr01 = (await documentsOf(server.url, drafter)).find((d) => d.code === 'CR01')!;
    const draft = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${cr01.id}/amendments`, { title: 'An amendment to sign in the browser' }, drafter);
    const submitted = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${draft.body.id}/submit`, {}, drafter);
    if (submitted.status !== 200 || !submitted.body.code) throw new Error(`submitting a new amendment answered ${submitted.status}`);
    return { id: submitted.body.id, code: submitted.body.code };
  }

  afterAll(() => closeBrowserSuite({ server, browser }));

  it('signs as a delegate and shows the new tally live in a second browser and on the staff page', async () => {
    const amendment = await freshAmendment();
    const startCount = 0;
    const delegate = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const reader = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const staff = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await signIn(reader.page, server.url, 'member@demo.test');
      await signIn(staff.page, server.url, 'staff@demo.test');
      await openDocument(delegate.page, server.url, amendment.id);
      await openDocument(reader.page, server.url, amendment.id);
      await staff.page.goto(`${server.url}/#/staff/signatures?doc=${encodeURIComponent(amendment.id)}`);
      await staff.page.getByRole('heading', { level: 1, name: 'Signatures' }).waitFor();

      const before = `${startCount} of 20 signatures`;
      await expect.poll(() => panelCount(reader.page).textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(before);
      await expect.poll(() => panelCount(delegate.page).textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(before);
      // The member may read but not sign an amendment, and is told why.
      await expect.poll(() => reader.page.locator('[data-extension="signatures"]').innerText()).toContain('Only delegates can sign');
      const staffRow = staff.page.locator(`.staff-tally[data-document-id="${amendment.id}"]`);
      await expect.poll(() => staffRow.locator('[data-testid="tally-count"]').textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(before);
      // Let the live streams connect before the signature, so the change must arrive by push.
      await reader.page.waitForTimeout(300);

      await delegate.page.getByRole('button', { name: `Sign on to ${amendment.code}` }).click();
      await delegate.page.getByText('You have signed this text.').waitFor({ timeout: LIVE_TIMEOUT_MS });

      const after = `${startCount + 1} of 20 signatures`;
      await expect.poll(() => panelCount(delegate.page).textContent()).toBe(after);
      await expect.poll(() => panelCount(reader.page).textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(after);
      await expect.poll(() => staffRow.locator('[data-testid="tally-count"]').textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(after);
      await expect.poll(() => reader.page.getByRole('progressbar', { name: `Signatures for ${amendment.code}` }).getAttribute('aria-valuenow')).toBe(String(startCount + 1));
      // The staff page charts the signatures over time and lists the new one, on a 360 px phone.
      await staff.page.locator('.staff-detail svg.tally-chart').waitFor({ timeout: LIVE_TIMEOUT_MS });
      await expect.poll(() => staff.page.locator('.signature-list').innerText(), { timeout: LIVE_TIMEOUT_MS }).toContain('Priya Venkataraman');
      expect(await horizontalOverflow(staff.page)).toBeLessThanOrEqual(0);

      if (SCREENSHOTS) {
        await delegate.page.locator('[data-extension="signatures"]').scrollIntoViewIfNeeded();
        await screenshot(delegate.page, `${SCREENSHOT_DIR}sign-on.png`);
        await screenshot(staff.page, `${SCREENSHOT_DIR}staff-signatures.png`);
      }

      // Withdrawing shows live too.
      await delegate.page.getByRole('button', { name: 'Withdraw my signature' }).click();
      await expect.poll(() => panelCount(reader.page).textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(before);

      expect(delegate.errors).toEqual([]);
      expect(reader.errors).toEqual([]);
      expect(staff.errors).toEqual([]);
    } finally {
      await delegate.context.close();
      await reader.context.close();
      await staff.context.close();
    }
  });

  it('fits a 360 px phone with the Sign on panel and leads to it from the title', async () => {
    const amendment = await freshAmendment();
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, 'delegate@demo.test');
      await openDocument(phone.page, server.url, amendment.id);
      await panelCount(phone.page).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await phone.page.getByRole('button', { name: 'Go to Sign on' }).click();
      await expect.poll(() => phone.page.getByRole('button', { name: `Sign on to ${amendment.code}` }).isVisible()).toBe(true);
      expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
      // Reading is not editing: a reader reads the published version and never hears that its edits were refused.
      await phone.page.getByText('as published: it never changes').waitFor({ timeout: LIVE_TIMEOUT_MS });
      await phone.page.waitForTimeout(500);
      expect(await phone.page.getByText('Not saved.').count()).toBe(0);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  it('keeps keyboard focus in the Sign on panel: from Sign on to Withdraw, and back', async () => {
    const amendment = await freshAmendment();
    const delegate = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const focused = () => delegate.page.evaluate(() => (document.activeElement === document.body ? '<body>' : document.activeElement?.textContent));
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, amendment.id);
      const panel = delegate.page.locator('[data-extension="signatures"]');
      const sign = panel.getByRole('button', { name: `Sign on to ${amendment.code}` });
      await sign.waitFor({ timeout: LIVE_TIMEOUT_MS });
      // Let the live stream connect, so its echo of the signature re-renders the panel too.
      await delegate.page.waitForTimeout(300);

      await sign.focus();
      await delegate.page.keyboard.press('Enter');
      await panel.getByText('You have signed this text.').waitFor({ timeout: LIVE_TIMEOUT_MS });
      await expect.poll(focused).toBe('Withdraw my signature');
      await delegate.page.waitForTimeout(500);
      expect(await focused()).toBe('Withdraw my signature');

      await delegate.page.keyboard.press('Enter');
      await panel.getByText('Your signature is withdrawn.').waitFor({ timeout: LIVE_TIMEOUT_MS });
      await expect.poll(focused).toBe(`Sign on to ${amendment.code}`);
      await delegate.page.waitForTimeout(500);
      expect(await focused()).toBe(`Sign on to ${amendment.code}`);
      expect(delegate.errors).toEqual([]);
    } finally {
      await delegate.context.close();
    }
  });

  it('lets staff on a phone strike a signature and restore it by keyboard, each with a reason, and the tally follows', async () => {
    const amendment = await freshAmendment();
    const delegate = await login(server.url, 'delegate@demo.test');
    const signed = await fetch(`${server.url}/api/documents/${amendment.id}/signatures`, { method: 'POST', headers: { authorization: `Bearer ${delegate}` } });
    expect(signed.status).toBe(201);
    const name = 'Priya Venkataraman';
    const staff = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(staff.page, server.url, 'staff@demo.test');
      await staff.page.goto(`${server.url}/#/staff/signatures?doc=${encodeURIComponent(amendment.id)}`);
      const strikeButton = staff.page.getByRole('button', { name: `Strike the signature of ${name}` });
      await strikeButton.waitFor({ timeout: LIVE_TIMEOUT_MS });
      const count = staff.page.locator(`.staff-tally[data-document-id="${amendment.id}"] [data-testid="tally-count"]`);
      const before = await count.textContent();
      const counted = Number(before!.split(' ')[0]);

      await strikeButton.focus();
      await staff.page.keyboard.press('Enter');
      await staff.page.getByLabel(`Reason for striking ${name}`).fill('Signed twice, online and on paper');
      await staff.page.keyboard.press('Enter');
      await staff.page.getByText(`Struck the signature of ${name}.`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await expect.poll(() => count.textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(`${counted - 1} of 20 signatures`);

      const restoreButton = staff.page.getByRole('button', { name: `Restore the signature of ${name}` });
      await restoreButton.focus();
      await staff.page.keyboard.press('Enter');
      await staff.page.getByLabel(`Reason for restoring ${name}`).fill('The paper form was for another amendment');
      await staff.page.keyboard.press('Enter');
      await staff.page.getByText(`Restored the signature of ${name}.`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await expect.poll(() => count.textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe(before);
      expect(await staff.page.getByRole('button', { name: `Strike the signature of ${name}` }).count()).toBe(1);
      // The row no longer shows the strike; its history from the log does.
      const history = staff.page.getByRole('list', { name: `Strikes and restores of ${name}` });
      expect(await history.innerText()).toMatch(/Struck .+: Signed twice, online and on paper\s+Restored .+: The paper form was for another amendment/);
      expect(await horizontalOverflow(staff.page)).toBeLessThanOrEqual(0);
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('lets staff on a phone verify the audit log and check it later against the anchor it gave, by keyboard', async () => {
    const staff = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(staff.page, server.url, 'staff@demo.test');
      await staff.page.goto(`${server.url}/#/staff/signatures`);
      const anchorField = staff.page.getByLabel('Anchor recorded earlier (optional)');
      await anchorField.waitFor({ timeout: LIVE_TIMEOUT_MS });
      await anchorField.focus();
      await staff.page.keyboard.press('Enter');
      const result = staff.page.getByRole('status').filter({ hasText: 'The log is intact' });
      await result.waitFor({ timeout: LIVE_TIMEOUT_MS });
      const anchor = (await result.locator('.audit-anchor__value').innerText()).trim();
      expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);
      expect(await result.getByRole('button', { name: 'Copy anchor' }).count()).toBe(1);
      expect(await horizontalOverflow(staff.page)).toBeLessThanOrEqual(0);

      await anchorField.fill('last tuesday');
      await staff.page.keyboard.press('Enter');
      await staff.page.getByRole('alert').filter({ hasText: 'An anchor is an entry number' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
      expect(await anchorField.getAttribute('aria-invalid')).toBe('true');
      expect(await staff.page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');

      const [seq, hash] = anchor.split(':') as [string, string];
      const other = `${seq}:${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
      await anchorField.fill(other.toUpperCase());
      await staff.page.keyboard.press('Enter');
      await staff.page.getByRole('alert').filter({ hasText: `Entry ${seq} no longer has the hash recorded for it` }).waitFor({ timeout: LIVE_TIMEOUT_MS });

      await anchorField.fill(` ${anchor} `);
      await staff.page.keyboard.press('Enter');
      await staff.page.getByRole('status').filter({ hasText: `Entry ${seq} still has the hash recorded for it.` }).waitFor({ timeout: LIVE_TIMEOUT_MS });
      expect(await anchorField.getAttribute('aria-invalid')).toBeNull();
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });
});
