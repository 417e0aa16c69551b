/**
 * A Word amendment read back: the paragraphs of a DOCX with tracked changes
 * (each run kept, inserted or deleted; each paragraph mark likewise) are
 * applied to the base text they were made from. A change applies only where
 * the file's original wording (every change rejected) is exactly the base's;
 * a change to a paragraph the base does not have (the file was made from
 * another version, or edited without tracking) is reported, never guessed.
 */
import { diffArrays } from 'diff';
import { clauseKind, type BlockKind, type TextBlock } from '../text';

/** One run of a tracked paragraph. */
export interface TrackedRun {
  status: 'kept' | 'inserted' | 'deleted';
  text: string;
}

/** One paragraph of the file, as Word stores it. */
export interface TrackedParagraph {
  kind: BlockKind;
  level?: number;
  runs: TrackedRun[];
  /** Whether the paragraph mark (its end) is itself an inserted or deleted change. */
  mark: 'kept' | 'inserted' | 'deleted';
}

/** A tracked change that could not be applied, in words for the drafter. */
export interface UnmatchedChange {
  /** The file's wording with the change rejected (what the base should have said). */
  original: string;
  /** The file's wording with the change accepted. */
  changed: string;
  reason: string;
}

/** The amended blocks, how many change groups applied, and those that did not. */
export interface WordAmendment {
  blocks: TextBlock[];
  applied: number;
  unmatched: UnmatchedChange[];
  /** Paragraphs where the file's untracked wording differs from the base (left as the base says). */
  untrackedDifferences: number;
}

interface Merged {
  block: TextBlock;
  sources: number[];
}

function hasChanges(paragraph: TrackedParagraph): boolean {
  return paragraph.mark !== 'kept' || paragraph.runs.some((run) => run.status !== 'kept' && run.text !== '');
}

