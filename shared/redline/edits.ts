/**
 * Edits: what an amendment does to its base, in the base's own coordinates.
 * Amendment instructions resolve to edits, and merging and rebasing amendments
 * are both "apply the edits that do not collide", so this is where the
 * collision rules live.
 *
 * A text edit replaces characters [from, to) of one base block; a block edit
 * replaces base blocks [from, to) with new blocks. Either is an insertion when
 * from = to: a text insertion at an offset, or new blocks at a gap between blocks
 * (gap i is just before base block i; gap n is after the last block).
 */
import type { TextBlock } from '../text';
import { copyBlock, sameBlock } from './document';
import { blockChanges, forEachChange, type BlockDiff } from './diff';

/** Replace characters [from, to) of base block `block` with `insert`. */
export interface TextEdit {
  type: 'text';
  block: number;
  from: number;
  to: number;
  insert: string;
}

/** Replace base blocks [from, to) with `insert`; with from = to, insert blocks at that gap. */
export interface BlocksEdit {
  type: 'blocks';
  from: number;
  to: number;
  insert: readonly TextBlock[];
}

export type Edit = TextEdit | BlocksEdit;

/** Edits that stand or fall together, such as the two halves of a moved clause. */
export interface EditGroup {
  edits: Edit[];
}

/** Whether two edits do exactly the same thing. */
export function sameEdit(a: Edit, b: Edit): boolean {
  if (a.type === 'text' && b.type === 'text') return a.block === b.block && a.from === b.from && a.to === b.to && a.insert === b.insert;
  if (a.type === 'blocks' && b.type === 'blocks') {
    return a.from === b.from && a.to === b.to && a.insert.length === b.insert.length && a.insert.every((block, i) => sameBlock(block, b.insert[i]));
  }
  return false;
}

function rangesCollide(aFrom: number, aTo: number, bFrom: number, bTo: number, sameGapCollides: boolean): boolean {
  const aPoint = aFrom === aTo;
  const bPoint = bFrom === bTo;
  if (aPoint && bPoint) return sameGapCollides && aFrom === bFrom;
  if (aPoint) return bFrom < aFrom && aFrom < bTo;
  if (bPoint) return aFrom < bFrom && bFrom < aTo;
  return aFrom < bTo && bFrom < aTo;
}

/**
 * Whether two edits from different amendments collide, so that applying both
 * would mean guessing: they change overlapping text or blocks, one inserts
 * strictly inside what the other replaces, or both insert at the same point (the
 * order of the two insertions would be a guess). Edits that only touch at an end
 * do not collide, nor do identical edits (see `sameEdit`).
 */
export function editsCollide(a: Edit, b: Edit): boolean {
  if (sameEdit(a, b)) return false;
  return overlaps(a, b, true);
}

/**
 * Whether two edits cannot both be applied to one base: they change overlapping
 * text or blocks, or one inserts strictly inside what the other replaces.
 * Insertions at the same point can both be applied (in order), so they do not
 * overlap here; see `editsCollide` for edits from different amendments.
 */
export function editsOverlap(a: Edit, b: Edit): boolean {
  return overlaps(a, b, false);
}

function overlaps(a: Edit, b: Edit, sameGapCollides: boolean): boolean {
  if (a.type === 'text' && b.type === 'text') return a.block === b.block && rangesCollide(a.from, a.to, b.from, b.to, sameGapCollides);
  if (a.type === 'blocks' && b.type === 'blocks') return rangesCollide(a.from, a.to, b.from, b.to, sameGapCollides);
  const [text, blocks] = a.type === 'text' ? [a, b as BlocksEdit] : [b as TextEdit, a];
  return blocks.from <= text.block && text.block < blocks.to;
}

