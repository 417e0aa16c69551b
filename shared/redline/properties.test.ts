/**
 * Properties of the whole engine over many generated base/amended pairs: the
 * instructions applied to the base give the amended text, the redline without
 * insertions is the base and without deletions the amended text, and merge and
 * rebase agree with them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockKind, TextBlock } from '../text';
import { applyInstructions, resolveInstruction } from './apply';
import { findConflicts, touchedLines } from './conflicts';
import { diffBlocks, isUnchanged } from './diff';
import { documentText, sameBlock } from './document';
import { amendmentInstructions } from './instructions';
import { numberLines, wrapText } from './lines';
import { mergeAmendments } from './merge';
import { rebaseAmendment } from './rebase';
import { buildRedline } from './redline';
import { codePointLength } from './tokens';

/** Generated cases per property; raise it (PROPERTY_RUNS=20000) when hunting a rare bug. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);

const WORDS = [
  'the', 'the', 'the', 'of', 'and', 'a', 'League', 'workers', 'solidarity', 'peace', 'Resolved,', 'Whereas', 'shall',
  'international', 'people-to-people', "don't", '1,000', 'café', 'naïve', 'e\u0301te\u0301', 'Straße', '😀', '👩‍👩‍👧',
  '日本語の文章です', '中文', 'supercalifragilisticexpialidocious-internationalism', ',', ';', '.', '—', '(', ')', '“quoted”',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', ', ', '. ', '', '\u00a0'];
const KINDS: BlockKind[] = ['paragraph', 'whereas', 'resolved', 'heading', 'bullet', 'ordered'];

const word = fc.constantFrom(...WORDS);
const separator = fc.constantFrom(...SEPARATORS);
const words = (maxLength: number) => fc.array(fc.tuple(word, separator), { minLength: 0, maxLength }).map((parts) => parts.map(([w, s]) => w + s).join('').trim());
const sentence = words(40);
const phrase = words(4);
const block: fc.Arbitrary<TextBlock> = fc.tuple(fc.constantFrom(...KINDS), sentence, fc.integer({ min: 0, max: 2 })).map(([kind, text, level]) => {
  if (kind === 'heading') return { kind, text, level: level + 2 };
  if (kind === 'bullet' || kind === 'ordered') return { kind, text, level };
  return { kind, text };
});
const document = fc.tuple(fc.option(sentence, { nil: undefined }), fc.array(block, { maxLength: 10 })).map(([title, body]) =>
  title === undefined ? body : [{ kind: 'title' as const, text: title }, ...body],
);

type Edit = { op: 'keep' } | { op: 'delete' } | { op: 'words'; at: number; remove: number; insert: string } | { op: 'kind'; kind: BlockKind } | { op: 'replace'; block: TextBlock };
const blockEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ op: 'keep' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'delete' as const }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('words' as const), at: fc.nat(), remove: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 40 }) }), insert: phrase }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kind' as const), kind: fc.constantFrom(...KINDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replace' as const), block }) },
);

function editWords(text: string, at: number, remove: number, insert: string): string {
  const parts = text.split(/(\s+)/);
  const i = parts.length === 0 ? 0 : (at % (parts.length + 1));
  const kept = [...parts.slice(0, i), insert, ...parts.slice(i + remove)];
  return kept.join('');
}

/** An amended text made from the base by block and word edits, new blocks and a move: close enough to read as an amendment. */
const amendmentOf = (base: TextBlock[]) =>
  fc.tuple(fc.array(blockEdit, { minLength: base.length, maxLength: base.length }), fc.array(fc.tuple(fc.nat(), block), { maxLength: 3 }), fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined })).map(([edits, additions, moveSpec]) => {
    let out: TextBlock[] = [];
    base.forEach((original, i) => {
      const edit = edits[i];
      if (original.kind === 'title') {
        if (edit.op === 'words') out.push({ kind: 'title', text: editWords(original.text, edit.at, edit.remove, edit.insert) });
        else out.push(original);
        return;
      }
      switch (edit.op) {
        case 'keep':
          out.push(original);
          break;
        case 'delete':
          break;
        case 'words':
          out.push({ ...original, text: editWords(original.text, edit.at, edit.remove, edit.insert) });
          break;
        case 'kind':
          out.push(edit.kind === 'heading' ? { kind: 'heading', text: original.text, level: 2 } : edit.kind === 'bullet' || edit.kind === 'ordered' ? { kind: edit.kind, text: original.text, level: 0 } : { kind: edit.kind, text: original.text });
          break;
        case 'replace':
          out.push(edit.block);
          break;
      }
    });
    const start = out[0]?.kind === 'title' ? 1 : 0;
    for (const [at, added] of additions) {
      const i = start + (at % (out.length - start + 1));
      out = [...out.slice(0, i), added, ...out.slice(i)];
    }
    if (moveSpec && out.length - start > 1) {
      const from = start + (moveSpec[0] % (out.length - start));
      const [moved] = out.splice(from, 1);
      const to = start + (moveSpec[1] % (out.length - start + 1));
      out.splice(to, 0, moved);
    }
    return out;
  });

