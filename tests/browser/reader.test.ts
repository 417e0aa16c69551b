import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsOf, findDocument } from '../helpers/api';
import { closeBrowserSuite, newDevice, PHONE_VIEWPORT, signIn, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { editorFiles } from '../helpers/manifest';
import { login } from '../helpers/server';

/**
 * The reader side in real Chromium: a delegate reads CR01, an amendment, its
 * redline and a comparison without downloading the editor (checked against
 * the build manifest), a drafter still gets the editor on their draft, and a
 * delegate who opened a text keeps reading it offline, also after a reload,
 * told how old it is, and told plainly that signing needs the connection.
 * Needs the built client (`npx vite build`, which `npm test` runs first).
 */

/** How long a view may take to show on the loaded test machine. */
const UI_TIMEOUT_MS = 20_000;

/** Records the path of every request the page makes, from now on. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

/** Waits for the line-numbered text of the reading view. */
async function waitForNumberedText(page: Page): Promise<void> {
  await page.locator('.ProseMirror').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator('.editor-gutter .ln__from', { hasText: /^1$/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('reading without the editor', () => {
  let suite: BrowserSuite;
  let cr01: { id: string };
  let amendment: { id: string; baseId: string | null; code: string | null };

  beforeAll(async () => {
    suite = await startBrowserSuite();
    const token = await login(suite.server.url, 'delegate@demo.test');
    cr01 = await findDocument(suite.server.url, token, (doc) => doc.code === 'CR01', 'CR01');
    amendment = await findDocument(suite.server.url, token, (doc) => doc.kind === 'amendment' && doc.status === 'submitted' && doc.baseId !== null, 'a submitted amendment');
  });

  afterAll(() => closeBrowserSuite(suite));

  it('a delegate reads CR01, an amendment, its redline and a comparison, and never requests the editor chunk or the live-redline worker', async () => {
    const { context, page, errors } = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
    try {
      const requested = recordRequests(page);
      await signIn(page, suite.server.url, 'delegate@demo.test');
      await page.goto(`${suite.server.url}/#/documents/${cr01.id}`);
      await waitForNumberedText(page);
      expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
      expect(await page.locator('.ProseMirror').innerText()).toMatch(/Resolved/);

      await page.goto(`${suite.server.url}/#/documents/${amendment.id}`);
      await waitForNumberedText(page);
      // The amendment's redline panel is computed once, on the page, for a text that cannot change.
      await page.locator('[data-extension="live-redline"] .instructions, [data-extension="live-redline"] ol, [data-extension="live-redline"] li').first().waitFor({ timeout: UI_TIMEOUT_MS });

      await page.goto(`${suite.server.url}/#/documents/${amendment.id}/redline`);
      await page.locator('del, ins').first().waitFor({ timeout: UI_TIMEOUT_MS });

      await page.goto(`${suite.server.url}/#/compare?left=${amendment.baseId}&right=${amendment.id}&layout=side`);
      await page.locator('del, ins').first().waitFor({ timeout: UI_TIMEOUT_MS });

      const editor = editorFiles().map((file) => `/${file}`);
      expect(requested.some((path) => path.startsWith('/assets/'))).toBe(true);
      expect(requested.filter((path) => editor.includes(path))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a drafter opening their draft gets the editor chunk and an editable text', async () => {
    const { context, page, errors } = await newDevice(suite.browser);
    try {
      const requested = recordRequests(page);
      const token = await login(suite.server.url, 'drafter@demo.test');
      const draft = (await documentsOf(suite.server.url, token)).find((doc) => doc.status === 'draft' && doc.canEdit);
      if (!draft) throw new Error('drafter@demo.test has no draft in the demo convention');
      await signIn(page, suite.server.url, 'drafter@demo.test');
      await page.goto(`${suite.server.url}/#/documents/${draft.id}`);
      await page.locator('.ProseMirror[contenteditable="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
      const [editorChunk] = editorFiles();
      expect(requested).toContain(`/${editorChunk}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('reading offline', () => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await startBrowserSuite();
  });

  afterAll(() => closeBrowserSuite(suite));

  /** Waits until the service worker controls the page (it then serves the shell offline). */
  async function serviceWorkerInControl(page: Page): Promise<void> {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return;
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    });
  }

  async function goOffline(context: BrowserContext): Promise<void> {
    await context.setOffline(true);
  }

  it('keeps a text opened before readable offline, also after a reload, says how old it is, and will not sign without the connection', async () => {
    const token = await login(suite.server.url, 'delegate@demo.test');
    const docs = await documentsOf(suite.server.url, token);
    let unsigned: { id: string; code: string | null } | null = null;
    for (const doc of docs.filter((d) => d.kind === 'amendment' && d.status === 'submitted')) {
      const tally = (await (await fetch(`${suite.server.url}/api/documents/${doc.id}/tally`, { headers: { authorization: `Bearer ${token}` } })).json()) as { signedByMe: boolean; open: boolean; count: number };
      if (!tally.signedByMe && tally.open) {
        unsigned = doc;
        break;
      }
    }
    if (!unsigned) throw new Error('no submitted amendment that delegate@demo.test has not signed');
    const countBefore = ((await (await fetch(`${suite.server.url}/api/documents/${unsigned.id}/tally`, { headers: { authorization: `Bearer ${token}` } })).json()) as { count: number }).count;

    const { context, page } = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, suite.server.url, 'delegate@demo.test');
      await page.goto(`${suite.server.url}/#/documents/${unsigned.id}`);
      await waitForNumberedText(page);
      const signButton = page.getByRole('button', { name: /^Sign on to/ });
      await signButton.waitFor({ timeout: UI_TIMEOUT_MS });
      const onlineText = await page.locator('.ProseMirror').innerText();
      await serviceWorkerInControl(page);
      expect(await page.locator('.offline-banner').isHidden()).toBe(true);

      await goOffline(context);
      // Leave and come back within the app: the text opens from this device.
      await page.goto(`${suite.server.url}/#/documents`);
      await page.goto(`${suite.server.url}/#/documents/${unsigned.id}`);
      await waitForNumberedText(page);
      expect(await page.locator('.ProseMirror').innerText()).toBe(onlineText);
      await expect.poll(() => page.locator('.offline-banner').innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Offline, as of \d{1,2}:\d{2}/);

      // Signing says plainly that it needs the connection, and nothing shows as signed.
      await page.getByRole('button', { name: /^Sign on to/ }).click();
      const panel = page.locator('[data-extension="signatures"]');
      await expect.poll(() => panel.innerText(), { timeout: UI_TIMEOUT_MS }).toContain('Signing needs the connection');
      expect(await panel.innerText()).not.toContain('Your signature is counted');

      // A reload while offline: the service worker serves the shell, the page the text it kept.
      await page.reload();
      await waitForNumberedText(page);
      expect(await page.locator('.ProseMirror').innerText()).toBe(onlineText);
      await expect.poll(() => page.locator('.offline-banner').innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Offline, as of/);

      await context.setOffline(false);
      // Back online: nothing was queued, so the count is what it was.
      const after = (await (await fetch(`${suite.server.url}/api/documents/${unsigned.id}/tally`, { headers: { authorization: `Bearer ${token}` } })).json()) as { count: number; signedByMe: boolean };
      expect(after.signedByMe).toBe(false);
      expect(after.count).toBe(countBefore);
    } finally {
      await context.close();
    }
  });
});
