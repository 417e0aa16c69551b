/**
 * Raw SQL against a test server's own database, on whichever backend it runs
 * (SQLite, or PostgreSQL in the PostgreSQL run: see tests/helpers/server.ts), for
 * what the API cannot do for a test (expire a session, break the disk, read the
 * audit log as stored). Statements use `?` placeholders on both.
 */
import { pgPlaceholders } from '../../server/db/postgres';
import type { Storage } from '../../server/storage';

/** Runs one statement; resolves with its rows (none for a write) and how many rows it changed. */
export async function sql<T = Record<string, unknown>>(app: { storage: Storage }, text: string, params: unknown[] = []): Promise<{ rows: T[]; changes: number }> {
  const { storage } = app;
  if (storage.backend === 'sqlite') {
    const statement = storage.db.prepare(text);
    if (statement.reader) return { rows: statement.all(...params) as T[], changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  }
  const result = await storage.pool.query(pgPlaceholders(text), params);
  return { rows: result.rows as T[], changes: result.rowCount ?? 0 };
}
