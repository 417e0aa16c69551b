import { describe, expect, it } from 'vitest';
import { diffBlocks } from './diff';
import { applyEdits, editGroupsFromDiff, editsCollide, flattenGroups, type Edit } from './edits';
import { p, texts } from './test-builders';

const text = (block: number, from: number, to: number, insert: string): Edit => ({ type: 'text', block, from, to, insert });
const blocks = (from: number, to: number, ...insert: string[]): Edit => ({ type: 'blocks', from, to, insert: insert.map(p) });

describe('edits', () => {
  const base = [p('zero'), p('one two three'), p('two')];

  it('apply to the base without changing it', () => {
    const copy = structuredClone(base);
    expect(texts(applyEdits(base, [text(1, 4, 7, 'TWO'), blocks(0, 1), blocks(3, 3, 'three')]))).toEqual(['one TWO three', 'two', 'three']);
    expect(base).toEqual(copy);
  });

  it('put an insertion at the start of a replaced range before the replacement', () => {
    expect(texts(applyEdits(base, [blocks(1, 2, 'new one'), blocks(1, 1, 'inserted')]))).toEqual(['zero', 'inserted', 'new one', 'two']);
    expect(applyEdits([p('abc')], [text(0, 1, 2, 'X'), text(0, 1, 1, '+')])[0].text).toBe('a+Xc');
  });

  it('refuse to apply overlapping edits', () => {
    expect(() => applyEdits(base, [text(1, 0, 5, 'x'), text(1, 3, 7, 'y')])).toThrow(RangeError);
    expect(() => applyEdits(base, [blocks(0, 2), text(1, 0, 1, 'x')])).toThrow(RangeError);
    expect(() => applyEdits(base, [blocks(0, 2), blocks(1, 3)])).toThrow(RangeError);
    expect(() => applyEdits(base, [text(5, 0, 0, 'x')])).toThrow(RangeError);
  });

  it('collide across amendments when they change the same text or insert at the same place', () => {
    expect(editsCollide(text(1, 0, 3, 'x'), text(1, 2, 5, 'y'))).toBe(true);
    expect(editsCollide(text(1, 3, 3, 'x'), text(1, 3, 3, 'y'))).toBe(true);
    expect(editsCollide(blocks(2, 2, 'a'), blocks(2, 2, 'b'))).toBe(true);
    expect(editsCollide(text(1, 4, 4, 'x'), text(1, 0, 7, 'y'))).toBe(true);
  });

  it('do not collide when they only touch, or are identical', () => {
    expect(editsCollide(text(1, 0, 3, 'x'), text(1, 3, 7, 'y'))).toBe(false);
    expect(editsCollide(text(1, 0, 3, 'x'), text(1, 0, 3, 'x'))).toBe(false);
    expect(editsCollide(blocks(1, 2), blocks(2, 2, 'b'))).toBe(false);
  });

  it('come from a diff in groups that stand or fall together, a move being one group', () => {
    const alpha = p('Alpha clause on the budget.');
    const base2 = [alpha, p('Beta clause on delegations.'), p('Gamma clause on accountability.')];
    const amended = [base2[1], base2[2], alpha];
    const groups = editGroupsFromDiff(diffBlocks(base2, amended));
    expect(groups).toHaveLength(1);
    expect(groups[0].edits).toEqual([blocks(3, 3, 'Alpha clause on the budget.'), blocks(0, 1)]);
    expect(applyEdits(base2, flattenGroups(groups))).toEqual(amended);
  });
});
