import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRedline, documentText, numberLines, type LineMap } from '../shared/redline';
import { blocksFromMarkdown, type TextBlock } from '../shared/text';
import type { CompareResponse, DocumentSummary, DocumentText } from '../shared/api';
import type { BlockKind } from '../shared/text';
import { TEXT_STYLE, docxGeometry } from '../server/exports/docx';
import { renderHtml } from '../server/exports/html';
import { renderMarkdown } from '../server/exports/markdown';
import { redlinePiece, textPiece, type ExportPiece } from '../server/exports/model';
import { renderPdf } from '../server/exports/pdf';
import { renderDocx } from '../server/exports/docx';
import { safeStem } from '../server/exports/names';
import { collectPacket, renderPacketPdf } from '../server/exports/packet';
import { databaseSource } from '../server/exports/source';
import { buildProgram } from '../server/cli/program';
import { login, startServer, type TestServer } from './helpers/server';
import { documentsOf, getJson, sendJson } from './helpers/api';
import { appendParagraph } from './helpers/yclient';

// ---------------------------------------------------------------------------
// Readers: what Word, a PDF viewer and a Markdown or HTML reader make of a file.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (entity) => ENTITIES[entity]);

interface WordParagraph {
  style: string;
  /** The paragraph mark's own revision, if tracked. */
  mark: 'ins' | 'del' | null;
  runs: { type: 'equal' | 'ins' | 'del'; text: string }[];
}

/** The paragraphs of a document.xml, in order, with their runs and tracked paragraph marks. */
function wordParagraphs(xml: string): WordParagraph[] {
  const paragraphs: WordParagraph[] = [];
  for (const [p] of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const pPr = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(p)?.[0] ?? '';
    const markRPr = /<w:rPr>[\s\S]*?<\/w:rPr>/.exec(pPr)?.[0] ?? '';
    const mark = /<w:ins\b/.test(markRPr) ? 'ins' : /<w:del\b/.test(markRPr) ? 'del' : null;
    const body = p.replace(pPr, '');
    const runs: WordParagraph['runs'] = [];
    let state: 'equal' | 'ins' | 'del' = 'equal';
    for (const m of body.matchAll(/<w:ins\b[^>]*\/>|<w:del\b[^>]*\/>|<w:ins\b[^>]*>|<\/w:ins>|<w:del\b[^>]*>|<\/w:del>|<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:delText(?:\s[^>]*)?>([\s\S]*?)<\/w:delText>|<w:t\/>/g)) {
      const tag = m[0];
      if (tag.endsWith('/>') && !tag.startsWith('<w:t')) continue;
      if (tag.startsWith('<w:ins')) state = 'ins';
      else if (tag.startsWith('<w:del') && !tag.startsWith('<w:delText')) state = 'del';
      else if (tag === '</w:ins>' || tag === '</w:del>') state = 'equal';
      else if (m[1] !== undefined) runs.push({ type: state, text: unescapeXml(m[1]) });
      else if (m[2] !== undefined) runs.push({ type: state, text: unescapeXml(m[2]) });
    }
    paragraphs.push({ style: /<w:pStyle w:val="([^"]+)"/.exec(pPr)?.[1] ?? '', mark, runs });
  }
  return paragraphs;
}

/**
 * The text Word shows after accepting (or rejecting) every revision: inserted
 * runs kept and deleted ones dropped (or the reverse); a paragraph whose mark
 * is deleted on accept (inserted, on reject) merges with the next one.
 */
function resolveRevisions(paragraphs: readonly WordParagraph[], choice: 'accept' | 'reject'): string[] {
  const keep = choice === 'accept' ? 'ins' : 'del';
  const drop = choice === 'accept' ? 'del' : 'ins';
  const out: string[] = [];
  let carry = '';
  for (const paragraph of paragraphs) {
    const text = carry + paragraph.runs.filter((run) => run.type === 'equal' || run.type === keep).map((run) => run.text).join('');
    if (paragraph.mark === drop) {
      carry = text;
      continue;
    }
    carry = '';
    out.push(text);
  }
  if (carry !== '') out.push(carry);
  return out;
}

const TEXT_STYLES = new Set(Object.values(TEXT_STYLE));

async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

/** The text paragraphs (the resolution's blocks, not headings or instructions around them). */
async function docxText(bytes: Uint8Array): Promise<WordParagraph[]> {
  return wordParagraphs(await documentXml(bytes)).filter((paragraph) => TEXT_STYLES.has(paragraph.style));
}

