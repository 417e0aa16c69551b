import { describe, expect, it } from 'vitest';
import { diffRoster, parseFlag, validateRoster, type CsvRecord } from './roster-rows';

const HEADER = ['member_id', 'name', 'email', 'chapter', 'good_standing', 'delegate'];
/** Records from rows of fields, numbered as file lines from 1 (the header). */
function file(...rows: string[][]): CsvRecord[] {
  return [HEADER, ...rows].map((fields, index) => ({ line: index + 1, fields }));
}
const row = (id: string, email = `${id.toLowerCase()}@example.org`, extra: Partial<Record<'standing' | 'delegate' | 'chapter' | 'name', string>> = {}) => [
  id,
  extra.name ?? `Person ${id}`,
  email,
  extra.chapter ?? 'Chicago',
  extra.standing ?? 'yes',
  extra.delegate ?? 'no',
];

describe('validating a roster file', () => {
  it('reads every member of a good file', () => {
    const result = validateRoster(file(row('M1'), row('M2', 'm2@example.org', { delegate: 'yes', standing: 'no' })));
    expect(result).toEqual({
      ok: true,
      members: [
        { line: 2, memberId: 'M1', name: 'Person M1', email: 'm1@example.org', chapter: 'Chicago', goodStanding: true, delegate: false },
        { line: 3, memberId: 'M2', name: 'Person M2', email: 'm2@example.org', chapter: 'Chicago', goodStanding: false, delegate: true },
      ],
    });
  });

  it('matches header names loosely and in any order', () => {
    const records: CsvRecord[] = [
      { line: 1, fields: ['Email', 'Member ID', 'Name', 'Chapter', 'Good Standing', 'Delegate'] },
      { line: 2, fields: ['a@example.org', 'A1', 'Ana', 'Boston', 'Y', 'N'] },
    ];
    const result = validateRoster(records);
    expect(result.ok && result.members[0]).toMatchObject({ memberId: 'A1', email: 'a@example.org', goodStanding: true, delegate: false });
  });

  it('names every bad line and returns no members', () => {
    const result = validateRoster(file(row('M1'), row(''), row('M1', 'other@example.org'), row('M4', 'not-an-email'), row('M5', 'm1@example.org'), row('M6', 'm6@example.org', { standing: 'maybe' })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(result.errors[0].message).toMatch(/missing member id/i);
    expect(result.errors[1].message).toMatch(/Duplicate member id M1 \(first on line 2\)/);
    expect(result.errors[2].message).toMatch(/Malformed email/);
    expect(result.errors[3].message).toMatch(/Duplicate email/);
    expect(result.errors[4].message).toMatch(/Good standing "maybe"/);
  });

  it('refuses unknown, repeated and missing columns on the header line', () => {
    const unknown = validateRoster([{ line: 1, fields: [...HEADER, 'shoe_size'] }, { line: 2, fields: [...row('M1'), '9'] }]);
    expect(!unknown.ok && unknown.errors).toEqual([{ line: 1, message: expect.stringContaining('Unknown column "shoe_size"') }]);
    const missing = validateRoster([{ line: 1, fields: HEADER.slice(0, 4) }]);
    expect(!missing.ok && missing.errors[0].message).toMatch(/Missing columns: good standing, delegate/);
    const twice = validateRoster([{ line: 1, fields: [...HEADER, 'Email'] }]);
    expect(!twice.ok && twice.errors[0].message).toMatch(/appears twice/);
  });

  it('refuses a row with more fields than columns', () => {
    const result = validateRoster(file([...row('M1'), 'extra']));
    expect(!result.ok && result.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/7 fields/) });
  });

  it('refuses an empty file and a file without members', () => {
    expect(validateRoster([]).ok).toBe(false);
    expect(validateRoster(file()).ok).toBe(false);
  });

  it('reads yes/no flags in the usual spellings and nothing else', () => {
    expect(['yes', 'Y', 'TRUE', '1', 'x'].map(parseFlag)).toEqual([true, true, true, true, true]);
    expect(['no', 'N', 'false', '0'].map(parseFlag)).toEqual([false, false, false, false]);
    expect(['', 'maybe', '2'].map(parseFlag)).toEqual([null, null, null]);
  });
});

describe('what a re-import changes', () => {
  const stored = [
    { memberId: 'M1', name: 'Ana', email: 'ana@example.org', chapter: 'Chicago', goodStanding: true, delegate: false },
    { memberId: 'M2', name: 'Bo', email: 'bo@example.org', chapter: 'Boston', goodStanding: true, delegate: true },
    { memberId: 'M3', name: 'Cy', email: 'cy@example.org', chapter: 'Denver', goodStanding: true, delegate: false },
  ];
  it('adds new ids, updates changed ones naming the fields, and lists ids the file lacks', () => {
    const diff = diffRoster(stored, [
      { line: 2, ...stored[0], email: 'ANA@example.org' },
      { line: 3, ...stored[1], chapter: 'Cambridge', goodStanding: false },
      { line: 4, memberId: 'M4', name: 'Di', email: 'di@example.org', chapter: 'Austin', goodStanding: true, delegate: false },
    ]);
    expect(diff).toEqual({
      added: 1,
      updated: 1,
      unchanged: 1,
      notInFile: ['M3'],
      changes: [
        { memberId: 'M2', line: 3, kind: 'updated', fields: ['chapter', 'goodStanding'] },
        { memberId: 'M4', line: 4, kind: 'added', fields: [] },
      ],
    });
  });
});