/** Text for comparing: whitespace runs as one space, ends trimmed. */
function normal(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The paragraphs as they read with every change rejected (`original`) or
 * accepted (`changed`): a paragraph whose mark did not exist on that side runs
 * on into the next. A merged paragraph takes the kind of the first paragraph
 * that gives it text.
 */
function view(paragraphs: readonly TrackedParagraph[], side: 'original' | 'changed'): Merged[] {
  const skip: TrackedRun['status'] = side === 'original' ? 'inserted' : 'deleted';
  const out: Merged[] = [];
  let text = '';
  let sources: number[] = [];
  let kindFrom: TrackedParagraph | null = null;
  paragraphs.forEach((paragraph, i) => {
    const own = paragraph.runs.filter((run) => run.status !== skip).map((run) => run.text).join('');
    text += own;
    sources.push(i);
    if (kindFrom === null && normal(own) !== '') kindFrom = paragraph;
    if (paragraph.mark === skip && i < paragraphs.length - 1) return;
    const from: TrackedParagraph = kindFrom ?? paragraph;
    const block: TextBlock = { kind: kindOf(from, text), text: normal(text) };
    if (from.level !== undefined) block.level = from.level;
    out.push({ block, sources });
    text = '';
    sources = [];
    kindFrom = null;
  });
  return out;
}

/** A paragraph's kind; a clause lead word typed in Word wins over the style of the paragraph it was split from. */
function kindOf(paragraph: TrackedParagraph, text: string): BlockKind {
  if (paragraph.kind !== 'paragraph' && paragraph.kind !== 'whereas' && paragraph.kind !== 'resolved') return paragraph.kind;
  const implied = clauseKind(normal(text));
  return implied === 'paragraph' ? paragraph.kind : implied;
}

interface Group {
  first: number;
  last: number;
  original: Merged[];
  changed: Merged[];
  changes: boolean;
}

/** Groups paragraphs that merge on either side into one unit, in order. */
function groups(paragraphs: readonly TrackedParagraph[], original: Merged[], changed: Merged[]): Group[] {
  const owner = paragraphs.map((_, i) => i);
  const find = (i: number): number => (owner[i] === i ? i : (owner[i] = find(owner[i])));
  for (const merged of [...original, ...changed]) for (const source of merged.sources) owner[find(source)] = find(merged.sources[0]);
  const byRoot = new Map<number, Group>();
  const order: Group[] = [];
  paragraphs.forEach((paragraph, i) => {
    const root = find(i);
    let group = byRoot.get(root);
    if (!group) {
      group = { first: i, last: i, original: [], changed: [], changes: false };
      byRoot.set(root, group);
      order.push(group);
    }
    group.last = i;
    group.changes ||= hasChanges(paragraph);
  });
  for (const merged of original) byRoot.get(find(merged.sources[0]))!.original.push(merged);
  for (const merged of changed) byRoot.get(find(merged.sources[0]))!.changed.push(merged);
  return order;
}

/**
 * Applies the file's tracked changes to `base`. The file's original wording
 * is aligned with the base block by block (equal text only); each group of
 * changed paragraphs whose original blocks all align replaces those base
 * blocks with its changed ones. A group of new paragraphs only applies after
 * a paragraph that aligns (or at the very start). Everything else is kept as
 * the base says, and each change that did not apply is in `unmatched`.
 */
export function applyWordAmendment(base: readonly TextBlock[], paragraphs: readonly TrackedParagraph[]): WordAmendment {
  const original = view(paragraphs, 'original');
  const changed = view(paragraphs, 'changed');
  const fileGroups = groups(paragraphs, original, changed);
  const originalText = original.filter((m) => m.block.text !== '');
  const indexOf = new Map(originalText.map((merged, i) => [merged, i]));
  // Align the file's original blocks with the base's, by text.
  const aligned = new Map<number, number>();
  let b = 0;
  let f = 0;
  let untrackedDifferences = 0;
  for (const part of diffArrays(base.map((block) => normal(block.text)), originalText.map((m) => m.block.text))) {
    const n = part.count ?? part.value.length;
    if (part.added) {
      f += n;
      untrackedDifferences += n;
    } else if (part.removed) b += n;
    else for (let i = 0; i < n; i++) aligned.set(f++, b++);
  }
  const replacements = new Map<number, TextBlock[]>(); // base index -> blocks replacing it
  const insertions = new Map<number, TextBlock[]>(); // base index after which (-1: at the start) -> new blocks
  const removed = new Set<number>();
  const unmatched: UnmatchedChange[] = [];
  let applied = 0;
  let lastAligned = -1; // the base index of the last aligned original block seen
  let lastAlignedOk = true;
  for (const group of fileGroups) {
    const own = group.original.filter((m) => m.block.text !== '');
    const positions = own.map((m) => aligned.get(indexOf.get(m)!));
    const newBlocks = group.changed.map((m) => m.block).filter((block) => block.text !== '');
    if (!group.changes) {
      const at = positions[positions.length - 1];
      if (at !== undefined) lastAligned = at;
      lastAlignedOk = own.length === 0 ? lastAlignedOk : positions.every((p) => p !== undefined);
      continue;
    }
    const describe = (reason: string): UnmatchedChange => ({ original: own.map((m) => m.block.text).join(' / '), changed: newBlocks.map((block) => block.text).join(' / '), reason });
    if (own.length === 0) {
      if (!lastAlignedOk) {
        unmatched.push(describe('The new paragraphs follow a paragraph this version of the text does not have.'));
        continue;
      }
      insertions.set(lastAligned, [...(insertions.get(lastAligned) ?? []), ...newBlocks]);
      applied++;
      continue;
    }
    const consecutive = positions.every((p, i) => p !== undefined && (i === 0 || p === positions[i - 1]! + 1));
    if (!consecutive) {
      unmatched.push(describe('The changed wording is not in this version of the text (the file was made from another version, or edited without tracking changes).'));
      lastAlignedOk = false;
      continue;
    }
    const [first, ...rest] = positions as number[];
    replacements.set(first, newBlocks);
    for (const p of rest) removed.add(p);
    lastAligned = positions[positions.length - 1]!;
    lastAlignedOk = true;
    applied++;
  }
  const blocks: TextBlock[] = [...(insertions.get(-1) ?? [])];
  base.forEach((block, i) => {
    if (!removed.has(i)) blocks.push(...(replacements.get(i) ?? [block]));
    blocks.push(...(insertions.get(i) ?? []));
  });
  return { blocks, applied, unmatched, untrackedDifferences };
}
