/**
 * Hostile content, as a drafter with a stock Yjs client would write it: text
 * that looks like HTML, and elements, attributes and marks the schema does not
 * know, written straight into ydoc.getXmlFragment('prosemirror'). The server
 * refuses what the schema does not know (the socket closes with 4400, the text
 * stays as it was); what it keeps is text, and every export and every view of
 * it stays inert: in Chromium nothing runs and no such element exists.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';
import { getJson, sendJson } from '../helpers/api';
import { closeBrowserSuite, newDevice, openDocument, signIn, startBrowserSuite } from '../helpers/browser';
import { login, type TestServer } from '../helpers/server';
import { connect, synced, until, type Client } from '../helpers/yclient';
import { CLOSE } from '../../server/sync/limits';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import type { DocumentSummary, DocumentText } from '../../shared/api';

/** Text a drafter may type: it must come out as these very characters, never as markup. */
const TYPED = [
  '<img src=y onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '<a href="javascript:window.__pwned=3" onclick="window.__pwned=4">click</a> and [link](javascript:window.__pwned=5)',
  '<svg onload="window.__pwned=6"></svg><iframe srcdoc="<script>parent.__pwned=7</script>"></iframe>',
];
/** A title that is markup too. */
const TITLE = '<b onmouseover="window.__pwned=8">Title</b>';

let server: TestServer;
let browser: Browser;
const token: Record<string, string> = {};
let base: DocumentSummary;
let amendment: DocumentSummary;

/** The writes the schema does not know, each on its own stock client: each must close its socket with 4400 and change nothing. */
const UNKNOWN_WRITES: [string, (fragment: Y.XmlFragment, doc: Y.Doc) => void][] = [
  ['a <script> element', (fragment) => fragment.push([element('script', 'window.__pwned=9')])],
  ['an <img> element with onerror', (fragment) => {
    const img = new Y.XmlElement('img');
    img.setAttribute('src', 'y');
    img.setAttribute('onerror', 'window.__pwned=10');
    fragment.push([img]);
  }],
  ['an onclick attribute on a paragraph', (fragment) => {
    const paragraph = element('paragraph', 'Click me.');
    paragraph.setAttribute('onclick', 'window.__pwned=11');
    fragment.push([paragraph]);
  }],
  ['a style attribute on an existing paragraph', (fragment) => (fragment.get(1) as Y.XmlElement).setAttribute('style', 'background:url(javascript:1)')],
  ['a string where the heading level goes', (fragment) => {
    const heading = element('heading', 'A heading');
    heading.setAttribute('level', '2" onclick="window.__pwned=12' as unknown as string);
    fragment.push([heading]);
  }],
  ['a link mark', (fragment) => {
    const paragraph = element('paragraph', '');
    fragment.push([paragraph]);
    (paragraph.get(0) as Y.XmlText).insert(0, 'linked', { link: { href: 'javascript:window.__pwned=13' } });
  }],
  ['an embed inside text', (fragment) => {
    const paragraph = element('paragraph', 'x');
    fragment.push([paragraph]);
    (paragraph.get(0) as Y.XmlText).insertEmbed(0, { image: 'javascript:window.__pwned=14' });
  }],
  ['another root type', (_fragment, doc) => doc.getMap('evil').set('html', '<script>window.__pwned=15</script>')],
];

function element(name: string, text: string): Y.XmlElement {
  const node = new Y.XmlElement(name);
  node.insert(0, [new Y.XmlText(text)]);
  return node;
}

