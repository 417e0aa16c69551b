/**
 * The diff between a base text and an amended text, as a delegate should read it.
 *
 * Blocks are aligned first (a block-level array diff over whole blocks), so an
 * inserted, deleted or moved clause is one change, and only then are the words
 * of changed blocks compared. Per-block word diffs keep the cost proportional to
 * what changed: a whole-document word diff is O(N·D) over the whole text.
 *
 * Inside a block the word diff is tuned to read like a human redline: a deleted
 * word takes its following space with it ("the ~~big~~ dog"), a strike or
 * insertion with the same text on both sides covers whole sentences, clauses
 * or words ("We act. ~~We meet. ~~We win.", never "We act~~. We meet~~. We
 * win."), changes separated only by spaces become one strike-and-insert
 * ("~~the quick~~ a slow fox"), and struck text always comes before inserted
 * text.
 */
import { diffArrays } from 'diff';
import { alignPairs } from './align';
import type { TextBlock } from '../text';
import { blockKey, sameBlock } from './document';
import { countWords, hasWord, isBlank, tokenize } from './tokens';

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
  /** The indices in `entries` of those that are not `equal`, in order (see `forEachChange`). */
  readonly changed: readonly number[];
}

/** Below this share of common words, a rewritten block reads better as deleted and inserted than as a word-by-word redline; at 0.5 two unrelated clauses rarely pair on shared small words. */
export const PAIRING_MIN_SIMILARITY = 0.5;
/** Beyond this many token edits in one block the word diff gives up and strikes the block's middle as a whole; Myers' cost grows with edits × length. */
export const MAX_WORD_EDITS = 2_000;

type Run = { type: 'equal'; tokens: string[] } | { type: 'change'; del: string[]; ins: string[] };

/** Marks that end a sentence: after one of them and its space a sentence starts. */
const SENTENCE_END = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '。', '！', '？']);
/** Marks that end a clause inside a sentence. */
const CLAUSE_END = new Set([',', ';', ':', '—', '–', '、', '，', '；', '：']);
/** Chinese and Japanese sentence and clause marks, which end a sentence or clause with no space after them. */
const UNSPACED_SENTENCE_END = new Set(['。', '！', '？']);
const UNSPACED_CLAUSE_END = new Set(['、', '，', '；', '：']);
/** Closing quotes and brackets that may stand between a sentence's last mark and the space after it (“... end.” Next). */
const CLOSERS = new Set(['”', '’', '"', "'", ')', ']', '}', '»', '›', '」', '』', '）', '】']);

/** Whether token `i` ends a sentence or a clause, looking through closing quotes and brackets after its mark. */
function endMark(token: (i: number) => string, i: number): 'sentence' | 'clause' | null {
  let k = i;
  while (k >= 0 && k > i - 3 && CLOSERS.has(token(k))) k--;
  if (k < 0) return null;
  const mark = token(k);
  return SENTENCE_END.has(mark) ? 'sentence' : CLAUSE_END.has(mark) ? 'clause' : null;
}

/**
 * How good a place the boundary before token `j` (of `length` tokens) is for a
 * strike or insertion to begin or end; higher is better. After
 * diff-match-patch's cleanupSemanticLossless, ordered so that a change takes
 * the space after it along: the edge of the block (12), the start of a
 * sentence (after ". ", 10), the end of one (after "." before its space, 8),
 * the start of a clause (after ", ", 6), its end (5), the start of a word (4),
 * its end (3); anywhere else, as between a word and its punctuation, 1, and
 * between two ideographs 0. A Chinese or Japanese full stop or comma ends a
 * sentence or clause without a space.
 */
