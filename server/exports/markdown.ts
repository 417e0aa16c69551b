/**
 * Markdown exports. A redline uses the shared renderer: every line numbered
 * in a code span, struck text as `~~strikethrough~~`, inserted text in
 * `<ins>`. A clean text is plain Markdown that `blocksFromMarkdown` reads back
 * to the same blocks (so a final text can be re-imported), or, with
 * `numbered`, the same text with the tool's line numbers.
 */
import { renderRedlineMarkdown, type RedlineLayout } from '../../shared/redline';
import { blocksToMarkdown } from '../../shared/text';
import { headingOf, type ExportPiece } from './model';

export interface MarkdownExportOptions {
  layout?: RedlineLayout;
  /** A clean text with its line numbers (default: plain Markdown, re-importable). */
  numbered?: boolean;
}

/** A text or redline as Markdown (see the file comment). */
export function renderMarkdown(piece: ExportPiece, options: MarkdownExportOptions = {}): string {
  if (piece.kind === 'text' && !options.numbered) return blocksToMarkdown(piece.redline.amended.blocks);
  const title = `${headingOf(piece)} (${piece.versionLabel})`;
  return renderRedlineMarkdown(piece.redline, { standalone: true, title, instructions: piece.instructions, layout: options.layout ?? 'inline' });
}
