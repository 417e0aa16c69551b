import { statement, type Db } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { AuditAnchor, AuditEntry } from '../../shared/signatures/audit-chain';
import type { AuditOps } from './audit';
import type { LiveSignature, RosterRow, SignatureListRow, SignatureOps, SignatureRecordRow } from './store';

const SELECT_MEMBER = `SELECT member_id AS "memberId", name, email, chapter, good_standing AS "goodStanding", delegate FROM roster`;

const liveSignature = (db: Db, documentId: string, memberId: string) =>
  statement(db, 'SELECT id, struck_at AS struckAt, struck_reason AS struckReason FROM signatures WHERE document_id = ? AND member_id = ? AND withdrawn_at IS NULL').get(
    documentId,
    memberId,
  ) as LiveSignature | undefined;

/** Signing's SQL on SQLite (emails compare case-insensitively by the columns' COLLATE NOCASE). */
export const sqliteSignatureOps: SqliteOps<SignatureOps> = {
  memberByEmail: (db, conventionId, email) =>
    statement(db, `${SELECT_MEMBER} WHERE convention_id = ? AND email = ? ORDER BY updated_at DESC LIMIT 1`).get(conventionId, email) as RosterRow | undefined,
  memberById: (db, conventionId, memberId) => statement(db, `${SELECT_MEMBER} WHERE convention_id = ? AND member_id = ?`).get(conventionId, memberId) as RosterRow | undefined,
  liveSignature,
  // One writer at a time: the IMMEDIATE transaction already holds the write lock.
  liveSignatureForUpdate: liveSignature,
  insertSignature: (db, s) => {
    statement(
      db,
      `INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at, entered_by, note)
       VALUES (?, ?, ?, coalesce(?, (SELECT id FROM users WHERE email = ?)), ?, ?, ?, ?)`,
    ).run(s.conventionId, s.documentId, s.memberId, s.userId, s.memberEmail ?? null, s.source, s.signedAt, s.enteredBy ?? null, s.note ?? null);
  },
  markWithdrawn: (db, id, at) => {
    statement(db, 'UPDATE signatures SET withdrawn_at = ? WHERE id = ?').run(at, id);
  },
  markStruck: (db, id, at, staffId, reason) => {
    statement(db, 'UPDATE signatures SET struck_at = ?, struck_by = ?, struck_reason = ? WHERE id = ?').run(at, staffId, reason, id);
  },
  markRestored: (db, id) => {
    statement(db, 'UPDATE signatures SET struck_at = NULL, struck_by = NULL, struck_reason = NULL WHERE id = ?').run(id);
  },
  signatureRecordRows: (db, documentId) =>
    statement(
      db,
      `SELECT s.member_id AS "memberId", s.signed_at AS "signedAt", s.withdrawn_at AS "withdrawnAt", s.struck_at AS "struckAt",
              r.member_id AS "rosterId", r.name, r.email, r.chapter, r.good_standing AS "goodStanding", r.delegate
       FROM signatures s LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
       WHERE s.document_id = ? ORDER BY s.signed_at, s.id`,
    ).all(documentId) as SignatureRecordRow[],
  signatureListRows: (db, documentId) =>
    statement(
      db,
      `SELECT s.id, s.member_id AS memberId, r.name, r.email, r.chapter, r.delegate, r.good_standing AS goodStanding,
              s.source, s.signed_at AS signedAt, e.name AS enteredBy, s.note, s.withdrawn_at AS withdrawnAt,
              s.struck_at AS struckAt, k.name AS struckBy, s.struck_reason AS struckReason, r.member_id AS rosterId
       FROM signatures s
       LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
       LEFT JOIN users e ON e.id = s.entered_by
       LEFT JOIN users k ON k.id = s.struck_by
       WHERE s.document_id = ? ORDER BY s.signed_at DESC, s.id DESC`,
    ).all(documentId) as SignatureListRow[],
  staffActionRows: (db, documentId) =>
    statement(
      db,
      `SELECT a.member_id AS memberId, a.event AS action, a.at, u.name AS by, a.reason
       FROM signature_audit a LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.document_id = ? AND a.event IN ('strike', 'restore') ORDER BY a.seq`,
    ).all(documentId) as ReturnType<SignatureOps['staffActionRows']>,
  ownSignature: (db, documentId, memberId) =>
    statement(db, 'SELECT struck_at AS struckAt, struck_reason AS reason FROM signatures WHERE document_id = ? AND member_id = ? AND withdrawn_at IS NULL').get(documentId, memberId) as
      | { struckAt: string | null; reason: string | null }
      | undefined,
  lockCounting: () => {},
};

const SELECT_ENTRIES = `SELECT seq, at, event, convention_id AS conventionId, document_id AS documentId, member_id AS memberId,
  actor_id AS actorId, reason, prev_hash AS prevHash, hash FROM signature_audit`;

/** The audit log's SQL on SQLite. */
export const sqliteAuditOps: SqliteOps<AuditOps> = {
  // One writer at a time: the IMMEDIATE transaction already holds the write lock.
  lockAuditChain: () => {},
  auditHead: (db) => statement(db, 'SELECT seq, hash FROM signature_audit ORDER BY seq DESC LIMIT 1').get() as AuditAnchor | undefined,
  insertAuditEntry: (db, e) => {
    statement(
      db,
      `INSERT INTO signature_audit (seq, at, event, convention_id, document_id, member_id, actor_id, reason, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.seq, e.at, e.event, e.conventionId, e.documentId, e.memberId, e.actorId, e.reason, e.prevHash, e.hash);
  },
  auditPage: (db, afterSeq, limit) => statement(db, `${SELECT_ENTRIES} WHERE seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, limit) as AuditEntry[],
  auditCount: (db) => (statement(db, 'SELECT count(*) AS n FROM signature_audit').get() as { n: number }).n,
  liveSignatureStates: (db) =>
    statement(db, 'SELECT document_id AS documentId, member_id AS memberId, struck_at AS struckAt FROM signatures WHERE withdrawn_at IS NULL').all() as ReturnType<
      AuditOps['liveSignatureStates']
    >,
  auditHashAt: (db, seq) => (statement(db, 'SELECT hash FROM signature_audit WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash,
};
