/**
 * The diff between a base text and an amended text, as a delegate should read it.
 *
 * Blocks are aligned first (a block-level array diff over whole blocks), so an
 * inserted, deleted or moved clause is one change, and only then are the words
 * of changed blocks compared. Per-block word diffs keep the cost proportional to
 * what changed: a whole-document word diff is O(N·D) over the whole text.
 *
 * Inside a block the word diff is tuned to read like a human redline: a deleted
 * word takes its following space with it ("the ~~big~~ dog"), changes separated
 * only by spaces become one strike-and-insert ("~~the quick~~ a slow fox"), and
 * struck text always comes before inserted text.
 */
import { diffArrays } from 'diff';
import type { TextBlock } from '../text';
import { blockKey, sameBlock } from './document';
import { hasWord, isBlank, tokenize } from './tokens';

/** What a piece of a redline is: unchanged, struck from the base, or inserted by the amendment. */
export type SegmentType = 'equal' | 'delete' | 'insert';

/** A piece of a redline. Without its inserts a segment list spells the base; without its deletes, the amended text. */
export interface Segment {
  type: SegmentType;
  text: string;
}

/** One change inside a block: a maximal run of struck and inserted text, with its offsets in both versions. */
export interface ChangeGroup {
  baseFrom: number;
  baseTo: number;
  amendedFrom: number;
  amendedTo: number;
  /** The struck text (base[baseFrom, baseTo)); '' for a pure insertion. */
  deleted: string;
  /** The inserted text (amended[amendedFrom, amendedTo)); '' for a pure strike. */
  inserted: string;
}

/**
 * One step of the block alignment. `base` and `amended` are block indices.
 * A `modified` block is paired with its new version and carries its word diff;
 * `kindChanged` says its kind or level changed too. A `deleted` block moved
 * elsewhere names its new place (`movedTo`), and the `inserted` block at that
 * place names where it came from (`movedFrom`).
 */
export type BlockEntry =
  | { type: 'equal'; base: number; amended: number }
  | { type: 'modified'; base: number; amended: number; segments: Segment[]; kindChanged: boolean }
  | { type: 'deleted'; base: number; movedTo?: number }
  | { type: 'inserted'; amended: number; movedFrom?: number };

/** The aligned blocks of a base and an amended text, in reading order. */
export interface BlockDiff {
  readonly base: readonly TextBlock[];
  readonly amended: readonly TextBlock[];
  readonly entries: readonly BlockEntry[];
}

/** Below this share of common words, a rewritten block reads better as a substitute than as a word-by-word redline. */
export const PAIRING_MIN_SIMILARITY = 0.4;
/** Above this many candidate pairs in one run of changed blocks, blocks are paired by position instead of by best match (keeps pairing linear). */
export const PAIRING_MAX_CELLS = 10_000;
/** Beyond this many token edits in one block the word diff gives up and strikes the block's middle as a whole; Myers' cost grows with edits × length. */
export const MAX_WORD_EDITS = 2_000;

type Run = { type: 'equal'; tokens: string[] } | { type: 'change'; del: string[]; ins: string[] };

function slidePureChange(runs: Run[], index: number): void {
  const change = runs[index];
  if (change.type !== 'change' || (change.del.length > 0 && change.ins.length > 0)) return;
  const moving = change.del.length > 0 ? change.del : change.ins;
  if (!isBlank(moving[0])) return;
  const before = runs[index - 1]?.type === 'equal' ? (runs[index - 1] as { tokens: string[] }).tokens : null;
  const after = runs[index + 1]?.type === 'equal' ? (runs[index + 1] as { tokens: string[] }).tokens : null;
  // Try moving right first, so that "the| big| dog" strikes "big " rather than " big".
  let steps = 0;
  while (after && before && after.length > 0 && isBlank(moving[0]) && moving[0] === after[0]) {
    before.push(moving.shift()!);
    moving.push(after.shift()!);
    steps++;
  }
  if (!isBlank(moving[0])) return;
  for (; steps > 0; steps--) {
    after!.unshift(moving.pop()!);
    moving.unshift(before!.pop()!);
  }
  let left = 0;
  while (before && after && before.length > 0 && isBlank(moving[0]) && before[before.length - 1] === moving[moving.length - 1]) {
    moving.unshift(before.pop()!);
    after.unshift(moving.pop()!);
    left++;
  }
  if (!isBlank(moving[0])) return;
  for (; left > 0; left--) {
    before!.push(moving.shift()!);
    moving.push(after!.shift()!);
  }
}

function commonWhitespacePrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n] && isBlank(a[n])) n++;
  return n;
}

function commonWhitespaceSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n] && isBlank(a[a.length - 1 - n])) n++;
  return n;
}

