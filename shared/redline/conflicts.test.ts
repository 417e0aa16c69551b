import { describe, expect, it } from 'vitest';
import { conflictMap, findConflicts, mergeRanges, touchedLines, touchedLinesOf } from './conflicts';
import { diffBlocks } from './diff';
import { numberLines } from './lines';
import { p, resolved } from './test-builders';

const base = [p('aaa bbb ccc ddd eee fff'), resolved('Resolved, one.'), resolved('Resolved, two.'), resolved('Resolved, three.')];
const lines = numberLines(base, 20); // lines 1-2: the paragraph; 3, 4, 5: the clauses

describe('touched lines', () => {
  it('are the lines of the words an amendment changes', () => {
    expect(touchedLinesOf([p('aaa bbb ccc ddd eee XXX'), ...base.slice(1)], lines)).toEqual([{ from: 2, to: 2 }]);
  });

  it('are all lines of a struck or substituted clause', () => {
    expect(touchedLinesOf([base[0], base[1], base[3]], lines)).toEqual([{ from: 4, to: 4 }]);
    expect(touchedLinesOf([p('Wholly different words here.'), ...base.slice(1)], lines)).toEqual([{ from: 1, to: 2 }]);
  });

  it('are the line a new clause is inserted after (line 1 before the start)', () => {
    expect(touchedLinesOf([...base.slice(0, 2), resolved('Resolved, one and a half.'), ...base.slice(2)], lines)).toEqual([{ from: 3, to: 3 }]);
    expect(touchedLinesOf([resolved('Resolved, zero.'), ...base], lines)).toEqual([{ from: 1, to: 1 }]);
  });

  it('of a moved clause are where it leaves and where it lands', () => {
    expect(touchedLines(diffBlocks(base, [base[0], base[2], base[3], base[1]]), lines)).toEqual([{ from: 3, to: 3 }, { from: 5, to: 5 }]);
  });

  it('are none for an unchanged text', () => {
    expect(touchedLinesOf(base, lines)).toEqual([]);
  });

  it('merge when they overlap or touch', () => {
    expect(mergeRanges([{ from: 5, to: 6 }, { from: 1, to: 2 }, { from: 3, to: 3 }, { from: 9, to: 9 }])).toEqual([{ from: 1, to: 3 }, { from: 5, to: 6 }, { from: 9, to: 9 }]);
  });
});

describe('conflicts', () => {
  const amendments = [
    { id: 'A01', ranges: [{ from: 12, to: 14 }] },
    { id: 'A02', ranges: [{ from: 14, to: 20 }, { from: 40, to: 40 }] },
    { id: 'A03', ranges: [{ from: 30, to: 35 }] },
    { id: 'A04', ranges: [{ from: 13, to: 13 }, { from: 40, to: 41 }] },
  ];

  it('pair the amendments that touch a common line, with the lines they share', () => {
    expect(findConflicts(amendments)).toEqual([
      { a: 'A01', b: 'A02', lines: [{ from: 14, to: 14 }] },
      { a: 'A01', b: 'A04', lines: [{ from: 13, to: 13 }] },
      { a: 'A02', b: 'A04', lines: [{ from: 40, to: 40 }] },
    ]);
  });

  it('do not pair amendments on neighbouring lines', () => {
    expect(findConflicts([{ id: 'A', ranges: [{ from: 1, to: 2 }] }, { id: 'B', ranges: [{ from: 3, to: 4 }] }])).toEqual([]);
  });

  it('map every touched line to the amendments touching it', () => {
    const map = conflictMap(amendments);
    expect(map.find((l) => l.line === 13)).toEqual({ line: 13, amendments: ['A01', 'A04'] });
    expect(map.find((l) => l.line === 40)).toEqual({ line: 40, amendments: ['A02', 'A04'] });
    expect(map.some((l) => l.line === 25)).toBe(false);
  });
});
