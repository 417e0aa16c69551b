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
 * keeps it (one writer at a time; ids are given inside the write); the PostgreSQL
 * journal keeps it by serialising appends per document (an advisory lock on the
 * document, held until the insert commits: see `server/sync/journal-postgres.ts`),
 * since a sequence alone hands out ids in call order, not commit order. Both
 * journal stores (`JournalStore`) are one.
 * A snapshot row written by compaction counts as a row like any other (it holds
 * every update it replaced, so applying it is always safe).
 */
export interface JournalTail {
  /** At most `limit` rows of `docId` with an id above `afterId`, in id order. */
  readAfter(docId: string, afterId: number, limit: number): Promise<JournalRow[]>;
}
