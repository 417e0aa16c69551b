/**
 * The PostgreSQL backend's connection: a `pg` pool on `DATABASE_URL`, brought up
 * to date with `pgMigrations` at open. Two processes starting at once migrate one
 * after the other (a session advisory lock), never twice.
 */
import pg from 'pg';
import { pgMigrations } from './pg-migrations';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** What runs a query: the pool (a statement in its own transaction) or a client inside a transaction. */
export type PgQueryable = pg.Pool | pg.PoolClient;

/** Connections per process: the sync journal, requests and export jobs share them; PostgreSQL's default allows 100 in all. */
export const PG_POOL_SIZE = 10;

/** The advisory lock key migrations hold (any constant bigint; 'plny' in ASCII). */
const MIGRATION_LOCK = 0x706c6e79;

// bigint ids (identities, counts) as numbers: the journal and log stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Whether a `DATABASE_URL` names a PostgreSQL database. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** Where a lost idle connection is reported when the caller names no other place. */
function reportIdleError(error: Error): void {
  console.error(`PostgreSQL closed an idle connection (the pool opens a new one when needed): ${error.message}`);
}

/**
 * Opens a pool on `url` and applies the migrations it has not seen yet. A
 * connection the server drops while idle (PostgreSQL restarted, a network
 * cut) goes to `onIdleError` instead of crashing the process: `pg` emits it
 * on the pool, and an unheard `error` event would throw. The pool replaces
 * the connection on the next query.
 */
export async function openPostgres(url: string, poolSize = PG_POOL_SIZE, onIdleError: (error: Error) => void = reportIdleError): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', onIdleError);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Applies the migrations past the database's recorded version, each in its own transaction, under the migration lock. */
export async function migratePostgres(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM schema_version');
    for (let version = rows[0]?.version ?? 0; version < pgMigrations.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(pgMigrations[version]!);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * Runs `fn` in one transaction on a client of its own: committed when it
 * resolves, rolled back when it throws (the error is rethrown). `begin` may ask
 * for another isolation level.
 */
export async function pgTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A unique-index violation (SQLSTATE 23505), of the index named `constraint` when given (e.g. a second live signature for one member). */
export function isPgUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: violated } = error as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || violated === constraint);
}

/**
 * SQL written with SQLite's `?` placeholders in PostgreSQL's `$1, $2, ...`, for the
 * statements both backends share. Only for SQL without `?` inside string literals.
 */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
