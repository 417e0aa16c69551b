/**
 * The redline as HTML: line-numbered, struck text in `<del>`, inserted text in
 * `<ins>`, inline (base line numbers, changes in place) or side by side (base
 * left, amended right). The markup carries classes (`pl-*`) and no inline
 * styles, so the app styles it; `standalone` wraps it in a complete page with
 * a small print-friendly stylesheet, as the command line writes it.
 */
import type { Instruction } from './instructions';
import { joinSegments, type Redline, type RedlineBlock, type RedlineSegment } from './redline';

/** Inline: base lines with changes in place. Side by side: base lines beside amended lines. */
export type RedlineLayout = 'inline' | 'side-by-side';

export interface HtmlOptions {
  layout?: RedlineLayout;
  /** Wrap the redline in a complete HTML page. */
  standalone?: boolean;
  /** The page title (standalone only). */
  title?: string;
  /** Instructions to list after the redline (standalone only). */
  instructions?: readonly Instruction[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

function segmentHtml(segment: RedlineSegment): string {
  const text = escapeHtml(segment.text);
  if (segment.type === 'delete') return `<del>${text}</del>`;
  if (segment.type === 'insert') return `<ins>${text}</ins>`;
  return text;
}

function segmentsHtml(segments: readonly RedlineSegment[]): string {
  return joinSegments(segments).map(segmentHtml).join('');
}

function blockClasses(block: RedlineBlock): string {
  const classes = ['pl-block', `pl-${block.kind}`, `pl-${block.status}`];
  if (block.kind === 'heading') classes.push(`pl-h${block.level ?? 2}`);
  if (block.movedFrom || block.movedTo) classes.push('pl-moved');
  return classes.join(' ');
}

function blockAttributes(block: RedlineBlock): string {
  const attributes = [`class="${blockClasses(block)}"`];
  if ((block.kind === 'bullet' || block.kind === 'ordered') && block.level) attributes.push(`data-level="${block.level}"`);
  if (block.movedFrom) attributes.push(`title="moved from line ${block.movedFrom.fromLine}"`);
  if (block.movedTo) attributes.push(`title="moved to amended line ${block.movedTo.fromLine}"`);
  return attributes.join(' ');
}

function lineNumber(n: number | null): string {
  return n === null ? '<span class="pl-ln pl-ln-new" aria-label="new line"></span>' : `<span class="pl-ln">${n}</span>`;
}

function inlineHtml(redline: Redline): string {
  const out: string[] = ['<div class="pl-redline pl-inline">'];
  for (const block of redline.blocks) {
    out.push(`<div ${blockAttributes(block)}>`);
    for (const line of block.lines) {
      out.push(`<div class="pl-line">${lineNumber(line.baseLine)}<span class="pl-text">${segmentsHtml(line.segments)}</span></div>`);
    }
    out.push('</div>');
  }
  out.push('</div>');
  return out.join('\n');
}

function sideBySideHtml(redline: Redline): string {
  const out: string[] = ['<table class="pl-redline pl-side-by-side">', '<thead><tr><th>Line</th><th>Base</th><th>Line</th><th>Amended</th></tr></thead>', '<tbody>'];
  for (const row of redline.rows) {
    const block = redline.blocks[row.block];
    const left = row.left ? `<td class="pl-ln">${row.left.number}</td><td class="pl-text">${segmentsHtml(row.left.segments)}</td>` : '<td class="pl-ln"></td><td class="pl-text pl-empty"></td>';
    const right = row.right ? `<td class="pl-ln">${row.right.number}</td><td class="pl-text">${segmentsHtml(row.right.segments)}</td>` : '<td class="pl-ln"></td><td class="pl-text pl-empty"></td>';
    out.push(`<tr ${blockAttributes(block)}>${left}${right}</tr>`);
  }
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

/**
 * The standalone page's styles. Screen readers do not say `<del>` and `<ins>`, so a
 * visually hidden "struck: " / "inserted: " is generated before each (as the app
 * shows them); the markup stays plain `<del>text</del>` for the tools that read it.
 */
const STYLESHEET = `body{font:16px/1.5 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
.pl-line{display:flex;gap:1rem;white-space:pre-wrap}
.pl-ln{flex:0 0 3ch;text-align:right;color:#666;font:0.8em/1.9 ui-monospace,monospace;user-select:none}
.pl-block{margin:0 0 .6em}
.pl-title,.pl-heading{font-weight:bold}.pl-title{font-size:1.3em}
.pl-bullet .pl-text,.pl-ordered .pl-text{padding-left:1.5em}
[data-level="1"] .pl-text{padding-left:3em}[data-level="2"] .pl-text{padding-left:4.5em}
del{color:#b00;text-decoration:line-through}ins{color:#060;text-decoration:underline}
del::before,ins::before{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
del::before{content:"struck: "}ins::before{content:"inserted: "}
.pl-deleted .pl-text{color:#b00}.pl-inserted .pl-text{color:#060}
table.pl-side-by-side{border-collapse:collapse;width:100%}
.pl-side-by-side td{vertical-align:top;white-space:pre-wrap;padding:0 .5em}
.pl-side-by-side td.pl-text{width:50%}.pl-side-by-side th{text-align:left}
.pl-instructions li{margin:.3em 0;white-space:pre-wrap}`;

/**
 * Renders a redline as HTML: struck text in `<del>`, inserted text in `<ins>`,
 * every line numbered (base numbers inline; both sides' numbers side by side; a
 * wholly new line has no number inline). Text is escaped. With `standalone`, a
 * complete page with a stylesheet and the instructions, if given.
 */
export function renderRedlineHtml(redline: Redline, options: HtmlOptions = {}): string {
  const body = options.layout === 'side-by-side' ? sideBySideHtml(redline) : inlineHtml(redline);
  if (!options.standalone) return body;
  const title = escapeHtml(options.title ?? 'Redline');
  const instructions = options.instructions ?? [];
  const list = instructions.length === 0 ? '' : `\n<h2>Amendment instructions</h2>\n<ol class="pl-instructions">\n${instructions.map((instruction) => `<li>${escapeHtml(instruction.text)}</li>`).join('\n')}\n</ol>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
${STYLESHEET}
</style>
</head>
<body>
<h1>${title}</h1>
<p class="pl-meta">Line numbers of the base text at ${redline.width} characters per line. Struck text is <del>struck through</del>; inserted text is <ins>underlined</ins>.</p>
${body}${list}
</body>
</html>
`;
}
