import * as Y from 'yjs';
import type { Db } from '../db';
import { nowIso } from '../db';

/**
 * The durable journal of each document's Yjs updates. Every update is appended
 * (one SQLite transaction, synchronous) before anyone else sees it; compaction
 * later folds a document's rows into one snapshot row.
 */
export class Journal {
  private readonly insert;
  private readonly selectRows;
  private readonly countRows;
  private readonly deleteUpTo;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES (?, ?, ?, ?)');
    this.selectRows = db.prepare('SELECT id, update_data AS data FROM yjs_journal WHERE doc_id = ? ORDER BY id');
    this.countRows = db.prepare('SELECT count(*) AS n FROM yjs_journal WHERE doc_id = ?');
    this.deleteUpTo = db.prepare('DELETE FROM yjs_journal WHERE doc_id = ? AND id <= ?');
  }

  /** Appends one update and returns its row id. Throws if the write fails: the caller must not relay it then. */
  append(docId: string, update: Uint8Array, isSnapshot = false): number {
    const result = this.insert.run(docId, isSnapshot ? 1 : 0, Buffer.from(update.buffer, update.byteOffset, update.byteLength), nowIso());
    return Number(result.lastInsertRowid);
  }

  /** Every stored update of a document in order, with the id of the last one (0 for none). */
  read(docId: string): { updates: Uint8Array[]; lastId: number } {
    const rows = this.selectRows.all(docId) as { id: number; data: Buffer }[];
    return { updates: rows.map((row) => new Uint8Array(row.data)), lastId: rows.at(-1)?.id ?? 0 };
  }

  /** How many rows a document's journal holds. */
  count(docId: string): number {
    return (this.countRows.get(docId) as { n: number }).n;
  }

  /**
   * Replaces the rows up to `upToId` with one snapshot row, in one transaction.
   * The snapshot must contain every update up to that id (the caller encodes it
   * from the in-memory document that applied them all). Returns the snapshot's row id.
   */
  compact(docId: string, snapshot: Uint8Array, upToId: number): number {
    return this.db.transaction(() => {
      this.deleteUpTo.run(docId, upToId);
      return this.append(docId, snapshot, true);
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
