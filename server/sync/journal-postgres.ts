/**
 * The Yjs journal in PostgreSQL. Live updates are committed together, one
 * INSERT per event-loop turn (group commit: one round trip and one WAL flush
 * however many updates the turn brought), and each entry's `written` runs only
 * after that statement committed, so an update is relayed only once it is
 * durable. Batches are committed one after another, so entries are handed back
 * in the order they were queued. Row ids come from an identity, drawn while
 * the document's journal lock is held (`pg_advisory_xact_lock` on the
 * document, taken by every append, batch and compaction until its commit): so
 * a document's rows commit in id order on any number of processes, and a reader
 * that has seen row N never sees a smaller id appear later (what `readAfter`
 * and the fan-out's catch-up rely on).
 */
import * as Y from 'yjs';
import { JOURNAL_BATCH_MAX } from './limits';
import type { QueuedWrite } from './journal';
import type { JournalRow, JournalStore } from './journal-store';
import { pgTransaction, type PgClient, type PgPool } from '../db/postgres';

function toBytea(update: Uint8Array): Buffer {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength);
}

/**
 * Takes the journal locks of these documents until the transaction ends, in one
 * order (by key) whoever takes them, so two batches naming the same documents
 * never wait on each other in a circle.
 */
async function lockJournals(client: PgClient, docIds: readonly string[]): Promise<void> {
  await client.query(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext('yjs_journal:' || d) AS k FROM unnest($1::text[]) AS d ORDER BY k) AS keys`,
    [docIds],
  );
}

/** The journal of every process sharing one PostgreSQL database. */
export class PgJournalStore implements JournalStore {
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  /** The batch being committed: the next waits for it, so `written` runs in queue order. */
  private committing: Promise<void> = Promise.resolve();

  constructor(private readonly pool: PgPool) {}

  enqueue(entry: QueuedWrite, now = false): void {
    this.queue.push(entry);
    if (now || this.queue.length >= JOURNAL_BATCH_MAX) {
      void this.flush();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  /** Commits everything queued as one statement, then hands each entry back (or fails them all); resolves when done. */
  flush(): Promise<void> {
    if (this.queue.length === 0) return this.committing;
    const batch = this.queue;
    this.queue = [];
    // After the previous batch whatever became of it (a `written` that threw must not stop the journal).
    const commit = () => this.commit(batch);
    this.committing = this.committing.then(commit, commit);
    return this.committing;
  }

  private async commit(batch: QueuedWrite[]): Promise<void> {
    const stored = batch.filter((entry) => entry.update !== null);
    let ids: number[] = [];
    try {
      if (stored.length > 0) {
        const createdAt = new Date().toISOString();
        const params: unknown[] = [];
        const tuples = stored.map((entry) => `($${params.push(entry.docId)}, 0, $${params.push(toBytea(entry.update!))}, $${params.push(createdAt)})`);
        const { rows } = await pgTransaction(this.pool, async (client) => {
          await lockJournals(client, stored.map((entry) => entry.docId));
          return client.query<{ id: number }>(`INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES ${tuples.join(', ')} RETURNING id`, params);
        });
        // Identity values are drawn row by row in VALUES order: the smallest id is the first entry's.
        ids = rows.map((row) => row.id).sort((a, b) => a - b);
      }
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return;
    }
    let next = 0;
    for (const entry of batch) entry.written(entry.update ? ids[next++]! : 0);
    for (const done of new Set(batch.map((entry) => entry.batchWritten))) done?.();
  }

  async append(docId: string, update: Uint8Array, isSnapshot = false): Promise<number> {
    await this.flush();
    return pgTransaction(this.pool, async (client) => {
      await lockJournals(client, [docId]);
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [docId, isSnapshot ? 1 : 0, toBytea(update), new Date().toISOString()],
      );
      return rows[0]!.id;
    });
  }

  async read(docId: string): Promise<{ updates: Uint8Array[]; lastId: number }> {
    const rows = await this.readAfter(docId, 0);
    return { updates: rows.map((row) => row.update), lastId: rows.at(-1)?.id ?? 0 };
  }

  async readAfter(docId: string, afterId: number, limit?: number): Promise<JournalRow[]> {
    await this.flush();
    const { rows } = await this.pool.query<{ id: number; isSnapshot: number; data: Buffer }>(
      'SELECT id, is_snapshot AS "isSnapshot", update_data AS data FROM yjs_journal WHERE doc_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      [docId, afterId, limit ?? null],
    );
    return rows.map((row) => ({ id: row.id, isSnapshot: row.isSnapshot === 1, update: new Uint8Array(row.data) }));
  }

  async count(docId: string): Promise<number> {
    await this.flush();
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM yjs_journal WHERE doc_id = $1', [docId]);
    return rows[0]!.n;
  }

  /**
   * Replaces the rows up to `upToId` with one snapshot, in one transaction under a
   * per-document advisory lock (two processes never compact one document at once).
   * Another process may have written rows below `upToId` that the caller never
   * applied (it missed them on the bus), so the snapshot stored is `snapshot` with
   * every row being deleted folded in: nothing anyone wrote is lost.
   */
  async compact(docId: string, snapshot: Uint8Array, upToId: number): Promise<number> {
    await this.flush();
    return pgTransaction(this.pool, async (client) => {
      await lockJournals(client, [docId]);
      const { rows: folded } = await client.query<{ data: Buffer }>(
        'DELETE FROM yjs_journal WHERE doc_id = $1 AND id <= $2 RETURNING update_data AS data',
        [docId, upToId],
      );
      const doc = new Y.Doc({ gc: true });
      Y.transact(doc, () => {
        Y.applyUpdate(doc, snapshot);
        for (const row of folded) Y.applyUpdate(doc, new Uint8Array(row.data));
      });
      const merged = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES ($1, 1, $2, $3) RETURNING id',
        [docId, toBytea(merged), new Date().toISOString()],
      );
      return rows[0]!.id;
    });
  }
}
