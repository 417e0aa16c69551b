import type { RosterMember } from './eligibility';

/**
 * Validating the roster CSV's rows, after a CSV parser has split them into
 * fields. The file has a header line naming the columns, in any order:
 * member id, name, email, chapter, good standing, delegate. Header names are
 * matched loosely ("Member ID", "member_id" and "member-id" are the same column);
 * any other column is an error, so a misspelt column is never silently ignored.
 */

/** The roster's columns, as keys of `RosterMember`. */
export const ROSTER_COLUMNS = ['memberId', 'name', 'email', 'chapter', 'goodStanding', 'delegate'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** The header names a column is written with, normalised (lower case, letters and digits only). */
const COLUMN_ALIASES: Record<RosterColumn, readonly string[]> = {
  memberId: ['memberid', 'id', 'membernumber'],
  name: ['name', 'fullname'],
  email: ['email', 'emailaddress'],
  chapter: ['chapter'],
  goodStanding: ['goodstanding', 'ingoodstanding', 'standing'],
  delegate: ['delegate', 'isdelegate'],
};

/** The longest member id accepted: ids are short codes, never prose. */
export const MAX_MEMBER_ID_LENGTH = 64;
/** The longest name, email or chapter accepted (emails are at most 320 characters by RFC 5321). */
export const MAX_FIELD_LENGTH = 320;

/** Words accepted for yes and no in the two flag columns. */
const YES = new Set(['yes', 'y', 'true', 't', '1', 'x']);
const NO = new Set(['no', 'n', 'false', 'f', '0']);

/**
 * A deliberately plain email check: one `@`, something before it, a dotted
 * domain after it, no spaces. Catches typos and swapped columns, not every
 * undeliverable address.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A member id: letters, digits, and `-`, `_`, `.`, `/` inside. */
const MEMBER_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

/** One parsed CSV record with the file line it came from (1 is the header). */
export interface CsvRecord {
  line: number;
  fields: readonly string[];
}

/** A problem with one line of the file. */
export interface RosterLineError {
  line: number;
  message: string;
}

/** A roster member with the file line it came from. */
export interface RosterRow extends RosterMember {
  line: number;
}

/** What validating a roster file found: every member, or every bad line. */
export type RosterValidation = { ok: true; members: RosterRow[] } | { ok: false; errors: RosterLineError[] };

function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column a header name stands for, or null. */
export function columnForHeader(name: string): RosterColumn | null {
  const key = normaliseHeader(name);
  for (const column of ROSTER_COLUMNS) if (COLUMN_ALIASES[column].includes(key)) return column;
  return null;
}

/** Reads a yes/no flag; null when it is neither. */
export function parseFlag(value: string): boolean | null {
  const key = value.trim().toLowerCase();
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return null;
}

/** Whether `value` looks like an email address (see `EMAIL`). */
export function isEmail(value: string): boolean {
  return value.length <= MAX_FIELD_LENGTH && EMAIL.test(value);
}

/**
 * Validates a whole roster: the header (every column known, none twice, all
 * six present), then each row: a member id, unique in the file; a name; a
 * well-formed email, unique in the file (users are linked to members by email);
 * a chapter; yes/no flags; and no more fields than columns. Every problem is
 * reported with its line, and a file with any problem yields no members at all,
 * so nothing is ever half-imported.
 */
export function validateRoster(records: readonly CsvRecord[]): RosterValidation {
  const errors: RosterLineError[] = [];
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: 'The file is empty: expected a header line and one line per member.' }] };

  const columns: (RosterColumn | null)[] = [];
  const seen = new Map<RosterColumn, number>();
  header.fields.forEach((name, index) => {
    const column = columnForHeader(name);
    columns.push(column);
    if (!column) {
      errors.push({ line: header.line, message: `Unknown column "${name.trim()}" (column ${index + 1}); the columns are member id, name, email, chapter, good standing, delegate.` });
    } else if (seen.has(column)) {
      errors.push({ line: header.line, message: `Column "${name.trim()}" appears twice (columns ${seen.get(column)! + 1} and ${index + 1}).` });
    } else {
      seen.set(column, index);
    }
  });
  const missing = ROSTER_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length > 0) errors.push({ line: header.line, message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.map(columnLabel).join(', ')}.` });
  if (errors.length > 0) return { ok: false, errors };

  const members: RosterRow[] = [];
  const idLines = new Map<string, number>();
  const emailLines = new Map<string, number>();
  for (const record of rows) {
    const problems: string[] = [];
    if (record.fields.length > header.fields.length) {
      problems.push(`has ${record.fields.length} fields but the header names ${header.fields.length} columns`);
    }
    const field = (column: RosterColumn) => (record.fields[seen.get(column)!] ?? '').trim();
    const memberId = field('memberId');
    const name = field('name');
    const email = field('email');
    const chapter = field('chapter');
    const goodStanding = parseFlag(field('goodStanding'));
    const delegate = parseFlag(field('delegate'));

    if (memberId === '') problems.push('missing member id');
    else if (memberId.length > MAX_MEMBER_ID_LENGTH || !MEMBER_ID.test(memberId)) problems.push(`member id "${clip(memberId)}" is not valid (letters, digits, - _ . / only)`);
    else if (idLines.has(memberId)) problems.push(`duplicate member id ${memberId} (first on line ${idLines.get(memberId)})`);
    if (name === '') problems.push('missing name');
    else if (name.length > MAX_FIELD_LENGTH) problems.push('name is too long');
    if (email === '') problems.push('missing email');
    else if (!isEmail(email)) problems.push(`malformed email "${clip(email)}"`);
    else if (emailLines.has(email.toLowerCase())) problems.push(`duplicate email ${email} (first on line ${emailLines.get(email.toLowerCase())})`);
    if (chapter === '') problems.push('missing chapter');
    else if (chapter.length > MAX_FIELD_LENGTH) problems.push('chapter is too long');
    if (goodStanding === null) problems.push(`good standing "${clip(field('goodStanding'))}" is not yes or no`);
    if (delegate === null) problems.push(`delegate "${clip(field('delegate'))}" is not yes or no`);

    if (memberId !== '' && !idLines.has(memberId)) idLines.set(memberId, record.line);
    if (email !== '' && !emailLines.has(email.toLowerCase())) emailLines.set(email.toLowerCase(), record.line);
    if (problems.length > 0) {
      errors.push({ line: record.line, message: capitalise(problems.join('; ')) + '.' });
      continue;
    }
    members.push({ line: record.line, memberId, name, email, chapter, goodStanding: goodStanding!, delegate: delegate! });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (members.length === 0) return { ok: false, errors: [{ line: header.line, message: 'The file has a header but no members.' }] };
  return { ok: true, members };
}

/** The fields of a member a re-import can change. */
export type RosterField = Exclude<keyof RosterMember, 'memberId'>;
const COMPARED_FIELDS: readonly RosterField[] = ['name', 'email', 'chapter', 'goodStanding', 'delegate'];

/** One member the import adds or changes. */
export interface RosterChange {
  memberId: string;
  line: number;
  kind: 'added' | 'updated';
  /** For `updated`: the fields that differ from the stored roster. */
  fields: RosterField[];
}

/** What a re-import changes, member by member. */
export interface RosterDiff {
  added: number;
  updated: number;
  unchanged: number;
  /** Member ids on the stored roster that the file does not list (kept, not removed). */
  notInFile: string[];
  changes: RosterChange[];
}

/**
 * Compares an imported roster with the stored one, by member id: new ids are
 * added, known ids whose fields differ are updated (naming the fields), the
 * rest are unchanged. Emails compare case-insensitively.
 */
export function diffRoster(stored: readonly RosterMember[], imported: readonly RosterRow[]): RosterDiff {
  const byId = new Map(stored.map((member) => [member.memberId, member]));
  const changes: RosterChange[] = [];
  let unchanged = 0;
  for (const row of imported) {
    const before = byId.get(row.memberId);
    if (!before) {
      changes.push({ memberId: row.memberId, line: row.line, kind: 'added', fields: [] });
      continue;
    }
    const fields = COMPARED_FIELDS.filter((field) =>
      field === 'email' ? before.email.toLowerCase() !== row.email.toLowerCase() : before[field] !== row[field],
    );
    if (fields.length === 0) unchanged++;
    else changes.push({ memberId: row.memberId, line: row.line, kind: 'updated', fields });
  }
  const importedIds = new Set(imported.map((row) => row.memberId));
  return {
    added: changes.filter((change) => change.kind === 'added').length,
    updated: changes.filter((change) => change.kind === 'updated').length,
    unchanged,
    notInFile: stored.filter((member) => !importedIds.has(member.memberId)).map((member) => member.memberId),
    changes,
  };
}

function columnLabel(column: RosterColumn): string {
  return column.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
