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
import { currentConvention } from '../conventions/store';
import { errors } from '../errors';
import { recordTransition } from '../documents/events';
import { canRead } from '../documents/permissions';
import { readableDocument, summarise } from '../documents/plugin';
import { amendmentsOf, getDocument, insertVersion, latestVersion, type DocumentRecord } from '../documents/store';
import { CLOSE_STATUS_CHANGED } from '../documents/workflow';
import { replaceContent } from '../sync/content';
import { amendmentLines } from './analysis';
import { decideProposal, latestProposal, proposalContent } from './rebase';
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
  const width = () => currentConvention(app.db).lineWidth;

  /** A text to compare: a given version, or what readers see now. */
  const textFor = (doc: DocumentRecord, version?: number): { ref: TextRef; blocks: TextBlock[] } => {
    if (version) return { ref: { documentId: doc.id, code: doc.code, title: doc.title, version }, blocks: versionBlocks(app, doc, version) };
    const { blocks, version: current } = currentBlocks(app, doc);
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
      const a = textFor(readableDocument(app, viewer, left), leftVersion);
      const b = textFor(readableDocument(app, viewer, right), rightVersion);
      return { left: a.ref, right: b.ref, redline: compareTexts(a.blocks, b.blocks, width()) };
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
      const amendment = readableDocument(app, viewer, request.params.id);
      if (amendment.kind !== 'amendment' || !amendment.baseId || !amendment.baseVersion) throw errors.conflict('Only an amendment has a redline against its base.');
      const base = getDocument(app.db, amendment.baseId)!;
      const a = textFor(base, amendment.baseVersion);
      const b = textFor(amendment);
      return { left: a.ref, right: b.ref, redline: compareTexts(a.blocks, b.blocks, width()) };
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
      const base = readableDocument(app, viewer, request.params.id);
      const readable = amendmentsOf(app.db, base.id).filter((doc) => canRead(viewer, doc));
      // By default, the newest version that amendments were drafted on: after a final text (a newer version), that is still the one delegates fought over.
      const drafted = Math.max(0, ...readable.map((doc) => doc.baseVersion ?? 0));
      const version = request.query.version ?? (drafted || latestVersion(app.db, base.id));
      if (version === 0) throw errors.conflict('This text has no published version yet.');
      const { lines, touched } = amendmentLines(app, base, version, readable);
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
      const doc = readableDocument(app, viewer, request.params.id);
      return latestProposal(app, doc.id);
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
      const doc = readableDocument(app, viewer, request.params.id);
      if (!inCaucus(viewer, doc.caucusId)) throw errors.forbidden('Only the drafting caucus decides on its amendment.');
      const proposal = latestProposal(app, doc.id);
      if (!proposal || proposal.status !== 'pending') throw errors.conflict('There is no pending rebase for this amendment.');
      if (request.params.decision === 'dismiss') {
        decideProposal(app, proposal.id, 'dismissed', viewer.id);
        return summarise(getDocument(app.db, doc.id)!, viewer);
      }
      const content = proposalContent(proposal);
      // The live text takes the rebased one too: a draft's drafters go on from it, and a submitted
      // amendment's page and live readers must show the version it now stands at, not the old one.
      await app.rooms.edit(doc.id, (ydoc, origin) => replaceContent(ydoc, content, origin));
      app.db.transaction(() => {
        app.db.prepare('UPDATE documents SET base_version = ?, updated_at = ? WHERE id = ?').run(proposal.toVersion, new Date().toISOString(), doc.id);
        // A submitted amendment gets a new version (its history says which); a draft is simply rebased.
        const version = doc.status === 'draft' ? null : latestVersion(app.db, doc.id) + 1;
        if (version !== null) insertVersion(app.db, { documentId: doc.id, version, title: doc.title, content, createdBy: viewer.id, baseVersion: proposal.toVersion });
        decideProposal(app, proposal.id, 'accepted', viewer.id);
        recordTransition(app.db, {
          documentId: doc.id,
          from: doc.status,
          to: doc.status,
          action: `rebased from base v${proposal.fromVersion} to v${proposal.toVersion}${version === null ? '' : `, now v${version} of this text`}`,
          actorId: viewer.id,
          note: proposal.unapplied.length ? `${proposal.unapplied.length} change(s) no longer applied` : '',
        });
      })();
      return summarise(getDocument(app.db, doc.id)!, viewer);
    },
  );

  /** Merges the chosen amendments of `base` into its newest version. */
  const mergeFor = (base: DocumentRecord, amendmentIds: readonly string[]): { version: number; baseBlocks: TextBlock[]; result: MergeResult } => {
    const version = latestVersion(app.db, base.id);
    if (version === 0) throw errors.conflict('This text has no published version to merge into.');
    const baseBlocks = versionBlocks(app, base, version);
    const amendments = amendmentIds.map((id) => {
      const doc = getDocument(app.db, id);
      if (!doc || doc.baseId !== base.id) throw errors.badRequest(`${id} is not an amendment of ${base.code ?? 'this text'}.`);
      if (doc.status === 'draft' || doc.status === 'withdrawn' || doc.status === 'failed') {
        throw errors.conflict(`${doc.code ?? doc.title} is ${doc.status}; only submitted amendments can be merged.`);
      }
      if (doc.baseVersion !== version) {
        throw errors.conflict(`${doc.code} was drafted against v${doc.baseVersion}; its caucus must accept the rebase onto v${version} first.`);
      }
      return { id: doc.code ?? doc.id, blocks: currentBlocks(app, doc).blocks };
    });
    return { version, baseBlocks, result: mergeAmendments(baseBlocks, amendments, width()) };
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
      const base = readableDocument(app, viewer, request.params.id);
      const { version, baseBlocks, result } = mergeFor(base, request.body.amendmentIds);
      const blocks = request.body.markdown !== undefined ? blocksFromMarkdown(request.body.markdown) : result.text;
      return { version, blocks, merged: result.merged, conflicts: result.conflicts, redline: compareTexts(baseBlocks, blocks, width()) };
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
      const base = readableDocument(app, viewer, request.params.id);
      if (base.kind === 'amendment') throw errors.conflict('Merge into the base text, not into an amendment.');
      if (base.status === 'final') throw errors.conflict('This text already has its final version.');
      const { result } = mergeFor(base, request.body.amendmentIds);
      const handResolved = request.body.markdown !== undefined;
      if (result.conflicts.length > 0 && !handResolved) {
        const list = result.conflicts.map((c) => `${c.amendment} collides with ${c.conflictsWith} on lines ${c.fromLine}-${c.toLine}`).join('; ');
        throw errors.conflict(`Resolve these by hand first (send the final text as markdown), or leave one out: ${list}.`);
      }
      const blocks = handResolved ? blocksFromMarkdown(request.body.markdown!) : result.text;
      const amendmentIds = request.body.amendmentIds;
      app.db.transaction(() => {
        const version = latestVersion(app.db, base.id) + 1;
        insertVersion(app.db, { documentId: base.id, version, title: base.title, content: proseMirrorFromBlocks(blocks), createdBy: viewer.id, baseVersion: base.baseVersion });
        const note = `merged ${amendmentIds.length} amendment(s)${handResolved ? ', conflicts resolved by hand' : ''}`;
        recordTransition(app.db, { documentId: base.id, from: base.status, to: 'final', action: `final text (v${version})`, actorId: viewer.id, note });
        for (const id of amendmentIds) {
          const amendment = getDocument(app.db, id)!;
          if (amendment.status !== 'adopted') {
            recordTransition(app.db, { documentId: id, from: amendment.status, to: 'adopted', action: 'adopted', actorId: viewer.id, note: `merged into the final text of ${base.code}` });
          }
        }
      })();
      app.rooms.evict(base.id, CLOSE_STATUS_CHANGED, 'final');
      return reply.code(201).send(summarise(getDocument(app.db, base.id)!, viewer));
    },
  );
};
