import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, DESKTOP_VIEWPORT, newDevice, openDocument, signIn, startBrowserSuite } from './helpers/browser';
import { login, type TestServer } from './helpers/server';

/**
 * The export buttons in the browser: a delegate downloads a text as Word
 * from the document page's toolbar; staff export the packet from the
 * staff page, watch its progress and download it. Needs the built client.
 */

describe('exports in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let amendment: { id: string; code: string };

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    const token = await login(server.url, 'delegate@demo.test');
    const docs = (await (await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; code: string; kind: string; status: string }[];
    amendment = docs.find((d) => d.kind === 'amendment' && d.status !== 'draft')!;
  });

  afterAll(() => closeBrowserSuite({ server, browser }));

  it('downloads a text as Word from the document page', async () => {
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'delegate@demo.test');
      await openDocument(page, server.url, amendment.id);
      await page.locator('[data-seam="toolbar"] summary', { hasText: 'Export' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Word', exact: true }).click()]);
      expect(download.suggestedFilename()).toBe(`${amendment.code}-v1.docx`);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('exports the convention packet from the staff page with progress', async () => {
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'staff@demo.test');
      await page.goto(`${server.url}/#/staff/signatures`);
      await page.getByRole('button', { name: 'Convention packet (PDF)' }).click();
      const ready = page.getByRole('button', { name: /^Download convention-packet-.*\.pdf$/ });
      await ready.waitFor({ timeout: 30_000 });
      expect(await page.locator('.packet-panel progress').getAttribute('value')).toBe('1');
      const [download] = await Promise.all([page.waitForEvent('download'), ready.click()]);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
