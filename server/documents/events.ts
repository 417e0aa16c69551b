import { nowIso } from '../db';
import type { DocumentStatus } from '../../shared/api';
import { announce, asker, type Flow } from '../storage/flow';
import type { DocumentOps } from './store';

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

/** A move of a document to `to` (or a line in its history when `from` is `to`). */
export interface Transition {
  documentId: string;
  from: DocumentStatus | null;
  to: DocumentStatus;
  /** What happened, in words ("submitted", "published v2", "threshold reached"). */
  action: string;
  /** Null for the system. */
  actorId: string | null;
  note?: string;
}

const ask = asker<DocumentOps>();

/**
 * Moves a document to `to` and logs it, in the caller's transaction. Every
 * status change goes through here, and is announced once the transaction
 * commits: whoever caches what a status allows (the sync server's edit rights)
 * hears of it then.
 */
export function* recordTransition(event: Transition): Flow<void> {
  const at = nowIso();
  if (event.from !== event.to) {
    yield* ask('setDocumentStatus', event.documentId, event.to, at);
    yield* announce({ documentId: event.documentId, status: event.to });
  }
  yield* ask('insertDocumentEvent', {
    documentId: event.documentId,
    fromStatus: event.from,
    toStatus: event.to,
    action: event.action,
    actorId: event.actorId,
    note: event.note ?? '',
    at,
  });
}
