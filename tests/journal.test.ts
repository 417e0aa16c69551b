import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { openDatabase, DATABASE_FILE, type Db } from '../server/db';
import { migrations } from '../server/db/migrations';
import { Journal, SqliteJournalStore } from '../server/sync/journal';
import { RoomRegistry } from '../server/sync/registry';
import { login, makeDataDir, startServer, type TestServer } from './helpers/server';
import { appendParagraph, connect, hasParagraph, synced, until, type Client } from './helpers/yclient';
import { findDocument } from './helpers/api';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';

/** The SQLite database of a test server (this file breaks writes with a SQLite trigger). */
function sqliteOf(server: TestServer): Db {
  if (server.app.storage.backend !== 'sqlite') throw new Error('this test runs on SQLite');
  return server.app.storage.db;
}

/** Makes every journal insert for `docId` fail, as a full disk would. */
function breakWritesFor(db: Db, docId: string): void {
  db.exec(`CREATE TRIGGER refuse_journal BEFORE INSERT ON yjs_journal WHEN NEW.doc_id = '${docId}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
}

function updateWithParagraph(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the journal writes the updates of one event-loop turn together', () => {
  function openJournal() {
    const dataDir = makeDataDir();
    const db = openDatabase(dataDir);
    cleanups.push(() => {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const observer = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    cleanups.push(() => {
      observer.close();
    });
    const rowsOnDisk = (docId: string) => (observer.prepare('SELECT count(*) AS n FROM yjs_journal WHERE doc_id = ?').get(docId) as { n: number }).n;
    return { db, journal: new Journal(db), rowsOnDisk };
  }

  it('hands each update back only once it is on disk, in the order queued, with increasing row ids', async () => {
    const { journal, rowsOnDisk } = openJournal();
    const seen: { docId: string; id: number; rowsOnDisk: number }[] = [];
    for (const docId of ['a', 'b', 'a']) {
      journal.enqueue({
        docId,
        update: updateWithParagraph(docId),
        written: (id) => seen.push({ docId, id, rowsOnDisk: rowsOnDisk(docId) }),
        failed: (error) => {
          throw error;
        },
      });
    }
    expect(seen).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.map((s) => s.docId)).toEqual(['a', 'b', 'a']);
    // Written together: another connection already sees both of a's rows when the first is handed back.
    expect(seen.map((s) => s.rowsOnDisk)).toEqual([2, 1, 2]);
    expect(seen[0]!.id).toBeLessThan(seen[1]!.id);
    expect(seen[1]!.id).toBeLessThan(seen[2]!.id);
  });

  it('writes what is queued before anything reads the journal', () => {
    const { journal } = openJournal();
    let written = false;
    journal.enqueue({ docId: 'a', update: updateWithParagraph('queued'), written: () => (written = true), failed: () => {} });
    const doc = journal.loadDoc('a');
    expect(doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toContain('queued');
    expect(written).toBe(true);
    expect(journal.count('a')).toBe(1);
  });

  it('hands nothing back inside a caller\'s transaction that rolls back, and writes it afterwards', async () => {
    const { db, journal, rowsOnDisk } = openJournal();
    const handedBack: number[] = [];
    journal.enqueue({ docId: 'live', update: updateWithParagraph('typed'), written: () => handedBack.push(rowsOnDisk('live')), failed: () => {} });
    expect(() =>
      db.transaction(() => {
        journal.append('new-draft', updateWithParagraph('first text'));
        throw new Error('the draft could not be created');
      })(),
    ).toThrow('could not be created');
    expect(handedBack).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(handedBack).toEqual([1]);
    expect(rowsOnDisk('new-draft')).toBe(0);
  });

  it('stores nothing of a batch that fails, and reports the failure for each of its updates', async () => {
    const { db, journal, rowsOnDisk } = openJournal();
    breakWritesFor(db, 'broken');
    const outcome: string[] = [];
    for (const docId of ['fine', 'broken', 'fine']) {
      journal.enqueue({
        docId,
        update: updateWithParagraph(docId),
        written: () => outcome.push(`${docId} written`),
        failed: (error) => outcome.push(`${docId} failed: ${(error as Error).message}`),
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome).toEqual(['fine failed: disk full', 'broken failed: disk full', 'fine failed: disk full']);
    expect(rowsOnDisk('fine')).toBe(0);
    // The journal carries on with the next turn.
    journal.enqueue({ docId: 'fine', update: updateWithParagraph('later'), written: () => outcome.push('later written'), failed: () => {} });
    journal.flush();
    expect(outcome.at(-1)).toBe('later written');
    expect(rowsOnDisk('fine')).toBe(1);
  });
});

describe('the journal across upgrades and compactions', () => {
  it('keeps every row of a journal written by the previous schema, in order, and appends after them', () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const old = new Database(join(dataDir, DATABASE_FILE));
    for (const [version, sql] of migrations.slice(0, 3).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${version + 1}`);
    }
    const insert = old.prepare("INSERT INTO yjs_journal (doc_id, update_data, created_at) VALUES (?, ?, '2026-11-01T00:00:00.000Z')");
    const writer = new Y.Doc();
    writer.on('update', (update: Uint8Array) => insert.run('draft', Buffer.from(update)));
    for (const text of ['Whereas the first.', 'Whereas the second.', 'Resolved, the third.']) appendParagraph(writer, text);
    old.close();

    const db = openDatabase(dataDir);
    cleanups.push(() => {
      db.close();
    });
    const journal = new Journal(db);
    expect(journal.read('draft').lastId).toBe(3);
    journal.append('draft', updateWithParagraph('Added after the upgrade.'));
    const doc = journal.loadDoc('draft');
    expect(doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toContain('Resolved, the third.');
    expect(doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toContain('Added after the upgrade.');
    expect(journal.read('draft').lastId).toBe(4);
  });

  it('reads a document\'s rows after its snapshot even when the compaction removed the newest rows of the table', () => {
    const dataDir = makeDataDir();
    const db = openDatabase(dataDir);
    cleanups.push(() => {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const journal = new Journal(db);
    journal.append('other', updateWithParagraph('Another text.'));
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => journal.append('draft', update));
    appendParagraph(doc, 'Before the snapshot.');
    appendParagraph(doc, 'Also before.');
    const snapshotId = journal.compact('draft', Y.encodeStateAsUpdate(doc), journal.read('draft').lastId);
    appendParagraph(doc, 'After the snapshot.');
    const { updates, lastId } = journal.read('draft');
    expect(updates).toHaveLength(2);
    expect(lastId).toBeGreaterThan(snapshotId);
    const text = journal.loadDoc('draft').getXmlFragment(PROSEMIRROR_FRAGMENT).toString();
    for (const paragraph of ['Before the snapshot.', 'Also before.', 'After the snapshot.']) expect(text).toContain(paragraph);
    expect(journal.loadDoc('other').getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toContain('Another text.');
  });
});

