/**
 * Tiny builders for tests of the redline engine, so a test reads like the rule
 * it checks: `[title('Peace'), whereas('Whereas ...'), resolved('Resolved, ...')]`.
 * Not part of the engine's API (not exported from index.ts).
 */
import type { TextBlock } from '../text';

/** A title block. */
export const title = (text: string): TextBlock => ({ kind: 'title', text });
/** A heading (level 2 unless given). */
export const heading = (text: string, level = 2): TextBlock => ({ kind: 'heading', text, level });
/** A paragraph. */
export const p = (text: string): TextBlock => ({ kind: 'paragraph', text });
/** A preamble clause ("Whereas ..."). */
export const whereas = (text: string): TextBlock => ({ kind: 'whereas', text });
/** A resolved clause ("Resolved, ..."). */
export const resolved = (text: string): TextBlock => ({ kind: 'resolved', text });
/** A bullet list item at a nesting depth (0 = top). */
export const bullet = (text: string, level = 0): TextBlock => ({ kind: 'bullet', text, level });
/** A numbered list item at a nesting depth (0 = top). */
export const ordered = (text: string, level = 0): TextBlock => ({ kind: 'ordered', text, level });

/** The blocks' texts, for comparing results without caring about block objects. */
export const texts = (blocks: readonly TextBlock[]): string[] => blocks.map((block) => block.text);
