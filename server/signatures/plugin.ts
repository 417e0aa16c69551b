import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DocumentIdParams, ErrorBody } from '../../shared/api';
import {
  DocumentTally,
  MemberIdParams,
  PaperSignatureBody,
  SignatureList,
  StrikeBody,
  TallyChange,
  TallyQuery,
} from '../../shared/signatures-api';
import { zonedTimeToInstant } from '../../shared/signatures';
import { requestToken, requireStaff, requireViewer } from '../auth/plugin';
import { canRead } from '../documents/permissions';
import { readableDocument } from '../documents/plugin';
import { errors } from '../errors';
import { openEventStream, type EventStream } from './event-stream';
import type { DocumentCount } from './store';
import { TallyHub } from './tally-hub';
import { signatureExportRoutes } from './export-routes';
import { signatureRulesRoutes } from './rules-routes';
import { auditRoutes } from './audit-routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Tells open tally streams that documents' signatures changed (`app.tallies.notify([id])`). */
    tallies: TallyHub<DocumentCount>;
  }
}

/** Open tally streams one user may hold: a few tabs and devices, not a flood. */
export const MAX_STREAMS_PER_USER = 20;

const SseResponse = { content: { 'text/event-stream': { schema: Type.String({ description: 'Server-sent events: `tally` with the JSON tally, on connect and on every change.' }) } } };

/**
 * Sign and withdraw. Their own encapsulated context accepts an empty body
 * sent with `content-type: application/json` (a bodiless POST or DELETE from
 * a generic JSON client), which Fastify's default parser refuses.
 */
const signingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(errors.badRequest('The request body is not valid JSON.'), undefined);
    }
  });

  app.post(
    '/api/documents/:id/signatures',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Sign on to a submitted resolution or amendment (once; eligibility and deadline are checked)',
        params: DocumentIdParams,
        response: { 201: DocumentTally, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      await readableDocument(app, viewer, request.params.id);
      const count = await app.storage.signatures.sign(request.params.id, viewer);
      app.tallies.notify([count.documentId]);
      return reply.code(201).send(await app.storage.signatures.viewerTally(count, viewer, { overTime: false }));
    },
  );

  app.delete(
    '/api/documents/:id/signatures',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Withdraw your signature, before the deadline',
        params: DocumentIdParams,
        response: { 200: DocumentTally, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      await readableDocument(app, viewer, request.params.id);
      const count = await app.storage.signatures.withdraw(request.params.id, viewer);
      app.tallies.notify([count.documentId]);
      return app.storage.signatures.viewerTally(count, viewer, { overTime: false });
    },
  );
};

