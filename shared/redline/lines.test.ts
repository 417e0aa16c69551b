import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextBlock } from '../text';
import { DEFAULT_LINE_WIDTH, IncrementalNumbering, numberLines, wrapText } from './lines';
import { bullet, heading, ordered, p, resolved, title, whereas } from './test-builders';

const linesOf = (text: string, width: number) => numberLines([p(text)], width).lines.map((line) => line.text);

describe('line numbering', () => {
  it('wraps at 80 characters unless the convention sets another width', () => {
    expect(DEFAULT_LINE_WIDTH).toBe(80);
    const text = Array.from({ length: 40 }, () => 'word').join(' '); // 199 characters
    const lines = numberLines([p(text)]).lines;
    expect(lines.map((line) => line.text.length)).toEqual([79, 79, 39]);
  });

  it('wraps by words, filling each line as far as the width allows', () => {
    expect(linesOf('the quick brown fox jumps over the lazy dog', 10)).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
  });

  it('keeps a word that exactly fills the line on that line', () => {
    expect(linesOf('aaaa bbbbb', 10)).toEqual(['aaaa bbbbb']);
    expect(linesOf('aaaa bbbbbb', 10)).toEqual(['aaaa', 'bbbbbb']);
  });

  it('moves a word that does not fit to the next line rather than splitting it', () => {
    expect(linesOf('a internationalism', 16)).toEqual(['a', 'internationalism']);
  });

  it('breaks after a hyphen or dash inside a word that does not fit, as word processors do', () => {
    expect(linesOf('local anti-war committees', 12)).toEqual(['local anti-', 'war', 'committees']);
    expect(linesOf('from 1990-2000 on', 10)).toEqual(['from 1990-', '2000 on']);
    expect(linesOf('all the workers—all of', 18)).toEqual(['all the workers—', 'all of']);
    expect(linesOf('a left–right split', 8)).toEqual(['a left–', 'right', 'split']);
  });

  it('keeps a word whole at a slash, and at a hyphen that starts or ends it', () => {
    expect(linesOf('for members and/or delegates', 15)).toEqual(['for members', 'and/or', 'delegates']);
    expect(linesOf('the pre- and post-war years', 9)).toEqual(['the pre-', 'and post-', 'war years']);
    expect(linesOf('a fall of -5 percent', 9)).toEqual(['a fall of', '-5', 'percent']);
  });

  it('splits a word only when it is longer than a whole line, at the width', () => {
    expect(linesOf('ok supercalifragilisticexpialidocious ok', 10)).toEqual(['ok', 'supercalif', 'ragilistic', 'expialidoc', 'ious ok']);
  });

  it('lets the space at a break hang at the end of its line, so the lines spell the text exactly', () => {
    const text = 'the quick  brown fox';
    const spans = wrapText(text, 9);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['the quick  ', 'brown fox']);
    expect(spans.map((span) => text.slice(span.start, span.contentEnd))).toEqual(['the quick', 'brown fox']);
  });

  it('starts every heading, clause and list item on a new line and numbers continuously through the document', () => {
    const lines = numberLines([title('Peace'), heading('Principles'), whereas('Whereas war is costly;'), resolved('Resolved, that we act.'), bullet('first'), ordered('second', 1)], 80);
    expect(lines.lines.map((line) => [line.number, line.block, line.text])).toEqual([
      [1, 0, 'Peace'],
      [2, 1, 'Principles'],
      [3, 2, 'Whereas war is costly;'],
      [4, 3, 'Resolved, that we act.'],
      [5, 4, 'first'],
      [6, 5, 'second'],
    ]);
  });

  it('numbers the title as line 1 and gives an empty title no line at all', () => {
    expect(numberLines([title('Peace'), p('Text')]).lineText(1)).toBe('Peace');
    const untitled = numberLines([title(''), p('Text')]);
    expect(untitled.lineText(1)).toBe('Text');
    expect(untitled.blockLines(0)).toEqual({ first: 0, count: 0 });
  });

  it('gives every other empty block one empty line', () => {
    const lines = numberLines([p('Before'), p(''), bullet(''), p('After')]);
    expect(lines.lines.map((line) => line.text)).toEqual(['Before', '', '', 'After']);
  });

  it('numbers an empty document with no lines', () => {
    expect(numberLines([]).lineCount).toBe(0);
  });

  it('counts characters, not UTF-16 units: accents, emoji and CJK are one character each', () => {
    expect(linesOf('café café café', 9)).toEqual(['café café', 'café']);
    expect(linesOf('😀😀😀 😀😀', 6)).toEqual(['😀😀😀 😀😀']);
    expect(linesOf('👍🏽 ok', 5)).toEqual(['👍🏽 ok']); // a skin tone is a code point of its own: 2 + 1 + 2
    expect(linesOf('👍🏽 ok', 4)).toEqual(['👍🏽', 'ok']);
  });

  it('breaks Chinese and Japanese text without spaces at the width, between characters', () => {
    expect(linesOf('日本語のテキストです中文文本', 5)).toEqual(['日本語のテ', 'キストです', '中文文本']);
  });

  it('never starts a line with closing punctuation in Chinese or Japanese text', () => {
    expect(linesOf('一二三四。五六', 4)).toEqual(['一二三', '四。五六']);
  });

  it('never splits a character from its combining accent', () => {
    const decomposed = 'e\u0301'.repeat(6); // six é written as e + accent: 12 code points
    const lines = linesOf(decomposed, 5);
    expect(lines.join('')).toBe(decomposed);
    for (const line of lines) expect(line.startsWith('\u0301')).toBe(false);
  });

  it('does not break at a no-break space', () => {
    expect(linesOf('a 10\u00a0km walk', 6)).toEqual(['a', '10\u00a0km', 'walk']);
  });

  it('rejects a width that is not a positive whole number', () => {
    expect(() => numberLines([p('x')], 0)).toThrow(RangeError);
    expect(() => wrapText('x', 2.5)).toThrow(RangeError);
  });
});

