import type { FastifyInstance } from 'fastify';
import type { DocumentText } from '../../shared/api';
import { blocksFromProseMirror, titleOf as titleOfBlocks, type PMNodeJSON } from '../../shared/text';
import { errors } from '../errors';
import { proseMirrorJSONOf, updateFromProseMirrorJSON } from '../sync/content';
import { recordTransition } from './events';
import { getVersion, insertDocument, type DocumentRecord, type NewDocument } from './store';

/**
 * Starts a draft: its row, its first text (journaled like any edit) and its
 * "draft" transition, all in one transaction. `action` says how it began.
 */
export function createDraft(app: FastifyInstance, record: Omit<NewDocument, 'code' | 'status'>, content: PMNodeJSON, action: string): string {
  return app.db.transaction(() => {
    const id = insertDocument(app.db, { ...record, code: null, status: 'draft' });
    app.rooms.applyServerUpdate(id, updateFromProseMirrorJSON(content));
    recordTransition(app.db, { documentId: id, from: null, to: 'draft', action, actorId: record.createdBy });
    return id;
  })();
}

/** The live text of a document (what its editors see now). */
export function liveText(app: FastifyInstance, doc: DocumentRecord): DocumentText {
  const content = app.rooms.read(doc.id, (ydoc) => proseMirrorJSONOf(ydoc));
  const blocks = blocksFromProseMirror(content);
  return { documentId: doc.id, version: null, title: titleOfBlocks(blocks) || doc.title, content, blocks };
}

/** A published version's text; NOT_FOUND when the version does not exist. */
export function versionText(app: FastifyInstance, doc: DocumentRecord, version: number): DocumentText {
  const stored = getVersion(app.db, doc.id, version);
  if (!stored) throw errors.notFound(`${doc.code ?? 'This document'} has no version ${version}.`);
  return { documentId: doc.id, version, title: stored.title, content: stored.content, blocks: blocksFromProseMirror(stored.content) };
}
