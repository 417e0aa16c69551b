import type { Db } from '../db';
import type { Convention } from '../../shared/api';
import { errors } from '../errors';
import { formatInZone } from '../../shared/signatures/zoned-time';

export interface ConventionRow {
  id: string;
  name: string;
  timezone: string;
  line_width: number;
  submission_deadline: string | null;
  signature_deadline: string | null;
  roster_date: string | null;
  rules: string;
}

/**
 * The convention this server runs. One server holds one convention; the tables
 * carry `convention_id` so that an archive of past ones can sit beside it.
 */
export function currentConvention(db: Db): Convention {
  return conventionFromRow(db.prepare(CURRENT_CONVENTION).get() as ConventionRow | undefined);
}

/** The query for the convention this server runs (both backends). */
export const CURRENT_CONVENTION = 'SELECT * FROM conventions ORDER BY created_at DESC LIMIT 1';

/** A convention row in the server's names; NOT_FOUND when there is none. */
export function conventionFromRow(row: ConventionRow | undefined): Convention {
  if (!row) throw errors.notFound('No convention has been set up yet.');
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    lineWidth: row.line_width,
    submissionDeadline: row.submission_deadline,
    signatureDeadline: row.signature_deadline,
    rosterDate: row.roster_date,
    rules: JSON.parse(row.rules) as Convention['rules'],
  };
}

/** A deadline (or any instant) as the server's messages give it: in the convention's time zone, named ("Jan 1, 2020, 11:59 PM CST"). */
export function conventionTime(convention: Pick<Convention, 'timezone'>, iso: string): string {
  return formatInZone(iso, convention.timezone, 'en-US');
}
