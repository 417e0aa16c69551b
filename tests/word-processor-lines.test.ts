/**
 * Line numbers as a word processor draws them: the DOCX of every demo text,
 * and of a text made of every break opportunity Plenary's line breaker knows
 * (hyphens and dashes inside words, slashes, a word longer than a line), is
 * laid out by real LibreOffice (`soffice --headless --convert-to pdf`, one
 * invocation for all files: it takes seconds to start) and read back with
 * pdftotext. Line N of LibreOffice's layout must start with the same words as
 * Plenary's line N, so a staffer reading the Word file finds every amendment
 * on the line its instruction names.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoConvention } from '../fixtures';
import { renderDocx } from '../server/exports/docx';
import { textPiece } from '../server/exports/model';
import { numberLines } from '../shared/redline';
import type { TextBlock } from '../shared/text';

/** The demo convention's width, and the default. */
const WIDTH = 80;
/** soffice starts in 10-30 s on a loaded 2-core machine and lays out each text in a second or two. */
const SOFFICE_TIMEOUT_MS = 240_000;
/** How many words of a line's start are compared: enough to tell "anti-" from "war" and one line from the next. */
const WORDS_COMPARED = 3;

const FILLER = ['the', 'League', 'shall', 'organise', 'international', 'solidarity', 'a', 'of'];
const BREAKING = ['anti-war', 'rank-and-file', 'and/or', 'workers—all', 'left–right', '1990-2000', 'co-operative', 'self-organisation', 'e-mail', 'twenty-first-century', 'Київ-Львів', 'x-ray', 'mid-2026', 'north/south', 'well-being', 'Łódź-based', 'pre- and post-war'];

/** Paragraphs in which hyphenated, dashed and slashed words fall at every place of a line, and one word longer than a line. */
function breakRulesText(): TextBlock[] {
  const blocks: TextBlock[] = [{ kind: 'title', text: 'Break rules' }];
  for (let k = 0; k < 40; k++) {
    const words = Array.from({ length: 30 }, (_, j) => (j % 3 === 0 ? BREAKING[(k * 7 + j) % BREAKING.length] : FILLER[(k + j * 5) % FILLER.length]));
    blocks.push({ kind: k % 2 === 0 ? 'paragraph' : 'resolved', text: `${words.join(' ')}.` });
  }
  blocks.push({ kind: 'paragraph', text: `A long word: ${'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsdirektorenstellvertreter'} ends here.` });
  return blocks;
}

const scratch = mkdtempSync(join(tmpdir(), 'plenary-soffice-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const texts: { name: string; blocks: TextBlock[] }[] = [
  ...loadDemoConvention().documents.map((doc) => ({ name: doc.key, blocks: doc.blocks })),
  { name: 'break-rules', blocks: breakRulesText() },
];

/** The first line of each number in `pdftotext -layout` output: number -> its text, the list marker dropped. */
function numberedLines(layout: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const line of layout.split('\n')) {
    const match = /^\s*(\d+)\s{2,}(\S.*)$/.exec(line);
    if (match && !lines.has(Number(match[1]))) lines.set(Number(match[1]), match[2].trim());
  }
  return lines;
}

const start = (text: string) => text.split(/\s+/).slice(0, WORDS_COMPARED).join(' ');

beforeAll(async () => {
  const input = join(scratch, 'in');
  mkdirSync(input);
  for (const text of texts) {
    const bytes = await renderDocx(textPiece(text.blocks, { code: text.name, title: text.name, versionLabel: 'v1', author: 'Plenary', date: '2026-01-01T00:00:00.000Z' }, WIDTH));
    writeFileSync(join(input, `${text.name}.docx`), bytes);
  }
  const profile = pathToFileURL(join(scratch, 'profile')).href;
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', join(scratch, 'out'), ...texts.map((text) => join(input, `${text.name}.docx`))], {
    stdio: 'ignore',
    timeout: SOFFICE_TIMEOUT_MS,
  });
}, SOFFICE_TIMEOUT_MS + 60_000);

describe('LibreOffice numbers the DOCX of every text as Plenary does', () => {
  it.each(texts.map((text) => [text.name, text.blocks] as const))('%s: line N starts with the same words', (name, blocks) => {
    const pdf = join(scratch, 'out', `${name}.pdf`);
    expect(existsSync(pdf), `soffice wrote no ${name}.pdf`).toBe(true);
    const theirs = numberedLines(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
    const ours = numberLines(blocks, WIDTH);
    expect(Math.max(...theirs.keys()), 'lines LibreOffice numbers').toBe(ours.lineCount);
    for (let n = 1; n <= ours.lineCount; n++) {
      const mine = ours.lineText(n).trim();
      let found = theirs.get(n) ?? '';
      // LibreOffice prints a list item's marker ("1.", "•") before its text; Plenary does not count it.
      const marker = /^(\d+\.|[•◦▪–-])\s+/.exec(found);
      if (marker && !mine.startsWith(marker[0].trim())) found = found.slice(marker[0].length);
      expect(start(found), `${name}, line ${n}: Plenary has "${mine}"`).toBe(start(mine));
    }
  });
});
