import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DocumentIdParams, DocumentSummary, ErrorBody } from '../../shared/api';
import type { Viewer } from '../auth/users';
import { requireViewer } from '../auth/plugin';
import { errors } from '../errors';
import { canEdit, canRead } from './permissions';
import type { DocumentRecord } from './store';

/** A document as the API shows it to this viewer. */
export function summarise(doc: DocumentRecord, viewer: Viewer): DocumentSummary {
  return {
    id: doc.id,
    code: doc.code,
    title: doc.title,
    kind: doc.kind,
    status: doc.status,
    baseId: doc.baseId,
    baseVersion: doc.baseVersion,
    caucusId: doc.caucusId,
    caucusName: doc.caucusName,
    rationale: doc.rationale,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    canEdit: canEdit(viewer, doc),
  };
}

/** Loads a document the viewer may read; NOT_FOUND otherwise, so private drafts do not reveal they exist. */
export async function readableDocument(app: FastifyInstance, viewer: Viewer, id: string): Promise<DocumentRecord> {
  const doc = await app.storage.documents.get(id);
  if (!doc || !canRead(viewer, doc)) throw errors.notFound('No such document.');
  return doc;
}

export const documentsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'The documents the signed-in user may read',
        response: { 200: Type.Array(DocumentSummary), 401: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const convention = await app.storage.conventions.current();
      return (await app.storage.documents.list(convention.id))
        .filter((doc) => canRead(viewer, doc))
        .map((doc) => summarise(doc, viewer));
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'One document',
        params: DocumentIdParams,
        response: { 200: DocumentSummary, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      return summarise(await readableDocument(app, viewer, request.params.id), viewer);
    },
  );
};