/** Merges neighbours of the same type and puts every run of struck text before the inserted text next to it. */
export function normalizeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ type: 'delete', text: del });
    if (ins) out.push({ type: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const segment of segments) {
    if (segment.text === '') continue;
    if (segment.type === 'delete') del += segment.text;
    else if (segment.type === 'insert') ins += segment.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.type === 'equal') last.text += segment.text;
      else out.push({ type: 'equal', text: segment.text });
    }
  }
  flush();
  return out;
}

/**
 * The word diff of one block's text: segments in reading order, struck before
 * inserted. Words, punctuation marks and runs of whitespace are compared as
 * tokens (see `tokenize`), so a punctuation-only or whitespace-only change shows
 * as exactly that. Changes separated only by whitespace are joined, and a pure
 * strike or insertion is shifted to begin with a word, so the space it takes
 * along follows it. Identical texts give one equal segment (none when empty).
 */
export function diffWordsInBlock(base: string, amended: string): Segment[] {
  if (base === amended) return base === '' ? [] : [{ type: 'equal', text: base }];
  const a = tokenize(base);
  const b = tokenize(amended);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const runs: Run[] = [];
  if (prefix > 0) runs.push({ type: 'equal', tokens: a.slice(0, prefix) });
  const changes = midA.length > 0 && midB.length > 0 ? diffArrays(midA, midB, { maxEditLength: MAX_WORD_EDITS }) : undefined;
  if (changes === undefined) {
    runs.push({ type: 'change', del: midA, ins: midB });
  } else {
    for (const change of changes) {
      const last = runs[runs.length - 1];
      if (!change.added && !change.removed) {
        runs.push({ type: 'equal', tokens: change.value.slice() });
      } else if (last?.type === 'change') {
        (change.removed ? last.del : last.ins).push(...change.value);
      } else {
        runs.push(change.removed ? { type: 'change', del: change.value.slice(), ins: [] } : { type: 'change', del: [], ins: change.value.slice() });
      }
    }
  }
  if (suffix > 0) runs.push({ type: 'equal', tokens: a.slice(a.length - suffix) });
  for (let i = 0; i < runs.length; i++) slidePureChange(runs, i);

  // Join changes separated only by whitespace; trim whitespace common to both sides.
  const segments: Segment[] = [];
  let group: { del: string; ins: string } | null = null;
  const flush = () => {
    if (!group) return;
    const lead = commonWhitespacePrefix(group.del, group.ins);
    if (lead > 0) segments.push({ type: 'equal', text: group.del.slice(0, lead) });
    const del = group.del.slice(lead);
    const ins = group.ins.slice(lead);
    const trail = commonWhitespaceSuffix(del, ins);
    segments.push({ type: 'delete', text: del.slice(0, del.length - trail) }, { type: 'insert', text: ins.slice(0, ins.length - trail) });
    if (trail > 0) segments.push({ type: 'equal', text: del.slice(del.length - trail) });
    group = null;
  };
  runs.forEach((run, i) => {
    if (run.type === 'change') {
      group ??= { del: '', ins: '' };
      group.del += run.del.join('');
      group.ins += run.ins.join('');
      return;
    }
    const text = run.tokens.join('');
    if (group && runs[i + 1]?.type === 'change' && isBlank(text)) {
      group.del += text;
      group.ins += text;
      return;
    }
    flush();
    segments.push({ type: 'equal', text });
  });
  flush();
  return normalizeSegments(segments);
}

/** The changes in a block's segments, each a maximal run of struck and inserted text, with offsets in both texts. */
export function changeGroups(segments: readonly Segment[]): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  let baseAt = 0;
  let amendedAt = 0;
  let open: ChangeGroup | null = null;
  for (const segment of segments) {
    if (segment.type === 'equal') {
      open = null;
      baseAt += segment.text.length;
      amendedAt += segment.text.length;
      continue;
    }
    if (!open) {
      open = { baseFrom: baseAt, baseTo: baseAt, amendedFrom: amendedAt, amendedTo: amendedAt, deleted: '', inserted: '' };
      groups.push(open);
    }
    if (segment.type === 'delete') {
      baseAt += segment.text.length;
      open.baseTo = baseAt;
      open.deleted += segment.text;
    } else {
      amendedAt += segment.text.length;
      open.amendedTo = amendedAt;
      open.inserted += segment.text;
    }
  }
  return groups;
}

function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const token of tokenize(text)) if (hasWord(token)) bag.set(token, (bag.get(token) ?? 0) + 1);
  return bag;
}

function bagSize(bag: Map<string, number>): number {
  let n = 0;
  for (const count of bag.values()) n += count;
  return n;
}

