/**
 * Merging adopted amendments into the final text. Each amendment is diffed
 * against the base and its edits are applied together with those of the
 * amendments adopted before it. When two amendments collide (they change the
 * same words, or insert at the same place, so that merging both would mean
 * guessing), the later one is left out whole and the collision is reported:
 * staff resolve it, the merge never guesses.
 */
import type { TextBlock } from '../text';
import { diffBlocks, type BlockDiff } from './diff';
import { applyEdits, editGroupsFromDiff, editsCollide, flattenGroups, sameEdit, type Edit } from './edits';
import { linesOfEdit, overlap, type LineRange } from './conflicts';
import { DEFAULT_LINE_WIDTH, numberLines } from './lines';

/** An amendment: its id and its full amended text. A precomputed diff against the same base may be passed along. */
export interface Amendment {
  id: string;
  blocks: readonly TextBlock[];
  diff?: BlockDiff;
}

/** An adopted amendment left out of the merge because it collides with one merged before it (one entry per pair). */
export interface MergeConflict {
  amendment: string;
  conflictsWith: string;
  /** The base lines where they collide: those both change (from the first to the last collision), as the conflict map shows the pair. */
  fromLine: number;
  toLine: number;
}

/** The final text, the amendments merged into it (in order) and the collisions that kept others out. */
export interface MergeResult {
  text: TextBlock[];
  merged: string[];
  conflicts: MergeConflict[];
}

/** The diff of an amendment against `base`, reusing its precomputed diff when that is against the same base. */
export function diffOfAmendment(base: readonly TextBlock[], amendment: Amendment): BlockDiff {
  if (amendment.diff && amendment.diff.base === base && amendment.diff.amended === amendment.blocks) return amendment.diff;
  return diffBlocks(base, amendment.blocks);
}

/**
 * The base lines where two colliding edits meet: the lines both touch, as the
 * conflict map shows them for the pair (reporting the later edit's whole span
 * would name lines only one of them changes). Edits that collide without a
 * common line (insertions at the same place, counted on adjacent lines) get
 * the span of both.
 */
function collisionLines(a: LineRange, b: LineRange): LineRange {
  return overlap(a, b) ?? { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

/** An edit already merged, who made it, and its place in the order of merging. */
interface AcceptedEdit {
  owner: string;
  edit: Edit;
  order: number;
}

/**
 * The base block indices an edit is registered under, chosen so that two edits
 * that collide or are the same (`editsCollide`, `sameEdit`) always share one:
 * a text edit its block; a block edit replacing [from, to) every block in it; an
 * insertion at gap g block g (a replacement it falls strictly inside covers g).
 * Comparing an edit only with the edits sharing a block keeps a merge of
 * hundreds of amendments from comparing every edit with every other.
 */
function blockKeys(edit: Edit): number[] {
  if (edit.type === 'text') return [edit.block];
  if (edit.from === edit.to) return [edit.from];
  const keys: number[] = [];
  for (let b = edit.from; b < edit.to; b++) keys.push(b);
  return keys;
}

/** The accepted edits sharing a block with `edit` (see `blockKeys`), once each, in the order they were merged. */
function nearbyAccepted(byBlock: ReadonlyMap<number, readonly AcceptedEdit[]>, edit: Edit): AcceptedEdit[] {
  const keys = blockKeys(edit);
  if (keys.length === 1) return (byBlock.get(keys[0]) ?? []) as AcceptedEdit[];
  const found = new Set<AcceptedEdit>();
  for (const key of keys) for (const other of byBlock.get(key) ?? []) found.add(other);
  return [...found].sort((x, y) => x.order - y.order);
}

/**
 * Merges adopted amendments, in the order given, into one final text. An
 * amendment is merged whole or not at all: if any of its changes collides with
 * a change already merged (see `editsCollide`), it is left out and each
 * collision is reported with the base lines involved. Changes that two
 * amendments make identically are merged once. With no amendments the text is
 * the base. Line numbers are counted at `width`.
 */
export function mergeAmendments(base: readonly TextBlock[], adopted: readonly Amendment[], width: number = DEFAULT_LINE_WIDTH): MergeResult {
  const lines = numberLines(base, width);
  const accepted: AcceptedEdit[] = [];
  const byBlock = new Map<number, AcceptedEdit[]>(); // base block index -> accepted edits registered there (see `blockKeys`)
  const merged: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const amendment of adopted) {
    const edits = flattenGroups(editGroupsFromDiff(diffOfAmendment(base, amendment)));
    const collisions: MergeConflict[] = [];
    for (const edit of edits) {
      for (const other of nearbyAccepted(byBlock, edit)) {
        if (!editsCollide(edit, other.edit)) continue;
        const range = collisionLines(linesOfEdit(edit, lines), linesOfEdit(other.edit, lines));
        const known = collisions.find((c) => c.conflictsWith === other.owner);
        if (!known) collisions.push({ amendment: amendment.id, conflictsWith: other.owner, fromLine: range.from, toLine: range.to });
        else {
          known.fromLine = Math.min(known.fromLine, range.from);
          known.toLine = Math.max(known.toLine, range.to);
        }
      }
    }
    if (collisions.length > 0) {
      conflicts.push(...collisions);
      continue;
    }
    for (const edit of edits) {
      if (nearbyAccepted(byBlock, edit).some((other) => sameEdit(edit, other.edit))) continue;
      const entry = { owner: amendment.id, edit, order: accepted.length };
      accepted.push(entry);
      for (const key of blockKeys(edit)) {
        const list = byBlock.get(key);
        if (list) list.push(entry);
        else byBlock.set(key, [entry]);
      }
    }
    merged.push(amendment.id);
  }
  return { text: applyEdits(base, accepted.map((entry) => entry.edit)), merged, conflicts };
}