beforeAll(async () => {
  ({ server, browser } = await startBrowserSuite());
  for (const who of ['drafter', 'drafter2', 'staff', 'delegate']) token[who] = await login(server.url, `${who}@demo.test`);
  // A base whose text is all hostile, written over the socket as plain text, and submitted.
  const created = await sendJson<DocumentSummary>(server.url, 'POST', '/api/documents', { kind: 'resolution', title: TITLE }, token.drafter2);
  expect(created.status).toBe(201);
  const writer = connect(server.wsUrl, created.body.id, token.drafter2);
  await synced(writer);
  writer.doc.transact(() => {
    for (const text of TYPED) writer.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).push([element('paragraph', text)]);
  });
  const stateVector = Buffer.from(Y.encodeStateVector(writer.doc)).toString('base64');
  await until(async () => (await sendJson(server.url, 'POST', `/api/documents/${created.body.id}/submit`, { stateVector }, token.drafter2)).status === 200, 'the hostile base to be submitted');
  writer.destroy();
  base = (await getJson<DocumentSummary>(server.url, `/api/documents/${created.body.id}`, token.staff)).body;
  // An amendment that adds more hostile text, so redlines and comparisons carry it in insertions too.
  const fork = await sendJson<DocumentSummary>(server.url, 'POST', `/api/documents/${base.id}/amendments`, { title: '<img src=z onerror="window.__pwned=16">' }, token.drafter);
  const drafting = connect(server.wsUrl, fork.body.id, token.drafter);
  await synced(drafting);
  drafting.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).push([element('paragraph', '<img src=w onerror="window.__pwned=17"> inserted')]);
  const vector = Buffer.from(Y.encodeStateVector(drafting.doc)).toString('base64');
  await until(async () => (await sendJson(server.url, 'POST', `/api/documents/${fork.body.id}/submit`, { stateVector: vector }, token.drafter)).status === 200, 'the hostile amendment to be submitted');
  drafting.destroy();
  amendment = (await getJson<DocumentSummary>(server.url, `/api/documents/${fork.body.id}`, token.staff)).body;
});

afterAll(() => closeBrowserSuite({ server, browser }));

describe('what the schema does not know', () => {
  it.each(UNKNOWN_WRITES)('refuses %s from a stock Yjs client: the socket closes with 4400 and the text stays as it was', async (_what, write) => {
    const draft = await sendJson<DocumentSummary>(server.url, 'POST', '/api/documents', { kind: 'resolution', title: 'A text under attack' }, token.drafter);
    const text = async () => (await getJson<DocumentText>(server.url, `/api/documents/${draft.body.id}/text`, token.drafter)).body.content;
    const before = await text();
    const hostile: Client = connect(server.wsUrl, draft.body.id, token.drafter);
    try {
      await synced(hostile);
      hostile.doc.transact(() => write(hostile.doc.getXmlFragment(PROSEMIRROR_FRAGMENT), hostile.doc)); // one update
      await until(() => hostile.closeCodes.includes(CLOSE.badMessage), 'the server to close the socket with 4400');
    } finally {
      hostile.destroy();
    }
    expect(await text()).toEqual(before);
    // A well-behaved client still syncs the text, untouched.
    const reader = connect(server.wsUrl, draft.body.id, token.drafter);
    await synced(reader);
    expect(reader.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toArray().map((node) => (node as Y.XmlElement).nodeName)).toEqual(['title', 'paragraph']);
    reader.destroy();
  });
});

/** Every export of the hostile texts: clean texts, the redline and a comparison, in each format. */
function exportPaths(): string[] {
  const texts = ['html', 'md', 'docx'].flatMap((format) => [`/api/documents/${base.id}/export.${format}`, `/api/documents/${amendment.id}/export.${format}`]);
  const numbered = [`/api/documents/${base.id}/export.md?numbered=true`];
  const redlines = ['html', 'md', 'docx'].flatMap((format) => [`/api/documents/${amendment.id}/redline.${format}`, `/api/documents/${amendment.id}/redline.${format}?layout=side-by-side`]);
  const compare = ['html', 'md', 'docx'].map((format) => `/api/compare.${format}?left=${base.id}&right=${amendment.id}`);
  return [...texts, ...numbered, ...redlines, ...compare, '/api/exports/openslides.csv'];
}

