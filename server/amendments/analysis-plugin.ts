import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CompareQuery,
  CompareResponse,
  ConflictMapResponse,
  DocumentIdParams,
  DocumentSummary,
  ErrorBody,
  FinalBody,
  FinalPreview,
  RebaseProposalSchema,
  type TextRef,
} from '../../shared/api';
import {
  amendmentInstructions,
  buildRedline,
  conflictMap,
  findConflicts,
  mergeAmendments,
  redlineToJson,
  type MergeResult,
} from '../../shared/redline';
import { blocksFromMarkdown, proseMirrorFromBlocks, type TextBlock } from '../../shared/text';
import { requireStaff, requireViewer } from '../auth/plugin';
import { inCaucus } from '../auth/users';
import { errors } from '../errors';
import { canRead } from '../documents/permissions';
import { readableDocument, summarise } from '../documents/plugin';
import type { DocumentRecord } from '../documents/store';
import { CLOSE_STATUS_CHANGED } from '../documents/workflow';
import { replaceContent } from '../sync/content';
import { amendmentLines } from './analysis';
import { proposalContent } from './rebase';
import { currentBlocks, versionBlocks } from './texts';

/** The redline JSON of two texts at the convention's line width, with instructions numbered by the left one. */
function compareTexts(left: readonly TextBlock[], right: readonly TextBlock[], width: number) {
  const redline = buildRedline(left, right, width);
  return redlineToJson(redline, amendmentInstructions(redline.diff, redline.base));
}

/**
 * Reading amendments against their base: an amendment's redline and
 * instructions, the comparison of any two texts or versions, the conflict map
 * of a base text; rebase proposals after a base is revised; and the final text
 * merged from the adopted amendments.
 */
