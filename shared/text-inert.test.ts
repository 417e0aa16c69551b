import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blocksFromMarkdown, blocksToMarkdown, escapeInert, unescapeInert, type TextBlock } from './text';

const HOSTILE = [
  '<img src=y onerror="b()">',
  '<script>alert(1)</script> and <!-- a comment -->',
  '[click me](javascript:alert(1)) or <javascript:alert(1)>',
  'Fish &amp; chips, &lt;b&gt; typed literally, and a \\[ bracket',
];

describe('Markdown written from a text is inert', () => {
  it('leaves no tag, comment, autolink or link in the clean Markdown of hostile text', () => {
    const blocks: TextBlock[] = [{ kind: 'title', text: HOSTILE[0]! }, ...HOSTILE.map((text) => ({ kind: 'paragraph' as const, text }))];
    const markdown = blocksToMarkdown(blocks);
    expect(markdown).not.toMatch(/</);
    expect(markdown).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/m);
    expect(markdown).toContain('&lt;img src=y onerror="b()"&gt;');
  });

  it('reads back to exactly the text that was written', () => {
    const blocks: TextBlock[] = [{ kind: 'title', text: 'Title <b>' }, ...HOSTILE.map((text) => ({ kind: 'paragraph' as const, text }))];
    expect(blocksFromMarkdown(blocksToMarkdown(blocks)).map((b) => b.text)).toEqual(blocks.map((b) => b.text));
  });

  it('unescapeInert undoes escapeInert for any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '[', ']', '\\', 'a', ';', 'l', 't', 'g', 'm', 'p', ' ') }), (text) => unescapeInert(escapeInert(text)) === text));
  });
});
