import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberLines } from '../../shared/redline/lines';
import type { BlockKind, TextBlock } from '../../shared/text';
import { computeLiveRedline } from '../../client/redline/live-model';
import { documentsOf, getJson } from '../helpers/api';
import { closeBrowserSuite, DESKTOP_VIEWPORT, newDevice, openDocument, selectInEditor, signIn, startBrowserSuite } from '../helpers/browser';
import { login, type TestServer } from '../helpers/server';

/**
 * The gutter's line numbers while people type, in Chromium: the gutter
 * measures blocks only when one changes size or blocks come and go, and a
 * text's own lines are numbered again only for the blocks that changed. After
 * every kind of edit (typing that wraps lines, Enter, Backspace joining
 * blocks) each block's label must stand where a full measurement puts it and
 * say what numbering the whole text afresh says. Needs the built client.
 */

/** How long a page, a sync round trip or a recomputed redline may take to show. */
const UI_TIMEOUT_MS = 15_000;
/** The demo convention's line width (fixtures/convention.json). */
const WIDTH = 80;

/** What the gutter shows beside each textblock, and where a full measurement says each label goes. */
interface GutterState {
  blocks: TextBlock[];
  labels: { from: string; to: string; top: number; height: number; hidden: boolean }[];
  expected: { top: number; height: number }[];
}

/** Reads the editor's textblocks, the gutter's labels, and measures every block afresh (as `place` in line-numbers.ts does). */
function readGutter(page: Page): Promise<GutterState> {
  return page.evaluate(() => {
    const gutter = document.querySelector<HTMLElement>('.editor-gutter')!;
    const origin = gutter.getBoundingClientRect().top;
    const nodes = [...document.querySelectorAll<HTMLElement>('.ProseMirror h1, .ProseMirror h2, .ProseMirror h3, .ProseMirror h4, .ProseMirror p')];
    // The block model of each textblock, as blocksFromProseMirror reads the node it draws (this text has no hard breaks).
    const blocks = nodes.map((node): TextBlock => {
      const text = node.textContent ?? '';
      const list = node.parentElement?.closest('ul, ol');
      if (node.matches('li > p') && list) {
        let level = 0;
        for (let outer = list.parentElement?.closest('ul, ol'); outer; outer = outer.parentElement?.closest('ul, ol')) level++;
        return { kind: list.tagName === 'OL' ? 'ordered' : 'bullet', text, level };
      }
      if (node.matches('h1.pl-title')) return { kind: 'title', text };
      if (node.matches('.pl-heading')) return { kind: 'heading', text, level: Number(node.tagName.slice(1)) };
      const kind: BlockKind = node.matches('.pl-whereas') ? 'whereas' : node.matches('.pl-resolved') ? 'resolved' : 'paragraph';
      return { kind, text };
    });
    const expected = nodes.map((node) => {
      const rect = node.getBoundingClientRect();
      const padTop = parseFloat(getComputedStyle(node).paddingTop) || 0;
      return { top: Math.round(rect.top - origin + padTop), height: Math.max(0, Math.round(rect.height - padTop)) };
    });
    // Where each label is drawn, as the reader sees it.
    const labels = [...gutter.querySelectorAll<HTMLElement>('.ln')].map((label) => {
      const rect = label.getBoundingClientRect();
      return {
        from: label.querySelector('.ln__from')!.textContent ?? '',
        to: label.querySelector('.ln__to')!.textContent ?? '',
        top: Math.round(rect.top - origin),
        height: Math.round(rect.height),
        hidden: label.hidden === true,
      };
    });
    return { blocks, labels, expected };
  });
}

/** Where the labels stand that are not where a full measurement puts them ("" when all are). */
function misplaced(state: Pick<GutterState, 'labels' | 'expected'>): string {
  if (state.labels.length !== state.expected.length) return `${state.labels.length} labels for ${state.expected.length} blocks`;
  const wrong = state.labels
    .map((label, i) => ({ label, want: state.expected[i], i }))
    .filter(({ label, want }) => label.hidden || label.top !== want.top || label.height !== want.height);
  return wrong.map(({ label, want, i }) => `block ${i}: label at ${label.top} (${label.height} high), block at ${want.top} (${want.height} high)`).join('; ');
}

/**
 * Edits at the cursor from inside the page, one step at a time (`insertText`
 * or `delete`, as typing does), and after the frame that draws each step reads
 * where the labels stand: they must move in the frame that moves their blocks,
 * not a frame later. Returns what was misplaced after which step.
 */
function editFrameByFrame(page: Page, steps: readonly ({ insert: string } | { delete: true })[]): Promise<string[]> {
  return page.evaluate(async (steps) => {
    const problems: string[] = [];
    const nextFrameDrawn = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    for (const [n, step] of steps.entries()) {
      if ('insert' in step) document.execCommand('insertText', false, step.insert);
      else document.execCommand('delete');
      await nextFrameDrawn();
      const gutter = document.querySelector<HTMLElement>('.editor-gutter')!;
      const origin = gutter.getBoundingClientRect().top;
      const nodes = [...document.querySelectorAll<HTMLElement>('.ProseMirror h1, .ProseMirror h2, .ProseMirror h3, .ProseMirror h4, .ProseMirror p')];
      const labels = [...gutter.querySelectorAll<HTMLElement>('.ln')];
      nodes.forEach((node, i) => {
        const rect = node.getBoundingClientRect();
        const padTop = parseFloat(getComputedStyle(node).paddingTop) || 0;
        const top = Math.round(rect.top - origin + padTop);
        const shown = labels[i] ? Math.round(labels[i].getBoundingClientRect().top - origin) : NaN;
        if (shown !== top) problems.push(`step ${n}: block ${i} at ${top}, its label at ${shown}`);
      });
    }
    return problems;
  }, steps);
}

