import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv } from './csv-export';

describe('writing CSV', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes flags as yes/no and empty cells for nothing', () => {
    expect(toCsv(['a', 'b', 'c'], [[true, null, 2]])).toBe('a,b,c\r\nyes,,2\r\n');
  });

  it('round-trips through a CSV parser', () => {
    const rows = [['O\'Connell, Rúa', 'line\nbreak', 'plain']];
    expect(parse(toCsv(['x', 'y', 'z'], rows), { columns: true })).toEqual([{ x: "O'Connell, Rúa", y: 'line\nbreak', z: 'plain' }]);
  });
});

describe('CSV cells at their edges', () => {
  it('defuses only a formula at the start of a cell', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x+y-z@w')).toBe('x+y-z@w');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tindented')).toBe("'\tindented");
  });

  it('writes nothing for null, undefined and numbers that are not finite, and no for false', () => {
    expect([csvCell(null), csvCell(undefined), csvCell(Number.NaN), csvCell(Number.POSITIVE_INFINITY), csvCell(false), csvCell(0)]).toEqual(['', '', '', '', 'no', '0']);
  });
});
