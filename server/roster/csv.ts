import { parse } from 'csv-parse/sync';
import type { CsvRecord, RosterLineError } from '../../shared/signatures/roster-rows';

/**
 * The byte offsets where each line of `bytes` starts, for turning a parser's
 * byte position into a line number. A line ends at LF, CRLF or a lone CR.
 */
function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) starts.push(i + 1);
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) starts.push(i + 1);
  }
  return starts;
}

/** The 1-based line holding byte `offset`. */
function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/**
 * Splits a roster CSV into records with the line each starts on, with
 * csv-parse: quoted fields (commas, quotes, line breaks inside), a byte-order
 * mark, CRLF or LF, blank lines skipped. Rows may have any number of fields
 * here; the roster's own validation judges them. Line numbers come from the
 * parser's byte position (its own line count double-counts a CRLF inside
 * quotes). A file the parser cannot read at all (an unclosed quote, stray
 * characters after a closing quote) is reported as one error on the line
 * where it stopped.
 */
export function readCsvRecords(text: string): { ok: true; records: CsvRecord[] } | { ok: false; error: RosterLineError } {
  const bytes = Buffer.from(text, 'utf8');
  const starts = lineStarts(bytes);
  try {
    const rows = parse(bytes, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as unknown as {
      record: string[];
      info: { bytes: number };
    }[];
    let end = 0;
    const records = rows.map(({ record, info }) => {
      let start = end === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : end;
      // Skip the blank lines between the previous record and this one.
      while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
      end = info.bytes;
      return { line: lineAt(starts, Math.min(start, Math.max(0, end - 1))), fields: record };
    });
    return { ok: true, records };
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    const reason = error instanceof Error ? error.message.replace(/^[A-Za-z ]+:\s*/, '') : 'the file cannot be read as CSV';
    return { ok: false, error: { line, message: `The file cannot be read as CSV here: ${reason}` } };
  }
}
