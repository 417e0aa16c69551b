/**
 * The redline as a structure that every export renders: HTML and Markdown here,
 * DOCX (Word tracked changes) and PDF later. It holds the same diff in three
 * shapes: blocks of inline lines numbered by the base (struck and inserted text
 * in place), side-by-side rows (base lines left, amended lines right), and one
 * flat segment list for the whole document. Every segment knows the base line
 * it sits on (equal and struck text) and the amended line (equal and inserted
 * text), so a renderer never has to number anything itself.
 */
import type { BlockKind, TextBlock } from '../text';
import { diffBlocks, documentSegments, type BlockDiff, type Segment, type SegmentType } from './diff';
import { DEFAULT_LINE_WIDTH, numberLines, type LineMap } from './lines';

/** A piece of redline text on one line, with its line in the base (equal, delete) and in the amended text (equal, insert). */
export interface RedlineSegment {
  type: SegmentType;
  text: string;
  /** The base line the text is on; for an insertion, the base line where it is inserted; null in a new block. */
  baseLine: number | null;
  /** The amended line the text is on; null for struck text. */
  amendedLine: number | null;
}

/** One line of the inline redline: a base line with what is struck from it and inserted into it. */
export interface RedlineLine {
  /** The base line number, or null for a line of a wholly new block. */
  baseLine: number | null;
  /** The amended line the line's first equal or inserted text is on, or null when it holds only struck text. */
  amendedLine: number | null;
  segments: RedlineSegment[];
}

/** Whether a block is unchanged, changed, struck whole or new. */
export type BlockStatus = 'equal' | 'modified' | 'deleted' | 'inserted';

/** One block of the redline in reading order. */
export interface RedlineBlock {
  status: BlockStatus;
  /** The block's kind: the amended kind, or the base kind for a struck block. */
  kind: BlockKind;
  /** Heading level or list depth, as in `TextBlock`. */
  level?: number;
  /** The base kind, when a modified block changed kind. */
  baseKind?: BlockKind;
  baseBlock: number | null;
  amendedBlock: number | null;
  /** For a struck block that was moved: the amended lines it now occupies. */
  movedTo?: { fromLine: number; toLine: number };
  /** For a new block that was moved here: the base lines it came from. */
  movedFrom?: { fromLine: number; toLine: number };
  lines: RedlineLine[];
}

/** A line on one side of the side-by-side redline. */
export interface SideLine {
  number: number;
  segments: RedlineSegment[];
}

/** One row of the side-by-side redline: a base line (left) beside an amended line (right); either may be absent. */
export interface SideBySideRow {
  /** Index of the block (in `Redline.blocks`) the row belongs to. */
  block: number;
  left: SideLine | null;
  right: SideLine | null;
}

/** Everything a renderer needs to draw a redline. */
export interface Redline {
  width: number;
  diff: BlockDiff;
  /** The base's numbered lines. */
  base: LineMap;
  /** The amended text's numbered lines. */
  amended: LineMap;
  blocks: RedlineBlock[];
  rows: SideBySideRow[];
  /** The whole document as one segment list, blocks joined with "\n" (see `documentSegments`). */
  segments: Segment[];
}

/** Offsets where lines of a block start, after the first (the cut points inside the block). */
function cutsOf(lines: LineMap, block: number): number[] {
  const { first, count } = lines.blockLines(block);
  const cuts: number[] = [];
  for (let i = first + 1; i < first + count; i++) cuts.push(lines.lines[i].start);
  return cuts;
}

function lineAt(lines: LineMap, block: number, offset: number): number | null {
  const line = lines.lineOf(block, offset);
  return line === 0 ? null : line;
}

