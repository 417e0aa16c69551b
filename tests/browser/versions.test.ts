import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/api';
import type { PMNodeJSON } from '../../shared/text';
import { replaceContent } from '../../server/sync/content';
import { documentsOf, getJson, sendJson } from '../helpers/api';
import {
  closeBrowserSuite,
  horizontalOverflow,
  newDevice,
  openDocument,
  PHONE_VIEWPORT,
  screenshot,
  SCREENSHOTS,
  selectInEditor,
  signIn,
  startBrowserSuite,
} from '../helpers/browser';
import { login, type TestServer } from '../helpers/server';

/**
 * Published versions on the Text page, against a real server: while the
 * International Committee revises CR01 without publishing, a delegate keeps
 * reading v1 with v1's line numbers and the committee is told readers see v1;
 * once v2 is published, `?version=1` shows v1 and says it is v1 of 2, and an
 * amendment drafted on v1 leads to v1 (About panel, redline page). Each test
 * works on a consensus text of its own holding CR01's text (`freshText`), at
 * the version it needs, so the tests pass alone and in any order. With
 * SCREENSHOTS=1 it writes /tmp/plenary-versions-*.png to look at.
 */

/** How long a page, a sync round trip or a panel may take to show. */
const UI_TIMEOUT_MS = 15_000;

/** The paragraph the committee adds to its working copy, after the paragraph that ends with `AFTER`. */
const ADDED = 'The Committee adds a paragraph to its working copy and has not published it yet, so delegates must not see it.';
const AFTER = 'hold the Committee to account.';

let suite: Awaited<ReturnType<typeof startBrowserSuite>>;
let server: TestServer;
let browser: Browser;
let cr01: DocumentSummary;
/** CR01's published text, which every test's own consensus text starts from. */
let cr01Content: PMNodeJSON;
const tokens: Record<'committee' | 'drafter', string> = { committee: '', drafter: '' };

/**
 * A consensus text of the committee of its own, holding CR01's text, submitted
 * (published as v1); with `revised`, the committee's revision (ADDED after the
 * paragraph that ends with AFTER) is on its working copy, unpublished, and
 * with `published` it is v2.
 */
