/**
 * `plenary migrate-to-postgres` on a real PostgreSQL server: a SQLite data folder
 * (the demo convention, a session and an edit) arrives whole, its audit chain
 * still checks out against the anchor taken in SQLite, ids continue after the
 * copied ones, and a database that already holds data is refused untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import * as Y from 'yjs';
import pg from 'pg';
import { openDatabase, type Db } from '../server/db';
import { seedDemoConvention } from '../server/seed';
import { loadDemoConvention } from '../fixtures/index';
import { createSession } from '../server/auth/sessions';
import { PgSessionStore } from '../server/auth/session-store';
import { Journal } from '../server/sync/journal';
import { PgJournalStore } from '../server/sync/journal-postgres';
import { sqliteStorage } from '../server/storage';
import { postgresStorage } from '../server/storage/postgres';
import { COPIED_TABLES } from '../server/db/copy-to-postgres';
import { buildProgram } from '../server/cli/program';
import { CliError } from '../server/cli/errors';
import { login, makeDataDir, startServer } from './helpers/server';
import { getJson } from './helpers/api';
import type { DocumentSummary } from '../shared/api';
import { blocksOf } from '../server/sync/content';
import { HAS_POSTGRES, postgresServer, closeBackends } from './helpers/backends';
import { appendParagraph } from './helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';

afterAll(() => closeBackends());

/** Runs `plenary migrate-to-postgres` in-process and returns what it printed. */
async function migrateCli(dataDir: string, url: string): Promise<string> {
  let printed = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    printed += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await buildProgram().parseAsync(['node', 'plenary', 'migrate-to-postgres', '--data', dataDir, '--database-url', url]);
  } finally {
    process.stdout.write = write;
  }
  return printed;
}

describe.skipIf(!HAS_POSTGRES)('plenary migrate-to-postgres', () => {
  let dataDir: string;
  let db: Db;
  let url: string;
  let pool: pg.Pool;
  let token: string;
  let anchor: string;
  let draftId: string;
  /** What the one migration of the file printed: every test reads the database it filled. */
  let printed: string;
  beforeAll(async () => {
    dataDir = makeDataDir();
    db = openDatabase(dataDir);
    const storage = sqliteStorage(db);
    await seedDemoConvention(storage, loadDemoConvention());
    const staff = db.prepare("SELECT id FROM users WHERE email = 'staff@demo.test'").get() as { id: string };
    token = createSession(db, staff.id);
    draftId = (db.prepare("SELECT id FROM documents WHERE status = 'draft' LIMIT 1").get() as { id: string }).id;
    const edit = new Y.Doc();
    appendParagraph(edit, 'Written before the move.');
    new Journal(db).append(draftId, Y.encodeStateAsUpdate(edit));
    anchor = (await storage.signatures.currentAnchor())!;
    db.close();
    url = await (await postgresServer()).createDatabase();
    printed = await migrateCli(dataDir, url);
    pool = new pg.Pool({ connectionString: url });
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every table, keeps the audit chain and its anchor, and carries the ids on', async () => {
    expect(printed).toMatch(/^copied \d+ rows into PostgreSQL/);
    db = openDatabase(dataDir);
    try {
      for (const table of COPIED_TABLES) {
        const inSqlite = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        const inPostgres = Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        expect({ table, rows: inPostgres }).toEqual({ table, rows: inSqlite });
        expect(printed).toContain(`${table}: ${inSqlite}`);
      }
      const sqliteJournalMax = (db.prepare('SELECT max(id) AS id FROM yjs_journal').get() as { id: number }).id;

      const chain = await postgresStorage(pool).signatures.verifyAudit();
      expect(chain.ok).toBe(true);
      const [seq, hash] = anchor.split(':');
      const stored = await pool.query('SELECT hash FROM signature_audit WHERE seq = $1', [Number(seq)]);
      expect(stored.rows[0].hash).toBe(hash);

      // The session issued on SQLite signs in on PostgreSQL.
      expect(await new PgSessionStore(pool).userIdFor(token)).not.toBeNull();

      // The draft reads the same, and new journal rows get ids after the copied ones.
      const journal = new PgJournalStore(pool);
      const { updates } = await journal.read(draftId);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      expect(doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toContain('Written before the move.');
      expect(await journal.append(draftId, updates[0]!)).toBeGreaterThan(sqliteJournalMax);
    } finally {
      db.close();
    }
  });

  it('serves the moved convention from PostgreSQL: the session issued on SQLite, the draft with its edit', async () => {
    const server = await startServer({ dataDir: makeDataDir(), databaseUrl: url });
    try {
      const me = await getJson<{ user: { email: string } }>(server.url, '/api/auth/me', token);
      expect(me.body.user.email).toBe('staff@demo.test');
      const draft = await server.app.rooms.read(draftId, (doc) => blocksOf(doc).map((block) => block.text));
      expect(draft).toContain('Written before the move.');
      const audit = await getJson<{ ok: boolean; total: number }>(server.url, '/api/audit/verify', token);
      expect(audit.body).toMatchObject({ ok: true, total: Number(anchor.split(':')[0]) });
    } finally {
      await server.close();
    }
  });

  it('refuses a database that already holds a convention, and changes nothing in it', async () => {
    const before = Number((await pool.query('SELECT count(*) AS n FROM signatures')).rows[0].n);
    expect(before).toBeGreaterThan(0);
    await expect(migrateCli(dataDir, url)).rejects.toThrow(CliError);
    await expect(migrateCli(dataDir, url)).rejects.toThrow(/already holds/);
    expect(Number((await pool.query('SELECT count(*) AS n FROM signatures')).rows[0].n)).toBe(before);
  });

  it('refuses a URL that is not PostgreSQL and a folder without a database', async () => {
    await expect(migrateCli(dataDir, 'mysql://localhost/x')).rejects.toThrow(/postgres:\/\//);
    const empty = makeDataDir();
    try {
      await expect(migrateCli(empty, url)).rejects.toThrow(/no database at/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!HAS_POSTGRES)('a server with DATABASE_URL', () => {
  it('runs entirely on PostgreSQL: seeds the demo convention into the empty database once, and writes nothing into its data folder', async () => {
    const databaseUrl = await (await postgresServer()).createDatabase();
    const dataDir = makeDataDir();
    try {
      const first = await startServer({ dataDir, databaseUrl });
      const staff = await login(first.url, 'staff@demo.test');
      const documents = await getJson<DocumentSummary[]>(first.url, '/api/documents', staff);
      expect(documents.body.some((doc) => doc.code === 'CR01')).toBe(true);
      await first.close({ keepData: true });
      // A second start (another process, or a restart) finds the convention and seeds nothing.
      const second = await startServer({ dataDir, databaseUrl });
      await second.close({ keepData: true });
      const check = new pg.Client({ connectionString: databaseUrl });
      await check.connect();
      try {
        expect(Number((await check.query('SELECT count(*) AS n FROM conventions')).rows[0].n)).toBe(1);
      } finally {
        await check.end();
      }
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
