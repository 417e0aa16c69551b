import { amendmentInstructions } from '../../shared/redline/instructions';
import { buildRedline, type BlockStatus, type RedlineBlock } from '../../shared/redline/redline';
import type { TextBlock } from '../../shared/text';
import type { InstructionItem } from './render';

/**
 * What the live redline of an amendment in the editor needs, computed from
 * the base version's blocks and the editor's blocks in one pass: the
 * instructions, the changed blocks, and for each block of the amendment the
 * lines to show in the gutter (its base lines and its own). Plain data, so a
 * Web Worker can compute it and post it back.
 */

/** The gutter's facts for one block of the amendment, in the editor's block order. */
export interface GutterBlock {
  status: Exclude<BlockStatus, 'deleted'>;
  /** The base lines the block stands on (equal or changed), or null for a new block. */
  base: [from: number, to: number] | null;
  /** The block's own lines in the amendment. */
  own: [from: number, to: number] | null;
  /** Base lines of whole blocks struck just before this one. */
  struckBefore: [from: number, to: number][];
}

/** The result of one computation. */
export interface LiveRedline {
  /** Which request it answers (newer requests have higher numbers). */
  seq: number;
  /** How long the computation took, in milliseconds. */
  ms: number;
  width: number;
  baseLineCount: number;
  amendedLineCount: number;
  instructions: InstructionItem[];
  /** The redline blocks that are not unchanged, in reading order. */
  changes: RedlineBlock[];
  gutter: GutterBlock[];
  /** Base lines of whole blocks struck after the amendment's last block. */
  struckAtEnd: [from: number, to: number][];
}

function span(from: number, to: number): [number, number] | null {
  return from === 0 ? null : [from, to];
}

/** Computes the live redline of `amended` against `base`, numbered at `width`. */
export function computeLiveRedline(base: readonly TextBlock[], amended: readonly TextBlock[], width: number, seq: number): LiveRedline {
  const started = performance.now();
  const redline = buildRedline(base, amended, width);
  const instructions = amendmentInstructions(redline.diff, redline.base).map((instruction) => ({
    form: instruction.form,
    text: instruction.text,
    fromLine: instruction.fromLine,
    toLine: instruction.toLine,
  }));
  const gutter: GutterBlock[] = new Array(amended.length);
  let struck: [number, number][] = [];
  const changes: RedlineBlock[] = [];
  for (const block of redline.blocks) {
    if (block.status !== 'equal') changes.push(block);
    if (block.status === 'deleted') {
      const lines = span(redline.base.firstLineOf(block.baseBlock!), redline.base.lastLineOf(block.baseBlock!));
      if (lines) struck.push(lines);
      continue;
    }
    const index = block.amendedBlock!;
    gutter[index] = {
      status: block.status,
      base: block.baseBlock === null ? null : span(redline.base.firstLineOf(block.baseBlock), redline.base.lastLineOf(block.baseBlock)),
      own: span(redline.amended.firstLineOf(index), redline.amended.lastLineOf(index)),
      struckBefore: struck,
    };
    struck = [];
  }
  return {
    seq,
    ms: performance.now() - started,
    width,
    baseLineCount: redline.base.lineCount,
    amendedLineCount: redline.amended.lineCount,
    instructions,
    changes,
    gutter,
    struckAtEnd: struck,
  };
}
