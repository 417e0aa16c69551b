import type { FastifyInstance } from 'fastify';
import { rebaseAmendment, type UnappliedChange } from '../../shared/redline';
import { proseMirrorFromBlocks, type TextBlock } from '../../shared/text';
import type { RebaseProposal } from '../../shared/api';
import { nowIso } from '../db';
import { currentConvention } from '../conventions/store';
import { amendmentsOf, type DocumentRecord } from '../documents/store';
import { currentBlocks, versionBlocks } from './texts';

/** Amendment statuses that are over: nothing to carry to a new base. */
const CLOSED = new Set(['withdrawn', 'failed', 'final', 'adopted']);

interface ProposalRow {
  id: number;
  from_version: number;
  to_version: number;
  status: RebaseProposal['status'];
  content: string;
  unapplied: string;
  created_at: string;
}

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

/**
 * After `base` got version `toVersion`, rebases every open amendment drafted
 * against an older version (three-way) and stores the result as a proposal
 * for its caucus to accept or dismiss; an older pending proposal is replaced.
 * Returns how many proposals were made.
 */
export function proposeRebases(app: FastifyInstance, base: DocumentRecord, toVersion: number): number {
  const width = currentConvention(app.db).lineWidth;
  const newBase = versionBlocks(app, base, toVersion);
  let made = 0;
  for (const amendment of amendmentsOf(app.db, base.id)) {
    if (CLOSED.has(amendment.status) || amendment.baseVersion === null || amendment.baseVersion >= toVersion) continue;
    const oldBase = versionBlocks(app, base, amendment.baseVersion);
    const { blocks } = currentBlocks(app, amendment);
    const result = rebaseAmendment(oldBase, blocks, newBase, width);
    app.db.transaction(() => {
      app.db.prepare(`UPDATE rebase_proposals SET status = 'dismissed', decided_at = ? WHERE document_id = ? AND status = 'pending'`).run(nowIso(), amendment.id);
      app.db
        .prepare('INSERT INTO rebase_proposals (document_id, from_version, to_version, content, unapplied, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(amendment.id, amendment.baseVersion, toVersion, JSON.stringify(result.text), JSON.stringify(result.unapplied), nowIso());
    })();
    made++;
  }
  return made;
}

/** The newest rebase proposal of an amendment (pending or decided), or null. */
export function latestProposal(app: FastifyInstance, documentId: string): RebaseProposal | null {
  const row = app.db
    .prepare('SELECT * FROM rebase_proposals WHERE document_id = ? ORDER BY id DESC LIMIT 1')
    .get(documentId) as ProposalRow | undefined;
  return row ? toProposal(row) : null;
}

/** Marks a proposal decided. */
export function decideProposal(app: FastifyInstance, id: number, status: 'accepted' | 'dismissed', userId: string): void {
  app.db.prepare('UPDATE rebase_proposals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(status, userId, nowIso(), id);
}

/** The ProseMirror JSON of a proposal's text. */
export function proposalContent(proposal: RebaseProposal) {
  return proseMirrorFromBlocks(proposal.blocks);
}
