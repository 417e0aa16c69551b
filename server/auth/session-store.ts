/**
 * Sessions behind the storage seam. A session is a stored row (its token's
 * SHA-256, never the token), so any process sharing the database accepts any
 * token any of them issued, and signing out on one ends it on all.
 */
import type { Db } from '../db';
import { createSession, deleteSession, userIdForToken } from './sessions';

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
