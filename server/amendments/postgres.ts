import type { PgOps } from '../storage/flow';
import type { AmendmentOps, ProposalRow } from './store';

/** The rebase proposals' SQL on PostgreSQL. */
export const pgAmendmentOps: PgOps<AmendmentOps> = {
  dismissPendingProposals: async (pg, documentId, at) => {
    await pg.query(`UPDATE rebase_proposals SET status = 'dismissed', decided_at = $1 WHERE document_id = $2 AND status = 'pending'`, [at, documentId]);
  },
  insertProposal: async (pg, p) => {
    await pg.query('INSERT INTO rebase_proposals (document_id, from_version, to_version, content, unapplied, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      p.documentId,
      p.fromVersion,
      p.toVersion,
      p.content,
      p.unapplied,
      p.createdAt,
    ]);
  },
  latestProposalRow: async (pg, documentId) => (await pg.query<ProposalRow>('SELECT * FROM rebase_proposals WHERE document_id = $1 ORDER BY id DESC LIMIT 1', [documentId])).rows[0],
  decideProposal: async (pg, id, status, userId, at) =>
    (await pg.query(`UPDATE rebase_proposals SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'pending'`, [status, userId, at, id])).rowCount ?? 0,
};