export const amendmentAnalysisPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const { documents, amendments } = app.storage;
  const width = async () => (await app.storage.conventions.current()).lineWidth;

  /** A text to compare: a given version, or what readers see now. */
  const textFor = async (doc: DocumentRecord, version?: number): Promise<{ ref: TextRef; blocks: TextBlock[] }> => {
    if (version) return { ref: { documentId: doc.id, code: doc.code, title: doc.title, version }, blocks: await versionBlocks(app, doc, version) };
    const { blocks, version: current } = await currentBlocks(app, doc);
    return { ref: { documentId: doc.id, code: doc.code, title: doc.title, version: current }, blocks };
  };

  app.get(
    '/api/compare',
    {
      schema: {
        tags: ['amendments'],
        summary: 'Compare any two texts or versions: the redline of right against left, numbered by left',
        querystring: CompareQuery,
        response: { 200: CompareResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const { left, right, leftVersion, rightVersion } = request.query;
      const a = await textFor(await readableDocument(app, viewer, left), leftVersion);
      const b = await textFor(await readableDocument(app, viewer, right), rightVersion);
      return { left: a.ref, right: b.ref, redline: compareTexts(a.blocks, b.blocks, await width()) };
    },
  );

  app.get(
    '/api/documents/:id/redline',
    {
      schema: {
        tags: ['amendments'],
        summary: 'An amendment against the base version it was drafted on: redline and instructions',
        params: DocumentIdParams,
        response: { 200: CompareResponse, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const amendment = await readableDocument(app, viewer, request.params.id);
      if (amendment.kind !== 'amendment' || !amendment.baseId || !amendment.baseVersion) throw errors.conflict('Only an amendment has a redline against its base.');
      const base = (await documents.get(amendment.baseId))!;
      const a = await textFor(base, amendment.baseVersion);
      const b = await textFor(amendment);
      return { left: a.ref, right: b.ref, redline: compareTexts(a.blocks, b.blocks, await width()) };
    },
  );

  app.get(
    '/api/documents/:id/conflicts',
    {
      schema: {
        tags: ['amendments'],
        summary: 'The conflict map of a base text (by default its newest version with amendments): which amendments touch each line, and which pairs overlap',
        params: DocumentIdParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: ConflictMapResponse, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const base = await readableDocument(app, viewer, request.params.id);
      const readable = (await documents.amendmentsOf(base.id)).filter((doc) => canRead(viewer, doc));
      // By default, the newest version that amendments were drafted on: after a final text (a newer version), that is still the one delegates fought over.
      const drafted = Math.max(0, ...readable.map((doc) => doc.baseVersion ?? 0));
      const version = request.query.version ?? (drafted || (await documents.latestVersion(base.id)));
      if (version === 0) throw errors.conflict('This text has no published version yet.');
      const { lines, touched } = await amendmentLines(app, base, version, readable);
      const ranges = touched.map((t) => ({ id: t.doc.id, ranges: t.ranges }));
      return {
        baseId: base.id,
        version,
        lineCount: lines.lineCount,
        amendments: touched.map((t) => ({ id: t.doc.id, code: t.doc.code, title: t.doc.title, status: t.doc.status, caucusName: t.doc.caucusName, ranges: t.ranges })),
        lines: conflictMap(ranges),
        conflicts: findConflicts(ranges),
      };
    },
  );

  app.get(
    '/api/documents/:id/rebase',
    {
      schema: {
        tags: ['amendments'],
        summary: "The newest rebase of an amendment onto its base's revised version",
        params: DocumentIdParams,
        response: { 200: Type.Union([RebaseProposalSchema, Type.Null()]), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      return amendments.latestProposal(doc.id);
    },
  );

  app.post(
    '/api/documents/:id/rebase/:decision',
    {
      schema: {
        tags: ['amendments'],
        summary: 'Accept (take the rebased text, now against the new base version) or dismiss the pending rebase',
        params: Type.Object({
          id: DocumentIdParams.properties.id,
          decision: Type.Union([Type.Literal('accept'), Type.Literal('dismiss')]),
        }),
        response: { 200: DocumentSummary, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const doc = await readableDocument(app, viewer, request.params.id);
      if (!inCaucus(viewer, doc.caucusId)) throw errors.forbidden('Only the drafting caucus decides on its amendment.');
      const proposal = await amendments.latestProposal(doc.id);
      if (!proposal || proposal.status !== 'pending') throw errors.conflict('There is no pending rebase for this amendment.');
      if (request.params.decision === 'dismiss') {
        await amendments.dismiss(proposal, viewer.id);
        return summarise((await documents.get(doc.id))!, viewer);
      }
      const content = proposalContent(proposal);
      // The live text takes the rebased one too: a draft's drafters go on from it, and a submitted
      // amendment's page and live readers must show the version it now stands at, not the old one.
      await app.rooms.edit(doc.id, (ydoc, origin) => replaceContent(ydoc, content, origin));
      await amendments.accept(doc, proposal, content, viewer.id);
      return summarise((await documents.get(doc.id))!, viewer);
    },
  );

  /** Merges the chosen amendments of `base` into its newest version. */
  const mergeFor = async (base: DocumentRecord, amendmentIds: readonly string[]): Promise<{ version: number; baseBlocks: TextBlock[]; result: MergeResult }> => {
    const version = await documents.latestVersion(base.id);
    if (version === 0) throw errors.conflict('This text has no published version to merge into.');
    const baseBlocks = await versionBlocks(app, base, version);
    const merged: { id: string; blocks: TextBlock[] }[] = [];
    for (const id of amendmentIds) {
      const doc = await documents.get(id);
      if (!doc || doc.baseId !== base.id) throw errors.badRequest(`${id} is not an amendment of ${base.code ?? 'this text'}.`);
      if (doc.status === 'draft' || doc.status === 'withdrawn' || doc.status === 'failed') {
        throw errors.conflict(`${doc.code ?? doc.title} is ${doc.status}; only submitted amendments can be merged.`);
      }
      if (doc.baseVersion !== version) {
        throw errors.conflict(`${doc.code} was drafted against v${doc.baseVersion}; its caucus must accept the rebase onto v${version} first.`);
      }
      merged.push({ id: doc.code ?? doc.id, blocks: (await currentBlocks(app, doc)).blocks });
    }
    return { version, baseBlocks, result: mergeAmendments(baseBlocks, merged, await width()) };
  };

  app.post(
    '/api/documents/:id/final/preview',
    {
      schema: {
        tags: ['final'],
        summary: 'Staff: the final text the chosen adopted amendments give, with the conflicts to resolve by hand',
        params: DocumentIdParams,
        body: FinalBody,
        response: { 200: FinalPreview, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireStaff(request);
      const base = await readableDocument(app, viewer, request.params.id);
      const { version, baseBlocks, result } = await mergeFor(base, request.body.amendmentIds);
      const blocks = request.body.markdown !== undefined ? blocksFromMarkdown(request.body.markdown) : result.text;
      return { version, blocks, merged: result.merged, conflicts: result.conflicts, redline: compareTexts(baseBlocks, blocks, await width()) };
    },
  );

  app.post(
    '/api/documents/:id/final',
    {
      schema: {
        tags: ['final'],
        summary: 'Staff: store the merged (or hand-resolved) final text as the final version; marks merged amendments adopted',
        params: DocumentIdParams,
        body: FinalBody,
        response: { 201: DocumentSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = requireStaff(request);
      const base = await readableDocument(app, viewer, request.params.id);
      if (base.kind === 'amendment') throw errors.conflict('Merge into the base text, not into an amendment.');
      if (base.status === 'final') throw errors.conflict('This text already has its final version.');
      const { result } = await mergeFor(base, request.body.amendmentIds);
      const handResolved = request.body.markdown !== undefined;
      if (result.conflicts.length > 0 && !handResolved) {
        const list = result.conflicts.map((c) => `${c.amendment} collides with ${c.conflictsWith} on lines ${c.fromLine}-${c.toLine}`).join('; ');
        throw errors.conflict(`Resolve these by hand first (send the final text as markdown), or leave one out: ${list}.`);
      }
      const blocks = handResolved ? blocksFromMarkdown(request.body.markdown!) : result.text;
      const amendmentIds = request.body.amendmentIds;
      const note = `merged ${amendmentIds.length} amendment(s)${handResolved ? ', conflicts resolved by hand' : ''}`;
      await amendments.makeFinal(base, { content: proseMirrorFromBlocks(blocks), amendmentIds, note, actorId: viewer.id });
      app.rooms.evict(base.id, CLOSE_STATUS_CHANGED, 'final');
      return reply.code(201).send(summarise((await documents.get(base.id))!, viewer));
    },
  );
};
