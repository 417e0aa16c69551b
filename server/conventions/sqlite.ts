import { statement } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { ConventionOps, ConventionRow } from './store';

/** The conventions' SQL on SQLite. */
export const sqliteConventionOps: SqliteOps<ConventionOps> = {
  currentConventionRow: (db) => statement(db, 'SELECT * FROM conventions ORDER BY created_at DESC LIMIT 1').get() as ConventionRow | undefined,
  conventionCount: (db) => (statement(db, 'SELECT count(*) AS n FROM conventions').get() as { n: number }).n,
  lockConventions: () => {},
  insertConvention: (db, c) => {
    statement(
      db,
      `INSERT INTO conventions (id, name, timezone, line_width, submission_deadline, signature_deadline, roster_date, rules, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, c.name, c.timezone, c.line_width, c.submission_deadline, c.signature_deadline, c.roster_date, c.rules, c.created_at);
  },
  updateConventionSettings: (db, id, s) => {
    statement(db, 'UPDATE conventions SET rules = ?, submission_deadline = ?, signature_deadline = ?, roster_date = ?, timezone = ? WHERE id = ?').run(
      s.rules,
      s.submissionDeadline,
      s.signatureDeadline,
      s.rosterDate,
      s.timezone,
      id,
    );
  },
};