const scratch = mkdtempSync(join(tmpdir(), 'plenary-exports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `pdftotext -bbox` of a PDF: every word with its box. */
function pdfBbox(bytes: Uint8Array): string {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
}

/** The fonts a PDF embeds, as `pdffonts` (poppler-utils) lists them. */
function pdfFontList(bytes: Uint8Array): string {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

/** `pdftotext -layout` of a PDF. */
function pdfText(bytes: Uint8Array): string {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Lines of `pdftotext -layout` that start with a line number: number -> the
 * rest of the line. A line too long for the column wraps onto unnumbered
 * continuation lines, so each numbered line is also listed with the unnumbered
 * lines that follow it joined on (one, two ... up to a blank or numbered line).
 */
function numberedPdfLines(text: string): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  let open: { list: string[]; text: string } | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)(?:\s+(.*))?$/.exec(line);
    if (!m) {
      if (open && line.trim() !== '') {
        open.text = squash(`${open.text} ${line}`);
        open.list.push(open.text);
      } else open = null;
      continue;
    }
    const list = lines.get(Number(m[1])) ?? [];
    list.push(squash(m[2] ?? ''));
    lines.set(Number(m[1]), list);
    open = { list, text: squash(m[2] ?? '') };
  }
  return lines;
}

/** Checks that every line of `lines` is printed once, after its own number (a list marker may come between). */
function expectNumberedLines(pdf: Map<number, string[]>, expected: (n: number) => string, count: number): void {
  for (let n = 1; n <= count; n++) {
    const want = squash(expected(n));
    const found = pdf.get(n) ?? [];
    const match = found.filter((got) => got === want || got.replace(/^(\u2022|\d+\.)\s*/, '') === want);
    expect(match, `line ${n}: expected "${want}", pdftotext has ${JSON.stringify(found)}`).toHaveLength(1);
  }
}

/** Base and amended texts read back from an HTML redline: struck text is in `<del>`, inserted text in `<ins>`. */
function readHtml(html: string): { base: string; amended: string } {
  const base: string[] = [];
  const amended: string[] = [];
  for (const m of html.matchAll(/<div class="pl-block ([^"]*)"[^>]*>([\s\S]*?)\n<\/div>/g)) {
    const classes = m[1].split(' ');
    const text = [...m[2].matchAll(/<span class="pl-text">([\s\S]*?)<\/span><\/div>/g)].map((line) => line[1]).join('');
    const strip = (markup: string) => unescapeXml(markup.replace(/<[^>]+>/g, ''));
    if (!classes.includes('pl-inserted')) base.push(strip(text.replace(/<ins>[\s\S]*?<\/ins>/g, '')));
    if (!classes.includes('pl-deleted')) amended.push(strip(text.replace(/<del>[\s\S]*?<\/del>/g, '')));
  }
  return { base: base.join('\n'), amended: amended.join('\n') };
}

