import type { PgOps } from '../storage/flow';
import type { User } from '../../shared/api';
import type { UserOps, UserRow } from './users';

/** The accounts' SQL on PostgreSQL (emails compare by `lower(email)`, as the indexes do). */
export const pgUserOps: PgOps<UserOps> = {
  userByEmail: async (pg, email) =>
    (await pg.query<UserRow>('SELECT id, email, name, is_staff, password_hash FROM users WHERE lower(email) = lower($1)', [email])).rows[0],
  userById: async (pg, id) => (await pg.query<UserRow>('SELECT id, email, name, is_staff FROM users WHERE id = $1', [id])).rows[0],
  caucusesOf: async (pg, userId) =>
    (
      await pg.query<User['caucuses'][number]>(
        `SELECT c.id, c.name, c.kind FROM caucuses c JOIN caucus_members m ON m.caucus_id = c.id
         WHERE m.user_id = $1 ORDER BY c.name COLLATE "C"`,
        [userId],
      )
    ).rows,
  rosterLinkOf: async (pg, email) =>
    (
      await pg.query<{ member_id: string; good_standing: number; delegate: number }>(
        'SELECT member_id, good_standing, delegate FROM roster WHERE lower(email) = lower($1) ORDER BY updated_at DESC LIMIT 1',
        [email],
      )
    ).rows[0],
  insertUser: async (pg, u) => {
    await pg.query('INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [u.id, u.email, u.name, u.password_hash, u.is_staff, u.created_at]);
  },
  insertCaucus: async (pg, c) => {
    await pg.query('INSERT INTO caucuses (id, convention_id, name, kind) VALUES ($1, $2, $3, $4)', [c.id, c.conventionId, c.name, c.kind]);
  },
  insertCaucusMember: async (pg, caucusId, userId) => {
    await pg.query('INSERT INTO caucus_members (caucus_id, user_id) VALUES ($1, $2)', [caucusId, userId]);
  },
};
