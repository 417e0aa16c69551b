import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { nowIso, statement } from '../db';

/** How long a session lasts: a convention season, so delegates are not logged out mid-floor. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The session cookie's name. */
export const SESSION_COOKIE = 'plenary_session';

/** Longer tokens are refused unread: ours are 43 characters. */
export const MAX_TOKEN_LENGTH = 200;

/** Tokens are stored only as their SHA-256, so a leaked database holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random bearer token and the hash that is stored for it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Opens a session for a user and returns its bearer token (shown once, never stored). */
export function createSession(db: Db, userId: string): string {
  const { token, hash } = newToken();
  const now = Date.now();
  statement(db, 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hash,
    userId,
    new Date(now).toISOString(),
    new Date(now + SESSION_TTL_MS).toISOString(),
  );
  return token;
}

/** The user id a token belongs to, or null when the token is unknown, malformed or expired. */
export function userIdForToken(db: Db, token: string | undefined | null): string | null {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const row = statement(db, 'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?')
    .get(hashToken(token), nowIso()) as { user_id: string } | undefined;
  return row?.user_id ?? null;
}

/** Ends the session a token belongs to; unknown tokens are ignored. */
export function deleteSession(db: Db, token: string): void {
  statement(db, 'DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
}
