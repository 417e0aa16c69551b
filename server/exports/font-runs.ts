/**
 * Splitting a line of text into runs of one font each, in the order they are
 * drawn from left to right: the font fallback of PDF exports.
 *
 * Each character goes to the first face, main face first, then the fallback
 * chain (see `fonts.ts`), that has a glyph for it. Marks, joiners and variation
 * selectors stay with the character before them; spaces and punctuation after
 * right-to-left text stay in its run when its face has them, so "תל אביב" is
 * one Hebrew run (elsewhere they take the first face that has them, so a Latin
 * quotation mark after Chinese stays a Latin one).
 *
 * Right-to-left text (Arabic, Hebrew) in these left-to-right documents follows
 * the Unicode bidirectional algorithm's outcome for an LTR paragraph: a run
 * of right-to-left characters, with the spaces, punctuation and numbers
 * between them, is drawn in reverse order of its pieces, each RTL piece laid
 * out whole (fontkit shapes Arabic and reverses the glyphs), numbers still
 * left to right. Spaces and punctuation at either end of an RTL stretch belong
 * to the surrounding left-to-right text.
 */
import * as fontkit from 'fontkit';
import type { FallbackFace } from './fonts';

/** A piece of a line set in one face. */
export interface FontRun {
  /** The face's registered name in the PDF. */
  face: string;
  text: string;
  /** Laid out whole as right-to-left text (pdfkit must not lay it out word by word). */
  rtl: boolean;
}

/** A face as the splitter sees it: its registered name and its file. */
export interface RunFace {
  name: string;
  path: string;
  rtl: boolean;
}

const fontsByPath = new Map<string, fontkit.Font>();
const coverageByPath = new Map<string, Map<number, boolean>>();

/**
 * The font file at `path`, opened once per process: pdfkit takes the opened
 * font as it is, so a document using the 8 MB Chinese face does not read and
 * parse it again (each document still embeds its own subset).
 */
export function openedFont(path: string): fontkit.Font {
  let font = fontsByPath.get(path);
  if (font === undefined) {
    font = fontkit.openSync(path) as fontkit.Font;
    fontsByPath.set(path, font);
  }
  return font;
}

/** Whether the font file at `path` has a glyph for `codePoint` (answers remembered). */
function covers(path: string, codePoint: number): boolean {
  let coverage = coverageByPath.get(path);
  if (coverage === undefined) coverageByPath.set(path, (coverage = new Map()));
  const known = coverage.get(codePoint);
  if (known !== undefined) return known;
  const has = openedFont(path).hasGlyphForCodePoint(codePoint);
  coverage.set(codePoint, has);
  return has;
}

/** Characters that belong to the one before them: combining marks, zero-width joiners, variation selectors, emoji modifiers and tags. */
const ATTACHED = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;
/** Characters with no direction of their own: spaces and punctuation (not letters, not digits). */
const NEUTRAL = /^[\s\p{P}\p{S}]$/u;
/** Characters written right to left. */
const RIGHT_TO_LEFT = /^[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]$/u;
const DIGIT = /^\p{Nd}$/u;

type Direction = 'ltr' | 'rtl' | 'neutral' | 'number';

interface Piece {
  face: RunFace;
  text: string;
  direction: Direction;
}

function directionOf(char: string): Direction {
  if (RIGHT_TO_LEFT.test(char)) return 'rtl';
  if (DIGIT.test(char)) return 'number';
  if (NEUTRAL.test(char)) return 'neutral';
  return 'ltr';
}

/** Whether `text` can only hold characters of the main face's scripts: the fast path for Latin text. */
function plainLatin(text: string): boolean {
  return /^[\u0000-\u024f\u2000-\u206f]*$/.test(text);
}

/**
 * `text` as runs of one face each, in drawing order (left to right), given the
 * main face and the fallback chain. A character no face has stays in the main
 * face (it prints as that face's empty box). Text in the main face only is one
 * run; empty text is no run.
 */
export function textRuns(text: string, main: RunFace, fallbacks: readonly FallbackFace[]): FontRun[] {
  if (text === '') return [];
  if (fallbacks.length === 0 || plainLatin(text)) return [{ face: main.name, text, rtl: false }];
  const chain: RunFace[] = [main, ...fallbacks];
  const pieces: Piece[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const last = pieces[pieces.length - 1];
    const direction = directionOf(char);
    if (last && (ATTACHED.test(char) || (direction === 'neutral' && last.direction === 'rtl' && covers(last.face.path, codePoint)))) {
      last.text += char;
      continue;
    }
    const face = chain.find((candidate) => covers(candidate.path, codePoint)) ?? main;
    if (last && last.face === face && last.direction === direction) last.text += char;
    else pieces.push({ face, text: char, direction });
  }
  return visualOrder(splitEdgeNeutrals(pieces)).map((piece) => ({ face: piece.face.name, text: piece.text, rtl: piece.direction === 'rtl' }));
}

/** Moves the spaces and punctuation at either end of an RTL piece into pieces of their own, which take the direction around them. */
function splitEdgeNeutrals(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.direction !== 'rtl') {
      out.push(piece);
      continue;
    }
    const chars = Array.from(piece.text);
    let start = 0;
    let end = chars.length;
    while (start < end && NEUTRAL.test(chars[start])) start++;
    while (end > start && NEUTRAL.test(chars[end - 1])) end--;
    if (start > 0) out.push({ face: piece.face, text: chars.slice(0, start).join(''), direction: 'neutral' });
    out.push({ ...piece, text: chars.slice(start, end).join('') });
    if (end < chars.length) out.push({ face: piece.face, text: chars.slice(end).join(''), direction: 'neutral' });
  }
  return out;
}

/** Reverses every stretch that starts and ends with an RTL piece and holds only RTL, number and neutral pieces between. */
function visualOrder(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < pieces.length) {
    if (pieces[i].direction !== 'rtl') {
      out.push(pieces[i++]);
      continue;
    }
    let end = i;
    for (let j = i + 1; j < pieces.length && pieces[j].direction !== 'ltr'; j++) if (pieces[j].direction === 'rtl') end = j;
    for (let k = end; k >= i; k--) out.push(pieces[k]);
    i = end + 1;
  }
  return out;
}

/** A stretch of text that is written right to left, or not. */
export interface DirectionSpan {
  text: string;
  rtl: boolean;
}

/**
 * `text` cut into right-to-left stretches (RTL letters with the spaces,
 * punctuation and numbers between them) and the rest, in logical order, as
 * Word wants them: each RTL stretch becomes a run marked `w:rtl`. Text without
 * RTL letters is one span; empty text is none.
 */
export function directionSpans(text: string): DirectionSpan[] {
  if (text === '') return [];
  if (!/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(text)) return [{ text, rtl: false }];
  const chars = Array.from(text);
  const spans: DirectionSpan[] = [];
  let i = 0;
  while (i < chars.length) {
    if (!RIGHT_TO_LEFT.test(chars[i])) {
      let j = i;
      while (j < chars.length && !RIGHT_TO_LEFT.test(chars[j])) j++;
      spans.push({ text: chars.slice(i, j).join(''), rtl: false });
      i = j;
      continue;
    }
    // Extend over neutrals and numbers as long as another RTL letter follows them.
    let end = i + 1;
    for (let j = i + 1; j < chars.length && directionOf(chars[j]) !== 'ltr'; j++) if (RIGHT_TO_LEFT.test(chars[j]) || ATTACHED.test(chars[j])) end = j + 1;
    spans.push({ text: chars.slice(i, end).join(''), rtl: true });
    i = end;
  }
  return spans;
}
