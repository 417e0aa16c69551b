import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../helpers/api';
import { closeBrowserSuite, DESKTOP_VIEWPORT, newDevice, openDocument, selectInEditor, signIn, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { login } from '../helpers/server';

/**
 * The formatting toolbar as a keyboard and screen-reader user meets it, in
 * Chromium: its buttons say which block kind and marks the cursor is in
 * (`aria-pressed`) and what cannot be done there (`aria-disabled`), Alt+F10
 * reaches it from the text, arrow keys move along it, Enter applies a button
 * and Escape goes back to the text. Typing that changes none of that leaves its
 * attributes alone: each rewrite is an accessibility-tree update. Needs the
 * built client.
 */

const UI_TIMEOUT_MS = 15_000;

/** Each toolbar button's accessible name with its pressed and disabled state: "Bold pressed=false disabled=false". */
function toolbarState(page: Page): Promise<Record<string, { pressed: string | null; disabled: string | null }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')].map((button) => [
        button.getAttribute('aria-label') ?? '',
        { pressed: button.getAttribute('aria-pressed'), disabled: button.getAttribute('aria-disabled') },
      ]),
    ),
  );
}

/** The accessible name of the focused element ("editor" for the text itself). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (element?.classList.contains('ProseMirror')) return 'editor';
    return element?.getAttribute('aria-label') ?? element?.tagName ?? '';
  });
}

const BLOCK_NAMES = ['Text paragraph', 'Heading', '“Whereas” clause', '“Resolved” clause', 'Bulleted list', 'Numbered list'];

/** The one block button shown pressed, or a list of all pressed ones when that is not exactly one. */
async function pressedBlock(page: Page): Promise<string> {
  const state = await toolbarState(page);
  const pressed = BLOCK_NAMES.filter((name) => state[name]?.pressed === 'true');
  return pressed.length === 1 ? pressed[0] : `[${pressed.join(', ')}]`;
}

describe('the formatting toolbar', () => {
  let suite: BrowserSuite;
  let documentId: string;

  beforeAll(async () => {
    suite = await startBrowserSuite();
    const token = await login(suite.server.url, 'drafter@demo.test');
    const created = await sendJson<{ id: string }>(suite.server.url, 'POST', '/api/documents', { kind: 'resolution', title: 'On quiet rooms' }, token);
    expect(created.status).toBe(201);
    documentId = created.body.id;
  }, 60_000);

  afterAll(() => closeBrowserSuite(suite));

  it('follows the cursor, works by keyboard and leaves its state alone while typing changes none of it', async () => {
    const { context, page, errors } = await newDevice(suite.browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, suite.server.url, 'drafter@demo.test');
      await openDocument(page, suite.server.url, documentId);
      const editor = page.locator('.ProseMirror');
      await editor.waitFor({ timeout: UI_TIMEOUT_MS });

      // A new text: the cursor goes to its first clause, a plain paragraph.
      await editor.locator('p').first().click();
      await page.keyboard.type('Every venue offers a quiet room.');
      await expect.poll(() => pressedBlock(page), { timeout: UI_TIMEOUT_MS }).toBe('Text paragraph');
      let state = await toolbarState(page);
      expect(state.Bold).toEqual({ pressed: 'false', disabled: 'false' });
      expect(state.Undo!.disabled).toBe('false');

      // Typing on in the same clause changes nothing the toolbar shows: not one attribute is written again.
      await page.evaluate(() => {
        const record = { writes: 0 };
        (window as unknown as { toolbarWrites: typeof record }).toolbarWrites = record;
        new MutationObserver((mutations) => (record.writes += mutations.length)).observe(document.querySelector('[role="toolbar"]')!, { attributes: true, subtree: true });
      });
      await page.keyboard.type(' It is kept quiet');
      await expect.poll(() => editor.evaluate((node) => node.textContent?.includes('kept quiet')), { timeout: UI_TIMEOUT_MS }).toBe(true);
      // A frame later, when every plugin view has run.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await page.evaluate(() => (window as unknown as { toolbarWrites: { writes: number } }).toolbarWrites.writes)).toBe(0);

      // Alt+F10 reaches the toolbar; arrows move along it; Enter makes the clause a "Resolved" clause and returns to the text.
      await page.keyboard.press('Alt+F10');
      expect(await focusedName(page)).toBe('Text paragraph');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      expect(await focusedName(page)).toBe('“Resolved” clause');
      await page.keyboard.press('Enter');
      await expect.poll(() => editor.locator('p.pl-resolved').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
      expect(await focusedName(page)).toBe('editor');
      await expect.poll(() => pressedBlock(page)).toBe('“Resolved” clause');

      // Escape from the toolbar goes back to the text, where the cursor was.
      await page.keyboard.press('Alt+F10');
      expect(await focusedName(page)).toBe('“Resolved” clause');
      await page.keyboard.press('Escape');
      expect(await focusedName(page)).toBe('editor');

      // Bold on a selected word shows as pressed there, and not beside it.
      await selectInEditor(page, 'offers');
      await page.keyboard.press('Control+b');
      await expect.poll(async () => (await toolbarState(page)).Bold!.pressed, { timeout: UI_TIMEOUT_MS }).toBe('true');
      expect(await editor.locator('strong').textContent()).toBe('offers');
      await selectInEditor(page, 'kept', 2);
      await expect.poll(async () => (await toolbarState(page)).Bold!.pressed).toBe('false');

      // In the title only undo and redo work; the others stay focusable but say they are unavailable.
      await selectInEditor(page, 'quiet rooms', 3);
      await expect.poll(async () => (await toolbarState(page)).Heading!.disabled, { timeout: UI_TIMEOUT_MS }).toBe('true');
      state = await toolbarState(page);
      for (const name of [...BLOCK_NAMES, 'Bold', 'Italic']) expect(state[name]!.disabled, name).toBe('true');
      expect(state.Undo!.disabled).toBe('false');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
