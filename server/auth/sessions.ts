import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { nowIso, statement } from '../db';

/** How long a session lasts: a convention season, so delegates are not logged out mid-floor. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The session cookie's name. */
export const SESSION_COOKIE = 'plenary_session';

/** Tokens are stored only as their SHA-256, so a leaked database holds no usable token. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session for a user and returns its bearer token (shown once, never stored). */
export function createSession(db: Db, userId: string): string {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  statement(db, 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    new Date(now).toISOString(),
    new Date(now + SESSION_TTL_MS).toISOString(),
  );
  return token;
}

/** The user id a token belongs to, or null when the token is unknown, malformed or expired. */
export function userIdForToken(db: Db, token: string | undefined | null): string | null {
  if (!token || token.length > 200) return null;
  const row = statement(db, 'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?')
    .get(hashToken(token), nowIso()) as { user_id: string } | undefined;
  return row?.user_id ?? null;
}

/** Ends the session a token belongs to; unknown tokens are ignored. */
export function deleteSession(db: Db, token: string): void {
  statement(db, 'DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
}