/** The labels numbering the whole text afresh gives (own lines: "14" over "–17"). */
function ownLabels(blocks: readonly TextBlock[]): { from: string; to: string }[] {
  const lines = numberLines(blocks, WIDTH);
  return blocks.map((_, i) => {
    const from = lines.firstLineOf(i);
    const to = lines.lastLineOf(i);
    return { from: from === 0 ? '' : String(from), to: to > from ? `–${to}` : '' };
  });
}

/** The last words of the `index`th resolved clause (one text node: the lead word is drawn apart). */
async function clauseEnding(page: Page, index: number): Promise<string> {
  return (await page.locator('.ProseMirror p.pl-resolved').nth(index).evaluate((clause) => clause.lastChild?.textContent ?? '')).slice(-30);
}

describe('the gutter while people type', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(() => closeBrowserSuite({ server, browser }));

  /** The edits each test makes; `check` says what is wrong with the gutter ("" when nothing). */
  async function editAndCheck(page: Page, anchor: string, check: (state: GutterState) => string): Promise<void> {
    const settled = async (what: string) => {
      let last = '';
      await expect
        .poll(async () => (last = check(await readGutter(page))), { timeout: UI_TIMEOUT_MS, message: `${what}: ${last}` })
        .toBe('');
    };
    await settled('on opening');
    // Typing at the end of a clause until it wraps onto new lines: the labels below move in the frame the lines do.
    await selectInEditor(page, anchor, anchor.length);
    const words = ' and shall report on it to every member of the League, in writing, at least twice a year'.split(/(?= )/);
    expect(await editFrameByFrame(page, words.map((word) => ({ insert: word })))).toEqual([]);
    await settled('after typing that wraps lines');
    // Deleting until a line goes.
    expect(await editFrameByFrame(page, Array.from({ length: 40 }, () => ({ delete: true as const })))).toEqual([]);
    await settled('after deleting');
    // Enter splits the clause: a block comes.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await settled('after Enter');
    // Backspace at the start of the new block joins it back: a block goes.
    await page.keyboard.press('Backspace');
    await settled('after Backspace');
  }

  it('numbers a text by its own lines, as numbering the whole text afresh does, and keeps each label beside its block', async () => {
    const token = await login(server.url, 'committee@demo.test');
    const text = (await documentsOf(server.url, token)).find((doc) => doc.code === 'CR01' && doc.canEdit);
    if (!text) throw new Error('the committee cannot edit CR01');
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'committee@demo.test');
      await openDocument(page, server.url, text.id);
      await page.locator('.editor-gutter .ln__from', { hasText: /^1$/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('.ProseMirror[contenteditable="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await editAndCheck(page, await clauseEnding(page, 1), (state) => {
        const want = ownLabels(state.blocks);
        const got = state.labels.map(({ from, to }) => ({ from, to }));
        const wrongNumbers = want.map((w, i) => (got[i]?.from === w.from && got[i]?.to === w.to ? '' : `block ${i}: "${got[i]?.from}${got[i]?.to}" instead of "${w.from}${w.to}"`)).filter(Boolean);
        return [misplaced(state), wrongNumbers.slice(0, 3).join('; ')].filter(Boolean).join(' | ');
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('numbers an amendment by its base, as the redline computed afresh does, and keeps each label beside its block', async () => {
    const token = await login(server.url, 'drafter@demo.test');
    const draft = (await documentsOf(server.url, token)).find((doc) => doc.kind === 'amendment' && doc.status === 'draft' && doc.canEdit);
    if (!draft || !draft.baseId || draft.baseVersion === null) throw new Error('the demo convention has no draft amendment the drafter may edit');
    const base = await getJson<{ blocks: TextBlock[] }>(server.url, `/api/documents/${draft.baseId}/versions/${draft.baseVersion}`, token);
    const { context, page, errors } = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(page, server.url, 'drafter@demo.test');
      await openDocument(page, server.url, draft.id);
      await page.locator('.editor-gutter .ln').first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('.ProseMirror[contenteditable="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await editAndCheck(page, await clauseEnding(page, 1), (state) => {
        // The base lines of the blocks, as the live redline computes them from the text now.
        const live = computeLiveRedline(base.body.blocks, state.blocks, WIDTH, 0);
        const wrongNumbers = live.gutter
          .map((block, i) => {
            if (!block || block.status === 'inserted') return '';
            const want = block.base ? { from: String(block.base[0]), to: block.base[1] > block.base[0] ? `–${block.base[1]}` : '' } : { from: '', to: '' };
            const got = state.labels[i];
            return got?.from === want.from && got?.to === want.to ? '' : `block ${i}: "${got?.from}${got?.to}" instead of "${want.from}${want.to}"`;
          })
          .filter(Boolean);
        return [misplaced(state), wrongNumbers.slice(0, 3).join('; ')].filter(Boolean).join(' | ');
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
