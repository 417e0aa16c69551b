import type { Db } from '../db';
import { nowIso } from '../db';
import type { RosterMember } from '../../shared/signatures/eligibility';
import { diffRoster, type RosterDiff, type RosterRow } from '../../shared/signatures/roster-rows';

interface StoredRow {
  memberId: string;
  name: string;
  email: string;
  chapter: string;
  goodStanding: number;
  delegate: number;
}

/** The whole stored roster of a convention. */
export function storedRoster(db: Db, conventionId: string): RosterMember[] {
  const rows = db
    .prepare(
      `SELECT member_id AS memberId, name, email, chapter, good_standing AS goodStanding, delegate
       FROM roster WHERE convention_id = ? ORDER BY member_id`,
    )
    .all(conventionId) as StoredRow[];
  return rows.map((row) => ({ ...row, goodStanding: row.goodStanding === 1, delegate: row.delegate === 1 }));
}

/**
 * Applies a validated roster: adds new member ids and updates changed ones in
 * place (members the file leaves out are kept: a partial file never drops
 * anyone). Run it in a transaction with whatever must change with it.
 */
export function applyRoster(db: Db, conventionId: string, members: readonly RosterRow[]): RosterDiff {
  const diff = diffRoster(storedRoster(db, conventionId), members);
  const changed = new Set(diff.changes.map((change) => change.memberId));
  const upsert = db.prepare(
    `INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (convention_id, member_id) DO UPDATE SET
       name = excluded.name, email = excluded.email, chapter = excluded.chapter,
       good_standing = excluded.good_standing, delegate = excluded.delegate, updated_at = excluded.updated_at`,
  );
  const at = nowIso();
  for (const member of members) {
    if (!changed.has(member.memberId)) continue;
    upsert.run(conventionId, member.memberId, member.name, member.email, member.chapter, member.goodStanding ? 1 : 0, member.delegate ? 1 : 0, at);
  }
  return diff;
}

/** How many user accounts are linked to a roster entry by email. */
export function linkedUsers(db: Db, conventionId: string): number {
  return (
    db.prepare('SELECT count(DISTINCT u.id) AS n FROM users u JOIN roster r ON r.email = u.email AND r.convention_id = ?').get(conventionId) as { n: number }
  ).n;
}

/** The roster's size and make-up. */
export function rosterSummary(db: Db, conventionId: string) {
  const row = db
    .prepare(
      `SELECT count(*) AS members, coalesce(sum(good_standing), 0) AS inGoodStanding, coalesce(sum(delegate), 0) AS delegates,
              count(DISTINCT chapter) AS chapters, max(updated_at) AS updatedAt
       FROM roster WHERE convention_id = ?`,
    )
    .get(conventionId) as { members: number; inGoodStanding: number; delegates: number; chapters: number; updatedAt: string | null };
  return { ...row, linkedUsers: linkedUsers(db, conventionId) };
}
