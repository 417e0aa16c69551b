import { parse } from 'csv-parse/sync';
import type { CsvRecord, RosterLineError } from '../../shared/signatures/roster-rows';

/**
 * Splits a roster CSV into records with their line numbers, with csv-parse:
 * quoted fields (commas, quotes, line breaks inside), a byte-order mark,
 * CRLF or LF, blank lines skipped. Rows may have any number of fields here;
 * the roster's own validation judges them. A file the parser cannot read at
 * all (an unclosed quote, stray characters after a closing quote) is reported
 * as one error on the line where it stopped.
 */
export function readCsvRecords(text: string): { ok: true; records: CsvRecord[] } | { ok: false; error: RosterLineError } {
  try {
    const rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return { ok: true, records: rows.map(({ record, info }) => ({ line: info.lines, fields: record })) };
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    const reason = error instanceof Error ? error.message.replace(/^[A-Za-z ]+:\s*/, '') : 'the file cannot be read as CSV';
    return { ok: false, error: { line, message: `The file cannot be read as CSV here: ${reason}` } };
  }
}
