import { statement, type Db } from '../db';
import type { SqliteOps } from '../storage/flow';
import type { DocumentEvent } from './events';
import type { DocumentOps, DocumentRecord, VersionRow, VersionSummaryRow } from './store';

const SELECT_DOCUMENT = `
  SELECT d.id, d.convention_id AS conventionId, d.code, d.kind, d.status, d.title,
         d.caucus_id AS caucusId, c.name AS caucusName, c.kind AS caucusKind,
         d.base_id AS baseId, d.base_version AS baseVersion, d.rationale,
         d.created_by AS createdBy, d.created_at AS createdAt, d.updated_at AS updatedAt
  FROM documents d LEFT JOIN caucuses c ON c.id = d.caucus_id`;

const documentById = (db: Db, id: string) =>
  statement(db, `${SELECT_DOCUMENT} WHERE d.id = ?`).get(id) as DocumentRecord | undefined;

/** The documents' SQL on SQLite. */
export const sqliteDocumentOps: SqliteOps<DocumentOps> = {
  documentById,
  // One writer at a time: the IMMEDIATE transaction already holds the write lock.
  documentForUpdate: documentById,
  documentsOf: (db, conventionId) =>
    statement(
      db,
      `${SELECT_DOCUMENT} WHERE d.convention_id = ?
       ORDER BY CASE d.kind WHEN 'consensus' THEN 0 WHEN 'resolution' THEN 1 ELSE 2 END,
                d.code IS NULL, d.code, d.title, d.created_at, d.id`,
    ).all(conventionId) as DocumentRecord[],
  amendmentsOf: (db, baseId) => statement(db, `${SELECT_DOCUMENT} WHERE d.base_id = ? ORDER BY d.code IS NULL, d.code, d.created_at`).all(baseId) as DocumentRecord[],
  publishedDocumentIds: (db, conventionId) =>
    (statement(db, "SELECT id FROM documents WHERE convention_id = ? AND status <> 'draft'").all(conventionId) as { id: string }[]).map((row) => row.id),
  collectingDocumentIds: (db, conventionId) =>
    (statement(db, "SELECT id FROM documents WHERE convention_id = ? AND status IN ('submitted', 'qualified')").all(conventionId) as { id: string }[]).map((row) => row.id),
  insertDocument: (db, d) => {
    statement(
      db,
      `INSERT INTO documents (id, convention_id, code, kind, status, title, caucus_id, base_id, base_version,
         rationale, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(d.id, d.conventionId, d.code, d.kind, d.status, d.title, d.caucusId, d.baseId, d.baseVersion, d.rationale, d.createdBy, d.createdAt, d.updatedAt);
  },
  insertFirstText: (db, documentId, update, isSnapshot, createdAt) => {
    statement(db, 'INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES (?, ?, ?, ?)').run(
      documentId,
      isSnapshot ? 1 : 0,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      createdAt,
    );
  },
  touchDocument: (db, id, textTitle, at) => {
    statement(
      db,
      `UPDATE documents SET title = CASE WHEN kind = 'amendment' OR ? = '' OR status <> 'draft' THEN title ELSE ? END, updated_at = ? WHERE id = ?`,
    ).run(textTitle, textTitle, at, id);
  },
  recordPublishedTitle: (db, id, title, at) => {
    statement(db, `UPDATE documents SET title = CASE WHEN kind = 'amendment' OR ? = '' THEN title ELSE ? END, updated_at = ? WHERE id = ?`).run(title, title, at, id);
  },
  updateDraftFields: (db, id, title, rationale, at) => {
    statement(db, 'UPDATE documents SET title = coalesce(?, title), rationale = coalesce(?, rationale), updated_at = ? WHERE id = ?').run(title, rationale, at, id);
  },
  setDocumentCode: (db, id, code) => {
    statement(db, 'UPDATE documents SET code = ? WHERE id = ?').run(code, id);
  },
  setBaseVersion: (db, id, baseVersion, at) => {
    statement(db, 'UPDATE documents SET base_version = ?, updated_at = ? WHERE id = ?').run(baseVersion, at, id);
  },
  setDocumentStatus: (db, id, status, at) => {
    statement(db, 'UPDATE documents SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  },
  lockCodes: () => {},
  takenCodes: (db, conventionId) =>
    (statement(db, 'SELECT code FROM documents WHERE convention_id = ? AND code IS NOT NULL').all(conventionId) as { code: string }[]).map((row) => row.code),
  latestVersion: (db, documentId) => (statement(db, 'SELECT coalesce(max(version), 0) AS v FROM document_versions WHERE document_id = ?').get(documentId) as { v: number }).v,
  versionRow: (db, documentId, version) =>
    statement(
      db,
      `SELECT v.document_id AS documentId, v.version, v.title, v.content, v.created_by AS createdBy,
              u.name AS createdByName, v.created_at AS createdAt
       FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.document_id = ? AND v.version = ?`,
    ).get(documentId, version) as VersionRow | undefined,
  versionsOf: (db, documentId) =>
    statement(
      db,
      `SELECT v.document_id AS documentId, v.version, v.title, v.created_by AS createdBy,
              u.name AS createdByName, v.created_at AS createdAt, v.base_version AS baseVersion
       FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.document_id = ? ORDER BY v.version DESC`,
    ).all(documentId) as VersionSummaryRow[],
  versionDate: (db, documentId, version) =>
    (statement(db, 'SELECT created_at AS createdAt FROM document_versions WHERE document_id = ? AND version = ?').get(documentId, version) as { createdAt: string } | undefined)
      ?.createdAt,
  insertVersion: (db, v) => {
    statement(
      db,
      'INSERT INTO document_versions (document_id, version, title, content, created_by, created_at, base_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(v.documentId, v.version, v.title, JSON.stringify(v.content), v.createdBy, v.createdAt, v.baseVersion);
  },
  insertDocumentEvent: (db, e) => {
    statement(db, 'INSERT INTO document_events (document_id, from_status, to_status, action, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      e.documentId,
      e.fromStatus,
      e.toStatus,
      e.action,
      e.actorId,
      e.note,
      e.at,
    );
  },
  documentEvents: (db, documentId) =>
    statement(
      db,
      `SELECT e.id, e.from_status AS fromStatus, e.to_status AS toStatus, e.action, e.actor_id AS actorId,
              u.name AS actorName, e.note, e.at
       FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.document_id = ? ORDER BY e.id`,
    ).all(documentId) as DocumentEvent[],
  lastDocumentEvent: (db, documentId) =>
    statement(
      db,
      `SELECT e.to_status AS toStatus, u.is_staff AS actorIsStaff FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.document_id = ? ORDER BY e.id DESC LIMIT 1`,
    ).get(documentId) as { toStatus: DocumentRecord['status']; actorIsStaff: number | null } | undefined,
};