describe('positions in the numbered text', () => {
  const blocks = [title('Peace'), p('the quick brown fox'), p('日本語😀é')];
  const lines = numberLines(blocks, 10);

  it('gives every character offset of a block its line and column', () => {
    expect(lines.position(1, 0)).toEqual({ line: 2, column: 0 });
    expect(lines.position(1, 10)).toEqual({ line: 3, column: 0 }); // "brown" starts line 3
    expect(lines.position(1, 9)).toEqual({ line: 2, column: 9 }); // the space hanging after "quick"
  });

  it('counts columns in characters', () => {
    expect(lines.position(2, 5)).toEqual({ line: 4, column: 4 }); // after 日本語😀, the emoji being two UTF-16 units
  });

  it('places a document offset (blocks joined with newlines) on its line', () => {
    expect(lines.positionAt(0)).toEqual({ line: 1, column: 0 });
    expect(lines.positionAt(5)).toEqual({ line: 1, column: 5 }); // the newline after the title
    expect(lines.positionAt(6)).toEqual({ line: 2, column: 0 });
    expect(lines.documentOffset(2, 0)).toBe(26);
  });

  it('answers with line 1 for anything in an empty title, which has no line of its own', () => {
    const untitled = numberLines([title(''), p('text')]);
    expect(untitled.position(0, 0)).toEqual({ line: 1, column: 0 });
    expect(untitled.lineOf(0, 0)).toBe(0);
  });

  it('names the line before a gap between blocks, 0 before the first', () => {
    expect(lines.lineBeforeGap(0)).toBe(0);
    expect(lines.lineBeforeGap(2)).toBe(3);
  });

  it('rejects lines and offsets outside the text', () => {
    expect(() => lines.line(0)).toThrow(RangeError);
    expect(() => lines.line(99)).toThrow(RangeError);
    expect(() => lines.lineOf(1, 100)).toThrow(RangeError);
    expect(() => lines.positionAt(-1)).toThrow(RangeError);
    expect(() => lines.blockLines(7)).toThrow(RangeError);
  });
});

describe('incremental numbering (the editor gutter)', () => {
  const KINDS: TextBlock['kind'][] = ['title', 'paragraph', 'whereas', 'resolved', 'heading', 'bullet', 'ordered'];
  const WORDS = ['the', 'League', 'shall', 'anti-war', '1990-2000', 'and/or', 'supercalifragilisticexpialidocious', '中文', '日本語の文章です', 'café', '😀', ''];
  const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }).map((words) => words.join(' '));
  const block = fc.tuple(fc.constantFrom(...KINDS), text).map(([kind, t]): TextBlock => ({ kind, text: t }));
  type Edit = { op: 'type'; at: number; text: string } | { op: 'split'; at: number; cut: number } | { op: 'join'; at: number } | { op: 'delete'; at: number } | { op: 'insert'; at: number; block: TextBlock } | { op: 'kind'; at: number; kind: TextBlock['kind'] };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom(' ', 'a', 'shall ', '-', 'internationalism') }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('split' as const), at: fc.nat(), cut: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('join' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), block }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('kind' as const), at: fc.nat(), kind: fc.constantFrom(...KINDS) }) },
  );
  const apply = (blocks: TextBlock[], change: Edit): TextBlock[] => {
    const next = [...blocks];
    const i = next.length === 0 ? 0 : change.at % next.length;
    const target = next[i];
    if (change.op === 'insert') next.splice(i, 0, change.block);
    else if (!target) return next;
    else if (change.op === 'type') next[i] = { ...target, text: target.text + change.text };
    else if (change.op === 'split') {
      const cut = change.cut % (target.text.length + 1);
      next.splice(i, 1, { ...target, text: target.text.slice(0, cut) }, { kind: 'paragraph', text: target.text.slice(cut) });
    } else if (change.op === 'join' && next[i + 1]) next.splice(i, 2, { ...target, text: target.text + next[i + 1].text });
    else if (change.op === 'delete') next.splice(i, 1);
    else if (change.op === 'kind') next[i] = { ...target, kind: change.kind };
    return next;
  };
  const full = (blocks: readonly TextBlock[], width: number) => {
    const lines = numberLines(blocks, width);
    return blocks.map((_, i) => [lines.firstLineOf(i), lines.lastLineOf(i)]);
  };

  it('gives every block the same lines as numbering the whole text afresh, after any edits', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), fc.array(edit, { maxLength: 40 }), fc.integer({ min: 10, max: 80 }), (start, edits, width) => {
        const numbering = new IncrementalNumbering(width);
        let blocks = start;
        expect(numbering.number(blocks)).toEqual(full(blocks, width));
        for (const change of edits) {
          blocks = apply(blocks, change);
          expect(numbering.number(blocks)).toEqual(full(blocks, width));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('numbers an empty title with no lines and starts the next block at line 1', () => {
    expect(new IncrementalNumbering(80).number([title(''), p('first'), p('')])).toEqual([[0, 0], [1, 1], [2, 2]]);
  });

  it('refuses a width that is not a positive integer', () => {
    expect(() => new IncrementalNumbering(0)).toThrow(RangeError);
  });
});
