import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildRedline } from '../../shared/redline';
import { p, resolved } from '../../shared/redline/test-builders';
import type { TextBlock } from '../../shared/text';
import { redlinePiece } from './model';
import { MIN_TEXT_SIZE, PAGE_WIDTH, PdfBook, TEXT_SIZE, drawRedline, renderPdf } from './pdf';

const WIDTH = 80;
const CLAUSE = 'Resolved, that the League shall organise no fewer than four official delegations in each year of the coming term, each of no more than twelve members, selected by the International Committee from open calls published to all members;';
const PASSAGE = 'at least two of them workplace delegations of rank-and-file union members to workers in the same industry abroad, ';
const BASE: TextBlock[] = [p('Delegations'), resolved(CLAUSE), p('The last paragraph.')];
/** The passage goes into the clause's second line, which then holds some 190 characters. */
const AMENDED: TextBlock[] = [BASE[0], resolved(CLAUSE.replace('term, each', `term, ${PASSAGE}each`)), BASE[2]];
const FACTS = { code: 'CR01-A05', title: 'Workplace delegations', versionLabel: 'v1', author: 'Common Ground Caucus', date: '2026-02-03T04:05:06.789Z' };

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

const scratch = mkdtempSync(join(tmpdir(), 'plenary-pdf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs pdftotext (poppler-utils) on a PDF with the given options. */
function pdftotext(bytes: Uint8Array, ...options: string[]): string {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [...options, file, '-'], { encoding: 'utf8' });
}

/** Every word pdftotext finds, with its box in points. A box's height is proportional to the word's font size. */
function words(bytes: Uint8Array): { text: string; left: number; right: number; height: number }[] {
  return [...pdftotext(bytes, '-bbox').matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5],
    left: Number(m[1]),
    right: Number(m[3]),
    height: Number(m[4]) - Number(m[2]),
  }));
}

/** The commonest value: the height of body text's boxes. */
function commonest(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * The text lines of `pdftotext -layout` from the first numbered line to the
 * last one and its continuations: `number` is null on a continuation line.
 */
function layoutLines(text: string): { number: number | null; text: string }[] {
  const lines = text.split('\n').map((line) => {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    return m ? { number: Number(m[1]), text: squash(m[2]) } : { number: null, text: squash(line) };
  });
  const first = lines.findIndex((line) => line.number !== null);
  const end = lines.findIndex((line, i) => i > first && line.text === 'Amendment instructions');
  return lines.slice(first, end).filter((line) => line.text !== '');
}

/** Calls the book's document makes to print text, each with the font size and colour set when it was made. */
function recordText(book: PdfBook): { text: string; size: number; color: string }[] {
  const drawn: { text: string; size: number; color: string }[] = [];
  let size = 0;
  let color = '';
  const { doc } = book;
  const fontSize = doc.fontSize.bind(doc);
  const fillColor = doc.fillColor.bind(doc);
  const text = doc.text.bind(doc);
  vi.spyOn(doc, 'fontSize').mockImplementation((value: number) => {
    size = value;
    return fontSize(value);
  });
  vi.spyOn(doc, 'fillColor').mockImplementation((value: PDFKit.Mixins.ColorValue) => {
    color = String(value);
    return fillColor(value);
  });
  vi.spyOn(doc, 'text').mockImplementation(((value: string, x?: number, y?: number, options?: PDFKit.Mixins.TextOptions) => {
    drawn.push({ text: value, size, color });
    return text(value, x, y, options);
  }) as typeof doc.text);
  return drawn;
}

describe('a redline line too long for the column', () => {
  it('is never printed below the smallest legible size, and nothing runs past the column', async () => {
    const found = words(await renderPdf(redlinePiece(BASE, AMENDED, FACTS, WIDTH)));
    const body = commonest(found.map((word) => word.height));
    const smallest = Math.min(...found.map((word) => word.height));
    expect(smallest / body, `the smallest text is ${((TEXT_SIZE * smallest) / body).toFixed(1)} pt`).toBeGreaterThanOrEqual(MIN_TEXT_SIZE / TEXT_SIZE - 0.01);
    // The text column ends three quarters of an inch from the right edge.
    expect(Math.max(...found.map((word) => word.right))).toBeLessThanOrEqual(PAGE_WIDTH - 54 + 0.5);
  });

  it('wraps under its own number: continuation lines carry no number, and every base line keeps its number', async () => {
    const piece = redlinePiece(BASE, AMENDED, FACTS, WIDTH);
    const text = pdftotext(await renderPdf(piece), '-layout');
    expect(squash(text)).toContain(squash(PASSAGE));
    const printed = layoutLines(text);
    expect(printed.filter((line) => line.number !== null).map((line) => line.number)).toEqual(Array.from({ length: piece.redline.base.lineCount }, (_, i) => i + 1));
    // Each numbered line and the continuations under it read as the web app's line.
    const lines = piece.redline.blocks.flatMap((block) => block.lines);
    const read = printed.reduce<string[]>((out, line) => (line.number === null ? [...out.slice(0, -1), `${out[out.length - 1]} ${line.text}`] : [...out, line.text]), []);
    expect(read).toEqual(lines.map((line) => squash(line.segments.map((segment) => segment.text).join(''))));
    const long = lines.findIndex((line) => line.segments.some((segment) => segment.type === 'insert'));
    expect(printed.filter((line) => line.number === null)).not.toHaveLength(0);
    expect(printed[long + 1].number, 'the line after the long one is a continuation').toBeNull();
  });

  it('keeps struck and inserted text marked across the wrap', async () => {
    const struck = 'each of no more than twelve members, selected by the International Committee from open calls';
    const amended = [BASE[0], resolved(CLAUSE.replace(struck, `${PASSAGE}each selected by lot`)), BASE[2]];
    const book = new PdfBook('test');
    const drawn = recordText(book);
    drawRedline(book, buildRedline(BASE, amended, WIDTH));
    await book.finish();
    expect(Math.min(...drawn.map((call) => call.size))).toBeGreaterThanOrEqual(MIN_TEXT_SIZE);
    const inColour = (color: string) => squash(drawn.filter((call) => call.color === color).map((call) => call.text).join(' '));
    const redline = buildRedline(BASE, amended, WIDTH).segments;
    const ofType = (type: string) => squash(redline.filter((segment) => segment.type === type).map((segment) => segment.text).join(' '));
    expect(inColour('#006000')).toBe(ofType('insert'));
    expect(inColour('#b00000')).toBe(ofType('delete'));
  });

  it('cuts a word wider than the whole column where the column ends', async () => {
    const word = 'supercalifragilisticexpialidociousinternationalism'.repeat(4);
    const amended = [BASE[0], resolved(CLAUSE.replace('term, each', `term, ${word} each`)), BASE[2]];
    const bytes = await renderPdf(redlinePiece(BASE, amended, FACTS, WIDTH));
    const found = words(bytes);
    expect(Math.max(...found.map((w) => w.right))).toBeLessThanOrEqual(PAGE_WIDTH - 54 + 0.5);
    expect(squash(pdftotext(bytes, '-layout')).replace(/\s/g, '')).toContain(word);
  });
});
