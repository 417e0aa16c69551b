import { statement } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { RosterOps, RosterSummaryRow, StoredRosterRow } from './store';

/** The roster's SQL on SQLite. */
export const sqliteRosterOps: SqliteOps<RosterOps> = {
  storedRoster: (db, conventionId) =>
    statement(
      db,
      `SELECT member_id AS memberId, name, email, chapter, good_standing AS goodStanding, delegate
       FROM roster WHERE convention_id = ? ORDER BY member_id`,
    ).all(conventionId) as StoredRosterRow[],
  upsertRosterMembers: (db, conventionId, members, at) => {
    const upsert = statement(
      db,
      `INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (convention_id, member_id) DO UPDATE SET
         name = excluded.name, email = excluded.email, chapter = excluded.chapter,
         good_standing = excluded.good_standing, delegate = excluded.delegate, updated_at = excluded.updated_at`,
    );
    for (const m of members) upsert.run(conventionId, m.memberId, m.name, m.email, m.chapter, m.goodStanding ? 1 : 0, m.delegate ? 1 : 0, at);
  },
  linkedUsers: (db, conventionId) =>
    (statement(db, 'SELECT count(DISTINCT u.id) AS n FROM users u JOIN roster r ON r.email = u.email AND r.convention_id = ?').get(conventionId) as { n: number }).n,
  rosterSummary: (db, conventionId) =>
    statement(
      db,
      `SELECT count(*) AS members, coalesce(sum(good_standing), 0) AS inGoodStanding, coalesce(sum(delegate), 0) AS delegates,
              count(DISTINCT chapter) AS chapters, max(updated_at) AS updatedAt
       FROM roster WHERE convention_id = ?`,
    ).get(conventionId) as RosterSummaryRow,
};
