import type { Db } from '../db';
import { statement } from '../db';
import type { User } from '../../shared/api';

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_staff: number;
  password_hash: string;
}

/** The signed-in person as every permission check sees them. */
export type Viewer = User;

/** A user row by email (case-insensitive), with its password hash, for sign-in. */
export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return statement(db, 'SELECT id, email, name, is_staff, password_hash FROM users WHERE email = ?').get(email.trim()) as
    | UserRow
    | undefined;
}

/**
 * Loads a user with their caucuses and their roster entry (linked by email) in
 * the convention, or null when the id is unknown.
 */
export function loadViewer(db: Db, userId: string): Viewer | null {
  const row = statement(db, 'SELECT id, email, name, is_staff FROM users WHERE id = ?').get(userId) as UserRow | undefined;
  if (!row) return null;
  const caucuses = statement(
    db,
    `SELECT c.id, c.name, c.kind FROM caucuses c JOIN caucus_members m ON m.caucus_id = c.id
     WHERE m.user_id = ? ORDER BY c.name`,
  ).all(userId) as User['caucuses'];
  const member = statement(db, 'SELECT member_id, good_standing, delegate FROM roster WHERE email = ? ORDER BY updated_at DESC LIMIT 1').get(
    row.email,
  ) as { member_id: string; good_standing: number; delegate: number } | undefined;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isStaff: row.is_staff === 1,
    caucuses,
    memberId: member?.member_id ?? null,
    isDelegate: member?.delegate === 1,
    goodStanding: member?.good_standing === 1,
  };
}

/** Whether the viewer belongs to the caucus (or committee) with this id. */
export function inCaucus(viewer: Viewer, caucusId: string | null): boolean {
  return caucusId !== null && viewer.caucuses.some((caucus) => caucus.id === caucusId);
}
