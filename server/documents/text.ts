import type { FastifyInstance } from 'fastify';
import type { DocumentText } from '../../shared/api';
import { blocksFromProseMirror, titleOf as titleOfBlocks, type PMNodeJSON } from '../../shared/text';
import { errors } from '../errors';
import { proseMirrorJSONOf, updateFromProseMirrorJSON } from '../sync/content';
import type { DocumentRecord, NewDocument } from './store';

/**
 * Starts a draft: its row, its first text (journaled like any edit) and its
 * "draft" transition, all in one transaction. `action` says how it began.
 * Resolves with the new document.
 */
export async function createDraft(app: FastifyInstance, record: Omit<NewDocument, 'code' | 'status'>, content: PMNodeJSON, action: string): Promise<DocumentRecord> {
  const id = await app.storage.documents.createDraft(record, updateFromProseMirrorJSON(content), action);
  return (await app.storage.documents.get(id))!;
}

/** The live text of a document (what its editors see now). */
export async function liveText(app: FastifyInstance, doc: DocumentRecord): Promise<DocumentText> {
  const content = await app.rooms.read(doc.id, (ydoc) => proseMirrorJSONOf(ydoc));
  const blocks = blocksFromProseMirror(content);
  return { documentId: doc.id, version: null, title: titleOfBlocks(blocks) || doc.title, content, blocks };
}

/** A published version's text; NOT_FOUND when the version does not exist. */
export async function versionText(app: FastifyInstance, doc: DocumentRecord, version: number): Promise<DocumentText> {
  const stored = await app.storage.documents.version(doc.id, version);
  if (!stored) throw errors.notFound(`${doc.code ?? 'This document'} has no version ${version}.`);
  return { documentId: doc.id, version, title: stored.title, content: stored.content, blocks: blocksFromProseMirror(stored.content) };
}
