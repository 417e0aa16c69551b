import type { FastifyInstance } from 'fastify';
import type { DocumentText } from '../../shared/api';
import { blocksFromProseMirror, titleOf as titleOfBlocks } from '../../shared/text';
import { errors } from '../errors';
import { proseMirrorJSONOf } from '../sync/content';
import { getVersion, type DocumentRecord } from './store';

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
