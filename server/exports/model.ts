/**
 * What every export format renders: a `Redline` (a clean text is the redline
 * of a text against itself, so it has only equal segments) with the facts a
 * page header, a tracked change or a file name needs. The renderers in this
 * folder are pure functions of these values; they never number a line
 * themselves, so a line number is the same in every format.
 */
import { amendmentInstructions, buildRedline, type Instruction, type Redline, type RedlineBlock } from '../../shared/redline';
import type { TextBlock } from '../../shared/text';

/** One text or redline to export. */
export interface ExportPiece {
  /** Clean text (no changes, numbered by itself) or a redline (numbered by its base). */
  kind: 'text' | 'redline';
  /** The convention code, e.g. "CR01-A03"; null for an uncoded draft. */
  code: string | null;
  title: string;
  /** What the page header says after the title: "v2", "live text", "CR01 v1 → CR01-A03 v1". */
  versionLabel: string;
  redline: Redline;
  /** The amendment instructions (a redline only; empty for a clean text). */
  instructions: Instruction[];
  /** Who the tracked changes are by (a caucus or committee), and when (ISO 8601). */
  author: string;
  date: string;
}

/** The label of a version for headers: "v3", or "live text" for a draft or a text never published. */
export function versionLabel(version: number | null): string {
  return version === null ? 'live text' : `v${version}`;
}

/** A heading for a piece: "CR01-A03: Title", or the title alone for an uncoded draft. */
export function headingOf(piece: Pick<ExportPiece, 'code' | 'title'>): string {
  return piece.code ? `${piece.code}: ${piece.title}` : piece.title;
}

/** A clean text, numbered at `width`. */
export function textPiece(blocks: readonly TextBlock[], facts: Omit<ExportPiece, 'kind' | 'redline' | 'instructions'>, width: number): ExportPiece {
  return { ...facts, kind: 'text', redline: buildRedline(blocks, blocks, width), instructions: [] };
}

/** The redline of `amended` against `base`, numbered by the base at `width`, with its instructions. */
export function redlinePiece(
  base: readonly TextBlock[],
  amended: readonly TextBlock[],
  facts: Omit<ExportPiece, 'kind' | 'redline' | 'instructions'>,
  width: number,
): ExportPiece {
  const redline = buildRedline(base, amended, width);
  return { ...facts, kind: 'redline', redline, instructions: amendmentInstructions(redline.diff, redline.base) };
}

/** Unchanged blocks shown around each change in an excerpt: one orients the reader without repeating the base text. */
export const EXCERPT_CONTEXT_BLOCKS = 1;

/** A run of consecutive redline blocks that an excerpt shows; runs are separated by an ellipsis. */
export interface ExcerptRun {
  blocks: RedlineBlock[];
}

/**
 * The parts of a redline worth printing under an amendment in the packet: the
 * changed blocks with `context` unchanged blocks on each side, as runs of
 * consecutive blocks. A redline without changes gives no runs.
 */
export function excerptRuns(redline: Redline, context = EXCERPT_CONTEXT_BLOCKS): ExcerptRun[] {
  const keep = new Array<boolean>(redline.blocks.length).fill(false);
  redline.blocks.forEach((block, i) => {
    if (block.status === 'equal') return;
    for (let j = Math.max(0, i - context); j <= Math.min(redline.blocks.length - 1, i + context); j++) keep[j] = true;
  });
  const runs: ExcerptRun[] = [];
  let current: RedlineBlock[] | null = null;
  redline.blocks.forEach((block, i) => {
    if (!keep[i]) {
      current = null;
      return;
    }
    if (!current) {
      current = [];
      runs.push({ blocks: current });
    }
    current.push(block);
  });
  return runs;
}

/** Whether a redline changes anything. */
export function hasChanges(redline: Redline): boolean {
  return redline.blocks.some((block) => block.status !== 'equal');
}
