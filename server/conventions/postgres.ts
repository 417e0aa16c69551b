import type { PgOps } from '../storage/flow';
import type { ConventionOps, ConventionRow } from './store';

/** The conventions' SQL on PostgreSQL. */
export const pgConventionOps: PgOps<ConventionOps> = {
  currentConventionRow: async (pg) => (await pg.query<ConventionRow>('SELECT * FROM conventions ORDER BY created_at DESC LIMIT 1')).rows[0],
  conventionCount: async (pg) => (await pg.query<{ n: number }>('SELECT count(*) AS n FROM conventions')).rows[0]!.n,
  lockConventions: async (pg) => {
    await pg.query("SELECT pg_advisory_xact_lock(hashtext('conventions'))");
  },
  insertConvention: async (pg, c) => {
    await pg.query(
      `INSERT INTO conventions (id, name, timezone, line_width, submission_deadline, signature_deadline, roster_date, rules, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, c.name, c.timezone, c.line_width, c.submission_deadline, c.signature_deadline, c.roster_date, c.rules, c.created_at],
    );
  },
  updateConventionSettings: async (pg, id, s) => {
    await pg.query('UPDATE conventions SET rules = $1, submission_deadline = $2, signature_deadline = $3, roster_date = $4, timezone = $5 WHERE id = $6', [
      s.rules,
      s.submissionDeadline,
      s.signatureDeadline,
      s.rosterDate,
      s.timezone,
      id,
    ]);
  },
};