/** Base and amended texts read back from a Markdown redline (inline): numbered lines, `~~struck~~`, `<del>`, `<ins>`. */
function readMarkdown(md: string): { base: string; amended: string } {
  const blocks: { numbers: string[]; raw: string }[] = [];
  let previous = '';
  for (const physical of md.split('\n')) {
    const m = /^(#+ |\s*(?:- |1\. )|\s*)(`(?:\d+|\+)`.*)$/.exec(physical);
    if (!m) {
      previous = physical;
      continue;
    }
    // A line goes on the block above when it has no block marker of its own and the line above ended in a hard break.
    const continuation = m[1].trim() === '' && previous.trim() !== '' && previous.endsWith('\\') && blocks.length > 0;
    const content = m[2];
    if (!continuation) blocks.push({ numbers: [], raw: '' });
    const block = blocks[blocks.length - 1];
    block.raw = (continuation ? block.raw.slice(0, -1) : block.raw) + content;
    previous = physical;
  }
  const base: string[] = [];
  const amended: string[] = [];
  for (const block of blocks) {
    const numbers: string[] = [];
    const text = block.raw.replace(/`(\d+|\+)` ?/g, (_, n: string) => {
      numbers.push(n);
      return '';
    });
    let state: 'equal' | 'delete' | 'insert' = 'equal';
    const parts = { equal: '', delete: '', insert: '' };
    let b = '';
    let a = '';
    for (let i = 0; i < text.length; ) {
      const rest = text.slice(i);
      const tag = /^(~~|<del>|<\/del>|<ins>|<\/ins>)/.exec(rest)?.[0];
      if (tag) {
        state = tag === '~~' ? (state === 'delete' ? 'equal' : 'delete') : tag === '<del>' ? 'delete' : tag === '<ins>' ? 'insert' : 'equal';
        i += tag.length;
        continue;
      }
      const entity = /^&(amp|lt|gt);/.exec(rest)?.[0];
      const ch = entity ? unescapeXml(entity) : rest[0] === '\\' && rest.length > 1 ? rest[1] : rest[0];
      i += entity ? entity.length : rest[0] === '\\' && rest.length > 1 ? 2 : 1;
      parts[state] += ch;
      if (state !== 'insert') b += ch;
      if (state !== 'delete') a += ch;
    }
    if (numbers.some((n) => n !== '+')) base.push(b);
    if (parts.equal !== '' || parts.insert !== '' || (parts.delete === '' && numbers.length > 0)) amended.push(a);
  }
  return { base: base.join('\n'), amended: amended.join('\n') };
}

// ---------------------------------------------------------------------------
// Small texts with the hard cases: accents, a long word, CJK, doubled spaces, lists.

const md = (source: string) => blocksFromMarkdown(source);
const BASE = md(
  '# Solidarity across borders\n\nWhereas the workers of Łódź, Nguyễn Văn Cừ street and São Paulo have  nothing to lose but their chains;\n\n' +
    '## 1. Exchanges\n\nResolved, that the League shall fund supercalifragilisticexpialidociousexchangesacrossborders each year;\n\n' +
    '- first item\n- second item\n  - nested item\n\n1. ordered one\n1. ordered two\n\n中文的文本在这里，用来检查没有空格的换行是否正确处理和编号。\n\nResolved, that this clause is struck entirely.\n\nLast clause.',
);
const AMENDED = md(
  '# Solidarity across borders\n\nWhereas the workers of every land and São Paulo have  nothing to lose but their chains and a world to win;\n\n' +
    '## 1. Exchanges\n\nResolved, that the League shall fund supercalifragilisticexpialidociousexchangesacrossborders twice each year;\n\n' +
    '- first item\n- second item, amended\n  - nested item\n- a new item\n\n1. ordered one\n1. ordered two\n\n中文的文本在这里，用来检查没有空格的换行是正确处理和编号的。\n\nLast clause.\n\nBe it further resolved, that a new clause closes the text.',
);
const WIDTH = 40;
const facts = { code: 'R07-A01', title: 'Workers of every land', versionLabel: 'v1, against R07 v1', author: 'Lantern Caucus', date: '2026-02-03T04:05:06.789Z' };
const redline = redlinePiece(BASE, AMENDED, facts, WIDTH);
const clean = textPiece(BASE, { ...facts, code: 'R07', title: 'Solidarity across borders', versionLabel: 'v1' }, WIDTH);

/** The text of a numbered base line as the inline redline shows it: every segment on it, struck and inserted alike. */
const redlineLineText = (piece: ExportPiece) => {
  const byLine = new Map<number, string>();
  for (const block of piece.redline.blocks) for (const line of block.lines) if (line.baseLine !== null) byLine.set(line.baseLine, line.segments.map((s) => s.text).join(''));
  return (n: number) => byLine.get(n) ?? '';
};

describe('DOCX', () => {
  it('has real tracked changes: accepting all gives the amended text, rejecting all the base', async () => {
    const bytes = await renderDocx(redline);
    const xml = await documentXml(bytes);
    const changes = [...xml.matchAll(/<w:(ins|del) ([^>]*?)\/?>/g)];
    expect(changes.length).toBeGreaterThan(4);
    for (const [, , attributes] of changes) {
      expect(attributes).toContain('w:author="Lantern Caucus"');
      expect(attributes).toContain('w:date="2026-02-03T04:05:06Z"');
    }
    const ids = changes.map(([, , attributes]) => /w:id="(\d+)"/.exec(attributes)![1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(xml).toContain('<w:delText xml:space="preserve">Resolved, that this clause is struck entirely.</w:delText>');
    const paragraphs = await docxText(bytes);
    expect(resolveRevisions(paragraphs, 'accept')).toEqual(AMENDED.map((b) => b.text));
    expect(resolveRevisions(paragraphs, 'reject')).toEqual(BASE.map((b) => b.text));
  });

  it("lets Word number the lines at the tool's width, and gives the tool's own numbers in the column layout", async () => {
    const xml = await documentXml(await renderDocx(clean));
    expect(xml).toMatch(/<w:lnNumType w:countBy="1" w:restart="continuous"/);
    expect(xml).not.toMatch(/<w:(ins|del) /);
    const geometry = docxGeometry(80);
    // Courier New at this size: 80 characters (and half of one more) fill the text column exactly.
    expect(geometry.textWidthTwips).toBe(Math.round(80.5 * (geometry.fontHalfPoints / 2) * 0.6 * 20));
    const column = await documentXml(await renderDocx(redline, { lineNumbers: 'column' }));
    const rows = [...column.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map(([row]) => wordParagraphs(row));
    const lines = redline.redline.blocks.flatMap((block) => block.lines);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, i) => {
      expect(row[0].runs.map((r) => r.text).join('')).toBe(lines[i].baseLine === null ? '' : String(lines[i].baseLine));
      expect(row[1].runs.map((r) => r.text).join('')).toBe(lines[i].segments.map((s) => s.text).join(''));
    });
  });
});

describe('PDF', () => {
  // These tests compare lines word for word; the scripts DejaVu lacks are checked by 'every script' below.
  const withoutCjk = (blocks: TextBlock[]) => blocks.filter((block) => !/\p{Script=Han}/u.test(block.text));
  const cleanLatin = textPiece(withoutCjk(BASE), { ...facts, code: 'R07', title: 'Solidarity across borders', versionLabel: 'v1' }, WIDTH);
  const redlineLatin = redlinePiece(withoutCjk(BASE), withoutCjk(AMENDED), facts, WIDTH);

  it('prints every line beside its own number, with the header and page numbers', async () => {
    const text = pdfText(await renderPdf(cleanLatin));
    const lines = cleanLatin.redline.base;
    expectNumberedLines(numberedPdfLines(text), (n) => lines.lineText(n), lines.lineCount);
    expect(text).toContain('R07: Solidarity across borders');
    expect(text).toMatch(/Page 1 of 1/);
    expect(text).toContain('Łódź');
  });

  it('prints a redline by base lines, struck and inserted text in place, then the instructions', async () => {
    const text = pdfText(await renderPdf(redlineLatin));
    expectNumberedLines(numberedPdfLines(text), redlineLineText(redlineLatin), redlineLatin.redline.base.lineCount);
    expect(text).toContain('Amendment instructions');
    expect(squash(text)).toContain(squash(redlineLatin.instructions[0].text.slice(0, 30)));
  });
});

describe('every script', () => {
  const PLACES = ['上海', 'Київ', 'القاهرة', 'תל אביב', '🤝'];
  const sister: TextBlock[] = [
    { kind: 'title', text: 'Sister organisations' },
    { kind: 'resolved', text: 'Resolved, that the League exchange delegations with unions in Київ and Αθήνα.' },
  ];
  const widened: TextBlock[] = [sister[0], { kind: 'resolved', text: 'Resolved, that the League exchange delegations with unions in 上海, Київ, القاهرة, תל אביב and Αθήνα 🤝.' }];
  /** pdftotext marks right-to-left text with bidi embedding controls; what a reader copies is the text between them. */
  const withoutBidiControls = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');

  it('prints Chinese, Cyrillic, Arabic, Hebrew and emoji in the text and the instructions, in reading order', async () => {
    const piece = redlinePiece(sister, widened, { ...facts, title: 'Sister organisations 上海' }, 80);
    const bytes = await renderPdf(piece);
    const text = withoutBidiControls(pdfText(bytes));
    const [body, instructions] = text.split('Amendment instructions');
    // Arabic and Hebrew come back in logical (reading) order: poppler reorders right-to-left glyphs it finds drawn in visual order.
    for (const place of PLACES) expect(body, place).toContain(place);
    expect(instructions).toContain('上海');
    expect(instructions).toContain('القاهرة');
    expect(text.split('\n')[0]).toContain('Sister organisations 上海');
    const fonts = pdfFontList(bytes);
    for (const face of ['NotoSansHans', 'NotoNaskhArabic', 'NotoSansHebrew', 'NotoEmoji']) expect(fonts).toContain(face);
  });

  it('draws a Hebrew phrase right to left: its first word is the rightmost', async () => {
    const bytes = await renderPdf(textPiece([{ kind: 'paragraph', text: 'Twinned with תל אביב since 1990.' }], { ...facts, title: 'Twins' }, 80));
    const words = [...pdfBbox(bytes).matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), text: m[2] }));
    const x = (pattern: RegExp) => words.find((word) => pattern.test(word.text))!.x;
    // Glyphs are stored in visual order, so a word's letters read backwards in the box list.
    expect(x(/[לת]{2}/)).toBeGreaterThan(x(/[אביב]{4}/));
    expect(x(/since/)).toBeGreaterThan(x(/[לת]{2}/));
  });

  it('embeds only the fonts a text uses: a Latin text carries no Chinese, Arabic, Hebrew or emoji font', async () => {
    const fonts = pdfFontList(await renderPdf(textPiece(sister, { ...facts, title: 'Sister organisations' }, 80)));
    expect(fonts).toContain('DejaVuSerif');
    expect(fonts).not.toMatch(/Noto/);
  });

  it('gives Word the East Asian and complex-script fonts, and marks Arabic and Hebrew runs right to left', async () => {
    const bytes = await renderDocx(redlinePiece(sister, widened, facts, 80));
    const zip = await JSZip.loadAsync(bytes);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/<w:rFonts w:ascii="Courier New" w:cs="Courier New" w:eastAsia="SimSun" w:hAnsi="Courier New"\/>/);
    const xml = await documentXml(bytes);
    const rtlRuns = [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:rtl\/>(?:(?!<\/w:r>)[\s\S])*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    // The comma and space between two right-to-left names belong to the right-to-left stretch (Unicode's bidi rules).
    expect(rtlRuns).toEqual(['القاهرة, תל אביב']);
    const paragraphs = await docxText(bytes);
    expect(resolveRevisions(paragraphs, 'accept')).toEqual(widened.map((b) => b.text));
  });
});