function checkEdit(base: readonly TextBlock[], edit: Edit): void {
  if (edit.type === 'blocks') {
    if (!Number.isInteger(edit.from) || !Number.isInteger(edit.to) || edit.from < 0 || edit.to < edit.from || edit.to > base.length) {
      throw new RangeError(`block edit [${edit.from}, ${edit.to}) is outside the text (${base.length} blocks)`);
    }
    return;
  }
  const block = base[edit.block];
  if (block === undefined) throw new RangeError(`text edit names block ${edit.block}, outside the text (${base.length} blocks)`);
  if (!Number.isInteger(edit.from) || !Number.isInteger(edit.to) || edit.from < 0 || edit.to < edit.from || edit.to > block.text.length) {
    throw new RangeError(`text edit [${edit.from}, ${edit.to}) is outside block ${edit.block} (length ${block.text.length})`);
  }
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  // Insertions at a point go before a replacement starting there, in the order given.
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((x, y) => x.edit.from - y.edit.from || Number(x.edit.to > x.edit.from) - Number(y.edit.to > y.edit.from) || x.index - y.index);
  let out = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    out += text.slice(cursor, edit.from) + edit.insert;
    cursor = edit.to;
  }
  return out + text.slice(cursor);
}

/**
 * Applies edits to a base and returns the new blocks (the base is not changed).
 * Several insertions at one point or gap are applied in the order given, and an
 * insertion at the start of a replaced range goes before the replacement.
 * Throws `RangeError` when an edit lies outside the base or two edits overlap:
 * callers decide which edits may go together (see `editsCollide`).
 */
export function applyEdits(base: readonly TextBlock[], edits: readonly Edit[]): TextBlock[] {
  for (const edit of edits) checkEdit(base, edit);
  const textEdits = new Map<number, TextEdit[]>();
  const replacements = new Map<number, BlocksEdit>();
  const insertions = new Map<number, BlocksEdit[]>();
  const ranges: BlocksEdit[] = [];
  for (const edit of edits) {
    if (edit.type === 'text') {
      const list = textEdits.get(edit.block);
      if (list) list.push(edit);
      else textEdits.set(edit.block, [edit]);
    } else if (edit.from === edit.to) {
      const list = insertions.get(edit.from);
      if (list) list.push(edit);
      else insertions.set(edit.from, [edit]);
    } else {
      ranges.push(edit);
      replacements.set(edit.from, edit);
    }
  }
  ranges.sort((x, y) => x.from - y.from);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].from < ranges[i - 1].to) throw new RangeError(`block edits [${ranges[i - 1].from}, ${ranges[i - 1].to}) and [${ranges[i].from}, ${ranges[i].to}) overlap`);
  }
  for (const range of ranges) {
    for (let b = range.from; b < range.to; b++) {
      if (textEdits.has(b)) throw new RangeError(`a text edit in block ${b} overlaps the block edit [${range.from}, ${range.to})`);
      if (b > range.from && insertions.has(b)) throw new RangeError(`an insertion at gap ${b} falls inside the block edit [${range.from}, ${range.to})`);
    }
  }
  for (const [block, list] of textEdits) {
    // Sorted by start, points first: a point inside an earlier range, or a range starting inside one, overlaps.
    const sorted = [...list].sort((x, y) => x.from - y.from || Number(x.to > x.from) - Number(y.to > y.from));
    let reach = 0;
    for (const edit of sorted) {
      if (edit.from < reach) throw new RangeError(`text edits in block ${block} overlap at offset ${edit.from}`);
      reach = Math.max(reach, edit.to);
    }
  }
  const out: TextBlock[] = [];
  let b = 0;
  while (b <= base.length) {
    for (const insertion of insertions.get(b) ?? []) out.push(...insertion.insert.map(copyBlock));
    if (b === base.length) break;
    const replacement = replacements.get(b);
    if (replacement) {
      out.push(...replacement.insert.map(copyBlock));
      b = replacement.to;
      continue;
    }
    const block = copyBlock(base[b]);
    const list = textEdits.get(b);
    if (list) block.text = applyTextEdits(block.text, list);
    out.push(block);
    b++;
  }
  return out;
}

/**
 * The edits a diff makes to its base, in groups that stand or fall together.
 * Each word change in a modified block is its own group; a block whose kind
 * changed, or that is rewritten (`blockChanges`: its instruction substitutes it), is
 * replaced whole; deleted blocks followed by inserted ones become one
 * replacement. All blocks inserted at one gap form a single insertion, and a
 * moved block's deletion belongs to the group of the insertion that puts it
 * back, so a move is never half applied. Applying every group's edits (in
 * order) to the base gives the amended text.
 */