function bagSimilarity(a: Map<string, number>, b: Map<string, number>): number {
  const sizeA = bagSize(a);
  const sizeB = bagSize(b);
  if (sizeA === 0 && sizeB === 0) return 1;
  if (sizeA === 0 || sizeB === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [word, count] of small) common += Math.min(count, large.get(word) ?? 0);
  return (2 * common) / (sizeA + sizeB);
}

/**
 * How alike two block texts are: the share of their words they have in common
 * (Dice coefficient over words, 0 to 1). Punctuation and spacing do not count.
 * Two texts without words are alike (1); one with words and one without are not (0).
 */
export function blockSimilarity(a: string, b: string): number {
  return bagSimilarity(wordBag(a), wordBag(b));
}

function similarityOf(base: TextBlock, amended: TextBlock, bags: { base: Map<string, number>; amended: Map<string, number> }): number {
  // An empty block being filled in is an edit of that block, not a new one.
  if (base.kind === amended.kind && (isBlank(base.text) || isBlank(amended.text))) return PAIRING_MIN_SIMILARITY;
  return bagSimilarity(bags.base, bags.amended);
}

/** Pairs deleted and inserted blocks of one run by similarity, keeping their order (a small LCS over similarity scores). */
function pairRun(base: readonly TextBlock[], amended: readonly TextBlock[], deleted: number[], inserted: number[]): [number, number][] {
  if (deleted.length === 0 || inserted.length === 0) return [];
  const baseBags = deleted.map((i) => wordBag(base[i].text));
  const amendedBags = inserted.map((i) => wordBag(amended[i].text));
  const score = (d: number, i: number) => similarityOf(base[deleted[d]], amended[inserted[i]], { base: baseBags[d], amended: amendedBags[i] });
  if (deleted.length * inserted.length > PAIRING_MAX_CELLS) {
    const pairs: [number, number][] = [];
    for (let k = 0; k < Math.min(deleted.length, inserted.length); k++) if (score(k, k) >= PAIRING_MIN_SIMILARITY) pairs.push([k, k]);
    return pairs;
  }
  const rows = deleted.length + 1;
  const cols = inserted.length + 1;
  const best = new Float64Array(rows * cols);
  const sims = new Float64Array(rows * cols);
  for (let d = 1; d < rows; d++) {
    for (let i = 1; i < cols; i++) {
      const s = score(d - 1, i - 1);
      sims[d * cols + i] = s;
      const diagonal = s >= PAIRING_MIN_SIMILARITY ? best[(d - 1) * cols + i - 1] + s : -1;
      best[d * cols + i] = Math.max(best[(d - 1) * cols + i], best[d * cols + i - 1], diagonal);
    }
  }
  const pairs: [number, number][] = [];
  let d = rows - 1;
  let i = cols - 1;
  while (d > 0 && i > 0) {
    const here = best[d * cols + i];
    const s = sims[d * cols + i];
    if (s >= PAIRING_MIN_SIMILARITY && here === best[(d - 1) * cols + i - 1] + s) {
      pairs.push([d - 1, i - 1]);
      d--;
      i--;
    } else if (here === best[(d - 1) * cols + i]) d--;
    else i--;
  }
  return pairs.reverse();
}

function modifiedEntry(base: readonly TextBlock[], amended: readonly TextBlock[], b: number, a: number): BlockEntry {
  const from = base[b];
  const to = amended[a];
  if (sameBlock(from, to)) return { type: 'equal', base: b, amended: a };
  const kindChanged = from.kind !== to.kind || (from.level ?? 0) !== (to.level ?? 0);
  return { type: 'modified', base: b, amended: a, segments: diffWordsInBlock(from.text, to.text), kindChanged };
}

function emitRun(base: readonly TextBlock[], amended: readonly TextBlock[], deleted: number[], inserted: number[], entries: BlockEntry[]): void {
  let d = 0;
  let i = 0;
  for (const [pd, pi] of pairRun(base, amended, deleted, inserted)) {
    for (; d < pd; d++) entries.push({ type: 'deleted', base: deleted[d] });
    for (; i < pi; i++) entries.push({ type: 'inserted', amended: inserted[i] });
    entries.push(modifiedEntry(base, amended, deleted[pd], inserted[pi]));
    d = pd + 1;
    i = pi + 1;
  }
  for (; d < deleted.length; d++) entries.push({ type: 'deleted', base: deleted[d] });
  for (; i < inserted.length; i++) entries.push({ type: 'inserted', amended: inserted[i] });
}

