import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '../../shared/api';
import {
  RosterErrorBody,
  RosterImportJson,
  RosterImportQuery,
  RosterImportReport,
  RosterSummary,
} from '../../shared/signatures-api';
import { validateRoster, type RosterLineError } from '../../shared/signatures/roster-rows';
import { requireStaff } from '../auth/plugin';
import { errors } from '../errors';
import { readCsvRecords } from './csv';

/** The largest roster file accepted: 80,000 members at ~70 bytes a line is under 6 MB; room to spare, no more. */
export const MAX_ROSTER_BYTES = 16 * 1024 * 1024;
/** At most this many changed members are listed in a report; the counts are always complete. */
export const MAX_REPORTED_CHANGES = 1000;
/** At most this many bad lines are listed when a file is refused: the first hundred show the pattern. */
export const MAX_REPORTED_ERRORS = 100;

/** The message for a refused file: how many lines are bad, and the first few by line number. */
function refusal(lines: readonly RosterLineError[]): string {
  const first = lines
    .slice(0, 5)
    .map((error) => `line ${error.line}: ${error.message}`)
    .join(' ');
  const count = new Set(lines.map((error) => error.line)).size;
  return `The roster was not imported: ${count} ${count === 1 ? 'line has' : 'lines have'} errors. ${first}${lines.length > 5 ? ' …' : ''}`;
}

/**
 * The roster: staff import it as CSV (member id, name, email, chapter, good
 * standing, delegate), as a `text/csv` body or JSON `{"csv": "..."}`. A
 * re-import updates members in place by member id and reports what changed;
 * a file with any bad line imports nothing and names every bad line. Users are
 * linked to roster entries by email, so an import can make accounts eligible.
 */
export const rosterPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: MAX_ROSTER_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/api/roster',
    {
      bodyLimit: MAX_ROSTER_BYTES,
      schema: {
        tags: ['roster'],
        summary: 'Import the roster CSV: all or nothing; updates in place by member id (staff)',
        querystring: RosterImportQuery,
        body: {
          content: {
            'text/csv': { schema: Type.String({ description: 'The roster CSV with a header line.' }) },
            'application/json': { schema: RosterImportJson },
          },
        },
        response: { 200: RosterImportReport, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: RosterErrorBody },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const body = request.body as unknown;
      const csv = typeof body === 'string' ? body : (body as { csv?: unknown } | undefined)?.csv;
      if (typeof csv !== 'string' || csv.trim() === '') throw errors.badRequest('Send the roster as a text/csv body or as JSON {"csv": "..."}.');
      const dryRun = request.query.dryRun === 'true';

      const parsed = readCsvRecords(csv);
      const validation = parsed.ok ? validateRoster(parsed.records) : ({ ok: false, errors: [parsed.error] } as const);
      if (!validation.ok) {
        const refused = errors.rosterInvalid(refusal(validation.errors));
        return reply.code(422).send({
          error: { code: refused.code, message: refused.message, lines: validation.errors.slice(0, MAX_REPORTED_ERRORS) },
        });
      }

      const { diff, linked, changedDocuments } = await app.storage.roster.import(validation.members, dryRun);
      if (!dryRun) {
        const convention = await app.storage.conventions.current();
        app.tallies.notify([...changedDocuments, ...(await app.storage.documents.publishedIds(convention.id))]);
      }
      request.log.info({ added: diff.added, updated: diff.updated, dryRun }, 'roster import');
      return {
        dryRun,
        members: validation.members.length,
        added: diff.added,
        updated: diff.updated,
        unchanged: diff.unchanged,
        notInFile: diff.notInFile.length,
        notInFileIds: diff.notInFile.slice(0, MAX_REPORTED_CHANGES),
        changes: diff.changes.slice(0, MAX_REPORTED_CHANGES),
        changesTruncated: diff.changes.length > MAX_REPORTED_CHANGES,
        linkedUsers: linked,
      };
    },
  );

  app.get(
    '/api/roster',
    {
      schema: {
        tags: ['roster'],
        summary: "The roster's size: members, in good standing, delegates, chapters, linked accounts (staff)",
        response: { 200: RosterSummary, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireStaff(request);
      return app.storage.roster.summary();
    },
  );
};
