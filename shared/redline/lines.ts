/**
 * Line numbering: the one function that numbers the editor gutter, every export
 * and every amendment instruction, so that they can never disagree.
 *
 * Every block is wrapped greedily by words at a fixed width counted in
 * characters (code points). Each block starts a new line (headings, clauses and
 * list items alike) and numbering runs on through the whole document. Only the
 * block's text is counted: list bullets, numbers and indentation are not, so a
 * line number never depends on how a renderer draws a list.
 */
import type { TextBlock } from '../text';
import { canBreakAfterDash, canBreakBetween, codePointAt, cpSize, isAttached, isBreakAfterDash, isBreakableSpace, isSpace } from './tokens';

/** Line width when a convention does not set its own; Antragsgrün uses 80, and it fits a printed page in 11pt. */
export const DEFAULT_LINE_WIDTH = 80;
/** Narrowest width accepted; below this almost every word would have to be split. */
export const MIN_LINE_WIDTH = 10;
/** Widest width accepted; beyond this a "line" is a paragraph and line numbers stop helping. */
export const MAX_LINE_WIDTH = 1000;

/** A span of one block's text that forms one numbered line. */
export interface LineSpan {
  /** UTF-16 offset in the block's text where the line starts. */
  start: number;
  /** UTF-16 offset where the next line starts: whitespace at a break hangs at the end of its line. */
  end: number;
  /** Where the line's visible text ends (its trailing whitespace removed). */
  contentEnd: number;
}

/** One numbered line of a document. */
export interface NumberedLine extends LineSpan {
  /** The line number, from 1, continuous through the document. */
  number: number;
  /** Index of the block (in the block list) the line belongs to. */
  block: number;
  /** The visible text of the line, without the whitespace it breaks at. */
  text: string;
}

/** A place in the numbered text: the line number and the column, in characters from the line start (0-based). */
export interface LinePosition {
  line: number;
  column: number;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`line width must be a positive integer, got ${width}`);
}

/**
 * Wraps one block's text into lines of at most `width` characters, breaking at
 * whitespace (the space hangs at the end of its line), after a hyphen or dash
 * inside a word ("anti-|war", "1990-|2000", as word processors break them; see
 * `canBreakAfterDash`) and, in Chinese or Japanese text, between ideographs.
 * A word longer than a line is split at the width, never inside a character
 * and its combining marks. An empty text is one
 * empty line. A line is wider than `width` only when leading whitespace of the
 * block pushes its first word past the width. Throws `RangeError` for a width
 * that is not a positive integer.
 */
export function wrapText(text: string, width: number = DEFAULT_LINE_WIDTH): LineSpan[] {
  checkWidth(width);
  const spans: LineSpan[] = [];
  const n = text.length;
  let lineStart = 0;
  let column = 0;
  let hasContent = false;
  let i = 0;
  const close = (end: number, contentEnd: number) => {
    spans.push({ start: lineStart, end, contentEnd });
    lineStart = end;
    column = 0;
    hasContent = false;
  };
  while (i < n) {
    const spaceStart = i;
    let spaceWidth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) {
        i++;
        spaceWidth++;
        continue;
      }
      if (c < 128) break;
      const cp = codePointAt(text, i);
      if (!isBreakableSpace(cp)) break;
      i += cpSize(cp);
      spaceWidth++;
    }
    if (i >= n) break;
    const unitStart = i;
    let unitWidth = 0;
    let previous = 0;
    let beforePrevious = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      // ASCII fast path: below U+2E80 (no ideographs) a word breaks inside only after a hyphen or dash.
      if (c < 128) {
        if (c === 32 || (c >= 9 && c <= 13)) break;
        if (unitWidth > 0 && previous >= 0x2e80 && canBreakBetween(previous, c)) break;
        if (unitWidth > 1 && isBreakAfterDash(previous) && canBreakAfterDash(beforePrevious, previous, c)) break;
        i++;
        unitWidth++;
        beforePrevious = previous;
        previous = c;
        continue;
      }
      const cp = codePointAt(text, i);
      if (isBreakableSpace(cp)) break;
      if (unitWidth > 0 && (cp >= 0x2e80 || previous >= 0x2e80) && canBreakBetween(previous, cp)) break;
      if (unitWidth > 1 && isBreakAfterDash(previous) && canBreakAfterDash(beforePrevious, previous, cp)) break;
      i += cpSize(cp);
      unitWidth++;
      beforePrevious = previous;
      previous = cp;
    }
    if (hasContent && column + spaceWidth + unitWidth > width) close(unitStart, spaceStart);
    else column += spaceWidth;
    if (column + unitWidth <= width || (!hasContent && column > 0 && unitWidth <= width)) {
      column += unitWidth;
      hasContent = true;
      continue;
    }
    // A word longer than the room on a fresh line: cut it into pieces at the width.
    let at = unitStart;
    while (at < i) {
      const room = Math.max(1, width - column);
      const minCut = at + cpSize(codePointAt(text, at));
      let cut = at;
      let count = 0;
      while (cut < i && count < room) {
        cut += cpSize(codePointAt(text, cut));
        count++;
      }
      while (cut < i && cut > minCut && (isAttached(codePointAt(text, cut)) || codePointAt(text, cut - 1) === 0x200d)) {
        const back = text.charCodeAt(cut - 1) >= 0xdc00 && text.charCodeAt(cut - 1) <= 0xdfff ? 2 : 1;
        cut -= back;
        count--;
      }
      if (cut >= i) {
        column += count;
        hasContent = true;
        break;
      }
      close(cut, cut);
      at = cut;
    }
  }
  let contentEnd = n;
  while (contentEnd > lineStart && isSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
  spans.push({ start: lineStart, end: n, contentEnd });
  return spans;
}

