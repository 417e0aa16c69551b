import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/** The database file's name inside the data folder. */
export const DATABASE_FILE = 'plenary.db';

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, in WAL mode with
 * foreign keys on, and applies any migrations it has not seen yet. WAL with
 * `synchronous = NORMAL` keeps every committed transaction across a crash of the
 * process (a power cut may lose the last ones; `FULL` is available via `durability`).
 */
export function openDatabase(dataDir: string, durability: 'NORMAL' | 'FULL' = 'NORMAL'): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies the migrations past the database's `user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** The current instant as an ISO 8601 string, the form every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, prepared once per database and reused: the
 * queries every request and sync connection makes (session, viewer, document)
 * cost a parse each time otherwise.
 */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
