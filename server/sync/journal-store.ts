/**
 * The Yjs journal as the sync capability needs it from any backend. Each row has
 * an id that grows with every insert (SQLite's rowid, PostgreSQL's identity), so a
 * process that has applied a document's rows up to some id can always repair a gap
 * by reading the rows after it (`readAfter`): that is what makes cross-process
 * fan-out complete even when the message bus drops a message.
 *
 * Compaction replaces a document's rows up to some id with one snapshot row that
 * gets a new, larger id: a reader behind the compaction then reads the snapshot,
 * which holds everything it missed (Yjs updates are idempotent, so what it had
 * already applied does no harm).
 */
import type { QueuedWrite } from './journal';

/** One stored row of a document's journal. */
export interface JournalRow {
  /** Increases with every insert, over the whole table (so also per document). */
  id: number;
  update: Uint8Array;
  /** A compaction's snapshot: holds every update of the document up to it. */
  isSnapshot: boolean;
}

/**
 * The journal behind the seam: the SQLite one answers at once, the PostgreSQL one
 * after its commit. The contract both keep for `readAfter`: once a read has
 * returned row N of a document, no row of that document with an id below N can
 * appear later. SQLite keeps it with its one writer (ids are given inside the
 * write); PostgreSQL by serialising a document's appends (a sequence alone hands
 * out ids in call order, not commit order).
 */
export interface JournalStore {
  /**
   * Queues a live update; it is committed with the others of this event-loop turn
   * (group commit), then its `written` runs with its row id, or `failed` if the
   * commit failed. Relay only from `written`.
   */
  enqueue(entry: QueuedWrite, now?: boolean): void;
  /** Resolves once everything queued before the call is committed (or has failed: each entry heard which). */
  flush(): Promise<void>;
  /** Appends one update (after anything queued) and resolves with its row id once committed. */
  append(docId: string, update: Uint8Array, isSnapshot?: boolean): Promise<number>;
  /** Every row of a document in id order, with the last id (0 for none). */
  read(docId: string): Promise<{ updates: Uint8Array[]; lastId: number }>;
  /** A document's rows with an id above `afterId` (at most `limit` of them), in id order (empty when it is up to date). */
  readAfter(docId: string, afterId: number, limit?: number): Promise<JournalRow[]>;
  /** How many rows a document's journal holds. */
  count(docId: string): Promise<number>;
  /** Replaces the rows up to `upToId` with `snapshot` in one transaction; resolves with the snapshot's id. */
  compact(docId: string, snapshot: Uint8Array, upToId: number): Promise<number>;
}