describe('HTML and Markdown', () => {
  it('round-trip a redline to the base and amended texts', () => {
    for (const layout of ['inline'] as const) {
      const fromHtml = readHtml(renderHtml(redline, { layout }));
      expect(fromHtml).toEqual({ base: documentText(BASE), amended: documentText(AMENDED) });
      const fromMd = readMarkdown(renderMarkdown(redline, { layout }));
      expect(fromMd).toEqual({ base: documentText(BASE), amended: documentText(AMENDED) });
    }
  });

  it('export a clean text: plain Markdown reads back to the same blocks, HTML has no marks', () => {
    expect(blocksFromMarkdown(renderMarkdown(clean))).toEqual(BASE);
    expect(readMarkdown(renderMarkdown(clean, { numbered: true })).amended).toBe(documentText(BASE));
    const html = renderHtml(clean);
    expect(html).not.toMatch(/<(ins|del)>/);
    expect(readHtml(html).amended).toBe(documentText(BASE));
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('make safe file names from codes only', () => {
    expect(safeStem('../../etc/passwd')).toBe('etc-passwd');
    expect(safeStem('CR01-A03-redline')).toBe('CR01-A03-redline');
    expect(safeStem('"; rm -rf /')).toBe('rm--rf');
    expect(safeStem('')).toBe('export');
  });
});

// ---------------------------------------------------------------------------
// Over HTTP, on the demo convention.

let s: TestServer;
const token: Record<string, string> = {};
const download = async (who: string, path: string) => {
  const response = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token[who]}` } });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), bytes: new Uint8Array(await response.arrayBuffer()) };
};
const byCode = async (code: string) => (await documentsOf(s.url, token.staff)).find((d) => d.code === code)!;

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'delegate']) token[who] = await login(s.url, `${who}@demo.test`);
}, 60_000);
afterAll(() => s?.close());

describe('export routes', () => {
  it("export every demo amendment's redline in every format, each reading back to its base and amended texts", async () => {
    const amendments = (await documentsOf(s.url, token.delegate)).filter((d) => d.kind === 'amendment' && d.status !== 'draft');
    expect(amendments.length).toBeGreaterThanOrEqual(7);
    for (const amendment of amendments) {
      const json = await getJson<CompareResponse>(s.url, `/api/documents/${amendment.id}/redline`, token.delegate);
      const base = json.body.redline.segments.filter((seg) => seg.type !== 'insert').map((seg) => seg.text).join('');
      const amended = json.body.redline.segments.filter((seg) => seg.type !== 'delete').map((seg) => seg.text).join('');
      const docx = await download('delegate', `/api/documents/${amendment.id}/redline.docx`);
      expect(docx.status).toBe(200);
      expect(docx.disposition).toBe(`attachment; filename="${amendment.code}-redline.docx"`);
      const paragraphs = await docxText(docx.bytes);
      expect(resolveRevisions(paragraphs, 'accept').join('\n')).toBe(amended);
      expect(resolveRevisions(paragraphs, 'reject').join('\n')).toBe(base);
      const xml = await documentXml(docx.bytes);
      expect(xml).toContain(`w:author="${amendment.caucusName}"`);
      const html = await download('delegate', `/api/documents/${amendment.id}/redline.html`);
      expect(readHtml(Buffer.from(html.bytes).toString('utf8'))).toEqual({ base, amended });
      const markdown = await download('delegate', `/api/documents/${amendment.id}/redline.md`);
      expect(readMarkdown(Buffer.from(markdown.bytes).toString('utf8'))).toEqual({ base, amended });
    }
  }, 120_000);

  it("prints the consensus text's PDF with the convention's line numbers, and its redline's by the base", async () => {
    const cr01 = await byCode('CR01');
    const v1 = (await getJson<DocumentText>(s.url, `/api/documents/${cr01.id}/versions/1`, token.delegate)).body;
    const lines: LineMap = numberLines(v1.blocks as TextBlock[], 80);
    const pdf = await download('delegate', `/api/documents/${cr01.id}/export.pdf?version=1`);
    expect(pdf.type).toBe('application/pdf');
    const text = pdfText(pdf.bytes);
    expectNumberedLines(numberedPdfLines(text), (n) => lines.lineText(n), lines.lineCount);
    expect(text).toMatch(/CR01: .+v1/);
    expect(text).toMatch(/Page 2 of \d+/);
    const a05 = await byCode('CR01-A05');
    const amended = (await getJson<DocumentText>(s.url, `/api/documents/${a05.id}/text`, token.delegate)).body;
    const piece = redlinePiece(v1.blocks as TextBlock[], amended.blocks as TextBlock[], facts, 80);
    const redlinePdf = pdfText((await download('delegate', `/api/documents/${a05.id}/redline.pdf`)).bytes);
    expectNumberedLines(numberedPdfLines(redlinePdf), redlineLineText(piece), lines.lineCount);
  }, 60_000);

  it('exports a clean text in every format, and a comparison', async () => {
    const r01 = await byCode('R01');
    const text = (await getJson<DocumentText>(s.url, `/api/documents/${r01.id}/text`, token.delegate)).body;
    const docx = await download('delegate', `/api/documents/${r01.id}/export.docx`);
    expect(docx.disposition).toBe('attachment; filename="R01-v1.docx"');
    const paragraphs = await docxText(docx.bytes);
    expect(paragraphs.every((p) => p.mark === null && p.runs.every((run) => run.type === 'equal'))).toBe(true);
    expect(resolveRevisions(paragraphs, 'accept')).toEqual(text.blocks.map((b) => b.text));
    const markdown = await download('delegate', `/api/documents/${r01.id}/export.md`);
    expect(blocksFromMarkdown(Buffer.from(markdown.bytes).toString('utf8'))).toEqual(text.blocks);
    const html = await download('delegate', `/api/documents/${r01.id}/export.html`);
    expect(readHtml(Buffer.from(html.bytes).toString('utf8')).amended).toBe(documentText(text.blocks as TextBlock[]));
    const a05 = await byCode('CR01-A05');
    const a07 = await byCode('CR01-A07');
    const compare = await download('delegate', `/api/compare.md?left=${a05.id}&right=${a07.id}`);
    expect(compare.status).toBe(200);
    expect(compare.disposition).toBe('attachment; filename="CR01-A05-v1-vs-CR01-A07-v1.md"');
    const json = await getJson<CompareResponse>(s.url, `/api/compare?left=${a05.id}&right=${a07.id}`, token.delegate);
    const base = json.body.redline.segments.filter((seg) => seg.type !== 'insert').map((seg) => seg.text).join('');
    expect(readMarkdown(Buffer.from(compare.bytes).toString('utf8')).base).toBe(base);
  }, 60_000);

  it('checks who is asking', async () => {
    const draft = (await documentsOf(s.url, token.drafter)).find((d) => d.status === 'draft' && d.kind === 'amendment')!;
    expect((await download('drafter', `/api/documents/${draft.id}/redline.pdf`)).status).toBe(200);
    expect((await download('drafter2', `/api/documents/${draft.id}/redline.pdf`)).status).toBe(404);
    expect((await download('drafter2', `/api/documents/${draft.id}/export.docx`)).status).toBe(404);
    const anonymous = await fetch(`${s.url}/api/documents/${draft.id}/export.pdf`);
    expect(anonymous.status).toBe(401);
    const r01 = await byCode('R01');
    expect((await download('delegate', `/api/documents/${r01.id}/redline.pdf`)).status).toBe(409);
    expect((await download('delegate', `/api/documents/${r01.id}/export.pdf?version=0`)).status).toBe(400);
    expect((await sendJson(s.url, 'POST', '/api/exports/packet', { format: 'pdf' }, token.delegate)).status).toBe(403);
    expect((await download('delegate', '/api/exports/openslides.csv')).status).toBe(403);
    expect((await sendJson(s.url, 'POST', '/api/exports/packet', { format: 'exe' }, token.staff)).status).toBe(400);
  });
});

describe('the convention packet', () => {
  const runPacket = async (format: 'pdf' | 'docx') => {
    const started = await sendJson<{ jobId: string; status: string }>(s.url, 'POST', '/api/exports/packet', { format }, token.staff);
    expect(started.status).toBe(202);
    const seen: number[] = [];
    for (let i = 0; i < 600; i++) {
      const state = await getJson<{ status: string; progress: number; downloadUrl: string | null }>(s.url, `/api/exports/jobs/${started.body.jobId}`, token.staff);
      expect(state.status).toBe(200);
      seen.push(state.body.progress);
      if (state.body.status === 'done') {
        expect((await getJson(s.url, `/api/exports/jobs/${started.body.jobId}`, token.delegate)).status).toBe(403);
        const file = await download('staff', state.body.downloadUrl!);
        expect(file.disposition).toMatch(new RegExp(`^attachment; filename="convention-packet-\\d{4}-\\d\\d-\\d\\d\\.${format}"$`));
        return { file, seen };
      }
      expect(state.body.status).not.toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the packet job did not finish');
  };

  it('exports everything submitted as a PDF with contents, redlines by base lines, and tallies; progress only grows', async () => {
    const { file, seen } = await runPacket('pdf');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);
    const text = pdfText(file.bytes);
    const submitted = (await documentsOf(s.url, token.staff)).filter((d) => d.status !== 'draft');
    expect(text).toContain('Contents');
    for (const doc of submitted) expect(text).toContain(`${doc.code}: `);
    expect(text).toContain('Signature tallies');
    expect(text).toMatch(/of 20 signatures/);
    const { auditAnchor } = (await getJson<{ auditAnchor: string }>(s.url, '/api/tallies', token.staff)).body;
    expect(auditAnchor).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`Signature log anchor when this packet was made \\(.+\\): ${auditAnchor}`));
    expect(text).not.toContain('The curriculum in the languages our members speak');
    expect(text).toContain('Amendment instructions');
  }, 120_000);

  it('says of an amendment still on an older version of its base that its line numbers are not those of the version printed', async () => {
    // Its own server: a v2 of CR01 here must not change what the other packet tests print.
    const own = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    try {
      const committee = await login(own.url, 'committee@demo.test');
      const cr01 = (await documentsOf(own.url, committee)).find((d) => d.code === 'CR01')!;
      await own.app.rooms.edit(cr01.id, (ydoc) => appendParagraph(ydoc, 'Resolved, that the committee report twice a year.'));
      expect((await sendJson(own.url, 'POST', `/api/documents/${cr01.id}/versions`, {}, committee)).status).toBe(201);
      const packet = await collectPacket(databaseSource(own.app.storage));
      const a05 = packet.items.find((item) => item.doc.code === 'CR01-A05')!;
      expect(a05.note).toBe('Drafted against CR01 v1: its line numbers are those of v1, not of CR01 v2 printed in this packet (its caucus has not accepted the rebase onto v2).');
      expect(packet.items.find((item) => item.doc.code === 'CR01')!.note).toBeNull();
      const pdf = pdfText(await renderPacketPdf(packet)).replace(/\s+/g, ' ');
      expect(pdf).toContain('Drafted against CR01 v1: its line numbers are those of v1, not of CR01 v2 printed in this packet');
    } finally {
      await own.close();
    }
  }, 120_000);

  it('exports the packet as DOCX with tracked changes in the amendments', async () => {
    const { file } = await runPacket('docx');
    const xml = await documentXml(file.bytes);
    expect(xml).toMatch(/<w:ins /);
    expect(xml).toMatch(/<w:del /);
    expect(xml).toContain('w:author="Millstone Caucus"');
    expect(xml).toContain('PAGEREF pl_CR01_A03');
    expect(xml).toMatch(/w:restart="newSection"/);
    expect(xml).toMatch(/Signature log anchor when this packet was made \(.+\): \d+:[0-9a-f]{64}</);
  }, 120_000);
});

describe('OpenSlides', () => {
  it("exports the texts on the floor in OpenSlides' motion import columns, with codes and line-numbered reasons", async () => {
    const csv = await download('staff', '/api/exports/openslides.csv');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(Buffer.from(csv.bytes).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['number', 'submitters_verbose', 'submitters_username', 'title', 'text', 'reason', 'category_name', 'category_prefix', 'tags', 'block', 'motion_amendment']);
    const documents: DocumentSummary[] = await documentsOf(s.url, token.staff);
    const onFloor = documents.filter((d) => d.code && !['draft', 'withdrawn'].includes(d.status));
    expect(rows.map((row) => row.number).sort()).toEqual(onFloor.map((d) => d.code).sort());
    const a03 = rows.find((row) => row.number === 'CR01-A03')!;
    expect(a03.submitters_verbose).toBe('Lantern Caucus');
    expect(a03.submitters_username).toBe('lantern-caucus');
    expect(a03.reason).toMatch(/^<p>Amends CR01 \(v1\), lines? \d+/);
    expect(a03.text).toMatch(/<ol><li>On lines? \d+/);
    expect(a03.text).toContain('<del>');
    const r01 = rows.find((row) => row.number === 'R01')!;
    expect(r01.text.startsWith('<p>') || r01.text.startsWith('<h')).toBe(true);
  });
});

describe('command line', () => {
  const run = async (...args: string[]) => buildProgram().parseAsync(['node', 'plenary', ...args]);

  /** A resolution the drafter imports from Markdown and submits, and staff then make final with no amendments. */
  async function finalResolution(): Promise<DocumentSummary> {
    const form = new FormData();
    form.append('file', new Blob(['# A resolution to finish\n\nWhereas delegates need a vote;\n\nResolved, that every chapter elect a delegate.\n']), 'finish.md');
    const imported = await fetch(`${s.url}/api/documents/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token.drafter}` } });
    expect(imported.status).toBe(201);
    const { id } = (await imported.json()) as DocumentSummary;
    const submitted = await sendJson<DocumentSummary>(s.url, 'POST', `/api/documents/${id}/submit`, {}, token.drafter);
    expect(submitted.status).toBe(200);
    expect((await sendJson(s.url, 'POST', `/api/documents/${id}/final`, { amendmentIds: [] }, token.staff)).status).toBe(201);
    return submitted.body;
  }

  it('writes a redline as DOCX with tracked changes and as PDF', async () => {
    const basePath = join(scratch, 'base.md');
    const amendedPath = join(scratch, 'amended.md');
    writeFileSync(basePath, '# Title\n\nWhereas the workers of the world unite;\n\nResolved, that we act.\n');
    writeFileSync(amendedPath, '# Title\n\nWhereas the workers of every land unite;\n\nResolved, that we act.\n');
    await run('redline', basePath, amendedPath, '--format', 'docx', '-o', join(scratch, 'r.docx'));
    const paragraphs = await docxText(readFileSync(join(scratch, 'r.docx')));
    expect(resolveRevisions(paragraphs, 'accept')).toEqual(['Title', 'Whereas the workers of every land unite;', 'Resolved, that we act.']);
    expect(resolveRevisions(paragraphs, 'reject')).toEqual(['Title', 'Whereas the workers of the world unite;', 'Resolved, that we act.']);
    await run('redline', basePath, amendedPath, '-o', join(scratch, 'r.pdf'));
    expect(pdfText(readFileSync(join(scratch, 'r.pdf')))).toMatch(/^\s*2\s+Whereas the workers of the worldevery land unite;/m);
  });

  it('exports final texts, the packet, tallies and the OpenSlides file from a server and from a data folder', async () => {
    const out = join(scratch, 'cli');
    mkdirSync(out);
    const server = ['--server', s.url, '--token', token.staff];
    await run('export', 'text', 'R01', ...server, '--format', 'pdf', '-o', join(out, 'r01.pdf'));
    const fromServer = pdfText(readFileSync(join(out, 'r01.pdf')));
    await run('export', 'text', 'R01', '--data', s.dataDir, '--format', 'pdf', '-o', join(out, 'r01-data.pdf'));
    expect(squash(pdfText(readFileSync(join(out, 'r01-data.pdf'))))).toBe(squash(fromServer));
    await run('export', 'packet', '--data', s.dataDir, '--format', 'pdf', '-o', join(out, 'packet.pdf'), '--quiet');
    expect(pdfText(readFileSync(join(out, 'packet.pdf')))).toContain('Signature tallies');
    await run('export', 'packet', ...server, '--format', 'docx', '-o', join(out, 'packet.docx'), '--quiet');
    expect(await documentXml(readFileSync(join(out, 'packet.docx')))).toMatch(/<w:ins /);
    await run('export', 'tallies', '--data', s.dataDir, '-o', join(out, 'tallies.csv'));
    const tallies = parseCsv(readFileSync(join(out, 'tallies.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const a01 = await byCode('CR01-A01');
    const a01Tally = await getJson<{ count: number; threshold: number }>(s.url, `/api/documents/${a01.id}/tally`, token.staff);
    expect(tallies.find((row) => row.code === 'CR01-A01')).toMatchObject({ count: String(a01Tally.body.count), threshold: String(a01Tally.body.threshold), title: a01.title });
    await run('export', 'openslides', ...server, '-o', join(out, 'os.csv'));
    expect(readFileSync(join(out, 'os.csv'), 'utf8')).toMatch(/^number,submitters_verbose/);
    // A resolution of its own becomes final (no amendments adopted): its final version is exported as clean,
    // re-importable text. (Its own: a final R01 would change what the other tests here export.)
    const resolution = await finalResolution();
    await run('export', 'finals', '--data', s.dataDir, '--format', 'md', '--out-dir', join(out, 'finals'));
    expect(readdirSync(join(out, 'finals'))).toEqual([`${resolution.code}-v2-final.md`]);
    const finalText = (await getJson<DocumentText>(s.url, `/api/documents/${resolution.id}/versions/2`, token.staff)).body;
    expect(finalText.blocks.map((b) => b.text)).toContain('Resolved, that every chapter elect a delegate.');
    expect(blocksFromMarkdown(readFileSync(join(out, 'finals', `${resolution.code}-v2-final.md`), 'utf8'))).toEqual(finalText.blocks);
    await run('export', 'finals', ...server, '--format', 'docx', '--out-dir', join(out, 'finals'));
    const finalDocx = await docxText(readFileSync(join(out, 'finals', `${resolution.code}-v2-final.docx`)));
    expect(resolveRevisions(finalDocx, 'accept')).toEqual(finalText.blocks.map((b) => b.text));
  }, 120_000);
});

describe('every format reads back to both texts, for many generated amendments', () => {
  const WORDS = ['the', 'of', 'League', 'workers', 'solidarity', 'Resolved,', 'café', 'Straße', '“quoted”', '*stars*', '_under_', '<tag>', 'a&b', '~tilde~', '`tick`', '\\', 'supercalifragilisticexpialidociousinternationalism', '中文', ',', '.'];
  const SEPARATORS = [' ', ' ', ' ', '  ', ', ', '\u00a0'];
  const KINDS: BlockKind[] = ['paragraph', 'whereas', 'resolved', 'heading', 'bullet', 'ordered'];
  const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 30 }).map((parts) => parts.map(([w, sep]) => w + sep).join('').trim());
  const block = fc.tuple(fc.constantFrom(...KINDS), text, fc.integer({ min: 0, max: 2 })).map(([kind, value, level]): TextBlock => (kind === 'heading' ? { kind, text: value, level: level + 2 } : kind === 'bullet' || kind === 'ordered' ? { kind, text: value, level } : { kind, text: value }));
  const pair = fc.tuple(text, fc.array(block, { minLength: 1, maxLength: 6 })).chain(([title, body]) => {
    const base: TextBlock[] = [{ kind: 'title', text: title }, ...body];
    const edit = fc.oneof(fc.constant<'keep'>('keep'), fc.constant<'drop'>('drop'), text, block);
    return fc.tuple(fc.constant(base), fc.array(edit, { minLength: base.length, maxLength: base.length }));
  }).map(([base, edits]) => {
    const amended: TextBlock[] = [];
    base.forEach((original, i) => {
      const e = edits[i];
      if (e === 'keep' || (i === 0 && (e === 'drop' || typeof e !== 'string'))) amended.push(original);
      else if (e === 'drop') return;
      else if (typeof e === 'string') amended.push({ ...original, text: i === 0 ? e : `${original.text.slice(0, original.text.length >> 1)}${e}` });
      else amended.push(original, e);
    });
    return { base, amended };
  });

  it('HTML, Markdown and DOCX (accept all / reject all)', async () => {
    await fc.assert(
      fc.asyncProperty(pair, fc.integer({ min: 12, max: 60 }), async ({ base, amended }, width) => {
        const piece = redlinePiece(base, amended, facts, width);
        const expected = { base: documentText(base), amended: documentText(amended) };
        expect(readHtml(renderHtml(piece))).toEqual(expected);
        expect(readMarkdown(renderMarkdown(piece))).toEqual(expected);
        const paragraphs = await docxText(await renderDocx(piece));
        expect(resolveRevisions(paragraphs, 'accept')).toEqual(amended.map((b) => b.text));
        expect(resolveRevisions(paragraphs, 'reject')).toEqual(base.map((b) => b.text));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  }, 120_000);
});

// Keep the builders honest: the redline used above really has every kind of change.
it('the sample redline strikes, inserts, substitutes and adds blocks', () => {
  const statuses = new Set(buildRedline(BASE, AMENDED, WIDTH).blocks.map((block) => block.status));
  expect([...statuses].sort()).toEqual(['deleted', 'equal', 'inserted', 'modified']);
});
