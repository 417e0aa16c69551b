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