/** Splits a modified block's segments at base and amended line breaks, giving each piece its line numbers. */
function placeSegments(base: LineMap, amended: LineMap, baseBlock: number, amendedBlock: number, segments: readonly Segment[]): RedlineSegment[] {
  const baseCuts = cutsOf(base, baseBlock);
  const amendedCuts = cutsOf(amended, amendedBlock);
  const out: RedlineSegment[] = [];
  let baseAt = 0;
  let amendedAt = 0;
  for (const segment of segments) {
    const onBase = segment.type !== 'insert';
    const onAmended = segment.type !== 'delete';
    let done = 0;
    while (done < segment.text.length) {
      let take = segment.text.length - done;
      if (onBase) for (const cut of baseCuts) if (cut > baseAt && cut - baseAt < take) take = cut - baseAt;
      if (onAmended) for (const cut of amendedCuts) if (cut > amendedAt && cut - amendedAt < take) take = cut - amendedAt;
      const previous = out[out.length - 1];
      // Inserted text that replaces struck text stays on the struck text's line.
      const replacing = segment.type === 'insert' && done === 0 && previous?.type === 'delete';
      out.push({
        type: segment.type,
        text: segment.text.slice(done, done + take),
        baseLine: replacing ? previous.baseLine : lineAt(base, baseBlock, baseAt),
        amendedLine: onAmended ? lineAt(amended, amendedBlock, amendedAt) : null,
      });
      if (onBase) baseAt += take;
      if (onAmended) amendedAt += take;
      done += take;
    }
  }
  return out;
}

function wholeLines(lines: LineMap, block: number, type: SegmentType, other?: { lines: LineMap; block: number }): RedlineLine[] {
  const { first, count } = lines.blockLines(block);
  const otherFirst = other ? other.lines.blockLines(other.block).first : 0;
  const out: RedlineLine[] = [];
  for (let i = 0; i < count; i++) {
    const line = lines.lines[first + i];
    const text = lines.blocks[block].text.slice(line.start, line.end);
    const onBase = type !== 'insert';
    const baseLine = onBase ? line.number : null;
    const amendedLine = type === 'insert' ? line.number : type === 'equal' ? otherFirst + i + 1 : null;
    out.push({ baseLine, amendedLine, segments: text === '' ? [] : [{ type, text, baseLine, amendedLine }] });
  }
  return out;
}

function groupLines(segments: RedlineSegment[], key: (segment: RedlineSegment) => number | null): { key: number | null; segments: RedlineSegment[] }[] {
  const groups: { key: number | null; segments: RedlineSegment[] }[] = [];
  for (const segment of segments) {
    const k = key(segment);
    const last = groups[groups.length - 1];
    if (last && last.key === k) last.segments.push(segment);
    else groups.push({ key: k, segments: [segment] });
  }
  return groups;
}

function lineSpan(lines: LineMap, block: number): { fromLine: number; toLine: number } {
  return { fromLine: lines.firstLineOf(block), toLine: lines.lastLineOf(block) };
}

/**
 * Builds the redline structure from a diff and the two texts' line maps (both
 * numbered at the same width). Inline lines follow the base's numbering; a line
 * of a wholly new block has no base line. An insertion sits on the base line
 * where it is inserted (at a line break, the line that follows). Throws
 * `RangeError` when the line maps do not number the diff's texts.
 */