async function download(path: string): Promise<{ bytes: Buffer; type: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token.staff}` } });
  expect(response.status, path).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') ?? '' };
}

/** The markup an export carries as text a browser would read: a Word file's XML parts, or the file itself. */
async function markupOf(path: string): Promise<string> {
  const { bytes } = await download(path);
  // OpenSlides reads a motion's text and reason as HTML; its title and submitter are plain text (it escapes them itself).
  if (path.endsWith('openslides.csv')) return (parseCsv(bytes.toString('utf8'), { columns: true }) as Record<string, string>[]).map((row) => `${row.text}\n${row.reason}`).join('\n');
  if (!path.includes('.docx')) return bytes.toString('utf8');
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(Object.values(zip.files).filter((file) => file.name.endsWith('.xml')).map((file) => file.async('string')));
  return parts.join('\n');
}

/** Markup that would run or load something had the typed text got out as HTML (or as a Markdown link). */
const LIVE_MARKUP = /<(img|script|svg|iframe)\b|<a\s[^>]*href\s*=\s*["']?javascript:|<b\s+onmouseover/i;
/** A Markdown link a renderer would make clickable. */
const MARKDOWN_LINK = /(^|[^\\])\]\(javascript:/m;

describe('every export of hostile text', () => {
  it('carries the text, and no markup of it, in every format (Markdown included)', async () => {
    for (const path of exportPaths()) {
      const markup = await markupOf(path);
      const live = LIVE_MARKUP.exec(markup) ?? (path.includes('.md') ? MARKDOWN_LINK.exec(markup) : null);
      expect(live && markup.slice(Math.max(0, live.index - 80), live.index + 80), path).toBeNull();
      expect(markup, `${path} carries the typed text`).toMatch(/pwned=1/);
      if (path.includes('.md')) expect(markup, path).toMatch(/&lt;img src=y onerror="window\.(__|\\_\\_)pwned=1"&gt;/);
    }
  });

  it('runs nothing and makes no such element when each HTML and Markdown export is opened in Chromium', async () => {
    const { context, page } = await newDevice(browser);
    try {
      for (const path of exportPaths().filter((p) => p.includes('.html') || p.includes('.md'))) {
        const markup = await markupOf(path);
        // Markdown opened as HTML is the worst a renderer that allows raw HTML can do with it.
        await page.setContent(markup, { waitUntil: 'load' });
        expect(await hostileState(page), path).toEqual({ pwned: null, elements: 0 });
      }
    } finally {
      await context.close();
    }
  });
});

describe('every view of hostile text', () => {
  it('shows the text as text in the editor, the redline, the comparison and the conflict map, and runs nothing', async () => {
    const { context, page, errors } = await newDevice(browser);
    try {
      await signIn(page, server.url, 'delegate@demo.test');
      await page.getByText(TITLE).first().waitFor();
      expect(await hostileState(page), 'the document list').toEqual({ pwned: null, elements: 0 });
      await openDocument(page, server.url, base.id);
      await page.locator('.ProseMirror').getByText(TYPED[0]!).waitFor();
      expect(await hostileState(page), 'the editor').toEqual({ pwned: null, elements: 0 });
      const views: [string, string][] = [
        [`/#/documents/${amendment.id}`, 'the amendment'],
        [`/#/documents/${amendment.id}/redline`, 'the redline'],
        [`/#/compare?left=${base.id}&right=${amendment.id}`, 'the comparison'],
        [`/#/documents/${base.id}/conflicts`, 'the conflict map'],
      ];
      for (const [hash, what] of views) {
        await page.goto(`${server.url}${hash}`);
        await page.getByText(/__pwned=1/).filter({ visible: true }).first().waitFor();
        expect(await hostileState(page), what).toEqual({ pwned: null, elements: 0 });
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the staff views inert too', async () => {
    const { context, page, errors } = await newDevice(browser);
    try {
      await signIn(page, server.url, 'staff@demo.test');
      await page.goto(`${server.url}/#/documents/${base.id}/final`);
      await page.waitForFunction(() => document.body.innerText.includes('__pwned=1') || [...document.querySelectorAll('textarea')].some((area) => area.value.includes('__pwned=1')));
      expect(await hostileState(page), 'the final text').toEqual({ pwned: null, elements: 0 });
      await page.goto(`${server.url}/#/staff/signatures`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await hostileState(page), 'the signatures').toEqual({ pwned: null, elements: 0 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Whether anything ran (window.__pwned) and how many elements the hostile text would have made. */
function hostileState(page: Page): Promise<{ pwned: unknown; elements: number }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    elements: document.querySelectorAll('img[onerror], script:not([src]):not([type="module"]), svg[onload], iframe[srcdoc], a[href^="javascript:"], [onclick], [onmouseover]').length,
  }));
}