/** Links a deleted block to an inserted block with the same kind and text: the clause was moved, one change. */
function detectMoves(base: readonly TextBlock[], amended: readonly TextBlock[], entries: BlockEntry[]): void {
  const deletedByKey = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    if (entry.type !== 'deleted' || !hasWord(base[entry.base].text) || base[entry.base].kind === 'title') return;
    const key = blockKey(base[entry.base]);
    const list = deletedByKey.get(key);
    if (list) list.push(index);
    else deletedByKey.set(key, [index]);
  });
  if (deletedByKey.size === 0) return;
  for (const entry of entries) {
    if (entry.type !== 'inserted') continue;
    const candidates = deletedByKey.get(blockKey(amended[entry.amended]));
    const from = candidates?.shift();
    if (from === undefined) continue;
    const source = entries[from] as { type: 'deleted'; base: number; movedTo?: number };
    source.movedTo = entry.amended;
    entry.movedFrom = source.base;
  }
}

/**
 * Aligns the blocks of a base and an amended text and diffs the words of every
 * block that changed. Identical blocks are `equal`; a changed block is paired
 * with its new version (`modified`) when they share at least
 * `PAIRING_MIN_SIMILARITY` of their words, otherwise it shows as deleted and its
 * replacement as inserted. A title is always paired with a title. A block that
 * was deleted in one place and inserted unchanged in another is a move. Either
 * text may be empty.
 */
export function diffBlocks(base: readonly TextBlock[], amended: readonly TextBlock[]): BlockDiff {
  const entries: BlockEntry[] = [];
  let b0 = 0;
  let a0 = 0;
  if (base[0]?.kind === 'title' && amended[0]?.kind === 'title') {
    entries.push(modifiedEntry(base, amended, 0, 0));
    b0 = 1;
    a0 = 1;
  }
  while (b0 < base.length && a0 < amended.length && sameBlock(base[b0], amended[a0])) {
    entries.push({ type: 'equal', base: b0++, amended: a0++ });
  }
  let b1 = base.length;
  let a1 = amended.length;
  const tail: BlockEntry[] = [];
  while (b1 > b0 && a1 > a0 && sameBlock(base[b1 - 1], amended[a1 - 1])) tail.push({ type: 'equal', base: --b1, amended: --a1 });
  if (b0 < b1 || a0 < a1) {
    const ids = new Map<string, number>();
    const idOf = (block: TextBlock) => {
      const key = blockKey(block);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    };
    const baseIds = base.slice(b0, b1).map(idOf);
    const amendedIds = amended.slice(a0, a1).map(idOf);
    let b = b0;
    let a = a0;
    let deleted: number[] = [];
    let inserted: number[] = [];
    for (const change of diffArrays(baseIds, amendedIds)) {
      if (change.removed) for (let k = 0; k < change.count; k++) deleted.push(b++);
      else if (change.added) for (let k = 0; k < change.count; k++) inserted.push(a++);
      else {
        emitRun(base, amended, deleted, inserted, entries);
        deleted = [];
        inserted = [];
        for (let k = 0; k < change.count; k++) entries.push({ type: 'equal', base: b++, amended: a++ });
      }
    }
    emitRun(base, amended, deleted, inserted, entries);
  }
  entries.push(...tail.reverse());
  detectMoves(base, amended, entries);
  return { base, amended, entries };
}

/**
 * The redline of a whole document as one segment list, blocks joined with "\n":
 * without its inserts it is the base's text, without its deletes the amended
 * text (see `documentText`). Neighbouring segments of one type are merged and
 * every struck run comes before the insert beside it.
 */
export function documentSegments(diff: BlockDiff): Segment[] {
  const out: Segment[] = [];
  let firstBase = true;
  let firstAmended = true;
  for (const entry of diff.entries) {
    const hasBase = entry.type !== 'inserted';
    const hasAmended = entry.type !== 'deleted';
    if (hasBase && hasAmended && !firstBase && !firstAmended) out.push({ type: 'equal', text: '\n' });
    else {
      if (hasBase && !firstBase) out.push({ type: 'delete', text: '\n' });
      if (hasAmended && !firstAmended) out.push({ type: 'insert', text: '\n' });
    }
    if (hasBase) firstBase = false;
    if (hasAmended) firstAmended = false;
    switch (entry.type) {
      case 'equal':
        out.push({ type: 'equal', text: diff.base[entry.base].text });
        break;
      case 'modified':
        out.push(...entry.segments);
        break;
      case 'deleted':
        out.push({ type: 'delete', text: diff.base[entry.base].text });
        break;
      case 'inserted':
        out.push({ type: 'insert', text: diff.amended[entry.amended].text });
        break;
    }
  }
  return normalizeSegments(out);
}

/** Whether a diff finds no change at all (same blocks, same kinds, same text). */
export function isUnchanged(diff: BlockDiff): boolean {
  return diff.entries.every((entry) => entry.type === 'equal');
}
