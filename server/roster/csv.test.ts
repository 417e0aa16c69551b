import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv';

describe('reading the roster CSV', () => {
  it('numbers records by the file line they start on, across quoted line breaks, a BOM, CRLF and blank lines', () => {
    const result = readCsvRecords('\uFEFFa,b\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', 'two\r\nlines'] },
        { line: 5, fields: ['3', '4'] },
      ],
    });
  });

  it('keeps rows with too many or too few fields for validation to judge', () => {
    const result = readCsvRecords('a,b\n1\n1,2,3\n');
    expect(result.ok && result.records.map((r) => r.fields.length)).toEqual([2, 1, 3]);
  });

  it('reports an unclosed quote at the line the parser stopped', () => {
    const result = readCsvRecords('a,b\n1,2\n"3,4\n5,6\n');
    expect(result).toMatchObject({ ok: false, error: { line: expect.any(Number), message: expect.stringMatching(/cannot be read as CSV/) } });
  });
});