/** The lines of one block: the index of its first line (0-based, into `LineMap.lines`) and how many it has. */
export interface BlockLines {
  first: number;
  count: number;
}

/**
 * The numbered lines of a document: built once by `numberLines`, then asked
 * which line and column any character is on, and what text any line holds.
 * Offsets are UTF-16 offsets, as JavaScript strings count; columns count
 * characters (code points), as line widths do.
 */
export class LineMap {
  /** The width the text was wrapped at. */
  readonly width: number;
  /** The blocks that were numbered. */
  readonly blocks: readonly TextBlock[];
  /** Every line, in order; line N is `lines[N - 1]`. */
  readonly lines: readonly NumberedLine[];
  private readonly perBlock: readonly BlockLines[];
  private readonly blockStarts: readonly number[];

  /** Use `numberLines`; the constructor trusts its arguments. */
  constructor(blocks: readonly TextBlock[], width: number, lines: NumberedLine[], perBlock: BlockLines[]) {
    this.blocks = blocks;
    this.width = width;
    this.lines = lines;
    this.perBlock = perBlock;
    const starts: number[] = [];
    let offset = 0;
    for (const block of blocks) {
      starts.push(offset);
      offset += block.text.length + 1;
    }
    this.blockStarts = starts;
  }

  /** How many numbered lines the document has. */
  get lineCount(): number {
    return this.lines.length;
  }

  /** Line `number` (from 1). Throws `RangeError` when there is no such line. */
  line(number: number): NumberedLine {
    const line = this.lines[number - 1];
    if (!Number.isInteger(number) || line === undefined) throw new RangeError(`there is no line ${number} (the text has ${this.lines.length})`);
    return line;
  }

  /** The visible text of line `number`. Throws `RangeError` when there is no such line. */
  lineText(number: number): string {
    return this.line(number).text;
  }

  /**
   * The lines of block `index`: an empty title has none (`count` 0, `first` the
   * index the next line has); every other block has at least one. Throws
   * `RangeError` for an index outside the document.
   */
  blockLines(index: number): BlockLines {
    const lines = this.perBlock[index];
    if (lines === undefined) throw new RangeError(`there is no block ${index} (the text has ${this.blocks.length})`);
    return lines;
  }

  /** The first line number of block `index`, or 0 for a block with no lines (an empty title). */
  firstLineOf(index: number): number {
    const { first, count } = this.blockLines(index);
    return count === 0 ? 0 : first + 1;
  }

  /** The last line number of block `index`, or 0 for a block with no lines (an empty title). */
  lastLineOf(index: number): number {
    const { first, count } = this.blockLines(index);
    return count === 0 ? 0 : first + count;
  }

  /**
   * The last line number of the nearest block before `gap` (a position between
   * blocks: 0 is before the first block) that has lines; 0 when none has, which
   * reads "before line 1".
   */
  lineBeforeGap(gap: number): number {
    for (let b = Math.min(gap, this.blocks.length) - 1; b >= 0; b--) {
      const last = this.lastLineOf(b);
      if (last > 0) return last;
    }
    return 0;
  }

