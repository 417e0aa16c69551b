import type { PgOps } from '../storage/flow';
import type { RosterOps, RosterSummaryRow, StoredRosterRow } from './store';

/** Members per INSERT: eight parameters each, far below PostgreSQL's 65,535. */
const MEMBERS_PER_INSERT = 1_000;

/** The roster's SQL on PostgreSQL (emails compare by `lower(email)`, as the indexes do). */
export const pgRosterOps: PgOps<RosterOps> = {
  storedRoster: async (pg, conventionId) =>
    (
      await pg.query<StoredRosterRow>(
        `SELECT member_id AS "memberId", name, email, chapter, good_standing AS "goodStanding", delegate
         FROM roster WHERE convention_id = $1 ORDER BY member_id COLLATE "C"`,
        [conventionId],
      )
    ).rows,
  upsertRosterMembers: async (pg, conventionId, members, at) => {
    for (let start = 0; start < members.length; start += MEMBERS_PER_INSERT) {
      const params: unknown[] = [];
      const tuples = members.slice(start, start + MEMBERS_PER_INSERT).map((m) => {
        const values = [conventionId, m.memberId, m.name, m.email, m.chapter, m.goodStanding ? 1 : 0, m.delegate ? 1 : 0, at];
        return `(${values.map((value) => `$${params.push(value)}`).join(', ')})`;
      });
      await pg.query(
        `INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (convention_id, member_id) DO UPDATE SET
           name = excluded.name, email = excluded.email, chapter = excluded.chapter,
           good_standing = excluded.good_standing, delegate = excluded.delegate, updated_at = excluded.updated_at`,
        params,
      );
    }
  },
  linkedUsers: async (pg, conventionId) =>
    (await pg.query<{ n: number }>('SELECT count(DISTINCT u.id) AS n FROM users u JOIN roster r ON lower(r.email) = lower(u.email) AND r.convention_id = $1', [conventionId])).rows[0]!.n,
  rosterSummary: async (pg, conventionId) =>
    (
      await pg.query<RosterSummaryRow>(
        `SELECT count(*) AS members, coalesce(sum(good_standing), 0) AS "inGoodStanding", coalesce(sum(delegate), 0) AS delegates,
                count(DISTINCT chapter) AS chapters, max(updated_at) AS "updatedAt"
         FROM roster WHERE convention_id = $1`,
        [conventionId],
      )
    ).rows[0]!,
};