const signatures: FastifyPluginAsyncTypebox = async (app) => {
  const store = app.storage.signatures;
  const hub = new TallyHub<DocumentCount>(
    async (documentId) => {
      const doc = await app.storage.documents.get(documentId);
      return doc ? store.countOf(doc) : null;
    },
    (error) => app.log.error({ err: error }, 'tally stream delivery failed'),
  );
  app.decorate('tallies', hub);
  const streams = new Set<EventStream>();
  const streamsPerUser = new Map<string, number>();
  app.addHook('preClose', async () => {
    hub.close();
    for (const stream of [...streams]) stream.close();
  });

  /** Opens a stream for `userId` and keeps count; the user's session is re-checked before every event. */
  const openStream = (request: Parameters<typeof openEventStream>[0], reply: Parameters<typeof openEventStream>[1], userId: string, onClose: () => void) => {
    const open = streamsPerUser.get(userId) ?? 0;
    if (open >= MAX_STREAMS_PER_USER) throw errors.rateLimited(`You have ${open} live tally views open; close some tabs and try again.`);
    streamsPerUser.set(userId, open + 1);
    const token = requestToken(request);
    const stream = openEventStream(request, reply, () => {
      streams.delete(stream);
      const left = (streamsPerUser.get(userId) ?? 1) - 1;
      if (left <= 0) streamsPerUser.delete(userId);
      else streamsPerUser.set(userId, left);
      onClose();
    });
    streams.add(stream);
    const stillSignedIn = async () => {
      if ((await app.storage.sessions.userIdFor(token)) === userId) return true;
      stream.send('end', { reason: 'signed-out' });
      stream.close();
      return false;
    };
    /** Sends what `events` makes, one delivery after the other (each reads the database): a stream never shows an older tally after a newer one. */
    let sending: Promise<void> = Promise.resolve();
    const deliver = (events: () => Promise<void>) => {
      sending = sending
        .then(async () => {
          if (!stream.closed && (await stillSignedIn())) await events();
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'tally stream delivery failed'));
    };
    return { stream, deliver };
  };

  await app.register(signingRoutes);

  app.get(
    '/api/documents/:id/tally',
    {
      schema: {
        tags: ['signatures'],
        summary: "A document's tally: count, threshold, qualified, per chapter, over time, and your own standing",
        params: DocumentIdParams,
        querystring: TallyQuery,
        response: { 200: DocumentTally, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      return store.viewerTally(await store.countOf(doc), viewer, { overTime: request.query.overTime !== 'false' });
    },
  );

  app.get(
    '/api/documents/:id/tally/events',
    {
      schema: {
        tags: ['signatures'],
        summary: "Live tally: server-sent events with the document's tally (without overTime) now and after every change",
        description: 'Authenticated like every route; EventSource sends the session cookie set at sign-in.',
        params: DocumentIdParams,
        response: { 200: SseResponse, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      let unsubscribe = () => {};
      const { stream, deliver } = openStream(request, reply, viewer.id, () => unsubscribe());
      // Subscribed before the first tally is read, and sent in turn with the changes: none is missed, none overtaken.
      unsubscribe = hub.subscribe(
        (changed, countOf) => {
          if (!changed.has(doc.id)) return;
          const count = countOf(doc.id);
          deliver(async () => {
            if (count) stream.send('tally', await store.viewerTally(count, viewer, { overTime: false }));
          });
        },
        { documentId: doc.id },
      );
      deliver(async () => {
        stream.send('tally', await store.viewerTally(await store.countOf(doc), viewer, { overTime: false }));
      });
    },
  );

  app.get(
    '/api/tally/events',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Live tallies of the whole convention: a `tally` event with count, threshold, qualified and status whenever a readable document changes',
        response: { 200: SseResponse, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      let unsubscribe = () => {};
      const { stream, deliver } = openStream(request, reply, viewer.id, () => unsubscribe());
      stream.send('ready', { at: new Date().toISOString() });
      unsubscribe = hub.subscribe((changed, countOf) => {
        const counts = [...changed].map((documentId) => ({ documentId, count: countOf(documentId) }));
        deliver(async () => {
          for (const { documentId, count } of counts) {
            const doc = await app.storage.documents.get(documentId);
            if (!doc || !count || !canRead(viewer, doc)) continue;
            const change: TallyChange = { documentId, count: count.count, threshold: count.threshold, qualified: count.qualified, status: count.status };
            stream.send('tally', change);
          }
        });
      });
    },
  );

  app.get(
    '/api/documents/:id/signatures',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Every signature row of a document, withdrawn and struck ones included (staff)',
        params: DocumentIdParams,
        response: { 200: SignatureList, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const staff = requireStaff(request);
      const doc = await readableDocument(app, staff, request.params.id);
      return { signatures: await store.list(doc) };
    },
  );

  app.post(
    '/api/documents/:id/signatures/paper',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Enter a signature collected on paper, by member id (staff)',
        params: DocumentIdParams,
        body: PaperSignatureBody,
        response: { 201: DocumentTally, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      await readableDocument(app, staff, request.params.id);
      const convention = await app.storage.conventions.current();
      let signedAt: string | null = null;
      if (request.body.signedAt !== undefined) {
        signedAt = zonedTimeToInstant(request.body.signedAt, convention.timezone);
        if (signedAt === null) throw errors.badRequest('signedAt must be a date and time, e.g. 2026-05-01T18:30 (convention time) or an ISO instant.');
      }
      const note = request.body.note?.trim() || null;
      const count = await store.enterPaper(request.params.id, { memberId: request.body.memberId.trim(), signedAt, note, staffId: staff.id });
      app.tallies.notify([count.documentId]);
      return reply.code(201).send(await store.viewerTally(count, staff, { overTime: false, convention }));
    },
  );

  /** Staff strike or restore one signature, each with a reason that goes into the log. */
  const STAFF_ACTIONS = [
    { action: 'strike', doing: 'striking', summary: 'Strike an invalid signature, with a reason (staff); it stays on record and no longer counts' },
    { action: 'restore', doing: 'restoring', summary: 'Restore a struck signature, with a reason (staff); it counts again and the log records it' },
  ] as const;
  for (const { action, doing, summary } of STAFF_ACTIONS) {
    app.post(
      `/api/documents/:id/signatures/:memberId/${action}`,
      {
        schema: {
          tags: ['signatures'],
          summary,
          params: MemberIdParams,
          body: StrikeBody,
          response: { 200: DocumentTally, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const staff = requireStaff(request);
        await readableDocument(app, staff, request.params.id);
        const reason = request.body.reason.trim();
        if (reason.length < 3) throw errors.badRequest(`Give a reason for ${doing} the signature.`);
        const count = await store.change(request.params.id, action, { memberId: request.params.memberId, reason, staffId: staff.id });
        app.tallies.notify([count.documentId]);
        return store.viewerTally(count, staff, { overTime: false });
      },
    );
  }

  await app.register(signatureExportRoutes);
  await app.register(signatureRulesRoutes);
  await app.register(auditRoutes);
};

/**
 * Signatures and tallies: signing and withdrawing, tallies (one-off and live
 * over server-sent events), staff's paper entry and strikes, exports, the
 * signature rules and deadline, and the audit log's verification. Shares
 * `app.tallies` so the roster import can announce recounts.
 */
export const signaturesPlugin = fp(signatures, { name: 'plenary-signatures', dependencies: ['plenary-db', 'plenary-auth'] });
