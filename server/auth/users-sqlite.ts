import { statement } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { User } from '../../shared/api';
import type { UserOps, UserRow } from './users';

/** The accounts' SQL on SQLite (emails compare case-insensitively by the columns' COLLATE NOCASE). */
export const sqliteUserOps: SqliteOps<UserOps> = {
  userByEmail: (db, email) => statement(db, 'SELECT id, email, name, is_staff, password_hash FROM users WHERE email = ?').get(email) as UserRow | undefined,
  userById: (db, id) => statement(db, 'SELECT id, email, name, is_staff FROM users WHERE id = ?').get(id) as UserRow | undefined,
  caucusesOf: (db, userId) =>
    statement(
      db,
      `SELECT c.id, c.name, c.kind FROM caucuses c JOIN caucus_members m ON m.caucus_id = c.id
       WHERE m.user_id = ? ORDER BY c.name`,
    ).all(userId) as User['caucuses'],
  rosterLinkOf: (db, email) =>
    statement(db, 'SELECT member_id, good_standing, delegate FROM roster WHERE email = ? ORDER BY updated_at DESC LIMIT 1').get(email) as
      | { member_id: string; good_standing: number; delegate: number }
      | undefined,
  insertUser: (db, u) => {
    statement(db, 'INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(u.id, u.email, u.name, u.password_hash, u.is_staff, u.created_at);
  },
  insertCaucus: (db, c) => {
    statement(db, 'INSERT INTO caucuses (id, convention_id, name, kind) VALUES (?, ?, ?, ?)').run(c.id, c.conventionId, c.name, c.kind);
  },
  insertCaucusMember: (db, caucusId, userId) => {
    statement(db, 'INSERT INTO caucus_members (caucus_id, user_id) VALUES (?, ?)').run(caucusId, userId);
  },
};