function boundaryScore(token: (i: number) => string, length: number, j: number, edge: boolean): number {
  if (j <= 0 || j >= length) return edge ? 12 : 1;
  const left = token(j - 1);
  const right = token(j);
  const blankLeft = isBlank(left);
  const blankRight = isBlank(right);
  if (blankLeft && blankRight) return 0;
  if (blankLeft) {
    const mark = j >= 2 ? endMark(token, j - 2) : null;
    return mark === 'sentence' ? 10 : mark === 'clause' ? 6 : 4;
  }
  if (blankRight) {
    const mark = endMark(token, j - 1);
    return mark === 'sentence' ? 8 : mark === 'clause' ? 5 : 3;
  }
  if (!CLOSERS.has(right) && !SENTENCE_END.has(right) && !CLAUSE_END.has(right)) {
    if (UNSPACED_SENTENCE_END.has(left)) return 10;
    if (UNSPACED_CLAUSE_END.has(left)) return 6;
  }
  return hasWord(left) && hasWord(right) ? 0 : 1;
}

/**
 * Moves a pure strike or insertion that has identical text on both sides to
 * the most natural place it can go: whole sentences, then whole clauses, then
 * whole words, each taking the space after it along ("We act. ~~We meet. ~~We
 * win.", not "We act~~. We meet~~. We win."); see `boundaryScore`. Among places
 * that read equally well it prefers one that begins with a word, then the one
 * nearest where the word diff put it. Sliding only changes which copy of the
 * repeated text is marked, so the redline still spells both versions. An
 * equal run between two changes keeps at least one token, so changes never
 * merge by sliding. `atStart`/`atEnd` say whether `before`/`after` reach the
 * block's edges.
 */
