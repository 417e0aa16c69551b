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

describe('the roster file at its edges', () => {
  const errorsOf = (records: CsvRecord[]) => {
    const result = validateRoster(records);
    if (result.ok) throw new Error('expected the file to be refused');
    return result.errors;
  };
  const header = (...fields: string[]): CsvRecord => ({ line: 1, fields });

  it('knows every way the columns are written', () => {
    const result = validateRoster([
      header(' ID ', 'Full Name', 'E-mail Address', 'Chapter', 'In Good Standing', 'Is Delegate'),
      { line: 2, fields: ['A1', 'Ana', 'a@example.org', 'Boston', 'yes', 'no'] },
    ]);
    expect(result.ok).toBe(true);
    for (const [names, column] of [
      [['Member Number', 'Name', 'Email', 'Chapter', 'Standing', 'Delegate'], 'member number and standing'],
      [['member_id', 'name', 'emailaddress', 'chapter', 'good_standing', 'isdelegate'], 'emailaddress and isdelegate'],
    ] as const) {
      expect(validateRoster([header(...names), { line: 2, fields: ['A1', 'Ana', 'a@example.org', 'Boston', 'yes', 'no'] }]).ok, column).toBe(true);
    }
  });

  it('says what is wrong with the header, by column number, and checks no row when it is wrong', () => {
    expect(errorsOf([header(...HEADER, ' shoe size '), { line: 2, fields: ['', '', '', '', '', ''] }])).toEqual([
      { line: 1, message: 'Unknown column "shoe size" (column 7); the columns are member id, name, email, chapter, good standing, delegate.' },
    ]);
    expect(errorsOf([header('Email', 'member_id', ' E-mail ', 'name', 'chapter', 'good_standing', 'delegate')])).toEqual([
      { line: 1, message: 'Column "E-mail" appears twice (columns 1 and 3).' },
    ]);
    expect(errorsOf([header('member_id', 'name', 'email', 'chapter', 'good_standing')])).toEqual([{ line: 1, message: 'Missing column: delegate.' }]);
    expect(errorsOf([header('member_id', 'name', 'email', 'chapter')])).toEqual([{ line: 1, message: 'Missing columns: good standing, delegate.' }]);
  });

  it('refuses an empty file and a file of only a header', () => {
    expect(errorsOf([])).toEqual([{ line: 1, message: 'The file is empty: expected a header line and one line per member.' }]);
    expect(errorsOf(file())).toEqual([{ line: 1, message: 'The file has a header but no members.' }]);
  });

  it('trims every field, and reads yes and no whatever their case and spacing', () => {
    const result = validateRoster(file([' M1 ', ' Ana ', ' a@example.org ', ' Boston ', ' YES ', ' n ']));
    expect(result).toEqual({ ok: true, members: [{ line: 2, memberId: 'M1', name: 'Ana', email: 'a@example.org', chapter: 'Boston', goodStanding: true, delegate: false }] });
    expect([parseFlag(' True '), parseFlag('X'), parseFlag(' f '), parseFlag('0'), parseFlag('nope')]).toEqual([true, true, false, false, null]);
  });

  it('names every problem of a line, in the order of the columns', () => {
    expect(errorsOf(file(['M1', '', '', '', 'maybe', 'sometimes']))).toEqual([
      { line: 2, message: 'Missing name; missing email; missing chapter; good standing "maybe" is not yes or no; delegate "sometimes" is not yes or no.' },
    ]);
  });

  it('takes member ids of letters and digits with - _ . / inside, up to 64 characters', () => {
    const valid = (id: string) => validateRoster(file(row(id, 'a@example.org'))).ok;
    expect(['A', 'M1', 'M1/2.b_c-d', 'x'.repeat(64)].map(valid)).toEqual([true, true, true, true]);
    expect(['-M1', 'M1-', 'M 1', 'M1!', 'x'.repeat(65)].map(valid)).toEqual([false, false, false, false, false]);
    expect(errorsOf(file(row('M1!', 'a@example.org')))).toEqual([{ line: 2, message: 'Member id "M1!" is not valid (letters, digits, - _ . / only).' }]);
  });

  it('takes names and chapters up to 320 characters and emails with a dotted domain', () => {
    const withName = (name: string, chapter = 'Boston') => validateRoster(file(row('M1', 'a@example.org', { name, chapter })));
    expect(withName('n'.repeat(320)).ok).toBe(true);
    expect(withName('n'.repeat(321))).toEqual({ ok: false, errors: [{ line: 2, message: 'Name is too long.' }] });
    expect(withName('Ana', 'c'.repeat(320)).ok).toBe(true);
    expect(withName('Ana', 'c'.repeat(321))).toEqual({ ok: false, errors: [{ line: 2, message: 'Chapter is too long.' }] });
    const email = (value: string) => validateRoster(file(row('M1', value))).ok;
    expect(['a@example.org', 'a.b@mail.example.co.uk', `${'a'.repeat(308)}@example.org`].map(email)).toEqual([true, true, true]);
    expect(['a b@example.org', 'a@example.org b', 'a@example', 'a@@example.org', `${'a'.repeat(309)}@example.org`].map(email)).toEqual([false, false, false, false, false]);
  });

  it('shows a long bad value cut to 40 characters', () => {
    const long = `${'x'.repeat(50)}@nowhere`;
    expect(errorsOf(file(row('M1', long)))).toEqual([{ line: 2, message: `Malformed email "${'x'.repeat(37)}...".` }]);
    const forty = `${'y'.repeat(32)}@nowhere`;
    expect(errorsOf(file(row('M1', forty)))).toEqual([{ line: 2, message: `Malformed email "${forty}".` }]);
  });

  it('points every duplicate at the first line that had it, emails whatever their case', () => {
    expect(errorsOf(file(row('M1', 'ana@example.org'), row('M1', 'ben@example.org'), row('M1', 'cy@example.org'), row('M4', 'ANA@Example.org'), row('M5', 'ana@EXAMPLE.org')))).toEqual([
      { line: 3, message: 'Duplicate member id M1 (first on line 2).' },
      { line: 4, message: 'Duplicate member id M1 (first on line 2).' },
      { line: 5, message: 'Duplicate email ANA@Example.org (first on line 2).' },
      { line: 6, message: 'Duplicate email ana@EXAMPLE.org (first on line 2).' },
    ]);
  });
});

describe('comparing a re-import at its edges', () => {
  const stored = { memberId: 'M1', name: 'Ana', email: 'Ana@Example.org', chapter: 'Boston', goodStanding: true, delegate: true };
  it('takes an email in another case as unchanged, and counts added and updated apart', () => {
    const imported = [
      { ...stored, email: 'ana@example.org', line: 2 },
      { ...stored, memberId: 'M2', line: 3 },
      { ...stored, memberId: 'M3', line: 4 },
      { ...stored, memberId: 'M4', line: 5 },
    ];
    const diff = diffRoster([stored, { ...stored, memberId: 'M3', delegate: false }], imported);
    expect(diff).toMatchObject({ added: 2, updated: 1, unchanged: 1, notInFile: [] });
    expect(diffRoster([stored], [{ ...stored, email: 'other@example.org', line: 2 }]).changes).toEqual([{ memberId: 'M1', line: 2, kind: 'updated', fields: ['email'] }]);
  });
});
