import { statement } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { AmendmentOps, ProposalRow } from './store';

/** The rebase proposals' SQL on SQLite. */
export const sqliteAmendmentOps: SqliteOps<AmendmentOps> = {
  dismissPendingProposals: (db, documentId, at) => {
    statement(db, `UPDATE rebase_proposals SET status = 'dismissed', decided_at = ? WHERE document_id = ? AND status = 'pending'`).run(at, documentId);
  },
  insertProposal: (db, p) => {
    statement(db, 'INSERT INTO rebase_proposals (document_id, from_version, to_version, content, unapplied, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      p.documentId,
      p.fromVersion,
      p.toVersion,
      p.content,
      p.unapplied,
      p.createdAt,
    );
  },
  latestProposalRow: (db, documentId) => statement(db, 'SELECT * FROM rebase_proposals WHERE document_id = ? ORDER BY id DESC LIMIT 1').get(documentId) as ProposalRow | undefined,
  decideProposal: (db, id, status, userId, at) =>
    statement(db, `UPDATE rebase_proposals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'`).run(status, userId, at, id).changes,
};
