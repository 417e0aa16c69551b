import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DocumentIdParams, DocumentSummary, ErrorBody, ForkBody } from '../../shared/api';
import { requireViewer } from '../auth/plugin';
import { conventionTime } from '../conventions/store';
import { errors } from '../errors';
import { canRead } from '../documents/permissions';
import { readableDocument, summarise } from '../documents/plugin';
import { createDraft } from '../documents/text';
import { actingCaucus, isPast } from '../documents/workflow';

/**
 * Amendments: starting one against a published version of a base text (or,
 * for a secondary amendment, against a submitted amendment), and listing the
 * amendments of a text.
 */
export const amendmentsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/documents/:id/amendments',
    {
      schema: {
        tags: ['amendments'],
        summary: 'Start an amendment: a private caucus draft seeded with a published version of this text',
        params: DocumentIdParams,
        body: ForkBody,
        response: { 201: DocumentSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const base = await readableDocument(app, viewer, request.params.id);
      if (base.status === 'draft' || !base.code) throw errors.conflict('Only a published or submitted text can be amended.');
      if (base.status === 'withdrawn' || base.status === 'failed' || base.status === 'final') {
        throw errors.conflict(`This text is ${base.status}; it can no longer be amended.`);
      }
      const caucusId = actingCaucus(viewer, request.body.caucusId, ['caucus', 'committee']);
      const convention = await app.storage.conventions.current();
      if (isPast(convention.submissionDeadline)) throw errors.deadlinePassed(`The deadline for amendments passed on ${conventionTime(convention, convention.submissionDeadline!)}.`);
      const version = request.body.version ?? (await app.storage.documents.latestVersion(base.id));
      const source = await app.storage.documents.version(base.id, version);
      if (!source) throw errors.notFound(`${base.code} has no version ${version}.`);
      const created = await createDraft(
        app,
        {
          conventionId: convention.id,
          kind: 'amendment',
          title: request.body.title,
          caucusId,
          baseId: base.id,
          baseVersion: version,
          rationale: request.body.rationale ?? '',
          createdBy: viewer.id,
        },
        source.content,
        `started against ${base.code} v${version}`,
      );
      return reply.code(201).send(summarise(created, viewer));
    },
  );

  app.get(
    '/api/documents/:id/amendments',
    {
      schema: {
        tags: ['amendments'],
        summary: 'The amendments to a text that the signed-in user may read',
        params: DocumentIdParams,
        response: { 200: Type.Array(DocumentSummary), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const base = await readableDocument(app, viewer, request.params.id);
      return (await app.storage.documents.amendmentsOf(base.id))
        .filter((doc) => canRead(viewer, doc))
        .map((doc) => summarise(doc, viewer));
    },
  );
};
