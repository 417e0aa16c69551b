/**
 * Which base lines each amendment touches, and which amendments conflict:
 * what delegates see in the conflict map ("lines 12-14: A03, A07"). Two
 * amendments conflict when they touch a common base line. This is deliberately
 * wider than a merge collision (see `mergeAmendments`): two amendments changing
 * different words of one line conflict for the floor, even when both could be
 * merged.
 */
import type { TextBlock } from '../text';
import { diffBlocks, type BlockDiff } from './diff';
import { editGroupsFromDiff, flattenGroups, type Edit } from './edits';
import type { LineMap } from './lines';

/** An inclusive range of base line numbers; 0-0 stands for "before line 1" in a text without lines. */
export interface LineRange {
  from: number;
  to: number;
}

/** An amendment and the base lines it touches. */
export interface TouchedLines {
  id: string;
  ranges: readonly LineRange[];
}

/** Two amendments that touch common lines, and those lines. `a` comes before `b` in the list given. */
export interface LineConflict {
  a: string;
  b: string;
  lines: LineRange[];
}

/** One base line and the amendments that touch it, in the order given. */
export interface LineTouches {
  line: number;
  amendments: string[];
}

/**
 * The base lines one edit touches. A change inside a block touches the lines of
 * the text it strikes (an insertion, the line it is inserted on); struck or
 * replaced blocks touch all their lines; new blocks touch the line they are
 * inserted after (line 1 when inserted before it, 0 in a text without lines).
 */
export function linesOfEdit(edit: Edit, lines: LineMap): LineRange {
  if (edit.type === 'text') {
    const from = lines.lineOf(edit.block, edit.from);
    const to = edit.to > edit.from ? lines.lineOf(edit.block, edit.to - 1) : from;
    if (from === 0) return { from: Math.min(1, lines.lineCount), to: Math.min(1, lines.lineCount) }; // the empty title, just before line 1
    return { from, to };
  }
  if (edit.from === edit.to) {
    const after = lines.lineBeforeGap(edit.from);
    const line = after === 0 ? Math.min(1, lines.lineCount) : after;
    return { from: line, to: line };
  }
  let from = 0;
  let to = 0;
  for (let b = edit.from; b < edit.to; b++) {
    const first = lines.firstLineOf(b);
    if (first === 0) continue;
    if (from === 0) from = first;
    to = lines.lastLineOf(b);
  }
  if (from === 0) return { from: Math.min(1, lines.lineCount), to: Math.min(1, lines.lineCount) };
  return { from, to };
}

/** Sorts ranges and merges those that overlap or touch. */
export function mergeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((x, y) => x.from - y.from || x.to - y.to);
  const out: LineRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else out.push({ ...range });
  }
  return out;
}

/**
 * The base line ranges an amendment touches (sorted, merged), given its diff
 * against the base and the base's `LineMap`. A moved clause touches both the
 * lines it leaves and the line it is inserted after. An unchanged text touches
 * nothing.
 */
export function touchedLines(diff: BlockDiff, lines: LineMap): LineRange[] {
  return mergeRanges(flattenGroups(editGroupsFromDiff(diff)).map((edit) => linesOfEdit(edit, lines)));
}

/** The same as `touchedLines`, diffing the amended text against the base numbered by `lines`. */
export function touchedLinesOf(amended: readonly TextBlock[], lines: LineMap): LineRange[] {
  return touchedLines(diffBlocks(lines.blocks, amended), lines);
}

/** The lines two ranges share, or null when they share none. */
export function overlap(a: LineRange, b: LineRange): LineRange | null {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : null;
}

/**
 * Every pair of amendments that touch a common base line, with the lines they
 * share, in the order of the list given (by `a`, then `b`). A sweep over the
 * sorted ranges keeps this near-linear for hundreds of amendments. An id given
 * twice is treated as two amendments.
 */
export function findConflicts(amendments: readonly TouchedLines[]): LineConflict[] {
  const events: { owner: number; range: LineRange }[] = [];
  amendments.forEach((amendment, owner) => {
    for (const range of mergeRanges(amendment.ranges)) events.push({ owner, range });
  });
  events.sort((x, y) => x.range.from - y.range.from || x.range.to - y.range.to);
  const shared = new Map<number, LineRange[]>(); // key: a * n + b
  const n = amendments.length;
  let active: { owner: number; range: LineRange }[] = [];
  for (const event of events) {
    active = active.filter((other) => other.range.to >= event.range.from);
    for (const other of active) {
      if (other.owner === event.owner) continue;
      const common = overlap(other.range, event.range);
      if (!common) continue;
      const [a, b] = other.owner < event.owner ? [other.owner, event.owner] : [event.owner, other.owner];
      const key = a * n + b;
      const list = shared.get(key);
      if (list) list.push(common);
      else shared.set(key, [common]);
    }
    active.push(event);
  }
  return [...shared.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([key, ranges]) => ({ a: amendments[Math.floor(key / n)].id, b: amendments[key % n].id, lines: mergeRanges(ranges) }));
}

/**
 * The conflict map: every base line that at least one amendment touches, in
 * line order, with the amendments touching it (in the order given). Lines no
 * amendment touches are left out.
 */
export function conflictMap(amendments: readonly TouchedLines[]): LineTouches[] {
  const byLine = new Map<number, string[]>();
  for (const amendment of amendments) {
    for (const range of mergeRanges(amendment.ranges)) {
      for (let line = range.from; line <= range.to; line++) {
        const list = byLine.get(line);
        if (!list) byLine.set(line, [amendment.id]);
        else if (list[list.length - 1] !== amendment.id) list.push(amendment.id);
      }
    }
  }
  return [...byLine.entries()].sort((x, y) => x[0] - y[0]).map(([line, ids]) => ({ line, amendments: ids }));
}
