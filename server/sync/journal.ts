import * as Y from 'yjs';
import type { Db } from '../db';
import { nowIso } from '../db';
import { JOURNAL_BATCH_MAX } from './limits';
import type { JournalRow, JournalStore } from './journal-store';

/** An update waiting to be written with the others of its event-loop turn. */
export interface QueuedWrite {
  docId: string;
  /** The Yjs update to store; null for an entry that only keeps its place in line (a presence change that must not overtake the edit it points into). */
  update: Uint8Array | null;
  /** Runs once the update is on disk, with its row id (0 for an entry without update): this is where it may be relayed. */
  written(id: number): void;
  /** Runs instead when the batch could not be written: nothing of it is on disk. */
  failed(error: unknown): void;
  /**
   * Runs once the whole batch is written and every entry's `written` has run, once per
   * distinct function however many entries name it: a room sends what the batch let it
   * relay a socket at a time, several messages in one write.
   */
  batchWritten?(): void;
}

/**
 * The durable journal of each document's Yjs updates. Every update is on disk
 * before anyone else sees it: live edits are written at once (small rooms) or
 * queued and written together, in one SQLite transaction per event-loop turn (a
 * commit costs far more than a row), and only then handed back to be relayed.
 * Compaction later folds a document's rows into one snapshot row. Every read
 * writes the queue first, so the journal never looks older than what its rooms hold.
 */
export class Journal {
  private readonly insert;
  private readonly selectRows;
  private readonly selectRowsAfter;
  private readonly countRows;
  private readonly deleteUpTo;
  /** Writes a batch in one transaction and returns each entry's row id. */
  private readonly writeBatch;
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES (?, ?, ?, ?)');
    this.selectRows = db.prepare('SELECT id, update_data AS data FROM yjs_journal WHERE doc_id = ? ORDER BY id');
    this.selectRowsAfter = db.prepare('SELECT id, is_snapshot AS isSnapshot, update_data AS data FROM yjs_journal WHERE doc_id = ? AND id > ? ORDER BY id LIMIT ?');
    this.countRows = db.prepare('SELECT count(*) AS n FROM yjs_journal WHERE doc_id = ?');
    this.deleteUpTo = db.prepare('DELETE FROM yjs_journal WHERE doc_id = ? AND id <= ?');
    this.writeBatch = db.transaction((batch: QueuedWrite[]): number[] => {
      const createdAt = nowIso();
      return batch.map((entry) => (entry.update ? this.insertRow(entry.docId, entry.update, false, createdAt) : 0));
    });
  }

  /** Appends one update now (after anything queued) and returns its row id. Throws if the write fails: the caller must not relay it then. */
  append(docId: string, update: Uint8Array, isSnapshot = false): number {
    this.flush();
    return this.insertRow(docId, update, isSnapshot);
  }

  private insertRow(docId: string, update: Uint8Array, isSnapshot: boolean, createdAt = nowIso()): number {
    const result = this.insert.run(docId, isSnapshot ? 1 : 0, Buffer.from(update.buffer, update.byteOffset, update.byteLength), createdAt);
    return Number(result.lastInsertRowid);
  }

  /**
   * Queues a live update. It is written at the end of this event-loop turn together
   * with every other update queued in it (or at once when `now` says so, when the
   * queue is full, or when anything reads the journal), then `written` runs; entries
   * run in the order they were queued.
   */
  enqueue(entry: QueuedWrite, now = false): void {
    this.queue.push(entry);
    if (now || this.queue.length >= JOURNAL_BATCH_MAX) this.flush();
    if (this.queue.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /**
   * Writes everything queued in one transaction, then runs each entry's `written`
   * in order, then each `batchWritten`; if the transaction fails, nothing of it is
   * stored and each entry's `failed` runs instead. Does nothing inside a caller's
   * transaction (creating a draft, say): that commit is not the journal's to make,
   * and relaying before a rollback would show others what is not on disk. The
   * scheduled flush writes the queue once it is over; until then a live room still
   * holds every queued update.
   */
  flush(): void {
    if (this.queue.length === 0 || this.db.inTransaction) return;
    const batch = this.queue;
    this.queue = [];
    let ids: number[];
    try {
      ids = this.writeBatch(batch);
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return;
    }
    batch.forEach((entry, i) => entry.written(ids[i]!));
    for (const done of new Set(batch.map((entry) => entry.batchWritten))) done?.();
  }

  /** Every stored update of a document in order, with the id of the last one (0 for none). */
  read(docId: string): { updates: Uint8Array[]; lastId: number } {
    this.flush();
    const rows = this.selectRows.all(docId) as { id: number; data: Buffer }[];
    return { updates: rows.map((row) => new Uint8Array(row.data)), lastId: rows.at(-1)?.id ?? 0 };
  }

  /**
   * A document's rows with an id above `afterId`, in id order: what a process that
   * has applied the rows up to `afterId` is missing (after a compaction, the
   * snapshot that replaced them). Writes the queue first.
   */
  readAfter(docId: string, afterId: number, limit = -1): JournalRow[] {
    this.flush();
    const rows = this.selectRowsAfter.all(docId, afterId, limit) as { id: number; isSnapshot: number; data: Buffer }[];
    return rows.map((row) => ({ id: row.id, isSnapshot: row.isSnapshot === 1, update: new Uint8Array(row.data) }));
  }

  /** How many rows a document's journal holds. */
  count(docId: string): number {
    this.flush();
    return (this.countRows.get(docId) as { n: number }).n;
  }

  /**
   * Replaces the rows up to `upToId` with one snapshot row, in one transaction.
   * The snapshot must contain every update up to that id (the caller encodes it
   * from the in-memory document that applied them all). Returns the snapshot's row id.
   * The snapshot is inserted before the rows are deleted: SQLite gives a new row the
   * largest id in the table plus one, so inserting after deleting the newest rows
   * would hand out their ids again and a reader that had seen them (`readAfter`)
   * would miss the rows that reuse them. This way the table's largest id never goes down.
   */
  compact(docId: string, snapshot: Uint8Array, upToId: number): number {
    this.flush();
    return this.db.transaction(() => {
      const id = this.insertRow(docId, snapshot, true);
      this.deleteUpTo.run(docId, upToId);
      return id;
    })();
  }

  /** Builds a document from its journal, for reading outside a live room. */
  loadDoc(docId: string): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    const { updates } = this.read(docId);
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }
}

/**
 * The SQLite journal behind the async seam: the same synchronous `Journal` (its
 * write-at-once and per-turn batch paths untouched), each answer wrapped in a
 * resolved promise.
 */
export class SqliteJournalStore implements JournalStore {
  constructor(readonly journal: Journal) {}

  enqueue(entry: QueuedWrite, now = false): void {
    this.journal.enqueue(entry, now);
  }

  async flush(): Promise<void> {
    this.journal.flush();
  }

  async append(docId: string, update: Uint8Array, isSnapshot = false): Promise<number> {
    return this.journal.append(docId, update, isSnapshot);
  }

  async read(docId: string): Promise<{ updates: Uint8Array[]; lastId: number }> {
    return this.journal.read(docId);
  }

  async readAfter(docId: string, afterId: number, limit?: number): Promise<JournalRow[]> {
    return this.journal.readAfter(docId, afterId, limit);
  }

  async count(docId: string): Promise<number> {
    return this.journal.count(docId);
  }

  async compact(docId: string, snapshot: Uint8Array, upToId: number): Promise<number> {
    return this.journal.compact(docId, snapshot, upToId);
  }
}