const pair = document.chain((base) => fc.tuple(fc.constant(base), fc.oneof({ weight: 5, arbitrary: amendmentOf(base) }, { weight: 1, arbitrary: document }), fc.integer({ min: 10, max: 80 })));

function expectSameBlocks(actual: readonly TextBlock[], expected: readonly TextBlock[]): void {
  expect(actual.map((b) => [b.kind, b.level ?? 0, b.text])).toEqual(expected.map((b) => [b.kind, b.level ?? 0, b.text]));
  expect(actual.every((b, i) => sameBlock(b, expected[i]))).toBe(true);
}

describe('for any base and amended text', () => {
  it('the instructions, applied in order to the base, give exactly the amended text', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const diff = diffBlocks(base, amended);
        const lines = numberLines(base, width);
        const instructions = amendmentInstructions(diff, lines);
        const result = applyInstructions(base, instructions, width);
        expect(result.failures).toEqual([]);
        expectSameBlocks(result.blocks, amended);
        for (const instruction of instructions) {
          // Each names base lines that exist (0 only when there is none to name) ...
          expect(instruction.fromLine).toBeGreaterThanOrEqual(lines.lineCount > 0 && instruction.form !== 'strike-lines' ? 1 : 0);
          expect(instruction.toLine).toBeGreaterThanOrEqual(instruction.fromLine);
          expect(instruction.toLine).toBeLessThanOrEqual(lines.lineCount);
          // ... and an insertion inside a line names a word it goes after or before, wherever the line has one.
          if (instruction.form === 'insert' && instruction.locator.by === 'line') expect(lines.lineText(instruction.fromLine).trim().length <= 1 || /end of line|beginning of line|first \d+ characters/.test(instruction.text)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the lines an instruction names are the lines its struck text is on', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const lines = numberLines(base, width);
        for (const instruction of amendmentInstructions(diffBlocks(base, amended), lines)) {
          // "On lines 22-24, ..." names fromLine-toLine, and "... through “...” on line 24" the last of them.
          const label = /^On lines? (\d+)(?:-(\d+))?,/.exec(instruction.text);
          if (label) expect([Number(label[1]), Number(label[2] ?? label[1])]).toEqual([instruction.fromLine, instruction.toLine]);
          const through = / through .*” on line (\d+)\.$/.exec(instruction.text);
          if (through) expect(Number(through[1])).toBe(instruction.toLine);
          if (!('strike' in instruction) || instruction.strike.trim() === '' || instruction.locator.by === 'title') continue;
          const resolved = resolveInstruction(instruction, lines);
          if (!resolved.ok) throw new Error(resolved.reason);
          const [edit] = resolved.edits;
          if (edit.type !== 'text') throw new Error('a text instruction resolved to a block edit');
          const struck = lines.blocks[edit.block].text.slice(edit.from, edit.to);
          const first = edit.from + (struck.length - struck.trimStart().length);
          const last = edit.from + struck.trimEnd().length - 1;
          expect([instruction.fromLine, instruction.toLine]).toEqual([lines.lineOf(edit.block, first), lines.lineOf(edit.block, last)]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the redline without insertions is the base, and without deletions the amended text', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const redline = buildRedline(base, amended, width);
        const join = (skip: string) => redline.segments.filter((s) => s.type !== skip).map((s) => s.text).join('');
        expect(join('insert')).toBe(documentText(base));
        expect(join('delete')).toBe(documentText(amended));
        // The same holds block by block in the line-numbered structure.
        const baseTexts = redline.blocks.filter((b) => b.baseBlock !== null).map((b) => b.lines.flatMap((l) => l.segments).filter((s) => s.type !== 'insert').map((s) => s.text).join(''));
        const amendedTexts = redline.blocks.filter((b) => b.amendedBlock !== null).map((b) => b.lines.flatMap((l) => l.segments).filter((s) => s.type !== 'delete').map((s) => s.text).join(''));
        expect(baseTexts).toEqual(base.map((b) => b.text));
        expect(amendedTexts).toEqual(amended.map((b) => b.text));
        // Side by side: the left column spells the base's lines, the right the amended lines.
        const left = redline.rows.flatMap((r) => (r.left ? [r.left.number] : []));
        const right = redline.rows.flatMap((r) => (r.right ? [r.right.number] : []));
        expect(new Set(left).size).toBe(redline.base.lineCount);
        expect(right).toEqual(redline.amended.lines.map((l) => l.number));
      }),
      { numRuns: RUNS },
    );
  });

  it('every segment of the redline sits on the base and amended lines that hold it', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const redline = buildRedline(base, amended, width);
        for (const block of redline.blocks) {
          for (const line of block.lines) {
            for (const segment of line.segments) {
              if (segment.type !== 'insert' && segment.text.trim() !== '') expect(redline.base.line(segment.baseLine!).text.length).toBeGreaterThan(0);
              if (segment.type !== 'delete' && segment.amendedLine !== null) expect(redline.amended.line(segment.amendedLine).number).toBe(segment.amendedLine);
              if (segment.type !== 'insert') expect(segment.baseLine).toBe(line.baseLine);
            }
          }
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('merging the amendment alone gives it, and rebasing it onto an unchanged base gives it back', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const merge = mergeAmendments(base, [{ id: 'A01', blocks: amended }], width);
        expect(merge.conflicts).toEqual([]);
        expectSameBlocks(merge.text, amended);
        const rebase = rebaseAmendment(base, amended, base, width);
        expect(rebase.unapplied).toEqual([]);
        expectSameBlocks(rebase.text, amended);
        const revision = rebaseAmendment(base, base, amended, width);
        expectSameBlocks(revision.text, amended);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('two amendments that touch no common line merge without conflicts, and rebasing one onto the other gives the same text', () => {
    const two = document.chain((base) => fc.tuple(fc.constant(base), amendmentOf(base), amendmentOf(base), fc.integer({ min: 10, max: 80 })));
    fc.assert(
      fc.property(two, ([base, a, b, width]) => {
        const lines = numberLines(base, width);
        const touched = [
          { id: 'A', ranges: touchedLines(diffBlocks(base, a), lines) },
          { id: 'B', ranges: touchedLines(diffBlocks(base, b), lines) },
        ];
        if (findConflicts(touched).length > 0) return;
        const merged = mergeAmendments(base, [{ id: 'A', blocks: a }, { id: 'B', blocks: b }], width);
        expect(merged.conflicts).toEqual([]);
        expect(merged.merged).toEqual(['A', 'B']);
        const rebased = rebaseAmendment(base, a, b, width);
        expect(rebased.unapplied).toEqual([]);
        expectSameBlocks(rebased.text, merged.text);
      }),
      { numRuns: RUNS },
    );
  });

  it('an amendment touches no line exactly when it changes nothing', () => {
    fc.assert(
      fc.property(pair, ([base, amended, width]) => {
        const diff = diffBlocks(base, amended);
        const touched = touchedLines(diff, numberLines(base, width));
        expect(touched.length === 0).toBe(isUnchanged(diff));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('for any text and width', () => {
  it('lines cover every block exactly, in order, and are no wider than the width', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 90 }), (blocks, width) => {
        const lines = numberLines(blocks, width);
        lines.lines.forEach((line, i) => expect(line.number).toBe(i + 1));
        blocks.forEach((block, index) => {
          const own = lines.lines.filter((line) => line.block === index);
          if (block.kind === 'title' && block.text === '') return expect(own).toEqual([]);
          expect(own.length).toBeGreaterThan(0);
          expect(own.map((line) => block.text.slice(line.start, line.end)).join('')).toBe(block.text);
          for (const line of own) expect(codePointLength(line.text)).toBeLessThanOrEqual(width);
        });
        expect(wrapText('', width)).toEqual([{ start: 0, end: 0, contentEnd: 0 }]);
      }),
      { numRuns: RUNS },
    );
  });
});
