/**
 * The storage seam, on every backend: the same behaviour from SQLite and from a
 * real PostgreSQL server (started by the test; skipped, and said so, where none
 * can run). Each backend is shared by two "processes" (independent connections),
 * raced the way two servers behind a load balancer would race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiError } from '../server/errors';
import { HAS_POSTGRES, postgresBackend, sqliteBackend, closeBackends, type StorageBackend, type StorageProcess } from './helpers/backends';
import { appendParagraph } from './helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';
import type { QueuedWrite } from '../server/sync/journal';

/** Delegates with accounts, for the signing races. */
const EXTRA_DELEGATES = 40;

const BACKENDS = [
  { name: 'sqlite', available: true, make: () => sqliteBackend({ delegateAccounts: EXTRA_DELEGATES }) },
  { name: 'postgres', available: HAS_POSTGRES, make: () => postgresBackend({ delegateAccounts: EXTRA_DELEGATES }) },
] as const;

afterAll(() => closeBackends());

function updateWithParagraph(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The text of the document an update (or snapshot) builds. */
function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString();
}

/** Queues an update and resolves with its row id once the journal hands it back. */
function enqueued(journal: StorageProcess['journal'], docId: string, update: Uint8Array, onWritten: (id: number) => void = () => {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const entry: QueuedWrite = {
      docId,
      update,
      written: (id) => {
        onWritten(id);
        resolve(id);
      },
      failed: reject,
    };
    journal.enqueue(entry);
  });
}

