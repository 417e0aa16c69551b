import * as Y from 'yjs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateDocumentBody,
  DocumentEventSchema,
  DocumentIdParams,
  DocumentSummary,
  DocumentText,
  ErrorBody,
  PatchDocumentBody,
  StatusBody,
  SubmitBody,
  VersionParams,
  VersionSummary,
} from '../../shared/api';
import { canTransition, correctsOutcome, nextCode, type Actor } from '../../shared/workflow';
import { proseMirrorFromBlocks } from '../../shared/text';
import { resolutionSchema } from '../../shared/schema';
import { requireViewer } from '../auth/plugin';
import { inCaucus, type Viewer } from '../auth/users';
import { conventionTime } from '../conventions/store';
import { errors } from '../errors';
import { canEdit, canReadLive } from './permissions';
import { readableDocument, summarise } from './plugin';
import type { DocumentRecord } from './store';
import { createDraft, liveText, versionText } from './text';
import { proposeRebases } from '../amendments/rebase';

/** Close code telling editors that the text's status changed (the stock client reconnects and reads it again). */
export const CLOSE_STATUS_CHANGED = 4409;

/** The caucus the viewer acts for: the one named (which they must belong to), or their only one. */
export function actingCaucus(viewer: Viewer, caucusId: string | undefined, kinds: readonly ('caucus' | 'committee')[]): string {
  const mine = viewer.caucuses.filter((c) => kinds.includes(c.kind));
  if (caucusId) {
    if (!mine.some((c) => c.id === caucusId)) throw errors.forbidden('You can only act for a caucus you belong to.');
    return caucusId;
  }
  if (mine.length === 1) return mine[0].id;
  if (mine.length === 0) throw errors.forbidden('Only caucus drafters can do that.');
  throw errors.badRequest('You belong to several caucuses: say which one (caucusId).');
}

/**
 * Whether `doc` holds every edit a client's state vector (base64) counts. A
 * vector that cannot be read is a bad request.
 */
export function hasEverything(doc: Y.Doc, stateVectorBase64: string): boolean {
  let theirs: Map<number, number>;
  try {
    theirs = Y.decodeStateVector(Buffer.from(stateVectorBase64, 'base64'));
  } catch {
    throw errors.badRequest('stateVector is not a Yjs state vector.');
  }
  const ours = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of theirs) if ((ours.get(client) ?? 0) < clock) return false;
  return true;
}

/** Whether a deadline (an ISO instant or null for none) has passed. */
export function isPast(deadline: string | null, now = new Date()): boolean {
  return deadline !== null && now.getTime() > Date.parse(deadline);
}

const DocumentWithVersionParams = VersionParams;

/** Whether two ProseMirror documents are the same text, formatting included (however their JSON orders keys or spells default attributes). */
function sameContent(a: unknown, b: unknown): boolean {
  return resolutionSchema.nodeFromJSON(a).eq(resolutionSchema.nodeFromJSON(b));
}

