/** Sessions in PostgreSQL, behind the same seam as SQLite's (session-store.ts): the same rows, the same rules. */
import { hashToken, MAX_TOKEN_LENGTH, newToken, SESSION_TTL_MS } from './sessions';
import type { SessionStore } from './session-store';
import type { PgQueryable } from '../db/postgres';

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