/** What a signing attempt ended with: 'signed', or the refusal's error code. */
async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'signed';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`storage on ${backend.name}${backend.available ? '' : ' (no PostgreSQL server can run here: skipped)'}`, () => {
    let shared: StorageBackend;
    let a: StorageProcess;
    let b: StorageProcess;
    beforeAll(async () => {
      shared = await backend.make();
      a = await shared.open();
      b = await shared.open();
    }, 120_000);
    afterAll(() => shared?.close());

    it('gives journal rows increasing ids, hands an update back only once another process can read it, and reads a document after an id', async () => {
      const docId = `journal-${backend.name}`;
      const seenByOther: number[] = [];
      const ids = await Promise.all(
        ['one', 'two', 'three'].map((text) =>
          enqueued(a.journal, docId, updateWithParagraph(text), () => {
            // The relay point: the row must already be committed, visible to the other process.
            void b.journal.count(docId).then((n) => seenByOther.push(n));
          }),
        ),
      );
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(3);
      await expect.poll(() => seenByOther.length).toBe(3);
      expect(Math.min(...seenByOther)).toBeGreaterThanOrEqual(3);

      const fromB = await b.journal.append(docId, updateWithParagraph('four'));
      expect(fromB).toBeGreaterThan(ids[2]!);
      const after = await a.journal.readAfter(docId, ids[0]!);
      expect(after.map((row) => row.id)).toEqual([ids[1], ids[2], fromB]);
      expect(await a.journal.readAfter(docId, fromB)).toEqual([]);
      expect(await a.journal.readAfter('no-such-doc', 0)).toEqual([]);
    });

    it('compacts a journal into one snapshot with a larger id than every row it replaces, so a reader behind it reads the snapshot', async () => {
      const docId = `compact-${backend.name}`;
      const first = await a.journal.append(docId, updateWithParagraph('first'));
      const last = await a.journal.append(docId, updateWithParagraph('last'));
      const doc = new Y.Doc();
      for (const row of await a.journal.readAfter(docId, 0)) Y.applyUpdate(doc, row.update);
      const snapshotId = await a.journal.compact(docId, Y.encodeStateAsUpdate(doc), last);
      expect(snapshotId).toBeGreaterThan(last);
      const rows = await b.journal.readAfter(docId, first);
      expect(rows.map((row) => row.isSnapshot)).toEqual([true]);
      expect(textOf(rows[0]!.update)).toContain('last');
      // Ids keep growing after a compaction of the newest rows: a reader that saw `last` misses nothing written next.
      const next = await b.journal.append(docId, updateWithParagraph('after'));
      expect(next).toBeGreaterThan(snapshotId);
      expect((await a.journal.readAfter(docId, last)).map((row) => row.id)).toEqual([snapshotId, next]);
    });

    // SQLite has one process per file: its rooms compact only what they applied.
    it.skipIf(backend.name !== 'postgres')('folds into the snapshot the rows another process wrote that the compacting one never applied', async () => {
      const docId = `compact-unseen-${backend.name}`;
      await a.journal.append(docId, updateWithParagraph('seen by a'));
      const seenByA = new Y.Doc();
      for (const row of await a.journal.readAfter(docId, 0)) Y.applyUpdate(seenByA, row.update);
      const fromB = await b.journal.append(docId, updateWithParagraph('written by b'));
      await a.journal.compact(docId, Y.encodeStateAsUpdate(seenByA), fromB);
      const rows = await b.journal.readAfter(docId, 0);
      expect(rows).toHaveLength(1);
      expect(textOf(rows[0]!.update)).toContain('seen by a');
      expect(textOf(rows[0]!.update)).toContain('written by b');
    });

    it('accepts on one process a session token issued by another, and ends it everywhere on sign-out', async () => {
      const [user] = await a.query<{ id: string }>(backend.name === 'sqlite' ? "SELECT id FROM users WHERE email = ?" : 'SELECT id FROM users WHERE email = $1', ['delegate@demo.test']);
      const token = await a.sessions.create(user!.id);
      expect(await b.sessions.userIdFor(token)).toBe(user!.id);
      expect(await b.sessions.userIdFor(`${token}x`)).toBeNull();
      expect(await b.sessions.userIdFor('x'.repeat(500))).toBeNull();
      await b.sessions.delete(token);
      expect(await a.sessions.userIdFor(token)).toBeNull();
    });

    it('counts 30 concurrent sign-ons by one member, spread over two processes, once', async () => {
      const [doc] = await a.query<{ id: string }>("SELECT id FROM documents WHERE code = 'CR01-A02'");
      const [delegate] = await a.query<{ id: string; email: string }>("SELECT id, email FROM users WHERE id = 'test-delegate-0'");
      const before = await a.signatures.count(doc!.id);
      const chainBefore = await a.verifyChain();
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome((i % 2 === 0 ? a : b).signatures.sign(doc!.id, delegate!))));
      expect(outcomes.filter((o) => o === 'signed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'ALREADY_SIGNED')).toHaveLength(29);
      expect((await b.signatures.count(doc!.id)).count).toBe(before.count + 1);
      const chain = await b.verifyChain();
      expect(chain.ok).toBe(true);
      expect(chain.total).toBe(chainBefore.total + 1);
      const rows = await a.query<{ n: number }>(
        backend.name === 'sqlite'
          ? 'SELECT count(*) AS n FROM signatures WHERE document_id = ? AND user_id = ?'
          : 'SELECT count(*) AS n FROM signatures WHERE document_id = $1 AND user_id = $2',
        [doc!.id, delegate!.id],
      );
      expect(rows[0]!.n).toBe(1);
    });

    it('keeps one unbroken audit chain when two processes sign and withdraw at once', async () => {
      const [doc] = await a.query<{ id: string }>("SELECT id FROM documents WHERE code = 'CR01-A04'");
      const signers = await a.query<{ id: string; email: string }>("SELECT id, email FROM users WHERE id LIKE 'test-delegate-%' AND id <> 'test-delegate-0' ORDER BY id");
      expect(signers.length).toBe(EXTRA_DELEGATES - 1);
      const chainBefore = await a.verifyChain();
      const before = await a.signatures.count(doc!.id);
      await Promise.all(signers.map((signer, i) => (i % 2 === 0 ? a : b).signatures.sign(doc!.id, signer)));
      // Withdrawals race signatures of others: every change gets its link, in one chain.
      const withdrawing = signers.slice(0, 10);
      await Promise.all(withdrawing.map((signer, i) => (i % 2 === 0 ? b : a).signatures.withdraw(doc!.id, signer)));
      const chain = await b.verifyChain();
      expect(chain.ok).toBe(true);
      expect(chain.firstBroken).toBeNull();
      expect(chain.total).toBe(chainBefore.total + signers.length + withdrawing.length);
      expect((await a.signatures.count(doc!.id)).count).toBe(before.count + signers.length - withdrawing.length);
    });

    it('hands each export job to one process when two claim at once, and lets the other poll and download it', async () => {
      const [staff] = await a.query<{ id: string }>("SELECT id FROM users WHERE email = 'staff@demo.test'");
      const now = Date.now();
      for (let i = 0; i < 4; i++) await a.exportJobs.create({ id: `${backend.name}-job-${i}`, kind: 'packet', format: 'pdf', ownerId: staff!.id, createdAt: now + i, message: 'queued' });
      const claims = await Promise.all([a, b, a, b, a, b].map((p, i) => p.exportJobs.claim(`worker-${i}`, Date.now(), Date.now() - 60_000)));
      const claimed = claims.filter((job) => job !== null).map((job) => job!.id);
      expect(claimed.sort()).toEqual([0, 1, 2, 3].map((i) => `${backend.name}-job-${i}`));

      const job = claims.find((c) => c?.id === `${backend.name}-job-0`)!;
      const worker = job.claimedBy!;
      const owner = claims.indexOf(job) % 2 === 0 ? a : b;
      const other = owner === a ? b : a;
      expect(await owner.exportJobs.progress(job.id, worker, 0.5, 'halfway', Date.now())).toBe(true);
      expect(await other.exportJobs.progress(job.id, 'someone-else', 0.9, 'stolen', Date.now())).toBe(false);
      expect((await other.exportJobs.get(job.id))!.progress).toBe(0.5);
      await owner.exportJobs.putFile('key-1', { bytes: new Uint8Array([1, 2, 3]), fileName: 'p.pdf', mediaType: 'application/pdf' }, Date.now());
      await owner.exportJobs.finish(job.id, worker, 'key-1', Date.now());
      const done = (await other.exportJobs.get(job.id))!;
      expect(done.status).toBe('done');
      expect(done.fileName).toBe('p.pdf');
      expect([...(await other.exportJobs.file('key-1'))!.bytes]).toEqual([1, 2, 3]);

      // A running job whose heartbeat went quiet (its process died) is claimed again.
      const stale = claims.find((c) => c?.id === `${backend.name}-job-1`)!;
      const reclaimed = await other.exportJobs.claim('rescuer', Date.now() + 120_000, Date.now() + 60_000);
      expect(reclaimed?.id).toBe(stale.id);
      expect(reclaimed?.attempts).toBe(2);
    });
  });
}
