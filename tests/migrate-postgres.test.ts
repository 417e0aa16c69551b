/**
 * `plenary migrate-to-postgres` on a real PostgreSQL server: a SQLite data folder
 * (the demo convention, a session and an edit) arrives whole, its audit chain
 * still checks out against the anchor taken in SQLite, ids continue after the
 * copied ones, and a database that already holds data is refused untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import pg from 'pg';
import { openDatabase, type Db } from '../server/db';
import { seedDemoConvention } from '../server/seed';
import { loadDemoConvention } from '../fixtures/index';
import { createSession } from '../server/auth/sessions';
import { PgSessionStore } from '../server/auth/session-store-postgres';
import { Journal } from '../server/sync/journal';
import { PgJournalStore } from '../server/sync/journal-postgres';
import { currentAnchor } from '../server/signatures/audit';
import { verifyChainPg } from '../server/signatures/audit-postgres';
import { COPIED_TABLES } from '../server/db/copy-to-postgres';
import { buildProgram } from '../server/cli/program';
import { CliError } from '../server/cli/errors';
import { makeDataDir } from './helpers/server';
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
    seedDemoConvention(db, loadDemoConvention());
    const staff = db.prepare("SELECT id FROM users WHERE email = 'staff@demo.test'").get() as { id: string };
    token = createSession(db, staff.id);
    draftId = (db.prepare("SELECT id FROM documents WHERE status = 'draft' LIMIT 1").get() as { id: string }).id;
    const edit = new Y.Doc();
    appendParagraph(edit, 'Written before the move.');
    new Journal(db).append(draftId, Y.encodeStateAsUpdate(edit));
    anchor = currentAnchor(db)!;
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

      const chain = await verifyChainPg(pool);
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
