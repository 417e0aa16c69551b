import { createHash } from 'node:crypto';
import type { TestServer } from './server';

/**
 * Makes a session token expired, as if its 30 days had passed: the one thing
 * the API cannot do for a test. Sessions are stored by the token's SHA-256.
 */
export function expireSession(server: TestServer, token: string): void {
  const hash = createHash('sha256').update(token).digest('hex');
  const changed = server.app.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(new Date(Date.now() - 1000).toISOString(), hash);
  if (changed.changes !== 1) throw new Error('no such session to expire');
}
