/**
 * PostgreSQL going away under a running pool: the connections it drops while idle
 * are reported and replaced, and the process carries on (an unheard `error` event
 * on a `pg` pool ends the process). Skipped, and said so, where no PostgreSQL can run.
 */
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../server/db/postgres';
import { HAS_POSTGRES } from './helpers/backends';
import { startPostgres } from './helpers/postgres';

/** initdb, start, restart and stop on a loaded two-core machine. */
const RESTART_TEST_TIMEOUT_MS = 120_000;

describe.skipIf(!HAS_POSTGRES)('the PostgreSQL pool when the server goes away', () => {
  it('reports the idle connections a stopping server drops, and the process carries on', async () => {
    const server = await startPostgres();
    const url = await server.createDatabase();
    const dropped: string[] = [];
    const pool = await openPostgres(url, 2, (error) => dropped.push(error.message));
    try {
      await pool.query('SELECT 1');
      await server.stop();
      await expect.poll(() => dropped.length).toBeGreaterThan(0);
      expect(dropped[0]).toMatch(/terminating connection/);
    } finally {
      await pool.end().catch(() => undefined);
    }
  }, RESTART_TEST_TIMEOUT_MS);
});
