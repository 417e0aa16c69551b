import { describe, expect, it } from 'vitest';
import { diffBlocks } from './diff';
import { amendmentInstructions } from './instructions';
import { numberLines } from './lines';
import { buildRedline } from './redline';
import { escapeHtml, renderRedlineHtml } from './render-html';
import { redlineToJson } from './render-json';
import { escapeMarkdown, renderRedlineMarkdown } from './render-markdown';
import { bullet, heading, p, title } from './test-builders';

const base = [title('Peace'), heading('Principles'), p('The League shall send four delegations abroad.'), bullet('one item'), p('Gone <clause> & more.')];
const amended = [title('Peace'), heading('Principles'), p('The League shall send five delegations abroad.'), bullet('one item'), bullet('another item')];
const redline = buildRedline(base, amended);
const instructions = amendmentInstructions(redline.diff, redline.base);

describe('HTML', () => {
  const html = renderRedlineHtml(redline);

  it('marks struck text with <del> and inserted text with <ins>', () => {
    expect(html).toContain('send <del>four</del><ins>five</ins> delegations');
    expect(html).toContain('<ins>another item</ins>');
  });

  it('numbers every line by the base, leaving new lines unnumbered', () => {
    expect(html).toContain('<span class="pl-ln">3</span><span class="pl-text">The League');
    expect(html).toContain('<span class="pl-ln pl-ln-new" aria-label="new line"></span><span class="pl-text"><ins>another item</ins>');
  });

  it('escapes the text', () => {
    expect(html).toContain('<del>Gone &lt;clause&gt; &amp; more.</del>');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('shows both line numbers side by side', () => {
    const side = renderRedlineHtml(redline, { layout: 'side-by-side' });
    expect(side).toContain('<td class="pl-ln">3</td><td class="pl-text">The League shall send <del>four</del> delegations abroad.</td><td class="pl-ln">3</td><td class="pl-text">The League shall send <ins>five</ins> delegations abroad.</td>');
  });

  it('makes a whole page with the instructions when asked', () => {
    const page = renderRedlineHtml(redline, { standalone: true, title: 'Redline: Peace', instructions });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<li>On line 3, strike “four” and insert “five”.</li>');
  });
});

describe('Markdown', () => {
  const md = renderRedlineMarkdown(redline);

  it('strikes through deleted text and underlines inserted text, line by line', () => {
    expect(md).toContain('`3` The League shall send ~~four~~<ins>five</ins> delegations abroad.');
    expect(md).toContain('- `+` <ins>another item</ins>');
  });

  it('keeps headings as headings and list items as list items', () => {
    expect(md).toContain('# `1` Peace');
    expect(md).toContain('## `2` Principles');
    expect(md).toContain('- `4` one item');
  });

  it('escapes Markdown in the text', () => {
    expect(md).toContain('~~Gone &lt;clause&gt; &amp; more.~~');
    expect(escapeMarkdown('*a* _b_ [c] `d` | #')).toBe('\\*a\\* \\_b\\_ \\[c\\] \\`d\\` \\| \\#');
  });

  it('marks struck whitespace, which strikethrough cannot show', () => {
    const spaces = renderRedlineMarkdown(buildRedline([p('a  b')], [p('a b')]));
    expect(spaces).toContain('`1` a <del> </del>b');
  });

  it('hard-breaks the lines of a long paragraph, keeping the space each line breaks at', () => {
    const long = renderRedlineMarkdown(buildRedline([p('aaa bbb ccc ddd')], [p('aaa bbb ccc ddd')], 10));
    expect(long).toBe('`1` aaa bbb \\\n`2` ccc ddd\n');
  });

  it('lays out a table side by side', () => {
    const side = renderRedlineMarkdown(redline, { layout: 'side-by-side' });
    expect(side).toContain('| 3 | The League shall send ~~four~~ delegations abroad. | 3 | The League shall send <ins>five</ins> delegations abroad. |');
    expect(side).toContain('|  |  | 5 | <ins>another item</ins> |');
  });

  it('lists the instructions after the redline when asked', () => {
    expect(renderRedlineMarkdown(redline, { standalone: true, instructions })).toContain('## Amendment instructions\n\n1. On line 3, strike “four” and insert “five”.');
  });
});

describe('JSON', () => {
  const json = redlineToJson(redline, instructions);

  it('lists the base’s numbered lines: line N is baseLines[N - 1]', () => {
    expect(json.baseLines).toEqual(numberLines(base).lines.map((l) => l.text));
    expect(json.baseLines[2]).toBe('The League shall send four delegations abroad.');
  });

  it('gives segments that spell the base without inserts and the amended text without deletes', () => {
    expect(json.segments.filter((s) => s.type !== 'insert').map((s) => s.text).join('')).toBe(base.map((b) => b.text).join('\n'));
    expect(json.segments.filter((s) => s.type !== 'delete').map((s) => s.text).join('')).toBe(amended.map((b) => b.text).join('\n'));
  });

  it('names the base lines each instruction changes', () => {
    expect(json.instructions).toEqual(amendmentInstructions(diffBlocks(base, amended), numberLines(base)).map((i) => ({ form: i.form, text: i.text, fromLine: i.fromLine, toLine: i.toLine })));
    expect(json.instructions[0]).toMatchObject({ fromLine: 3, toLine: 3 });
  });
});