export const workflowPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const documents = app.storage.documents;
  /** The document as it now is, for the answer. */
  const reread = async (doc: DocumentRecord): Promise<DocumentRecord> => (await documents.get(doc.id)) ?? doc;

  app.post(
    '/api/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Start a new resolution (caucus) or consensus text (committee) as a private draft',
        body: CreateDocumentBody,
        response: { 201: DocumentSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { kind, title, rationale } = request.body;
      const caucusId = actingCaucus(viewer, request.body.caucusId, kind === 'consensus' ? ['committee'] : ['caucus', 'committee']);
      const convention = await app.storage.conventions.current();
      const created = await createDraft(app, { conventionId: convention.id, kind, title, caucusId, rationale, createdBy: viewer.id }, proseMirrorFromBlocks([{ kind: 'title', text: title }]), 'created');
      return reply.code(201).send(summarise(created, viewer));
    },
  );

  app.patch(
    '/api/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: "Change a draft's title (amendments) or rationale",
        params: DocumentIdParams,
        body: PatchDocumentBody,
        response: { 200: DocumentSummary, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      if (doc.status !== 'draft') throw errors.frozen();
      if (!canEdit(viewer, doc)) throw errors.forbidden('Only the drafting caucus can change this draft.');
      const { title, rationale } = request.body;
      if (title !== undefined && doc.kind !== 'amendment') throw errors.badRequest("Change a text's title in the text itself.");
      await documents.updateDraft(doc, { title: title ?? null, rationale: rationale ?? null });
      return summarise(await reread(doc), viewer);
    },
  );

  app.get(
    '/api/documents/:id/text',
    {
      schema: {
        tags: ['documents'],
        summary: 'The live text as ProseMirror JSON and blocks; for a reader of a consensus text under revision (not its committee or staff), its newest published version',
        params: DocumentIdParams,
        response: { 200: DocumentText, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      // A consensus text's working copy is its editors' alone (as on the sync socket).
      return canReadLive(viewer, doc) ? liveText(app, doc) : versionText(app, doc, await documents.latestVersion(doc.id));
    },
  );

  app.get(
    '/api/documents/:id/versions',
    {
      schema: {
        tags: ['versions'],
        summary: 'The published versions of a document, newest first',
        params: DocumentIdParams,
        response: { 200: Type.Array(VersionSummary), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      return documents.versions(doc.id);
    },
  );

  app.get(
    '/api/documents/:id/versions/:version',
    {
      schema: {
        tags: ['versions'],
        summary: 'One published version of a document',
        params: DocumentWithVersionParams,
        response: { 200: DocumentText, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      return versionText(app, doc, request.params.version);
    },
  );

  app.post(
    '/api/documents/:id/versions',
    {
      schema: {
        tags: ['versions'],
        summary: 'Publish the live text of a submitted text (a consensus text under revision) as the next immutable version; a draft is published by submitting it',
        params: DocumentIdParams,
        response: { 201: VersionSummary, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      if (!canEdit(viewer, doc)) throw errors.forbidden('Only the owners of this text can publish a version of it.');
      // A draft's first version is what its caucus submits: a snapshot taken before would become v1,
      // readable by everyone once the text is submitted, and push the submitted text to v2.
      if (doc.status === 'draft') throw errors.conflict('A draft is published by submitting it: submitting freezes it as v1.');
      // Two editors publishing at once must not make two identical versions (each would start a round of rebases):
      // the store compares with the newest version inside the transaction that publishes.
      const live = await liveText(app, doc);
      const version = await documents.publish(doc, viewer.id, live, (newest) => sameContent(newest, live.content));
      await proposeRebases(app, doc, version);
      const stored = (await documents.version(doc.id, version))!;
      return reply.code(201).send({ version, title: stored.title, createdByName: stored.createdByName, createdAt: stored.createdAt, baseVersion: doc.baseVersion });
    },
  );

  app.post(
    '/api/documents/:id/submit',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Submit a draft: freezes it as a version, gives it its code, makes it readable by all',
        params: DocumentIdParams,
        body: Type.Optional(SubmitBody),
        response: { 200: DocumentSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      if (!inCaucus(viewer, doc.caucusId)) throw errors.forbidden('Only a drafter of the owning caucus can submit this text.');
      const stateVector = request.body?.stateVector;
      if (stateVector !== undefined && !(await app.rooms.read(doc.id, (ydoc) => hasEverything(ydoc, stateVector)))) {
        throw errors.conflict('Your latest edits have not reached the server yet; wait until the editor shows Connected, then submit again.');
      }
      if (doc.status !== 'draft') throw errors.frozen('This text has already been submitted.');
      const convention = await app.storage.conventions.current();
      if (isPast(convention.submissionDeadline)) throw errors.deadlinePassed(`The submission deadline passed on ${conventionTime(convention, convention.submissionDeadline!)}.`);
      const base = doc.baseId ? await documents.get(doc.baseId) : null;
      if (doc.kind === 'amendment' && (!base || !base.code)) throw errors.conflict('The base text of this amendment has not been submitted.');
      // No edit may land between reading the text and freezing it as v1.
      await app.rooms.whileFrozen(doc.id, async () => {
        const text = await liveText(app, doc);
        if (!doc.title.trim() && !text.title.trim()) throw errors.unprocessable('Give the text a title before submitting it.');
        await documents.submit(doc, viewer.id, text, (taken) => nextCode(doc.kind, base ? { code: base.code, kind: base.kind } : null, taken));
      });
      app.rooms.evict(doc.id, CLOSE_STATUS_CHANGED, 'submitted');
      return summarise(await reread(doc), viewer);
    },
  );

  app.post(
    '/api/documents/:id/status',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Record an outcome (staff: adopted, failed, withdrawn, final; adopted and failed can be corrected until a final text is made from them) or withdraw (the caucus)',
        params: DocumentIdParams,
        body: StatusBody,
        response: { 200: DocumentSummary, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      const { status, note } = request.body;
      const actors: Actor[] = [];
      if (viewer.isStaff) actors.push('staff');
      if (inCaucus(viewer, doc.caucusId)) actors.push('caucus');
      const allowed = actors.some((actor) => canTransition(doc.status, status, actor));
      if (!allowed) {
        const anyone = (['staff', 'caucus'] as const).some((actor) => canTransition(doc.status, status, actor));
        if (anyone) throw errors.forbidden(`You cannot move this text from ${doc.status} to ${status}.`);
        throw errors.conflict(`A text that is ${doc.status} cannot become ${status}.`);
      }
      if (correctsOutcome(doc.status, status) && doc.baseId && (await documents.get(doc.baseId))?.status === 'final') {
        throw errors.conflict('The final text of the base was already made with this outcome; its outcome can no longer change.');
      }
      // A text made final keeps its live text as the final version: no edit may land in between.
      await app.rooms.whileFrozen(doc.id, async () => {
        const finalText = status === 'final' ? await liveText(app, doc) : undefined;
        await documents.changeStatus(doc, { to: status, actorId: viewer.id, note, finalText });
      });
      app.rooms.evict(doc.id, CLOSE_STATUS_CHANGED, 'status changed');
      return summarise(await reread(doc), viewer);
    },
  );

  app.get(
    '/api/documents/:id/events',
    {
      schema: {
        tags: ['workflow'],
        summary: "A document's history: every transition and version, with who and when",
        params: DocumentIdParams,
        response: { 200: Type.Array(DocumentEventSchema), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      return documents.events(doc.id);
    },
  );

};
