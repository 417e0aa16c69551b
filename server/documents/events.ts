import type { Db } from '../db';
import { nowIso, statement } from '../db';
import type { DocumentStatus } from '../../shared/api';

/** What happened to a text: every status change and every version, with who and when. */
export interface DocumentEvent {
  id: number;
  fromStatus: DocumentStatus | null;
  toStatus: DocumentStatus;
  action: string;
  actorId: string | null;
  actorName: string | null;
  note: string;
  at: string;
}

/** Status changes this process has made, per database. */
const statusChanges = new WeakMap<Db, number>();

/**
 * How many status changes this process has made to `db`'s documents. Every status
 * change goes through `recordTransition`, so whoever caches what a status allows
 * (the sync server's edit rights) only needs to look again when this moved. A
 * rolled-back transition moves it too: that costs one needless re-read, never a stale answer.
 */
export function statusChangeCount(db: Db): number {
  return statusChanges.get(db) ?? 0;
}

/**
 * Moves a document to `to` and logs it, in the caller's transaction if any.
 * `action` names what happened in words ("submitted", "published v2",
 * "threshold reached"); `actorId` is null for the system.
 */
export function recordTransition(
  db: Db,
  event: { documentId: string; from: DocumentStatus | null; to: DocumentStatus; action: string; actorId: string | null; note?: string },
): void {
  const at = nowIso();
  if (event.from !== event.to) {
    statement(db, 'UPDATE documents SET status = ?, updated_at = ? WHERE id = ?').run(event.to, at, event.documentId);
    statusChanges.set(db, statusChangeCount(db) + 1);
  }
  statement(
    db,
    'INSERT INTO document_events (document_id, from_status, to_status, action, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(event.documentId, event.from, event.to, event.action, event.actorId, event.note ?? '', at);
}

/** A document's history, oldest first. */
export function listEvents(db: Db, documentId: string): DocumentEvent[] {
  return db
    .prepare(
      `SELECT e.id, e.from_status AS fromStatus, e.to_status AS toStatus, e.action, e.actor_id AS actorId,
              u.name AS actorName, e.note, e.at
       FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.document_id = ? ORDER BY e.id`,
    )
    .all(documentId) as DocumentEvent[];
}
