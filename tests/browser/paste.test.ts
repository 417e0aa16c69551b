import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary, DocumentText } from '../../shared/api';
import type { TextBlock } from '../../shared/text';
import { getJson, sendJson } from '../helpers/api';
import { closeBrowserSuite, newDevice, openDocument, signIn, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { login } from '../helpers/server';

/**
 * Pasting into the editor keeps the structure: real clipboard HTML captured
 * from Word (mso-* list paragraphs, conditional comments, a comment marker)
 * and from Google Docs (the docs-internal-guid bold wrapper, styled spans)
 * becomes headings, clauses, lists, bold and italic, through the same rules
 * as an imported file. The text is read back from the server, so the paste
 * also reached the shared document.
 */

/** How long the editor and a sync round trip may take. */
const UI_TIMEOUT_MS = 15_000;

let suite: BrowserSuite;
let token: string;

beforeAll(async () => {
  suite = await startBrowserSuite();
  token = await login(suite.server.url, 'drafter@demo.test');
});
afterAll(async () => closeBrowserSuite(suite));

/** Fires a real paste event carrying `html` (and its plain text) at the cursor. */
async function pasteHtml(page: Page, html: string): Promise<void> {
  await page.locator('.ProseMirror').evaluate((editor, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '');
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

async function newDraft(title: string): Promise<DocumentSummary> {
  const { status, body } = await sendJson<DocumentSummary>(suite.server.url, 'POST', '/api/documents', { kind: 'resolution', title }, token);
  expect(status).toBe(201);
  return body;
}

async function pasteIntoNewDraft(fixture: string): Promise<{ blocks: TextBlock[]; html: string }> {
  const doc = await newDraft(`Paste from ${fixture}`);
  const { context, page, errors } = await newDevice(suite.browser);
  try {
    await signIn(page, suite.server.url, 'drafter@demo.test');
    await openDocument(page, suite.server.url, doc.id);
    await page.locator('.ProseMirror > p').first().click();
    await pasteHtml(page, readFileSync(`fixtures/paste/${fixture}`, 'utf8'));
    let blocks: TextBlock[] = [];
    await expect
      .poll(async () => {
        blocks = (await getJson<DocumentText>(suite.server.url, `/api/documents/${doc.id}/text`, token)).body.blocks;
        return blocks.length;
      }, { timeout: UI_TIMEOUT_MS })
      .toBeGreaterThan(5);
    const html = await page.locator('.ProseMirror').innerHTML();
    expect(errors).toEqual([]);
    return { blocks, html };
  } finally {
    await context.close();
  }
}

describe('pasting keeps the structure', () => {
  it('from Word: headings by level, Word list paragraphs as nested lists, clauses with their lead word set by the editor, bold and italic', async () => {
    const { blocks, html } = await pasteIntoNewDraft('word.html');
    expect(blocks).toEqual([
      { kind: 'title', text: 'Paste from word.html' },
      { kind: 'heading', text: 'Climate Jobs Caucus Draft', level: 2 },
      { kind: 'whereas', text: 'Whereas, the climate crisis falls hardest on working people;' },
      { kind: 'whereas', text: 'WHEREAS the building trades have asked for a just transition;' },
      { kind: 'heading', text: 'Our Demands', level: 3 },
      { kind: 'bullet', text: 'Public ownership of utilities', level: 0 },
      { kind: 'bullet', text: 'starting with the grid', level: 1 },
      { kind: 'bullet', text: 'Union jobs in renewables', level: 0 },
      { kind: 'resolved', text: 'Be it resolved, that the League campaign for these demands;' },
      { kind: 'ordered', text: 'First, organise the locals', level: 0 },
      { kind: 'ordered', text: 'Then win the contract', level: 0 },
      { kind: 'resolved', text: 'Be it further resolved, that chapters report back by June.' },
    ]);
    expect(html).toContain('<strong>utilities</strong>');
    expect(html).toContain('<em>just transition</em>');
    expect(html).toMatch(/<p class="pl-resolved"><span class="pl-lead">Be it resolved<\/span>/);
    expect(html).not.toContain('mso-');
  });

  it('from Google Docs: the bold wrapper is not bold, font-weight and font-style spans are, nested lists stay nested', async () => {
    const { blocks, html } = await pasteIntoNewDraft('google-docs.html');
    expect(blocks).toEqual([
      { kind: 'title', text: 'Paste from google-docs.html' },
      { kind: 'heading', text: 'Housing for All', level: 2 },
      { kind: 'whereas', text: 'Whereas, rents have doubled in a decade;' },
      { kind: 'resolved', text: 'Resolved, that the League fight for:' },
      { kind: 'bullet', text: 'Universal rent control', level: 0 },
      { kind: 'bullet', text: 'with no exemption for new buildings', level: 1 },
      { kind: 'bullet', text: 'Social housing at scale', level: 0 },
      { kind: 'heading', text: 'First Steps', level: 3 },
      { kind: 'ordered', text: 'Organise every building', level: 0 },
      { kind: 'resolved', text: 'Be it further resolved, that we review this in a year.' },
    ]);
    expect(html).toContain('<strong>Social</strong>');
    expect(html).toContain('<em>Organise</em>');
    expect((html.match(/<strong>/g) ?? []).length).toBe(1);
  });
});
