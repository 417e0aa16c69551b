/**
 * Sessions behind the storage seam. A session is a stored row (its token's
 * SHA-256, never the token), so any process sharing the database accepts any
 * token any of them issued, and signing out on one ends it on all.
 */
import type { Db } from '../db';
import { createSession, deleteSession, hashToken, MAX_TOKEN_LENGTH, newToken, SESSION_TTL_MS, userIdForToken } from './sessions';
import type { PgQueryable } from '../db/postgres';

/** The sessions of every process sharing one database. */
export interface SessionStore {
  /** Opens a session for a user and resolves with its bearer token (shown once, never stored). */
  create(userId: string): Promise<string>;
  /** The user id a token belongs to, or null when the token is unknown, malformed or expired. */
  userIdFor(token: string | undefined | null): Promise<string | null>;
  /** Ends the session a token belongs to; unknown tokens are ignored. */
  delete(token: string): Promise<void>;
}

/** Sessions in the SQLite database: the synchronous functions of sessions.ts, as promises. */
export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async create(userId: string): Promise<string> {
    return createSession(this.db, userId);
  }

  async userIdFor(token: string | undefined | null): Promise<string | null> {
    return userIdForToken(this.db, token);
  }

  async delete(token: string): Promise<void> {
    deleteSession(this.db, token);
  }
}

/** Sessions in PostgreSQL. */
export class PgSessionStore implements SessionStore {
  constructor(private readonly pg: PgQueryable) {}

  async create(userId: string): Promise<string> {
    const { token, hash } = newToken();
    const now = Date.now();
    await this.pg.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      hash,
      userId,
      new Date(now).toISOString(),
      new Date(now + SESSION_TTL_MS).toISOString(),
    ]);
    return token;
  }

  async userIdFor(token: string | undefined | null): Promise<string | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const { rows } = await this.pg.query<{ user_id: string }>('SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2', [
      hashToken(token),
      new Date().toISOString(),
    ]);
    return rows[0]?.user_id ?? null;
  }

  async delete(token: string): Promise<void> {
    await this.pg.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
  }
}