export function redlineFromDiff(diff: BlockDiff, base: LineMap, amended: LineMap): Redline {
  if (base.blocks.length !== diff.base.length || amended.blocks.length !== diff.amended.length) {
    throw new RangeError('the line maps do not number the texts of this diff');
  }
  const blocks: RedlineBlock[] = [];
  const rows: SideBySideRow[] = [];
  for (const entry of diff.entries) {
    const index = blocks.length;
    if (entry.type === 'inserted') {
      const block = diff.amended[entry.amended];
      const lines = wholeLines(amended, entry.amended, 'insert');
      const redlineBlock: RedlineBlock = { status: 'inserted', kind: block.kind, baseBlock: null, amendedBlock: entry.amended, lines };
      if (block.level !== undefined) redlineBlock.level = block.level;
      if (entry.movedFrom !== undefined) redlineBlock.movedFrom = lineSpan(base, entry.movedFrom);
      blocks.push(redlineBlock);
      for (const line of lines) rows.push({ block: index, left: null, right: { number: line.amendedLine!, segments: line.segments } });
      continue;
    }
    if (entry.type === 'deleted') {
      const block = diff.base[entry.base];
      const lines = wholeLines(base, entry.base, 'delete');
      const redlineBlock: RedlineBlock = { status: 'deleted', kind: block.kind, baseBlock: entry.base, amendedBlock: null, lines };
      if (block.level !== undefined) redlineBlock.level = block.level;
      if (entry.movedTo !== undefined) redlineBlock.movedTo = lineSpan(amended, entry.movedTo);
      blocks.push(redlineBlock);
      for (const line of lines) rows.push({ block: index, left: { number: line.baseLine!, segments: line.segments }, right: null });
      continue;
    }
    const block = diff.amended[entry.amended];
    if (entry.type === 'equal') {
      const lines = wholeLines(base, entry.base, 'equal', { lines: amended, block: entry.amended });
      const redlineBlock: RedlineBlock = { status: 'equal', kind: block.kind, baseBlock: entry.base, amendedBlock: entry.amended, lines };
      if (block.level !== undefined) redlineBlock.level = block.level;
      blocks.push(redlineBlock);
      for (const line of lines) {
        const right = line.amendedLine === null ? null : { number: line.amendedLine, segments: line.segments };
        rows.push({ block: index, left: line.baseLine === null ? null : { number: line.baseLine, segments: line.segments }, right });
      }
      continue;
    }
    const segments = placeSegments(base, amended, entry.base, entry.amended, entry.segments);
    const lines: RedlineLine[] = groupLines(segments, (segment) => segment.baseLine).map((group) => ({
      baseLine: group.key,
      amendedLine: group.segments.find((segment) => segment.amendedLine !== null)?.amendedLine ?? null,
      segments: group.segments,
    }));
    // A modified block always shows all of its base lines, even one left empty.
    const redlineBlock: RedlineBlock = { status: 'modified', kind: block.kind, baseBlock: entry.base, amendedBlock: entry.amended, lines: withEveryBaseLine(base, entry.base, lines) };
    if (block.level !== undefined) redlineBlock.level = block.level;
    if (entry.kindChanged) redlineBlock.baseKind = diff.base[entry.base].kind;
    blocks.push(redlineBlock);
    const left = sideLines(base, entry.base, segments.filter((segment) => segment.type !== 'insert'), (segment) => segment.baseLine);
    const right = sideLines(amended, entry.amended, segments.filter((segment) => segment.type !== 'delete'), (segment) => segment.amendedLine);
    for (let i = 0; i < Math.max(left.length, right.length); i++) rows.push({ block: index, left: left[i] ?? null, right: right[i] ?? null });
  }
  return { width: base.width, diff, base, amended, blocks, rows, segments: documentSegments(diff) };
}

function withEveryBaseLine(base: LineMap, block: number, lines: RedlineLine[]): RedlineLine[] {
  const { first, count } = base.blockLines(block);
  const out: RedlineLine[] = [];
  let i = 0;
  for (let n = first + 1; n <= first + count; n++) {
    while (i < lines.length && lines[i].baseLine !== null && lines[i].baseLine! < n) out.push(lines[i++]);
    if (i < lines.length && lines[i].baseLine === n) out.push(lines[i++]);
    else out.push({ baseLine: n, amendedLine: null, segments: [] });
  }
  while (i < lines.length) out.push(lines[i++]);
  return out;
}

function sideLines(lines: LineMap, block: number, segments: RedlineSegment[], key: (segment: RedlineSegment) => number | null): SideLine[] {
  const { first, count } = lines.blockLines(block);
  const byLine = new Map<number, RedlineSegment[]>();
  for (const segment of segments) {
    const n = key(segment);
    if (n === null) continue;
    const list = byLine.get(n);
    if (list) list.push(segment);
    else byLine.set(n, [segment]);
  }
  const out: SideLine[] = [];
  for (let n = first + 1; n <= first + count; n++) out.push({ number: n, segments: byLine.get(n) ?? [] });
  return out;
}

/**
 * Joins neighbouring segments of one type, as a renderer shows them: on an
 * inline line, inserted text is cut where the amended text's lines break, which
 * a reader should not see. The joined segment keeps the first one's line numbers.
 */
export function joinSegments(segments: readonly RedlineSegment[]): RedlineSegment[] {
  const out: RedlineSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && last.type === segment.type) out[out.length - 1] = { ...last, text: last.text + segment.text };
    else out.push(segment);
  }
  return out;
}

/**
 * The redline of an amended text against its base, both numbered at `width`
 * characters (default `DEFAULT_LINE_WIDTH`). Identical texts give a redline of
 * equal blocks only; an empty base gives only inserted blocks.
 */
export function buildRedline(base: readonly TextBlock[], amended: readonly TextBlock[], width: number = DEFAULT_LINE_WIDTH): Redline {
  const diff = diffBlocks(base, amended);
  return redlineFromDiff(diff, numberLines(base, width), numberLines(amended, width));
}
