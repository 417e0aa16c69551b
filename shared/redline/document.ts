/**
 * The document as the redline engine compares it: a list of `TextBlock`s whose
 * text is the blocks' texts joined with "\n". Two blocks are the same when their
 * kind, level and text are; formatting marks are already gone.
 */
import type { BlockKind, TextBlock } from '../text';

/** The text of a document: its blocks' texts joined with "\n" (an empty document is ""). */
export function documentText(blocks: readonly TextBlock[]): string {
  return blocks.map((block) => block.text).join('\n');
}

/** Whether two blocks are the same: same kind, same level (when either has one) and same text. */
export function sameBlock(a: TextBlock, b: TextBlock): boolean {
  return a.kind === b.kind && (a.level ?? 0) === (b.level ?? 0) && a.text === b.text;
}

/** A string that is equal for two blocks exactly when `sameBlock` says they are the same. */
export function blockKey(block: TextBlock): string {
  return `${block.kind}\u0000${block.level ?? 0}\u0000${block.text}`;
}

/** A copy of a block, with `level` only when the original has one. */
export function copyBlock(block: TextBlock): TextBlock {
  return block.level === undefined ? { kind: block.kind, text: block.text } : { kind: block.kind, text: block.text, level: block.level };
}

const KIND_NAMES: Record<BlockKind, [singular: string, plural: string]> = {
  title: ['title', 'titles'],
  heading: ['heading', 'headings'],
  paragraph: ['paragraph', 'paragraphs'],
  whereas: ['whereas clause', 'whereas clauses'],
  resolved: ['resolved clause', 'resolved clauses'],
  bullet: ['list item', 'list items'],
  ordered: ['list item', 'list items'],
};

/** What a convention calls a block of this kind ("resolved clause", "list item"), singular or plural. */
export function kindName(kind: BlockKind, plural = false): string {
  return KIND_NAMES[kind][plural ? 1 : 0];
}