export function editGroupsFromDiff(diff: BlockDiff): readonly EditGroup[] {
  let groups = groupsOfDiff.get(diff);
  if (groups === undefined) groupsOfDiff.set(diff, (groups = buildEditGroups(diff)));
  return groups;
}

/** Edit groups already built, by diff: the conflicts and the merge ask for the same amendments' groups. Callers only read them. */
const groupsOfDiff = new WeakMap<BlockDiff, readonly EditGroup[]>();

function buildEditGroups(diff: BlockDiff): EditGroup[] {
  const groups: EditGroup[] = [];
  const groupOfDestination = new Map<number, EditGroup>(); // amended index of a moved block -> its group
  const pendingMoves: { base: number; movedTo: number }[] = [];
  let deleted: number[] = [];
  let inserted: number[] = [];
  const movedFrom = new Map<number, number>();
  const movedTo = new Set<number>();
  for (const index of diff.changed) {
    const entry = diff.entries[index];
    if (entry.type === 'deleted' && entry.movedTo !== undefined) movedFrom.set(entry.base, entry.movedTo);
    if (entry.type === 'inserted' && entry.movedFrom !== undefined) movedTo.add(entry.amended);
  }
  let gap = 0;
  const flush = () => {
    if (deleted.length === 0 && inserted.length === 0) return;
    const plain = deleted.filter((b) => !movedFrom.has(b));
    const runEndsPlain = deleted.length > 0 && !movedFrom.has(deleted[deleted.length - 1]);
    const ranges: [number, number][] = [];
    for (const b of plain) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === b) last[1] = b + 1;
      else ranges.push([b, b + 1]);
    }
    for (const b of deleted) if (movedFrom.has(b)) pendingMoves.push({ base: b, movedTo: movedFrom.get(b)! });
    let insertion: BlocksEdit | null = null;
    if (inserted.length > 0) {
      const blocks = inserted.map((a) => copyBlock(diff.amended[a]));
      const replaced = runEndsPlain ? ranges.pop()! : null;
      insertion = replaced ? { type: 'blocks', from: replaced[0], to: replaced[1], insert: blocks } : { type: 'blocks', from: gap, to: gap, insert: blocks };
    }
    for (const [from, to] of ranges) groups.push({ edits: [{ type: 'blocks', from, to, insert: [] }] });
    if (insertion) {
      const group: EditGroup = { edits: [insertion] };
      groups.push(group);
      for (const a of inserted) if (movedTo.has(a)) groupOfDestination.set(a, group);
    }
    deleted = [];
    inserted = [];
  };
  forEachChange(diff, (entry) => {
    switch (entry.type) {
      case 'equal':
        flush();
        gap = entry.base + 1;
        break;
      case 'modified':
        flush();
        gap = entry.base + 1;
        const { changes, rewritten } = blockChanges(diff, entry);
        if (entry.kindChanged || rewritten) {
          groups.push({ edits: [{ type: 'blocks', from: entry.base, to: entry.base + 1, insert: [copyBlock(diff.amended[entry.amended])] }] });
        } else {
          for (const change of changes) {
            groups.push({ edits: [{ type: 'text', block: entry.base, from: change.baseFrom, to: change.baseTo, insert: change.inserted }] });
          }
        }
        break;
      case 'deleted':
        deleted.push(entry.base);
        gap = entry.base + 1;
        break;
      case 'inserted':
        inserted.push(entry.amended);
        break;
    }
  });
  flush();
  for (const move of pendingMoves) {
    groupOfDestination.get(move.movedTo)!.edits.push({ type: 'blocks', from: move.base, to: move.base + 1, insert: [] });
  }
  return groups;
}

/** All edits of a list of groups, in order. */
export function flattenGroups(groups: readonly EditGroup[]): Edit[] {
  return groups.flatMap((group) => group.edits);
}
