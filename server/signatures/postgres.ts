import type { PgOps } from '../storage/flow';
import type { PgQueryable } from '../db/postgres';
import type { AuditAnchor, AuditEntry } from '../../shared/signatures/audit-chain';
import type { AuditOps } from './audit';
import type { LiveSignature, RosterRow, SignatureListRow, SignatureOps, SignatureRecordRow } from './store';

/** The advisory lock key of the audit chain's head (any constant bigint; 'sigc' in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x73696763;

const SELECT_MEMBER = `SELECT member_id AS "memberId", name, email, chapter, good_standing AS "goodStanding", delegate FROM roster`;

async function rows<T>(pg: PgQueryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pg.query(sql, params)).rows as T[];
}

const LIVE_SIGNATURE = 'SELECT id, struck_at AS "struckAt", struck_reason AS "struckReason" FROM signatures WHERE document_id = $1 AND member_id = $2 AND withdrawn_at IS NULL';

/** Signing's SQL on PostgreSQL (emails compare by `lower(email)`, as the indexes do). */
export const pgSignatureOps: PgOps<SignatureOps> = {
  memberByEmail: async (pg, conventionId, email) =>
    (await rows<RosterRow>(pg, `${SELECT_MEMBER} WHERE convention_id = $1 AND lower(email) = lower($2) ORDER BY updated_at DESC LIMIT 1`, [conventionId, email]))[0],
  memberById: async (pg, conventionId, memberId) => (await rows<RosterRow>(pg, `${SELECT_MEMBER} WHERE convention_id = $1 AND member_id = $2`, [conventionId, memberId]))[0],
  liveSignature: async (pg, documentId, memberId) => (await rows<LiveSignature>(pg, LIVE_SIGNATURE, [documentId, memberId]))[0],
  liveSignatureForUpdate: async (pg, documentId, memberId) => (await rows<LiveSignature>(pg, `${LIVE_SIGNATURE} FOR UPDATE`, [documentId, memberId]))[0],
  insertSignature: async (pg, s) => {
    await pg.query(
      `INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at, entered_by, note)
       VALUES ($1, $2, $3, coalesce($4, (SELECT id FROM users WHERE lower(email) = lower($5))), $6, $7, $8, $9)`,
      [s.conventionId, s.documentId, s.memberId, s.userId, s.memberEmail ?? null, s.source, s.signedAt, s.enteredBy ?? null, s.note ?? null],
    );
  },
  markWithdrawn: async (pg, id, at) => {
    await pg.query('UPDATE signatures SET withdrawn_at = $1 WHERE id = $2', [at, id]);
  },
  markStruck: async (pg, id, at, staffId, reason) => {
    await pg.query('UPDATE signatures SET struck_at = $1, struck_by = $2, struck_reason = $3 WHERE id = $4', [at, staffId, reason, id]);
  },
  markRestored: async (pg, id) => {
    await pg.query('UPDATE signatures SET struck_at = NULL, struck_by = NULL, struck_reason = NULL WHERE id = $1', [id]);
  },
  signatureRecordRows: (pg, documentId) =>
    rows<SignatureRecordRow>(
      pg,
      `SELECT s.member_id AS "memberId", s.signed_at AS "signedAt", s.withdrawn_at AS "withdrawnAt", s.struck_at AS "struckAt",
              r.member_id AS "rosterId", r.name, r.email, r.chapter, r.good_standing AS "goodStanding", r.delegate
       FROM signatures s LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
       WHERE s.document_id = $1 ORDER BY s.signed_at, s.id`,
      [documentId],
    ),
  signatureListRows: (pg, documentId) =>
    rows<SignatureListRow>(
      pg,
      `SELECT s.id, s.member_id AS "memberId", r.name, r.email, r.chapter, r.delegate, r.good_standing AS "goodStanding",
              s.source, s.signed_at AS "signedAt", e.name AS "enteredBy", s.note, s.withdrawn_at AS "withdrawnAt",
              s.struck_at AS "struckAt", k.name AS "struckBy", s.struck_reason AS "struckReason", r.member_id AS "rosterId"
       FROM signatures s
       LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
       LEFT JOIN users e ON e.id = s.entered_by
       LEFT JOIN users k ON k.id = s.struck_by
       WHERE s.document_id = $1 ORDER BY s.signed_at DESC, s.id DESC`,
      [documentId],
    ),
  staffActionRows: (pg, documentId) =>
    rows(
      pg,
      `SELECT a.member_id AS "memberId", a.event AS action, a.at, u.name AS by, a.reason
       FROM signature_audit a LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.document_id = $1 AND a.event IN ('strike', 'restore') ORDER BY a.seq`,
      [documentId],
    ),
  ownSignature: async (pg, documentId, memberId) =>
    (
      await rows<{ struckAt: string | null; reason: string | null }>(
        pg,
        'SELECT struck_at AS "struckAt", struck_reason AS reason FROM signatures WHERE document_id = $1 AND member_id = $2 AND withdrawn_at IS NULL',
        [documentId, memberId],
      )
    )[0],
  // A rule change and a roster import on two processes would each recount from the other's stale roster or rules.
  lockCounting: async (pg, conventionId) => {
    await pg.query("SELECT pg_advisory_xact_lock(hashtext('signature_counting:' || $1))", [conventionId]);
  },
};

const SELECT_ENTRIES = `SELECT seq, at, event, convention_id AS "conventionId", document_id AS "documentId", member_id AS "memberId",
  actor_id AS "actorId", reason, prev_hash AS "prevHash", hash FROM signature_audit`;

/** The audit log's SQL on PostgreSQL. */
export const pgAuditOps: PgOps<AuditOps> = {
  // Held until the appending transaction ends: the next appender reads this one's entry as its head.
  lockAuditChain: async (pg) => {
    await pg.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  },
  auditHead: async (pg) => (await rows<AuditAnchor>(pg, 'SELECT seq, hash FROM signature_audit ORDER BY seq DESC LIMIT 1'))[0],
  insertAuditEntry: async (pg, e) => {
    await pg.query(
      `INSERT INTO signature_audit (seq, at, event, convention_id, document_id, member_id, actor_id, reason, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.seq, e.at, e.event, e.conventionId, e.documentId, e.memberId, e.actorId, e.reason, e.prevHash, e.hash],
    );
  },
  auditPage: (pg, afterSeq, limit) => rows<AuditEntry>(pg, `${SELECT_ENTRIES} WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]),
  auditCount: async (pg) => (await rows<{ n: number }>(pg, 'SELECT count(*) AS n FROM signature_audit'))[0]!.n,
  liveSignatureStates: (pg) =>
    rows(pg, 'SELECT document_id AS "documentId", member_id AS "memberId", struck_at AS "struckAt" FROM signatures WHERE withdrawn_at IS NULL'),
  auditHashAt: async (pg, seq) => (await rows<{ hash: string }>(pg, 'SELECT hash FROM signature_audit WHERE seq = $1', [seq]))[0]?.hash,
};