describe('a change the server makes itself', () => {
  it('is refused, not reported as stored, when its journal write fails', async () => {
    const dataDir = makeDataDir();
    const db = openDatabase(dataDir);
    cleanups.push(() => {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const errors: string[] = [];
    const rooms = new RoomRegistry(new SqliteJournalStore(new Journal(db)), { onChanged: () => {}, onError: (message) => errors.push(message) });
    await rooms.edit('draft', (doc, origin) => doc.transact(() => appendParagraph(doc, 'Stored.'), origin));

    breakWritesFor(db, 'draft');
    await expect(rooms.edit('draft', (doc, origin) => doc.transact(() => appendParagraph(doc, 'Not stored.'), origin))).rejects.toThrow(
      'could not be stored',
    );
    expect(errors).toEqual(['journal write failed for draft; reloading it from disk']);
    db.exec('DROP TRIGGER refuse_journal');
    const text = await rooms.read('draft', (doc) => doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString());
    expect(text).toContain('Stored.');
    expect(text).not.toContain('Not stored.');
    await rooms.closeAll();
  });
});

describe('a journal write that fails on a live server', () => {
  it('relays nothing, closes the room with 1011, and stores the edit from the drafter once the disk is back', async () => {
    const server: TestServer = await startServer();
    cleanups.push(() => server.close());
    const token = await login(server.url, 'drafter@demo.test');
    const draft = await findDocument(server.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
    const clients: Client[] = [connect(server.wsUrl, draft.id, token), connect(server.wsUrl, draft.id, token)];
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    const [writer, reader] = clients as [Client, Client];
    await Promise.all([synced(writer), synced(reader)]);

    const db = sqliteOf(server);
    breakWritesFor(db, draft.id);
    appendParagraph(writer.doc, 'Typed while the disk was full.');
    await until(() => writer.closeCodes.includes(1011) && reader.closeCodes.includes(1011), 'both sockets closed with 1011');
    expect(hasParagraph(reader, 'Typed while the disk was full.')).toBe(false);

    db.exec('DROP TRIGGER refuse_journal');
    await until(() => hasParagraph(reader, 'Typed while the disk was full.'), 'the edit to arrive once the disk is back', 15_000);
    const stored = await server.app.rooms.read(draft.id, (doc) => doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString());
    expect(stored).toContain('Typed while the disk was full.');
  });
});
