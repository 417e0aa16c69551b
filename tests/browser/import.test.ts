import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentText } from '../../shared/api';
import { findDocument, getJson } from '../helpers/api';
import { closeBrowserSuite, horizontalOverflow, newDevice, PHONE_VIEWPORT, SCREENSHOTS, SCREENSHOT_DIR, signIn, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { login } from '../helpers/server';
import { wordLikeResolution } from '../helpers/word-fixtures';

/**
 * Bringing texts in from the browser, on a phone-sized screen: "Import a
 * text" on the documents page (by keyboard, and by dropping a file) shows
 * what was left out and opens the new draft; "Import amendment from Word" on
 * the amend page turns a Word file with tracked changes into an amendment.
 */

/** How long a page or an upload may take to show its result. */
const UI_TIMEOUT_MS = 15_000;

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await startBrowserSuite();
});
afterAll(async () => closeBrowserSuite(suite));

describe('Import a text', () => {
  it('opens by keyboard, imports a Word file, names what was left out, fits 360 px and opens the draft', async () => {
    const { context, page, errors } = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, suite.server.url, 'drafter@demo.test');
      const summary = page.getByText('Import a text', { exact: true });
      await summary.focus();
      await page.keyboard.press('Enter');
      const picker = page.getByLabel('File', { exact: true });
      await picker.waitFor();
      await picker.setInputFiles({ name: 'Housing.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(await wordLikeResolution()) });
      await page.getByText('Chosen: Housing.docx').waitFor();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const result = page.getByRole('region', { name: 'Imported “Housing Justice Now” as a draft.' });
      await result.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await result.getByRole('listitem').allInnerTexts()).toEqual([
        '1 comment was left out: Plenary texts carry no comments.',
        '1 field was left out (page numbers, dates, cross-references): type the words instead.',
        "1 image was left out: a resolution's text is words only.",
      ]);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('import-result'))).toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      if (SCREENSHOTS) await page.locator('.import-panel').screenshot({ path: `${SCREENSHOT_DIR}import.png`, animations: 'disabled' });
      await result.getByRole('link', { name: 'Open the draft' }).click();
      await page.locator('.ProseMirror h1', { hasText: 'Housing Justice Now' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('.ProseMirror p.pl-whereas .pl-lead', { hasText: 'Whereas' }).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('takes a dropped Markdown file, and says clearly when a file cannot be read', async () => {
    const { context, page } = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, suite.server.url, 'drafter@demo.test');
      await page.getByText('Import a text', { exact: true }).click();
      const drop = async (name: string, text: string) =>
        page.locator('.import-panel .file-drop').evaluate(
          (zone, { name, text }) => {
            const data = new DataTransfer();
            data.items.add(new File([text], name, { type: 'text/markdown' }));
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
          },
          { name, text },
        );
      await drop('empty.md', '');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '“empty.md” is empty.' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await drop('childcare.md', '# Childcare at Meetings\n\nResolved, that chapters provide childcare.\n');
      await page.getByText('Chosen: childcare.md').waitFor();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('region', { name: 'Imported “Childcare at Meetings” as a draft.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    } finally {
      await context.close();
    }
  });
});

describe('Import amendment from Word', () => {
  it("is offered on a published text, and turns an amendment's Word redline into a new amendment draft with the same text", async () => {
    const token = await login(suite.server.url, 'drafter@demo.test');
    const amendment = await findDocument(suite.server.url, token, (doc) => doc.code === 'CR01-A03', 'CR01-A03');
    const docx = Buffer.from(await (await fetch(`${suite.server.url}/api/documents/${amendment.id}/redline.docx`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const { context, page, errors } = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, suite.server.url, 'drafter@demo.test');
      await page.goto(`${suite.server.url}/#/documents/${amendment.baseId}`);
      await page.getByRole('link', { name: 'Import amendment from Word' }).click({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('heading', { name: 'Or import an amendment from Word' }).waitFor({ timeout: UI_TIMEOUT_MS });
      // The link leads straight to the file picker.
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
      await page.getByLabel('Word file with tracked changes').setInputFiles({ name: 'A03 in Word.docx', mimeType: 'application/octet-stream', buffer: docx });
      await page.getByLabel(/^Title of the amendment \(optional/).fill('From Word');
      await page.getByRole('button', { name: 'Import amendment from Word' }).click();
      const result = page.getByRole('region', { name: 'Imported “From Word” as an amendment to CR01.' });
      await result.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await horizontalOverflow(page)).toBe(0);
      const link = await result.getByRole('link', { name: 'Open the draft' }).getAttribute('href');
      const id = decodeURIComponent(/documents\/([^/?]+)/.exec(link ?? '')![1]);
      const imported = (await getJson<DocumentText>(suite.server.url, `/api/documents/${id}/text`, token)).body.blocks;
      const original = (await getJson<DocumentText>(suite.server.url, `/api/documents/${amendment.id}/versions/1`, token)).body.blocks;
      expect(imported).toEqual(original);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
