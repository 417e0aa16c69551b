import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../server/db';
import { seededRandom } from './helpers/raw';
import { TEST_BACKEND, login, makeDataDir } from './helpers/server';
import { spawnServer, type ServerProcess } from './helpers/process';
import { appendParagraph, connect, hasParagraph, synced, until, type Client } from './helpers/yclient';
import { findDocument } from './helpers/api';

const clients: Client[] = [];
const processes: ServerProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of processes.splice(0)) await p.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('nothing another client has seen is lost', () => {
  it('an edit relayed to another client survives SIGKILL of the server right after', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    let server = await spawnServer(dataDir);
    processes.push(server);
    const token = await login(server.url, 'drafter@demo.test');
    const draft = await findDocument(server.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
    const writer = connect(server.wsUrl, draft.id, token);
    const observer = connect(server.wsUrl, draft.id, token);
    clients.push(writer, observer);
    await Promise.all([synced(writer), synced(observer)]);

    appendParagraph(writer.doc, 'Typed seconds before the crash.');
    await until(() => hasParagraph(observer, 'Typed seconds before the crash.'), 'the observer to see the edit', 5_000);
    await server.kill();
    writer.provider.disconnect();
    observer.provider.disconnect();
    const seen = observer.text();

    server = await spawnServer(dataDir);
    processes.push(server);
    const fresh = connect(server.wsUrl, draft.id, await login(server.url, 'drafter@demo.test'));
    clients.push(fresh);
    await synced(fresh);
    expect(fresh.text()).toBe(seen);
  });
});

/** How often the random-kill test kills the server. */
const KILLS = 5;

/** `PRAGMA integrity_check` of the data folder's database, opened as the restarted server would (WAL recovery included). */
function integrityCheck(dataDir: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** The streamed paragraphs a client holds, in document order. */
function streamed(client: Client): string[] {
  return client.text().split('\n').filter((line) => line.startsWith('Streamed '));
}

describe('nothing another client has seen is lost, across repeated SIGKILLs at random moments', () => {
  it(`a writer streams edits, an observer records them, the server is killed ${KILLS} times: every observed edit survives and the database stays intact`, async () => {
    const random = seededRandom(20_241_124);
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    let server = await spawnServer(dataDir);
    processes.push(server);
    let token = await login(server.url, 'drafter@demo.test');
    const draft = await findDocument(server.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
    const observedEver: string[] = [];

    for (let round = 0; round < KILLS; round++) {
      const writer = connect(server.wsUrl, draft.id, token);
      const observer = connect(server.wsUrl, draft.id, token);
      clients.push(writer, observer);
      await Promise.all([synced(writer), synced(observer)]);

      // A burst of 5 edits every 5 ms (~1,000 journal rows a second), so kills also land mid-compaction.
      let sent = 0;
      const stream = setInterval(() => {
        for (let i = 0; i < 5; i++) appendParagraph(writer.doc, `Streamed round ${round} edit ${sent++}.`);
      }, 5);
      try {
        await until(() => streamed(observer).length > observedEver.length + 5, `round ${round}: the observer to receive edits`, 15_000);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(random() * 700)));
        await server.kill();
      } finally {
        clearInterval(stream);
      }
      const observed = streamed(observer);
      writer.destroy();
      observer.destroy();
      expect(observed.length, `round ${round}: edits the observer saw`).toBeGreaterThan(observedEver.length);
      observedEver.splice(0, observedEver.length, ...observed);

      // PostgreSQL recovers its own files; a SQLite file is checked as the restarted server will open it.
      if (TEST_BACKEND === 'sqlite') expect(integrityCheck(dataDir), `round ${round}: integrity_check`).toBe('ok');
      server = await spawnServer(dataDir);
      processes.push(server);
      token = await login(server.url, 'drafter@demo.test');
      const checker = connect(server.wsUrl, draft.id, token);
      clients.push(checker);
      await synced(checker);
      const stored = new Set(streamed(checker));
      const lost = observedEver.filter((line) => !stored.has(line));
      expect(lost, `round ${round}: edits the observer saw but the restarted server lost`).toEqual([]);
      checker.destroy();
    }
  });
});
