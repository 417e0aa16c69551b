import { createHash } from 'node:crypto';
import type { TestServer } from './server';
import { sql } from './sql';

/**
 * Makes a session token expired, as if its 30 days had passed: the one thing
 * the API cannot do for a test. Sessions are stored by the token's SHA-256.
 */
export async function expireSession(server: TestServer, token: string): Promise<void> {
  const hash = createHash('sha256').update(token).digest('hex');
  const { changes } = await sql(server.app, 'UPDATE sessions SET expires_at = ? WHERE token_hash = ?', [new Date(Date.now() - 1000).toISOString(), hash]);
  if (changes !== 1) throw new Error('no such session to expire');
}
