/**
 * The export routes. Any reader of a text may export it, its redline and any
 * comparison they may read (a private draft answers 404, as everywhere);
 * only staff export the packet and the OpenSlides file. Files are rendered by
 * the pure functions of this folder, which the command line shares.
 *
 *   GET  /api/documents/:id/export.{html,md,pdf,docx}   a text (?version=N), clean
 *   GET  /api/documents/:id/redline.{html,md,pdf,docx}  an amendment against its base
 *   GET  /api/compare.{html,md,pdf,docx}?left=&right=    any two texts or versions
 *   POST /api/exports/packet                            starts the packet job -> {jobId}
 *   GET  /api/exports/jobs/:id                           progress and status
 *   GET  /api/exports/jobs/:id/download                  the finished file
 *   GET  /api/exports/openslides.csv                     OpenSlides motion import
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { CompareQuery, DocumentIdParams, ErrorBody } from '../../shared/api';
import { requireStaff, requireViewer } from '../auth/plugin';
import { currentBlocks, versionBlocks } from '../amendments/texts';
import { readableDocument } from '../documents/plugin';
import type { DocumentRecord } from '../documents/store';
import { errors } from '../errors';
import { createHash } from 'node:crypto';
import { ExportJobs, type JobWork } from './jobs';
import type { StoredJob } from './job-store';
import { MEDIA_TYPES, TEXT_FORMATS, PACKET_FORMATS, attachment, exportFileName, type TextFormat } from './names';
import { openSlidesCsv, openSlidesMotions } from './openslides';
import { collectPacketInput } from './packet-input';
import { typesetPacket } from './packet-process';
import { compareExport, redlineExport, renderPiece, textExport } from './render';
import { databaseSource, type ExportSource, type TextAt } from './source';

/** How a file is laid out: redline inline or side by side (HTML, Markdown); line numbers by Word or in a column (DOCX); a clean Markdown text with numbers. */
const LayoutQuery = {
  layout: Type.Optional(Type.Union([Type.Literal('inline'), Type.Literal('side-by-side')], { description: 'html and md: the redline inline (default) or side by side' })),
  lines: Type.Optional(Type.Union([Type.Literal('flow'), Type.Literal('column')], { description: "docx: Word's own line numbering (default) or the tool's numbers in a column" })),
  numbered: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'md of a clean text: with line numbers (default false: plain, re-importable Markdown)' })),
};
const TextExportQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: 'a published version (default: the current text)' })), ...LayoutQuery });
const RedlineExportQuery = Type.Object(LayoutQuery);
const CompareExportQuery = Type.Object({ ...CompareQuery.properties, ...LayoutQuery });

const FileResponse = (format: TextFormat | 'csv') => ({
  description: `The file (${MEDIA_TYPES[format]}), as an attachment`,
  content: { [MEDIA_TYPES[format].split(';')[0]]: { schema: Type.String({ format: 'binary' }) } },
});

