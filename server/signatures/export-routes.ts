import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TALLY_COLUMNS, conventionTally as talliesOf, talliesCsv } from '../exports/tallies';
import { databaseSource } from '../exports/source';
import { Type } from 'typebox';
import { DocumentIdParams, ErrorBody } from '../../shared/api';
import { ConventionTally } from '../../shared/signatures-api';
import { toCsv } from '../../shared/signatures';
import { requireStaff } from '../auth/plugin';
import { readableDocument } from '../documents/plugin';
import { safeStem } from '../exports/names';

const CsvResponse = (description: string) => ({ content: { 'text/csv': { schema: Type.String({ description }) } } });

/** The signature exports (staff): one document's counted signatures, and the convention-wide tally. */
export const signatureExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/documents/:id/signatures.csv',
    {
      schema: {
        tags: ['signatures', 'exports'],
        summary: "A document's counted signatures as CSV (staff)",
        params: DocumentIdParams,
        response: { 200: CsvResponse('member_id,name,email,chapter,delegate,source,signed_at,entered_by,note'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      const doc = await readableDocument(app, staff, request.params.id);
      const counted = (await app.storage.signatures.list(doc))
        .filter((signature) => signature.counted)
        .sort((a, b) => (a.signedAt < b.signedAt ? -1 : a.signedAt > b.signedAt ? 1 : a.id - b.id));
      const csv = toCsv(
        ['member_id', 'name', 'email', 'chapter', 'delegate', 'source', 'signed_at', 'entered_by', 'note'],
        counted.map((s) => [s.memberId, s.name, s.email, s.chapter, s.delegate, s.source, s.signedAt, s.enteredBy, s.note]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${safeStem(`${doc.code ?? doc.id}-signatures`)}.csv"`)
        .send(csv);
    },
  );

  /** Every document that collects signatures or has any, with its tally (the same rows `plenary export tallies` writes). */
  const conventionTally = (): Promise<ConventionTally> => talliesOf(databaseSource(app.storage));

  app.get(
    '/api/tallies',
    {
      schema: {
        tags: ['signatures', 'exports'],
        summary: 'The convention-wide tally as JSON: every text that collects signatures (staff)',
        response: { 200: ConventionTally, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireStaff(request);
      return conventionTally();
    },
  );

  app.get(
    '/api/tallies.csv',
    {
      schema: {
        tags: ['signatures', 'exports'],
        summary: 'The convention-wide tally as CSV, one line per text (staff)',
        response: { 200: CsvResponse(TALLY_COLUMNS.join(',')), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const tally = await conventionTally();
      const csv = talliesCsv(tally);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="tallies.csv"').send(csv);
    },
  );
};