  /**
   * The number of the line that holds `offset` in block `index`. An offset at a
   * line break belongs to the line that starts there; the end of the block to
   * its last line. A block with no lines (an empty title) answers 0. Throws
   * `RangeError` for an offset outside the block.
   */
  lineOf(index: number, offset: number): number {
    const { first, count } = this.blockLines(index);
    const text = this.blocks[index].text;
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
      throw new RangeError(`offset ${offset} is outside block ${index} (length ${text.length})`);
    }
    if (count === 0) return 0;
    let lo = first;
    let hi = first + count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * The line and column of `offset` in block `index` (see `lineOf`). In a block
   * with no lines every offset is at column 0 of the line that follows it (line
   * 0 when the document has no lines at all).
   */
  position(index: number, offset: number): LinePosition {
    const line = this.lineOf(index, offset);
    if (line === 0) {
      const next = this.blockLines(index).first;
      return { line: next < this.lines.length ? next + 1 : 0, column: 0 };
    }
    const start = this.lines[line - 1].start;
    const text = this.blocks[index].text;
    let column = 0;
    for (let i = start; i < offset; ) {
      i += cpSize(codePointAt(text, i));
      column++;
    }
    return { line, column };
  }

  /**
   * The offset of block `index`'s character `offset` in the document text, the
   * blocks' texts joined with "\n". Throws `RangeError` for a block or offset
   * outside the document.
   */
  documentOffset(index: number, offset: number): number {
    this.lineOf(index, offset);
    return this.blockStarts[index] + offset;
  }

  /**
   * The line and column of `offset` in the document text (the blocks' texts
   * joined with "\n"). The "\n" between two blocks sits at the end of the
   * earlier block's last line. Throws `RangeError` for an offset outside the text.
   */
  positionAt(offset: number): LinePosition {
    const total = this.blocks.length === 0 ? 0 : this.blockStarts[this.blocks.length - 1] + this.blocks[this.blocks.length - 1].text.length;
    if (!Number.isInteger(offset) || offset < 0 || offset > total) throw new RangeError(`offset ${offset} is outside the text (length ${total})`);
    if (this.blocks.length === 0) return { line: 0, column: 0 };
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blockStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.position(lo, offset - this.blockStarts[lo]);
  }
}

/**
 * Numbers the lines of a document at `width` characters (default
 * `DEFAULT_LINE_WIDTH`). Every block starts a new line; an empty block is one
 * empty line, except an empty title, which gets no line at all (so line 1 is the
 * title only when there is one). An empty document has no lines. Throws
 * `RangeError` for a width that is not a positive integer.
 */
export function numberLines(blocks: readonly TextBlock[], width: number = DEFAULT_LINE_WIDTH): LineMap {
  checkWidth(width);
  const lines: NumberedLine[] = [];
  const perBlock: BlockLines[] = [];
  blocks.forEach((block, index) => {
    const first = lines.length;
    if (block.kind === 'title' && block.text === '') {
      perBlock.push({ first, count: 0 });
      return;
    }
    for (const span of wrapText(block.text, width)) {
      lines.push({ start: span.start, end: span.end, contentEnd: span.contentEnd, number: lines.length + 1, block: index, text: block.text.slice(span.start, span.contentEnd) });
    }
    perBlock.push({ first, count: lines.length - first });
  });
  return new LineMap(blocks, width, lines, perBlock);
}

/** The line range of one block: its first and last line numbers, or `[0, 0]` for a block with no lines (an empty title). */
export type BlockLineRange = readonly [first: number, last: number];

/**
 * Numbers a text again and again while it is edited (the editor's gutter):
 * the same first and last line of every block as `numberLines`, but a block
 * whose text it has wrapped before is not wrapped again. A keystroke changes
 * one block; the blocks after it keep their line counts, so their numbers only
 * shift, and `number` costs one `wrapText` of the changed block plus a sum.
 * It remembers only the texts of the last call.
 */
export class IncrementalNumbering {
  /** The width the text is wrapped at. */
  readonly width: number;
  private counts = new Map<string, number>();

  /** Throws `RangeError` for a width that is not a positive integer. */
  constructor(width: number = DEFAULT_LINE_WIDTH) {
    checkWidth(width);
    this.width = width;
  }

  /** For each block, `[numberLines(blocks).firstLineOf(i), ….lastLineOf(i)]`. */
  number(blocks: readonly TextBlock[]): BlockLineRange[] {
    const seen = new Map<string, number>();
    const ranges: BlockLineRange[] = [];
    let next = 1;
    for (const block of blocks) {
      if (block.kind === 'title' && block.text === '') {
        ranges.push([0, 0]);
        continue;
      }
      let count = seen.get(block.text) ?? this.counts.get(block.text);
      if (count === undefined) count = wrapText(block.text, this.width).length;
      seen.set(block.text, count);
      ranges.push([next, next + count - 1]);
      next += count;
    }
    this.counts = seen;
    return ranges;
  }
}
