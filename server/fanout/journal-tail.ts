import type { Db } from '../db';

/** One stored Yjs update of a document's journal. */
export interface JournalRow {
  id: number;
  update: Uint8Array;
}

/**
 * The one thing fan-out needs from the journal: the rows of a document after a
 * row id, oldest first. This is what makes fan-out complete when Redis loses a
 * message: any process can read what it missed.
 *
 * The contract a backend must keep: once a read has returned row N of a
 * document, no row of that document with an id below N may appear later. SQLite
 * keeps it (one writer at a time; ids are given inside the write); a PostgreSQL
 * journal keeps it by serialising appends per document (e.g.
 * `pg_advisory_xact_lock(hashtext(doc_id))` before the insert), since a sequence
 * alone hands out ids in call order, not commit order.
 * A snapshot row written by compaction counts as a row like any other (it holds
 * every update it replaced, so applying it is always safe).
 */
export interface JournalTail {
  /** At most `limit` rows of `docId` with an id above `afterId`, in id order. */
  readAfter(docId: string, afterId: number, limit: number): Promise<JournalRow[]>;
}

/**
 * `JournalTail` over the SQLite journal (`yjs_journal`), for processes sharing
 * one data folder on one machine (SQLite WAL lets several processes open one file).
 * Synchronous inside, like the rest of the SQLite store.
 */
export class SqliteJournalTail implements JournalTail {
  private readonly select;

  constructor(db: Db) {
    this.select = db.prepare('SELECT id, update_data AS data FROM yjs_journal WHERE doc_id = ? AND id > ? ORDER BY id LIMIT ?');
  }

  async readAfter(docId: string, afterId: number, limit: number): Promise<JournalRow[]> {
    const rows = this.select.all(docId, afterId, limit) as { id: number; data: Buffer }[];
    return rows.map((row) => ({ id: row.id, update: new Uint8Array(row.data) }));
  }
}
