/**
 * The redline as Markdown (GitHub flavoured): every line numbered in code
 * spans, struck text as `~~strikethrough~~`, inserted text in `<ins>` (Markdown
 * has no underline; GitHub and most renderers underline `<ins>`). Inline, each
 * block is a paragraph of hard-broken lines (a heading keeps its lines on one
 * line, as Markdown headings must); side by side, a table.
 */
import type { Instruction } from './instructions';
import type { RedlineLayout } from './render-html';
import { joinSegments, type Redline, type RedlineBlock, type RedlineLine, type RedlineSegment } from './redline';

export interface MarkdownOptions {
  layout?: RedlineLayout;
  /** Add a title, a legend and the instructions, if given, around the redline. */
  standalone?: boolean;
  title?: string;
  instructions?: readonly Instruction[];
}

/** Escapes text so that Markdown shows it literally (emphasis, code, links, tables, HTML and entities). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~[\]<>|#&]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`));
}

function segmentMarkdown(segment: RedlineSegment): string {
  if (segment.type === 'equal') return escapeMarkdown(segment.text);
  if (segment.type === 'insert') return `<ins>${escapeMarkdown(segment.text)}</ins>`;
  const core = segment.text.trim();
  if (core === '') return `<del>${segment.text}</del>`;
  // Strikethrough cannot start or end with a space: struck spaces at the edges go in <del>, so that none reads as kept.
  const lead = segment.text.slice(0, segment.text.length - segment.text.trimStart().length);
  const trail = segment.text.slice(segment.text.trimEnd().length);
  return `${lead && `<del>${lead}</del>`}~~${escapeMarkdown(core)}~~${trail && `<del>${trail}</del>`}`;
}

function segmentsMarkdown(segments: readonly RedlineSegment[]): string {
  return joinSegments(segments).map(segmentMarkdown).join('');
}

/**
 * A line: its number in a code span, then its text. The whitespace a line
 * breaks at stays at its end (before the hard break), so that reading the
 * lines back and joining them gives the block's text exactly.
 */
function numbered(line: RedlineLine): string {
  const number = line.baseLine === null ? '`+`' : `\`${line.baseLine}\``;
  const text = segmentsMarkdown(line.segments);
  return text === '' ? number : `${number} ${text}`;
}

function blockMarkdown(block: RedlineBlock): string {
  const lines = block.lines.map(numbered);
  switch (block.kind) {
    case 'title':
      return `# ${lines.join('')}`;
    case 'heading':
      return `${'#'.repeat(Math.min(6, Math.max(2, block.level ?? 2)))} ${lines.join('')}`;
    case 'bullet':
    case 'ordered': {
      const indent = '  '.repeat(block.level ?? 0);
      const marker = block.kind === 'bullet' ? '- ' : '1. ';
      const continuation = indent + ' '.repeat(marker.length);
      return indent + marker + lines.join(`\\\n${continuation}`);
    }
    default:
      return lines.join('\\\n');
  }
}

function inlineMarkdown(redline: Redline): string {
  const out: string[] = [];
  redline.blocks.forEach((block, i) => {
    const previous = redline.blocks[i - 1];
    const isList = block.kind === 'bullet' || block.kind === 'ordered';
    const previousIsList = previous?.kind === 'bullet' || previous?.kind === 'ordered';
    if (i > 0) out.push(isList && previousIsList ? '\n' : '\n\n');
    out.push(blockMarkdown(block));
  });
  return out.join('');
}

function cell(number: number | undefined, segments: readonly RedlineSegment[] | undefined): string {
  return `${number ?? ''} | ${segments ? segmentsMarkdown(segments).trim() : ''}`;
}

function sideBySideMarkdown(redline: Redline): string {
  const out = ['| Line | Base | Line | Amended |', '|---:|---|---:|---|'];
  for (const row of redline.rows) out.push(`| ${cell(row.left?.number, row.left?.segments)} | ${cell(row.right?.number, row.right?.segments)} |`);
  return out.join('\n');
}

/**
 * Renders a redline as Markdown, inline (default) or side by side. Struck text
 * is `~~...~~` (whitespace alone as `<del> </del>`, which strikethrough cannot
 * mark), inserted text `<ins>...</ins>`, and a wholly new line is numbered
 * `+`. Text is escaped. With `standalone`, a title, a legend and a numbered
 * list of the instructions, if given.
 */
export function renderRedlineMarkdown(redline: Redline, options: MarkdownOptions = {}): string {
  const body = options.layout === 'side-by-side' ? sideBySideMarkdown(redline) : inlineMarkdown(redline);
  if (!options.standalone) return body + '\n';
  const parts = [`# ${escapeMarkdown(options.title ?? 'Redline')}`, `_Line numbers of the base text at ${redline.width} characters per line. Struck text is ~~struck through~~; inserted text is <ins>underlined</ins>._`, body];
  const instructions = options.instructions ?? [];
  if (instructions.length > 0) {
    const items = instructions.map((instruction, i) => {
      const marker = `${i + 1}. `;
      return marker + escapeMarkdown(instruction.text).split('\n').join(`\\\n${' '.repeat(marker.length)}`);
    });
    parts.push('## Amendment instructions', items.join('\n'));
  }
  return parts.join('\n\n') + '\n';
}
