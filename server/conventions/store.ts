/**
 * The convention this server runs: its settings (time zone, line width,
 * deadlines, roster date, signature rules), behind the storage seam. The SQL is
 * in ./sqlite.ts and ./postgres.ts; what is done with it is here, once.
 */
import type { Convention } from '../../shared/api';
import { errors } from '../errors';
import { formatInZone } from '../../shared/signatures/zoned-time';
import { asker, type Flow, type Runner } from '../storage/flow';

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

/** A convention's settings as stored (rules as JSON). */
export interface ConventionSettings {
  rules: string;
  submissionDeadline: string | null;
  signatureDeadline: string | null;
  rosterDate: string | null;
  timezone: string;
}

/** What the conventions capability asks of a backend. */
export interface ConventionOps {
  /**
   * The convention this server runs: the newest one. One server holds one
   * convention; the tables carry `convention_id` so that an archive of past ones
   * can sit beside it.
   */
  currentConventionRow(): ConventionRow | undefined;
  /** How many conventions the database holds (0 for a fresh one). */
  conventionCount(): number;
  /** Serialises the setting up of a convention until the transaction ends (PostgreSQL; SQLite's write lock already does). */
  lockConventions(): void;
  insertConvention(row: ConventionRow & { created_at: string }): void;
  /** Writes the settings staff change (see server/signatures/rules-store.ts). */
  updateConventionSettings(id: string, settings: ConventionSettings): void;
}

const ask = asker<ConventionOps>();

/** The convention this server runs; NOT_FOUND when there is none. */
export function* currentConvention(): Flow<Convention> {
  return conventionFromRow(yield* ask('currentConventionRow'));
}

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

/** The conventions capability's storage. */
export class ConventionStore {
  constructor(private readonly run: Runner) {}

  /** The convention this server runs; NOT_FOUND when there is none. */
  current(): Promise<Convention> {
    return this.run.read(currentConvention());
  }

  /** Whether the database holds no convention yet (a fresh one: the demo may be seeded). */
  async isEmpty(): Promise<boolean> {
    return (await this.run.read(ask('conventionCount'))) === 0;
  }
}
