/**
 * Rebase proposals and final texts behind the storage seam: what the
 * amendments capability stores beside the documents' own rows. The SQL is in
 * ./sqlite.ts and ./postgres.ts.
 */
import type { UnappliedChange } from '../../shared/redline';
import type { RebaseProposal } from '../../shared/api';
import type { TextBlock } from '../../shared/text';
import { nowIso } from '../db';
import { errors } from '../errors';
import { recordTransition } from '../documents/events';
import { insertVersion, latestVersion, lockDocument, lockUnchanged, setBaseVersion, type DocumentRecord } from '../documents/store';
import { asker, type Flow, type Runner } from '../storage/flow';

export interface ProposalRow {
  id: number;
  from_version: number;
  to_version: number;
  status: RebaseProposal['status'];
  content: string;
  unapplied: string;
  created_at: string;
}

/** A rebase as proposed: the amendment's text carried onto the new base version, and what could not be. */
export interface NewProposal {
  documentId: string;
  fromVersion: number;
  toVersion: number;
  blocks: TextBlock[];
  unapplied: UnappliedChange[];
}

/** What the amendments capability asks of a backend. */
export interface AmendmentOps {
  /** Marks an amendment's pending proposals dismissed (a newer one replaces them). */
  dismissPendingProposals(documentId: string, at: string): void;
  insertProposal(row: { documentId: string; fromVersion: number; toVersion: number; content: string; unapplied: string; createdAt: string }): void;
  /** An amendment's newest proposal, pending or decided. */
  latestProposalRow(documentId: string): ProposalRow | undefined;
  /** Decides a proposal that is still pending; answers how many were (0 when another request decided it first). */
  decideProposal(id: number, status: 'accepted' | 'dismissed', userId: string, at: string): number;
}

const ask = asker<AmendmentOps>();

function toProposal(row: ProposalRow): RebaseProposal {
  return {
    id: row.id,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    status: row.status,
    blocks: JSON.parse(row.content) as TextBlock[],
    unapplied: JSON.parse(row.unapplied) as UnappliedChange[],
    createdAt: row.created_at,
  };
}

function* decide(proposal: RebaseProposal, status: 'accepted' | 'dismissed', userId: string): Flow<void> {
  const decided = yield* ask('decideProposal', proposal.id, status, userId, nowIso());
  if (decided === 0) throw errors.conflict('There is no pending rebase for this amendment.');
}

/** The amendments capability's storage. */
export class AmendmentStore {
  constructor(private readonly run: Runner) {}

  /** Stores a rebase proposal for an amendment, replacing (dismissing) a pending older one. */
  propose(proposal: NewProposal): Promise<void> {
    return this.run.write(
      (function* () {
        const at = nowIso();
        yield* ask('dismissPendingProposals', proposal.documentId, at);
        yield* ask('insertProposal', {
          documentId: proposal.documentId,
          fromVersion: proposal.fromVersion,
          toVersion: proposal.toVersion,
          content: JSON.stringify(proposal.blocks),
          unapplied: JSON.stringify(proposal.unapplied),
          createdAt: at,
        });
      })(),
    );
  }

  /** The newest rebase proposal of an amendment (pending or decided), or null. */
  async latestProposal(documentId: string): Promise<RebaseProposal | null> {
    const row = await this.run.read(ask('latestProposalRow', documentId));
    return row ? toProposal(row) : null;
  }

  /** Dismisses a pending proposal; 409 when it was decided meanwhile. */
  dismiss(proposal: RebaseProposal, userId: string): Promise<void> {
    return this.run.write(decide(proposal, 'dismissed', userId));
  }

  /**
   * Accepts a pending proposal for `doc`, whose live text already holds `content`:
   * the amendment now stands on the proposal's base version; a submitted one gets
   * a new version of its own (its history says which), a draft is simply rebased.
   */
  accept(doc: DocumentRecord, proposal: RebaseProposal, content: unknown, actorId: string): Promise<void> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(doc);
        yield* setBaseVersion(doc.id, proposal.toVersion);
        const version = doc.status === 'draft' ? null : (yield* latestVersion(doc.id)) + 1;
        if (version !== null) yield* insertVersion({ documentId: doc.id, version, title: doc.title, content, createdBy: actorId, baseVersion: proposal.toVersion });
        yield* decide(proposal, 'accepted', actorId);
        yield* recordTransition({
          documentId: doc.id,
          from: doc.status,
          to: doc.status,
          action: `rebased from base v${proposal.fromVersion} to v${proposal.toVersion}${version === null ? '' : `, now v${version} of this text`}`,
          actorId,
          note: proposal.unapplied.length ? `${proposal.unapplied.length} change(s) no longer applied` : '',
        });
      })(),
    );
  }

  /**
   * Stores `content` as the final version of `base` and moves it to final; each
   * merged amendment not yet adopted is marked adopted. Resolves with the version.
   */
  makeFinal(base: DocumentRecord, final: { content: unknown; amendmentIds: readonly string[]; note: string; actorId: string }): Promise<number> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(base);
        const version = (yield* latestVersion(base.id)) + 1;
        yield* insertVersion({ documentId: base.id, version, title: base.title, content: final.content, createdBy: final.actorId, baseVersion: base.baseVersion });
        yield* recordTransition({ documentId: base.id, from: base.status, to: 'final', action: `final text (v${version})`, actorId: final.actorId, note: final.note });
        for (const id of final.amendmentIds) {
          const amendment = yield* lockDocument(id);
          if (amendment.status !== 'adopted') {
            yield* recordTransition({ documentId: id, from: amendment.status, to: 'adopted', action: 'adopted', actorId: final.actorId, note: `merged into the final text of ${base.code}` });
          }
        }
        return version;
      })(),
    );
  }
}