async function freshText(state: 'v1' | 'revised' | 'published' = 'v1'): Promise<DocumentSummary> {
  const created = await sendJson<DocumentSummary>(server.url, 'POST', '/api/documents', { kind: 'consensus', title: 'A copy of CR01' }, tokens.committee);
  if (created.status !== 201) throw new Error(`creating a consensus text answered ${created.status}`);
  await server.app.rooms.edit(created.body.id, (doc, origin) => replaceContent(doc, cr01Content, origin));
  const submitted = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${created.body.id}/submit`, {}, tokens.committee);
  if (submitted.status !== 200) throw new Error(`submitting a consensus text answered ${submitted.status}`);
  if (state === 'v1') return submitted.body;
  await server.app.rooms.edit(created.body.id, (doc, origin) => replaceContent(doc, withAdded(cr01Content), origin));
  if (state === 'revised') return submitted.body;
  const v2 = await sendJson(server.url, 'POST', `/api/documents/${created.body.id}/versions`, {}, tokens.committee);
  if (v2.status !== 201) throw new Error(`publishing v2 answered ${v2.status}`);
  return submitted.body;
}

/** `content` with the paragraph ADDED after the paragraph that ends with AFTER. */
function withAdded(content: PMNodeJSON): PMNodeJSON {
  const blocks = content.content ?? [];
  const textOf = (node: PMNodeJSON): string => node.text ?? (node.content ?? []).map(textOf).join('');
  const at = blocks.findIndex((block) => textOf(block).endsWith(AFTER));
  if (at < 0) throw new Error(`CR01 has no paragraph ending with "${AFTER}"`);
  const added: PMNodeJSON = { type: 'paragraph', content: [{ type: 'text', text: ADDED }] };
  return { ...content, content: [...blocks.slice(0, at + 1), added, ...blocks.slice(at + 1)] };
}

/** An amendment of `base` v1 by drafter@'s caucus, submitted. */
async function amendmentOf(base: DocumentSummary): Promise<DocumentSummary> {
  const draft = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${base.id}/amendments`, { title: 'An amendment drafted on v1' }, tokens.drafter);
  const submitted = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${draft.body.id}/submit`, {}, tokens.drafter);
  if (submitted.status !== 200) throw new Error(`submitting an amendment answered ${submitted.status}`);
  return submitted.body;
}

let v1LabelsOnce: Promise<string[]> | undefined;
/** The gutter's line labels of CR01's v1 text, as a delegate sees it (read once, from a text of its own at v1). */
function v1Labels(): Promise<string[]> {
  v1LabelsOnce ??= (async () => {
    const text = await freshText('v1');
    const delegate = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, text.id);
      return await gutterLabels(delegate.page);
    } finally {
      await delegate.context.close();
    }
  })();
  return v1LabelsOnce;
}

/** The gutter's line labels, top to bottom, once the gutter has numbered the text. */
async function gutterLabels(page: Page): Promise<string[]> {
  await page.locator('.editor-gutter .ln__from', { hasText: /^1$/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  // Numbering follows the text after a short delay; wait until two reads agree.
  let previous: string[] = [];
  await expect
    .poll(async () => {
      const labels = await page.locator('.editor-gutter .ln__from').allInnerTexts();
      const stable = labels.length > 0 && labels.join('|') === previous.join('|');
      previous = labels;
      return stable;
    }, { timeout: UI_TIMEOUT_MS, interval: 300 })
    .toBe(true);
  return previous;
}

async function editorText(page: Page): Promise<string> {
  return page.locator('.ProseMirror').innerText();
}

beforeAll(async () => {
  suite = await startBrowserSuite();
  ({ server, browser } = suite);
  const docs = await documentsOf(server.url, await login(server.url, 'delegate@demo.test'));
  cr01 = docs.find((d) => d.code === 'CR01')!;
  expect(cr01).toBeTruthy();
  tokens.committee = await login(server.url, 'committee@demo.test');
  tokens.drafter = await login(server.url, 'drafter@demo.test');
  cr01Content = (await getJson<{ content: PMNodeJSON }>(server.url, `/api/documents/${cr01.id}/versions/1`, tokens.committee)).body.content;
}, 60_000);

afterAll(async () => {
  await closeBrowserSuite(suite ?? {});
});

describe('published versions on the Text page', () => {
  it("a delegate keeps reading v1 with v1's text and line numbers while the committee revises CR01 without publishing", async () => {
    const text = await freshText('v1');
    const delegate = await newDevice(browser);
    const committee = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, text.id);
      const v1Labels = await gutterLabels(delegate.page);

      await signIn(committee.page, server.url, 'committee@demo.test');
      await openDocument(committee.page, server.url, text.id);
      await committee.page.locator('.connection[data-state="connected"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await selectInEditor(committee.page, AFTER, AFTER.length);
      await committee.page.keyboard.press('Enter');
      await committee.page.keyboard.type(ADDED, { delay: 2 });
      // The edit is on the server: the working copy holds it, renumbered.
      await expect
        .poll(async () => JSON.stringify((await getJson(server.url, `/api/documents/${text.id}/text`, tokens.committee)).body), { timeout: UI_TIMEOUT_MS })
        .toContain(ADDED);
      expect(await gutterLabels(committee.page)).not.toEqual(v1Labels);

      // The delegate opens CR01 afresh: still v1, its text and its line numbers.
      await delegate.page.reload();
      await delegate.page.locator('.ProseMirror').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await gutterLabels(delegate.page)).toEqual(v1Labels);
      expect(await editorText(delegate.page)).not.toContain(ADDED);
      expect(await delegate.page.locator('.doc-header__version').innerText()).toContain('v1 of 1');
      // The reader keeps the side panels: what the text is, and its versions.
      expect(await delegate.page.locator('details[data-panel="about"]').innerText()).toContain('v1 of 1');
      await delegate.page.locator('details[data-panel="versions"] .versions__item').first().waitFor({ timeout: UI_TIMEOUT_MS });
      if (SCREENSHOTS) await screenshot(delegate.page, '/tmp/plenary-versions-delegate.png');
      expect(delegate.errors).toEqual([]);
      expect(committee.errors).toEqual([]);
    } finally {
      await delegate.context.close();
      await committee.context.close();
    }
  });

  it('the committee, on its working copy, is told plainly that readers see v1 until it publishes v2', async () => {
    const text = await freshText('revised');
    const committee = await newDevice(browser);
    try {
      await signIn(committee.page, server.url, 'committee@demo.test');
      await openDocument(committee.page, server.url, text.id);
      await committee.page.getByRole('heading', { name: 'Unpublished changes' }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await committee.page.locator('.unpublished-banner').innerText()).toContain('Readers see v1 until you publish v2');
      // Exports give what readers read, and the menu says so.
      await committee.page.locator('.export-menu summary').click();
      expect(await committee.page.locator('.export-menu__note').innerText()).toBe('Exports the newest published version; unpublished changes are not in it.');
      expect(await editorText(committee.page)).toContain(ADDED);
      if (SCREENSHOTS) await screenshot(committee.page, '/tmp/plenary-versions-committee.png');
      expect(committee.errors).toEqual([]);
    } finally {
      await committee.context.close();
    }
  });

  it('the committee publishes v2 from the notice by keyboard, and the notice goes; a delegate reading v1 is told', async () => {
    const text = await freshText('revised');
    const committee = await newDevice(browser);
    const delegate = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, text.id);
      await delegate.page.locator('.doc-header__version', { hasText: 'v1 of 1' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await signIn(committee.page, server.url, 'committee@demo.test');
      await openDocument(committee.page, server.url, text.id);
      const publishFromNotice = committee.page.getByRole('button', { name: 'Publish v2…' });
      await publishFromNotice.waitFor({ timeout: UI_TIMEOUT_MS });
      await publishFromNotice.focus();
      await committee.page.keyboard.press('Enter');
      // The keyboard lands on the Versions panel's Publish button.
      await expect.poll(() => committee.page.evaluate(() => document.activeElement?.textContent)).toBe('Publish version');
      await committee.page.keyboard.press('Enter');
      const confirm = committee.page.getByRole('button', { name: 'Publish v2', exact: true });
      await confirm.waitFor({ timeout: UI_TIMEOUT_MS });
      await confirm.focus();
      await committee.page.keyboard.press('Enter');
      await committee.page.locator('details[data-panel="versions"]').getByText('Published v2.').waitFor({ timeout: UI_TIMEOUT_MS });
      // The keyboard is back on the panel's Publish button, not lost on the page.
      await expect.poll(() => committee.page.evaluate(() => document.activeElement?.textContent)).toBe('Publish version');
      await expect.poll(() => committee.page.locator('.unpublished-banner').isVisible(), { timeout: UI_TIMEOUT_MS }).toBe(false);
      expect(committee.errors).toEqual([]);

      // The delegate's page still shows v1; coming back to the tab, they learn of v2 and go to it.
      await delegate.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      const newer = delegate.page.getByRole('region', { name: `${text.code} has a newer version: v2` });
      await newer.waitFor({ timeout: UI_TIMEOUT_MS });
      await newer.getByRole('link', { name: 'Read v2' }).click();
      await delegate.page.locator('.doc-header__version', { hasText: 'v2 of 2' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect.poll(() => editorText(delegate.page), { timeout: UI_TIMEOUT_MS }).toContain(ADDED);
      expect(delegate.errors).toEqual([]);
    } finally {
      await committee.context.close();
      await delegate.context.close();
    }
  });

  it('?version=1 shows v1 with its own line numbers and says it is v1 of 2, with a link to v2; without it a delegate reads v2', async () => {
    const text = await freshText('published');
    const v1 = await v1Labels();
    const delegate = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await delegate.page.goto(`${server.url}/#/documents/${text.id}?version=1`);
      await delegate.page.locator('.ProseMirror').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await gutterLabels(delegate.page)).toEqual(v1);
      expect(await editorText(delegate.page)).not.toContain(ADDED);
      const line = delegate.page.locator('.doc-header__version');
      expect(await line.innerText()).toMatch(/v1 of 2.*the newest is v2/);
      // Exports act on the version shown.
      expect(await delegate.page.locator('[data-seam="toolbar"]').getAttribute('data-version')).toBe('1');

      await line.getByRole('link', { name: 'Read v2' }).click();
      await expect.poll(() => delegate.page.locator('.doc-header__version').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('v2 of 2');
      await expect.poll(() => editorText(delegate.page), { timeout: UI_TIMEOUT_MS }).toContain(ADDED);

      // The default for a reader is the newest published version.
      await openDocument(delegate.page, server.url, text.id);
      await expect.poll(() => editorText(delegate.page), { timeout: UI_TIMEOUT_MS }).toContain(ADDED);
      expect(await delegate.page.locator('.doc-header__version').innerText()).toContain('v2 of 2');
      expect(delegate.errors).toEqual([]);
    } finally {
      await delegate.context.close();
    }
  });

  it('an amendment drafted on v1 leads to v1: the About panel and the redline page', async () => {
    const text = await freshText('revised');
    const amendmentOnV1 = await amendmentOf(text);
    expect((await sendJson(server.url, 'POST', `/api/documents/${text.id}/versions`, {}, tokens.committee)).status).toBe(201);
    const v1 = await v1Labels();
    const delegate = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, amendmentOnV1.id);
      await delegate.page.getByRole('link', { name: 'Open the base text (v1)' }).click();
      await delegate.page.waitForURL(new RegExp(`#/documents/${text.id}\\?version=1$`));
      await delegate.page.locator('.ProseMirror').waitFor({ timeout: UI_TIMEOUT_MS });
      await expect.poll(() => delegate.page.locator('.doc-header__version').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('v1 of 2');
      expect(await editorText(delegate.page)).not.toContain(ADDED);
      expect(await gutterLabels(delegate.page)).toEqual(v1);

      await delegate.page.goto(`${server.url}/#/documents/${amendmentOnV1.id}/redline`);
      await delegate.page.getByRole('link', { name: `${text.code} v1` }).click();
      await delegate.page.waitForURL(new RegExp(`#/documents/${text.id}\\?version=1$`));
      await expect.poll(() => delegate.page.locator('.doc-header__version').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('v1 of 2');
      expect(await editorText(delegate.page)).not.toContain(ADDED);
      expect(delegate.errors).toEqual([]);
    } finally {
      await delegate.context.close();
    }
  });

  it('a reader who opened the newest version once reads it again offline, at the same version', async () => {
    const text = await freshText('published');
    const delegate = await newDevice(browser);
    try {
      await signIn(delegate.page, server.url, 'delegate@demo.test');
      await openDocument(delegate.page, server.url, text.id);
      await expect.poll(() => editorText(delegate.page), { timeout: UI_TIMEOUT_MS }).toContain(ADDED);
      await delegate.page.goto(`${server.url}/#/documents`);
      await delegate.context.setOffline(true);
      await delegate.page.goto(`${server.url}/#/documents/${text.id}`);
      await expect.poll(() => editorText(delegate.page), { timeout: UI_TIMEOUT_MS }).toContain(ADDED);
      expect(await delegate.page.locator('.doc-header__version').innerText()).toContain('v2');
      expect(delegate.errors).toEqual([]);
    } finally {
      await delegate.context.close();
    }
  });

  it('says plainly when a version cannot be shown: not a version number, or never opened on this device while offline', async () => {
    const member = await newDevice(browser);
    try {
      await signIn(member.page, server.url, 'member@demo.test');
      await member.page.goto(`${server.url}/#/documents/${cr01.id}?version=abc`);
      await member.page.getByRole('heading', { name: 'Version not found' }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await member.page.locator('main').innerText()).toContain('“abc” is not a version number');

      // Offline, a submitted text never opened here is not replaced by its live text (which a reader of CR01 may not have).
      await member.page.goto(`${server.url}/#/documents`);
      await member.page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await member.context.setOffline(true);
      await member.page.goto(`${server.url}/#/documents/${cr01.id}`);
      await member.page.getByRole('heading', { name: 'Not on this device yet' }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await member.page.locator('main').innerText()).toContain('CR01 is not saved on this device yet');
      await member.context.setOffline(false);
      await member.page.goto(`${server.url}/#/documents`);
      await member.page.goto(`${server.url}/#/documents/${cr01.id}`);
      await member.page.locator('.doc-header__version').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await member.page.locator('main').innerText()).not.toContain('No access');
      expect(member.errors).toEqual([]);
    } finally {
      await member.context.close();
    }
  });

  it('fits a 360 px phone: an earlier version and the committee notice', async () => {
    const text = await freshText('published');
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    const committee = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, 'delegate@demo.test');
      await phone.page.goto(`${server.url}/#/documents/${text.id}?version=1`);
      await phone.page.locator('.doc-header__version').waitFor({ timeout: UI_TIMEOUT_MS });
      await gutterLabels(phone.page);
      expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
      if (SCREENSHOTS) await screenshot(phone.page, '/tmp/plenary-versions-phone-v1.png');

      await signIn(committee.page, server.url, 'committee@demo.test');
      await openDocument(committee.page, server.url, text.id);
      await committee.page.locator('.connection[data-state="connected"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await selectInEditor(committee.page, AFTER, AFTER.length);
      await committee.page.keyboard.type(' Another unpublished sentence.', { delay: 2 });
      await committee.page.getByRole('heading', { name: 'Unpublished changes' }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await committee.page.locator('.unpublished-banner').innerText()).toContain('Readers see v2 until you publish v3');
      expect(await horizontalOverflow(committee.page)).toBeLessThanOrEqual(0);
      if (SCREENSHOTS) {
        await committee.page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(committee.page, '/tmp/plenary-versions-phone-committee.png');
      }
      expect(phone.errors).toEqual([]);
      expect(committee.errors).toEqual([]);
    } finally {
      await phone.context.close();
      await committee.context.close();
    }
  });
});