function slidePureChange(before: string[], change: { del: string[]; ins: string[] }, after: string[], atStart: boolean, atEnd: boolean): void {
  if (change.del.length > 0 && change.ins.length > 0) return;
  const moving = change.del.length > 0 ? change.del : change.ins;
  const m = moving.length;
  if (m === 0) return;
  // before + moving + after is the same token sequence wherever the change sits; only its place k in it moves.
  const b = before.length;
  const a = after.length;
  const length = b + m + a;
  const token = (i: number): string => (i < b ? before[i] : i < b + m ? moving[i - b] : after[i - b - m]);
  const minK = atStart ? 0 : Math.min(1, b);
  const maxK = atEnd ? b + a : Math.max(b + a - 1, b);
  let lo = b;
  while (lo > minK && token(lo - 1) === token(lo - 1 + m)) lo--;
  let hi = b;
  while (hi < maxK && token(hi) === token(hi + m)) hi++;
  if (lo === hi) return;
  const score = (j: number) => boundaryScore(token, length, j, j === 0 ? atStart : atEnd);
  let best = b;
  let bestScore = -1;
  let bestWord = false;
  for (let k = lo; k <= hi; k++) {
    const total = score(k) + score(k + m);
    const word = !isBlank(token(k));
    const better = total > bestScore || (total === bestScore && word && !bestWord) || (total === bestScore && word === bestWord && Math.abs(k - b) < Math.abs(best - b));
    if (better) {
      best = k;
      bestScore = total;
      bestWord = word;
    }
  }
  if (best === b) return;
  // Rebuild the three runs from the sequence (loops, not spreads: a run may hold more tokens than a call takes arguments).
  const placed: string[] = [];
  for (let i = best; i < best + m; i++) placed.push(token(i));
  const rest: string[] = [];
  for (let i = best + m; i < length; i++) rest.push(token(i));
  for (let i = b; i < best; i++) before.push(token(i));
  before.length = best;
  after.length = 0;
  for (const t of rest) after.push(t);
  moving.length = 0;
  for (const t of placed) moving.push(t);
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
 * as exactly that. A pure strike or insertion bounded by identical text is
 * slid to its most natural place (whole sentences, then clauses, then words,
 * beginning with a word so that the space it takes along follows it; see
 * `slidePureChange`), and changes separated only by whitespace are joined.
 * Identical texts give one equal segment (none when empty).
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
  if (runs[0]?.type !== 'equal') runs.unshift({ type: 'equal', tokens: [] });
  if (runs[runs.length - 1].type !== 'equal') runs.push({ type: 'equal', tokens: [] });
  for (let i = 1; i < runs.length - 1; i++) {
    const run = runs[i];
    if (run.type === 'change') slidePureChange((runs[i - 1] as { tokens: string[] }).tokens, run, (runs[i + 1] as { tokens: string[] }).tokens, i === 1, i === runs.length - 2);
  }

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

/**
 * When more than this share of a block's words are struck or inserted, the block is rewritten: delegates
 * read a substitute more easily than many small strikes, and its changes stand or fall together.
 */
export const SUBSTITUTE_MIN_CHANGED_SHARE = 0.5;

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

/** A `modified` step of a block alignment. */
export type ModifiedEntry = Extract<BlockEntry, { type: 'modified' }>;

/** A modified block's changes, and whether they rewrite it (see `SUBSTITUTE_MIN_CHANGED_SHARE`). */
export interface BlockChanges {
  changes: ChangeGroup[];
  /** The block's instruction substitutes it whole, and a rebase carries it over whole or not at all, never some of its words. */
  rewritten: boolean;
}

/** Worked out once per modified entry, keyed by its segments (no two entries share them): instructions, edits and conflicts all ask. */
const changesOfEntry = new WeakMap<readonly Segment[], BlockChanges>();

/** The changes of a `modified` entry of `diff`, and whether they rewrite its block; the blocks' word counts are the alignment's. */
export function blockChanges(diff: BlockDiff, entry: ModifiedEntry): BlockChanges {
  const known = changesOfEntry.get(entry.segments);
  if (known !== undefined) return known;
  const changes = changeGroups(entry.segments);
  const baseWords = blockWords(diff.base[entry.base]).size;
  const amendedWords = blockWords(diff.amended[entry.amended]).size;
  let rewritten = false;
  if (baseWords > 0 && amendedWords > 0) {
    let changed = 0;
    for (const change of changes) changed += countWords(change.deleted) + countWords(change.inserted);
    rewritten = changed / (baseWords + amendedWords) > SUBSTITUTE_MIN_CHANGED_SHARE;
  }
  const result = { changes, rewritten };
  changesOfEntry.set(entry.segments, result);
  return result;
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

interface BlockWords {
  bag: Map<string, number>;
  size: number;
}

/** Word bags already counted, by block, with the text they were counted from (a block whose text changed is counted again). */
const wordsByBlock = new WeakMap<TextBlock, { text: string; words: BlockWords }>();

/** The words of a block, counted once per block object: a base is aligned against every amendment, so its blocks' bags are reused. */
function blockWords(block: TextBlock): BlockWords {
  const known = wordsByBlock.get(block);
  if (known !== undefined && known.text === block.text) return known.words;
  const bag = wordBag(block.text);
  const words = { bag, size: bagSize(bag) };
  wordsByBlock.set(block, { text: block.text, words });
  return words;
}

/** Whether a base block and an amended block are versions of one another, to be aligned and word-diffed. */
function areVersions(base: TextBlock, amended: TextBlock, baseWords: BlockWords, amendedWords: BlockWords): boolean {
  // A title is only ever paired with a title.
  if ((base.kind === 'title') !== (amended.kind === 'title')) return false;
  // An empty block being filled in (or emptied) is an edit of that block, not a new one.
  if (base.kind === amended.kind && (baseWords.size === 0 || amendedWords.size === 0)) return isBlank(base.text) || isBlank(amended.text);
  const { size: a } = baseWords;
  const { size: b } = amendedWords;
  if ((2 * Math.min(a, b)) / (a + b) < PAIRING_MIN_SIMILARITY) return false; // cannot reach the threshold
  return bagSimilarity(baseWords.bag, amendedWords.bag) >= PAIRING_MIN_SIMILARITY;
}

/** Offsets (amended index - base index) up to this size get shared `equal` entries; an amendment rarely adds or removes more blocks. */
const SHARED_EQUAL_MAX_OFFSET = 64;
/** Block indices below this get shared `equal` entries: a platform of 50,000 words has about 2,000 blocks. */
const SHARED_EQUAL_MAX_INDEX = 20_000;
/** Frozen `equal` entries by offset, then by base index, shared by every diff (see `equalEntry`). */
const sharedEquals = new Map<number, BlockEntry[]>();

/**
 * The entry pairing base block `b` with amended block `a` as unchanged. Equal
 * entries are immutable, so those at common places are made once and shared by
 * every diff: a long text diffed against a thousand amendments would otherwise
 * allocate a million identical entries, most of a diff's memory and garbage.
 */
function equalEntry(b: number, a: number): BlockEntry {
  const offset = a - b;
  if (Math.abs(offset) > SHARED_EQUAL_MAX_OFFSET || b >= SHARED_EQUAL_MAX_INDEX) return { type: 'equal', base: b, amended: a };
  let list = sharedEquals.get(offset);
  if (list === undefined) sharedEquals.set(offset, (list = []));
  return (list[b] ??= Object.freeze({ type: 'equal', base: b, amended: a }));
}

/** A diff's entries as they are built, with the indices of those that are not `equal` (`BlockDiff.changed`). */
interface EntryList {
  entries: BlockEntry[];
  changed: number[];
}

function addEntry(list: EntryList, entry: BlockEntry): void {
  if (entry.type !== 'equal') list.changed.push(list.entries.length);
  list.entries.push(entry);
}

/** Appends `count` equal entries, pairing base blocks from `b` with amended blocks from `a`. */
function addEqualRun(list: EntryList, b: number, a: number, count: number): void {
  for (let i = 0; i < count; i++) list.entries.push(equalEntry(b + i, a + i));
}

function modifiedEntry(base: readonly TextBlock[], amended: readonly TextBlock[], b: number, a: number): BlockEntry {
  const from = base[b];
  const to = amended[a];
  if (sameBlock(from, to)) return equalEntry(b, a);
  const kindChanged = from.kind !== to.kind || (from.level ?? 0) !== (to.level ?? 0);
  return { type: 'modified', base: b, amended: a, segments: diffWordsInBlock(from.text, to.text), kindChanged };
}

/** Links a deleted block to an inserted block with the same kind and text: the clause was moved, one change. */
function detectMoves(base: readonly TextBlock[], amended: readonly TextBlock[], { entries, changed }: EntryList): void {
  const deletedByKey = new Map<string, number[]>();
  for (const index of changed) {
    const entry = entries[index];
    if (entry.type !== 'deleted' || !hasWord(base[entry.base].text) || base[entry.base].kind === 'title') continue;
    const key = blockKey(base[entry.base]);
    const list = deletedByKey.get(key);
    if (list) list.push(index);
    else deletedByKey.set(key, [index]);
  }
  if (deletedByKey.size === 0) return;
  for (const index of changed) {
    const entry = entries[index];
    if (entry.type !== 'inserted') continue;
    const candidates = deletedByKey.get(blockKey(amended[entry.amended]));
    const from = candidates?.shift();
    if (from === undefined) continue;
    const source = entries[from] as { type: 'deleted'; base: number; movedTo?: number };
    source.movedTo = entry.amended;
    entry.movedFrom = source.base;
  }
}

/** A similar pair scores this × its similarity squared, an identical pair 1: loosely similar pairs must not outvote identical ones. */
const SIMILAR_PAIR_WEIGHT = 0.9;

/**
 * Aligns base blocks [b0, b1) with amended blocks [a0, a1). Two alignments are
 * tried and the better kept: identical blocks first, then versions of one
 * another (see `areVersions`) inside what is left; and versions of one another
 * throughout, so that a clause edited next to a moved one still lines up with
 * its new version. An alignment scores 1 per identical pair and
 * `SIMILAR_PAIR_WEIGHT` × similarity² per similar pair. Unmatched blocks are
 * deleted or inserted, the deleted ones first.
 */
function alignMiddle(base: readonly TextBlock[], amended: readonly TextBlock[], b0: number, b1: number, a0: number, a1: number, list: EntryList): void {
  const identical = (b: number, a: number): boolean => sameBlock(base[b], amended[a]);
  const versions = (b: number, a: number): boolean =>
    identical(b, a) || areVersions(base[b], amended[a], blockWords(base[b]), blockWords(amended[a]));

  // Identical blocks first, then versions inside each run between them.
  const identicalPairs: number[] = [];
  alignPairs(b0, b1, a0, a1, identical, identicalPairs);
  const anchored: number[] = [];
  let lastB = b0;
  let lastA = a0;
  for (let i = 0; i < identicalPairs.length; i += 2) {
    const b = identicalPairs[i];
    const a = identicalPairs[i + 1];
    alignPairs(lastB, b, lastA, a, versions, anchored);
    anchored.push(b, a);
    lastB = b + 1;
    lastA = a + 1;
  }
  alignPairs(lastB, b1, lastA, a1, versions, anchored);
  let pairs = anchored;
  // Some blocks are left unpaired, or paired only as versions of one another (a gap has no identical pair:
  // the identical alignment is a longest one): try versions throughout, and keep the better alignment.
  if (anchored.length / 2 < Math.min(b1 - b0, a1 - a0) || anchored.length > identicalPairs.length) {
    const score = (list: number[]) => {
      let sum = 0;
      for (let i = 0; i < list.length; i += 2) {
        const b = list[i];
        const a = list[i + 1];
        sum += identical(b, a) ? 1 : SIMILAR_PAIR_WEIGHT * bagSimilarity(blockWords(base[b]).bag, blockWords(amended[a]).bag) ** 2;
      }
      return sum;
    };
    const throughout: number[] = [];
    alignPairs(b0, b1, a0, a1, versions, throughout);
    if (score(throughout) > score(anchored)) pairs = throughout;
  }

  let b = b0;
  let a = a0;
  const gapUntil = (toB: number, toA: number) => {
    for (; b < toB; b++) addEntry(list, { type: 'deleted', base: b });
    for (; a < toA; a++) addEntry(list, { type: 'inserted', amended: a });
  };
  for (let i = 0; i < pairs.length; i += 2) {
    const pb = pairs[i];
    const pa = pairs[i + 1];
    gapUntil(pb, pa);
    addEntry(list, modifiedEntry(base, amended, pb, pa));
    b = pb + 1;
    a = pa + 1;
  }
  gapUntil(b1, a1);
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
  const list: EntryList = { entries: [], changed: [] };
  let b0 = 0;
  let a0 = 0;
  if (base[0]?.kind === 'title' && amended[0]?.kind === 'title') {
    addEntry(list, modifiedEntry(base, amended, 0, 0));
    b0 = 1;
    a0 = 1;
  }
  let prefix = 0;
  while (b0 + prefix < base.length && a0 + prefix < amended.length && sameBlock(base[b0 + prefix], amended[a0 + prefix])) prefix++;
  addEqualRun(list, b0, a0, prefix);
  b0 += prefix;
  a0 += prefix;
  let suffix = 0;
  while (base.length - suffix > b0 && amended.length - suffix > a0 && sameBlock(base[base.length - 1 - suffix], amended[amended.length - 1 - suffix])) suffix++;
  const b1 = base.length - suffix;
  const a1 = amended.length - suffix;
  if (b0 < b1 || a0 < a1) alignMiddle(base, amended, b0, b1, a0, a1, list);
  addEqualRun(list, b1, a1, suffix);
  detectMoves(base, amended, list);
  return { base, amended, entries: list.entries, changed: list.changed };
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

/**
 * Calls `visit` with every entry of `diff` that is not `equal`, in order, and
 * with the last entry of each run of `equal` ones: all that a reader needs
 * which only asks where unchanged text ends (the gap a change sits in), so the
 * unchanged blocks of a long text cost such readers nothing.
 */
export function forEachChange(diff: BlockDiff, visit: (entry: BlockEntry) => void): void {
  const { entries, changed } = diff;
  let next = 0; // the first entry neither visited nor skipped
  for (const index of changed) {
    if (index > next) visit(entries[index - 1]);
    visit(entries[index]);
    next = index + 1;
  }
  if (entries.length > next) visit(entries[entries.length - 1]);
}

/** Whether a diff finds no change at all (same blocks, same kinds, same text). */
export function isUnchanged(diff: BlockDiff): boolean {
  return diff.changed.length === 0;
}
