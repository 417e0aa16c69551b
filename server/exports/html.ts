/**
 * HTML exports: one self-contained, printable page (no scripts, no external
 * files) around the shared redline renderer's markup. A redline marks struck
 * text with `<del>` and inserted text with `<ins>`; a clean text has neither.
 * Every line carries the tool's number (`.pl-ln`), and the page's stylesheet
 * keeps lines unwrapped in print, so the printed lines are the tool's.
 */
import { escapeHtml, renderRedlineHtml, type RedlineLayout } from '../../shared/redline';
import { headingOf, type ExportPiece } from './model';

/**
 * The page's stylesheet: the app's redline classes, and print rules: a numbered line is
 * never split across pages, and one too long for the paper (a redline line carrying a long
 * insertion) wraps under its own number instead of running off the page.
 */
const STYLESHEET = `:root{color-scheme:light}
body{font:15px/1.5 "DejaVu Serif",Georgia,serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#111}
header.pl-head{display:flex;justify-content:space-between;gap:1rem;color:#555;font:13px/1.4 system-ui,sans-serif;border-bottom:1px solid #ccc;margin-bottom:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
.pl-meta{color:#555;font:13px/1.4 system-ui,sans-serif}
.pl-line{display:flex;gap:1rem;white-space:pre-wrap}
.pl-ln{flex:0 0 3.5ch;text-align:right;color:#666;font:0.8em/1.9 ui-monospace,monospace;user-select:none}
.pl-block{margin:0 0 .5em}
.pl-title,.pl-heading{font-weight:bold}.pl-title{font-size:1.15em}
.pl-bullet .pl-text,.pl-ordered .pl-text{padding-left:1.5em}
[data-level="1"] .pl-text{padding-left:3em}[data-level="2"] .pl-text{padding-left:4.5em}
del{color:#b00;text-decoration:line-through}ins{color:#060;text-decoration:underline}
table.pl-side-by-side{border-collapse:collapse;width:100%}
.pl-side-by-side td{vertical-align:top;white-space:pre-wrap;padding:0 .5em}
.pl-side-by-side td.pl-text{width:50%}.pl-side-by-side th{text-align:left}
.pl-instructions li{margin:.3em 0;white-space:pre-wrap}
@page{size:letter;margin:0.75in 0.6in}
@media print{body{margin:0;max-width:none;font-size:10.5pt}.pl-line,.pl-side-by-side tr{break-inside:avoid}}`;

export interface HtmlExportOptions {
  layout?: RedlineLayout;
}

/**
 * A text or redline as a complete HTML page: a header with the code, title
 * and version, the line-numbered text (numbered by the base for a redline,
 * inline or side by side), and the amendment instructions.
 */
export function renderHtml(piece: ExportPiece, options: HtmlExportOptions = {}): string {
  const heading = escapeHtml(headingOf(piece));
  const body = renderRedlineHtml(piece.redline, { layout: options.layout ?? 'inline' });
  const legend =
    piece.kind === 'redline'
      ? `<p class="pl-meta">Line numbers of the base text at ${piece.redline.width} characters per line. Struck text is <del>struck through</del>; inserted text is <ins>underlined</ins>.</p>`
      : `<p class="pl-meta">Line numbers at ${piece.redline.width} characters per line.</p>`;
  const instructions =
    piece.instructions.length === 0
      ? ''
      : `\n<h2>Amendment instructions</h2>\n<ol class="pl-instructions">\n${piece.instructions.map((instruction) => `<li>${escapeHtml(instruction.text)}</li>`).join('\n')}\n</ol>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Plenary">
<title>${heading} (${escapeHtml(piece.versionLabel)})</title>
<style>
${STYLESHEET}
</style>
</head>
<body>
<header class="pl-head"><span>${heading}</span><span>${escapeHtml(piece.versionLabel)}</span></header>
<h1>${heading}</h1>
${legend}
${body}${instructions}
</body>
</html>
`;
}