const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
const PacketBody = Type.Object({ format: Type.Union(PACKET_FORMATS.map((format) => Type.Literal(format))) }, { additionalProperties: false });
const JobState = Type.Object({
  jobId: Type.String(),
  kind: Type.String(),
  format: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  message: Type.String(),
  fileName: Type.Union([Type.String(), Type.Null()]),
  downloadUrl: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type JobState = Static<typeof JobState>;

/** A job as its owner sees it. */
function jobState(job: StoredJob): JobState {
  return {
    jobId: job.id,
    kind: job.kind,
    format: job.format,
    status: job.status,
    progress: job.progress,
    message: job.message,
    fileName: job.fileName,
    downloadUrl: job.status === 'done' ? `/api/exports/jobs/${job.id}/download` : null,
    error: job.error,
  };
}

/** An export source over the running app: live drafts from their rooms, versions from the cache (the rest as `databaseSource`). */
export function appSource(app: FastifyInstance): ExportSource {
  const documents = app.storage.documents;
  const dated = async (doc: DocumentRecord, blocks: TextAt['blocks'], version: number): Promise<TextAt> => ({
    blocks,
    version,
    date: (await documents.versionDate(doc.id, version)) ?? doc.updatedAt,
  });
  return {
    ...databaseSource(app.storage),
    // Read anew for every export: staff may change the line width or rules between two.
    convention: () => app.storage.conventions.current(),
    documents: async () => documents.list((await app.storage.conventions.current()).id),
    tally: (doc) => app.storage.signatures.countOf(doc),
    current: async (doc) => {
      const { blocks, version } = await currentBlocks(app, doc);
      return version === null ? { blocks, version: null, date: doc.updatedAt } : dated(doc, blocks, version);
    },
    version: async (doc, n) => dated(doc, await versionBlocks(app, doc, n), n),
  };
}

/**
 * The packet as a job: its input is the packet as read (every text's blocks, its
 * versions, tallies and the audit anchor) without the moment it was read, so an
 * unchanged convention is served the packet already rendered for it. It is
 * typeset in a process of its own (`packet-process.ts`).
 */
function packetWork(source: ExportSource): JobWork {
  return {
    async prepare(format, progress) {
      const input = await collectPacketInput(source, (fraction, message) => progress(fraction * READING_SHARE, message));
      const { generatedAt, ...read } = input;
      const inputKey = createHash('sha256').update(JSON.stringify({ kind: 'packet', format, input: read })).digest('hex');
      return {
        inputKey,
        async render(renderProgress) {
          const packetFormat = format === 'pdf' ? 'pdf' : 'docx';
          const bytes = await typesetPacket(input, packetFormat, (fraction, message) => renderProgress(READING_SHARE + fraction * (1 - READING_SHARE), message));
          return { bytes, fileName: exportFileName(`convention-packet-${generatedAt.slice(0, 10)}`, packetFormat), mediaType: MEDIA_TYPES[packetFormat] };
        },
      };
    },
  };
}

/** The share of a packet job's progress bar that reading the texts takes (the typesetting process's comparing and typesetting take the rest). */
const READING_SHARE = 0.1;

/** Sends a file as a download that no shared cache keeps (exports can hold private drafts). */
function sendBytes(reply: FastifyReply, body: string | Uint8Array, mediaType: string, fileName: string): FastifyReply {
  return reply
    .type(mediaType)
    .header('content-disposition', attachment(fileName))
    .header('cache-control', 'private, no-store')
    .send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

function send(reply: FastifyReply, body: string | Uint8Array, format: TextFormat | 'csv', stem: string): FastifyReply {
  return sendBytes(reply, body, MEDIA_TYPES[format], exportFileName(stem, format));
}

export const exportsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const source = appSource(app);
  const jobs = new ExportJobs(app.storage.exportJobs, { packet: packetWork(source) }, (error, jobId) =>
    app.log.error({ err: error, jobId }, jobId ? 'export job failed' : 'could not look for export jobs'),
  );
  app.addHook('onReady', async () => jobs.startSweeping());
  // Before the database closes: the running job finishes; queued ones wait in the database for the next start.
  app.addHook('preClose', async () => jobs.close());

  for (const format of TEXT_FORMATS) {
    app.get(
      `/api/documents/:id/export.${format}`,
      {
        schema: {
          tags: ['exports'],
          summary: `A text as ${format.toUpperCase()}: clean, line-numbered (the current text, or ?version=N; a final text's newest version is its final version)`,
          params: DocumentIdParams,
          querystring: TextExportQuery,
          response: { 200: FileResponse(format), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const doc = await readableDocument(app, viewer, request.params.id);
        const { piece, stem } = await textExport(source, doc, request.query.version);
        return send(reply, await renderPiece(piece, format, request.query), format, stem);
      },
    );

    app.get(
      `/api/documents/:id/redline.${format}`,
      {
        schema: {
          tags: ['exports'],
          summary: `An amendment's redline against the base version it was drafted on, as ${format.toUpperCase()}${format === 'docx' ? ' with Word tracked changes' : ''}`,
          params: DocumentIdParams,
          querystring: RedlineExportQuery,
          response: { 200: FileResponse(format), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const amendment = await readableDocument(app, viewer, request.params.id);
        const { piece, stem } = await redlineExport(source, amendment);
        return send(reply, await renderPiece(piece, format, request.query), format, stem);
      },
    );

    app.get(
      `/api/compare.${format}`,
      {
        schema: {
          tags: ['exports'],
          summary: `Any two texts or versions compared, as ${format.toUpperCase()}: the redline of right against left, numbered by left`,
          querystring: CompareExportQuery,
          response: { 200: FileResponse(format), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const { left, right, leftVersion, rightVersion } = request.query;
        const a = await readableDocument(app, viewer, left);
        const b = await readableDocument(app, viewer, right);
        const { piece, stem } = await compareExport(source, { doc: a, version: leftVersion }, { doc: b, version: rightVersion });
        return send(reply, await renderPiece(piece, format, request.query), format, stem);
      },
    );
  }

  app.post(
    '/api/exports/packet',
    {
      schema: {
        tags: ['exports'],
        summary: 'Staff: start exporting the convention packet (PDF or DOCX) as a job; poll /api/exports/jobs/:id',
        body: PacketBody,
        response: { 202: JobState, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      const format = request.body.format;
      const job = await jobs.start(staff.id, 'packet', format);
      return reply.code(202).send(jobState(job));
    },
  );

  /** A job of the signed-in staff member; NOT_FOUND for anyone else's, so ids reveal nothing. */
  const ownJob = async (ownerId: string, id: string): Promise<StoredJob> => {
    const job = await jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw errors.notFound('No such export job (finished jobs are kept for 30 minutes).');
    return job;
  };

  app.get(
    '/api/exports/jobs/:id',
    {
      schema: {
        tags: ['exports'],
        summary: "Staff: an export job's status and progress (0 to 1)",
        params: JobParams,
        response: { 200: JobState, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => jobState(await ownJob(requireStaff(request).id, request.params.id)),
  );

  app.get(
    '/api/exports/jobs/:id/download',
    {
      schema: {
        tags: ['exports'],
        summary: "Staff: a finished export job's file",
        params: JobParams,
        response: { 200: { description: 'The file, as an attachment', content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } } }, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const job = await ownJob(requireStaff(request).id, request.params.id);
      const file = await jobs.file(job);
      if (!file) throw errors.conflict(job.status === 'failed' ? (job.error ?? 'The export failed.') : 'The export is not finished yet.');
      return sendBytes(reply, file.bytes, file.mediaType, file.fileName);
    },
  );

  app.get(
    '/api/exports/openslides.csv',
    {
      schema: {
        tags: ['exports'],
        summary: "Staff: every text on the floor in OpenSlides 4's motion import format (CSV, HTML texts)",
        response: { 200: FileResponse('csv'), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      return send(reply, openSlidesCsv(await openSlidesMotions(source)), 'csv', 'openslides-motions');
    },
  );
};
