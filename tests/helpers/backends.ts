/**
 * The storage backends the parameterised tests run on: SQLite always, PostgreSQL
 * when a real server can be started here (tests/helpers/postgres.ts). Each
 * backend opens "processes": independent connections to one shared database (a
 * second better-sqlite3 connection to the same file; a second `pg` pool), so a
 * test can race two of them the way two servers would.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openDatabase, type Db } from '../../server/db';
import { openPostgres, type PgPool } from '../../server/db/postgres';
import { copyToPostgres } from '../../server/db/copy-to-postgres';
import { seedDemoConvention } from '../../server/seed';
import { loadDemoConvention } from '../../fixtures/index';
import type { SessionStore } from '../../server/auth/session-store';
import type { SignatureStore } from '../../server/signatures/store';
import type { JournalStore } from '../../server/sync/journal-store';
import type { ExportJobStore } from '../../server/exports/job-store';
import type { ChainVerification } from '../../shared/signatures/audit-chain';
import { sqliteStorage, type Storage } from '../../server/storage';
import { postgresStorage } from '../../server/storage/postgres';
import { makeDataDir } from './server';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres';

/** One process's view of the shared database: every store of the seam. */
export interface StorageProcess {
  sessions: SessionStore;
  signatures: SignatureStore;
  journal: JournalStore;
  exportJobs: ExportJobStore;
  /** Runs one SQL query (with `?` placeholders on SQLite, `$n` on PostgreSQL) and returns its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The audit chain checked from this process. */
  verifyChain(): Promise<ChainVerification & { total: number }>;
}

/** A shared database with the demo convention. */
export interface StorageBackend {
  name: 'sqlite' | 'postgres';
  /** Opens another independent connection to the shared database. */
  open(): Promise<StorageProcess>;
  close(): Promise<void>;
}

/** One process's stores over its own connection(s). */
function storageProcess(storage: Storage): StorageProcess {
  return {
    sessions: storage.sessions,
    signatures: storage.signatures,
    journal: storage.journal,
    exportJobs: storage.exportJobs,
    query: async <T>(sql: string, params: unknown[] = []) =>
      storage.backend === 'sqlite' ? (storage.db.prepare(sql).all(...params) as T[]) : ((await storage.pool.query(sql, params)).rows as T[]),
    verifyChain: () => storage.signatures.verifyAudit(),
  };
}

/** Extra accounts for roster members, so tests can sign as many people (the demo has ten accounts). */
export interface SeedOptions {
  /** Gives this many delegates in good standing an account each (email = their roster email). */
  delegateAccounts?: number;
}

async function seed(db: Db, options: SeedOptions): Promise<void> {
  await seedDemoConvention(sqliteStorage(db), loadDemoConvention());
  const delegates = db
    .prepare(`SELECT email FROM roster WHERE delegate = 1 AND good_standing = 1 AND lower(email) NOT IN (SELECT lower(email) FROM users) ORDER BY member_id LIMIT ?`)
    .all(options.delegateAccounts ?? 0) as { email: string }[];
  const insert = db.prepare(`INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES (?, ?, ?, 'x', 0, ?)`);
  delegates.forEach(({ email }, i) => insert.run(`test-delegate-${i}`, email, `Delegate ${i}`, new Date().toISOString()));
}

const seeded = new Map<string, Promise<string>>();

/**
 * A data folder with the demo convention (and `options`' extra accounts), seeded
 * once per test file and options (seeding takes seconds): each backend starts
 * from a copy of it.
 */
function seededFolder(options: SeedOptions): Promise<string> {
  const key = JSON.stringify(options);
  let folder = seeded.get(key);
  if (!folder) {
    folder = Promise.resolve().then(async () => {
      const dataDir = makeDataDir();
      const db = openDatabase(dataDir);
      await seed(db, options);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return dataDir;
    });
    seeded.set(key, folder);
  }
  return folder;
}

/** Removes the seeded folders of this test file. */
async function removeSeeded(): Promise<void> {
  for (const folder of seeded.values()) rmSync(await folder, { recursive: true, force: true });
  seeded.clear();
}

/** The demo convention in a SQLite file of its own. */
export async function sqliteBackend(options: SeedOptions = {}): Promise<StorageBackend> {
  const dataDir = makeDataDir();
  copyFileSync(join(await seededFolder(options), DATABASE_FILE), join(dataDir, DATABASE_FILE));
  const first = openDatabase(dataDir);
  const open: Db[] = [first];
  let handedOut = false;
  return {
    name: 'sqlite',
    async open() {
      if (!handedOut) {
        handedOut = true;
        return storageProcess(sqliteStorage(first));
      }
      const db = openDatabase(dataDir);
      open.push(db);
      return storageProcess(sqliteStorage(db));
    },
    async close() {
      for (const db of open) db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let server: Promise<PostgresServer> | null = null;

/** The PostgreSQL server of this test file, started on first use and stopped by `closeBackends`. */
export function postgresServer(): Promise<PostgresServer> {
  server ??= startPostgres();
  return server;
}

/** At the end of a test file: stops its PostgreSQL server, if one was started, and removes the seeded folders. */
export async function closeBackends(): Promise<void> {
  await removeSeeded();
  if (!server) return;
  const running = await server;
  server = null;
  await running.stop();
}

/** The demo convention in a fresh PostgreSQL database (seeded in SQLite and copied over, as `plenary migrate-to-postgres` does). */
export async function postgresBackend(options: SeedOptions = {}): Promise<StorageBackend> {
  const pgServer = await postgresServer();
  const url = await pgServer.createDatabase();
  const source = openDatabase(await seededFolder(options));
  const pools: PgPool[] = [];
  try {
    const pool = await openPostgres(url);
    pools.push(pool);
    await copyToPostgres(source, pool);
  } finally {
    source.close();
  }
  let handedOut = false;
  return {
    name: 'postgres',
    async open() {
      if (!handedOut) {
        handedOut = true;
        return storageProcess(postgresStorage(pools[0]!));
      }
      const pool = await openPostgres(url);
      pools.push(pool);
      return storageProcess(postgresStorage(pool));
    },
    async close() {
      for (const pool of pools) await pool.end();
    },
  };
}

/** Whether the PostgreSQL runs can happen here; when not, they are skipped (and say so), unless PLENARY_REQUIRE_POSTGRES=1 (CI). */
export const HAS_POSTGRES = postgresAvailable();
if (!HAS_POSTGRES && process.env.PLENARY_REQUIRE_POSTGRES === '1') {
  throw new Error('PLENARY_REQUIRE_POSTGRES=1 but no PostgreSQL server can be started here: install the Debian postgresql package');
}
