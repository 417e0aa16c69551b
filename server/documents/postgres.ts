import type { PgOps } from '../storage/flow';
import type { PgQueryable } from '../db/postgres';
import type { DocumentEvent } from './events';
import type { DocumentOps, DocumentRecord, VersionRow, VersionSummaryRow } from './store';

const SELECT_DOCUMENT = `
  SELECT d.id, d.convention_id AS "conventionId", d.code, d.kind, d.status, d.title,
         d.caucus_id AS "caucusId", c.name AS "caucusName", c.kind AS "caucusKind",
         d.base_id AS "baseId", d.base_version AS "baseVersion", d.rationale,
         d.created_by AS "createdBy", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
  FROM documents d LEFT JOIN caucuses c ON c.id = d.caucus_id`;

async function rows<T>(pg: PgQueryable, sql: string, params: unknown[]): Promise<T[]> {
  return (await pg.query(sql, params)).rows as T[];
}

async function ids(pg: PgQueryable, sql: string, params: unknown[]): Promise<string[]> {
  return (await rows<{ id: string }>(pg, sql, params)).map((row) => row.id);
}

/** The documents' SQL on PostgreSQL. Text is ordered byte-wise (COLLATE "C"), as SQLite orders it, whatever the database's locale. */
export const pgDocumentOps: PgOps<DocumentOps> = {
  documentById: async (pg, id) => (await rows<DocumentRecord>(pg, `${SELECT_DOCUMENT} WHERE d.id = $1`, [id]))[0],
  documentForUpdate: async (pg, id) => (await rows<DocumentRecord>(pg, `${SELECT_DOCUMENT} WHERE d.id = $1 FOR UPDATE OF d`, [id]))[0],
  documentsOf: (pg, conventionId) =>
    rows<DocumentRecord>(
      pg,
      `${SELECT_DOCUMENT} WHERE d.convention_id = $1
       ORDER BY CASE d.kind WHEN 'consensus' THEN 0 WHEN 'resolution' THEN 1 ELSE 2 END,
                d.code IS NULL, d.code COLLATE "C", d.title COLLATE "C", d.created_at, d.id`,
      [conventionId],
    ),
  amendmentsOf: (pg, baseId) => rows<DocumentRecord>(pg, `${SELECT_DOCUMENT} WHERE d.base_id = $1 ORDER BY d.code IS NULL, d.code COLLATE "C", d.created_at`, [baseId]),
  publishedDocumentIds: (pg, conventionId) => ids(pg, "SELECT id FROM documents WHERE convention_id = $1 AND status <> 'draft'", [conventionId]),
  // In id order: a recount locks these rows one by one, and two recounts must take them in the same order.
  collectingDocumentIds: (pg, conventionId) => ids(pg, "SELECT id FROM documents WHERE convention_id = $1 AND status IN ('submitted', 'qualified') ORDER BY id", [conventionId]),
  insertDocument: async (pg, d) => {
    await pg.query(
      `INSERT INTO documents (id, convention_id, code, kind, status, title, caucus_id, base_id, base_version,
         rationale, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [d.id, d.conventionId, d.code, d.kind, d.status, d.title, d.caucusId, d.baseId, d.baseVersion, d.rationale, d.createdBy, d.createdAt, d.updatedAt],
    );
  },
  // No journal lock (see journal-postgres.ts): nobody else can be writing a document that does not exist yet.
  insertFirstText: async (pg, documentId, update, isSnapshot, createdAt) => {
    await pg.query('INSERT INTO yjs_journal (doc_id, is_snapshot, update_data, created_at) VALUES ($1, $2, $3, $4)', [
      documentId,
      isSnapshot ? 1 : 0,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      createdAt,
    ]);
  },
  touchDocument: async (pg, id, textTitle, at) => {
    await pg.query(
      `UPDATE documents SET title = CASE WHEN kind = 'amendment' OR $1 = '' OR status <> 'draft' THEN title ELSE $1 END, updated_at = $2 WHERE id = $3`,
      [textTitle, at, id],
    );
  },
  recordPublishedTitle: async (pg, id, title, at) => {
    await pg.query(`UPDATE documents SET title = CASE WHEN kind = 'amendment' OR $1 = '' THEN title ELSE $1 END, updated_at = $2 WHERE id = $3`, [title, at, id]);
  },
  updateDraftFields: async (pg, id, title, rationale, at) => {
    await pg.query('UPDATE documents SET title = coalesce($1, title), rationale = coalesce($2, rationale), updated_at = $3 WHERE id = $4', [title, rationale, at, id]);
  },
  setDocumentCode: async (pg, id, code) => {
    await pg.query('UPDATE documents SET code = $1 WHERE id = $2', [code, id]);
  },
  setBaseVersion: async (pg, id, baseVersion, at) => {
    await pg.query('UPDATE documents SET base_version = $1, updated_at = $2 WHERE id = $3', [baseVersion, at, id]);
  },
  setDocumentStatus: async (pg, id, status, at) => {
    await pg.query('UPDATE documents SET status = $1, updated_at = $2 WHERE id = $3', [status, at, id]);
  },
  // Two texts submitted at once on two processes would read the same taken codes.
  lockCodes: async (pg, conventionId) => {
    await pg.query("SELECT pg_advisory_xact_lock(hashtext('document_codes:' || $1))", [conventionId]);
  },
  takenCodes: async (pg, conventionId) =>
    (await rows<{ code: string }>(pg, 'SELECT code FROM documents WHERE convention_id = $1 AND code IS NOT NULL', [conventionId])).map((row) => row.code),
  latestVersion: async (pg, documentId) => (await rows<{ v: number }>(pg, 'SELECT coalesce(max(version), 0) AS v FROM document_versions WHERE document_id = $1', [documentId]))[0]!.v,
  versionRow: async (pg, documentId, version) =>
    (
      await rows<VersionRow>(
        pg,
        `SELECT v.document_id AS "documentId", v.version, v.title, v.content, v.created_by AS "createdBy",
                u.name AS "createdByName", v.created_at AS "createdAt"
         FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
         WHERE v.document_id = $1 AND v.version = $2`,
        [documentId, version],
      )
    )[0],
  versionsOf: (pg, documentId) =>
    rows<VersionSummaryRow>(
      pg,
      `SELECT v.document_id AS "documentId", v.version, v.title, v.created_by AS "createdBy",
              u.name AS "createdByName", v.created_at AS "createdAt", v.base_version AS "baseVersion"
       FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.document_id = $1 ORDER BY v.version DESC`,
      [documentId],
    ),
  versionDate: async (pg, documentId, version) =>
    (await rows<{ createdAt: string }>(pg, 'SELECT created_at AS "createdAt" FROM document_versions WHERE document_id = $1 AND version = $2', [documentId, version]))[0]?.createdAt,
  insertVersion: async (pg, v) => {
    await pg.query(
      'INSERT INTO document_versions (document_id, version, title, content, created_by, created_at, base_version) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [v.documentId, v.version, v.title, JSON.stringify(v.content), v.createdBy, v.createdAt, v.baseVersion],
    );
  },
  insertDocumentEvent: async (pg, e) => {
    await pg.query('INSERT INTO document_events (document_id, from_status, to_status, action, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      e.documentId,
      e.fromStatus,
      e.toStatus,
      e.action,
      e.actorId,
      e.note,
      e.at,
    ]);
  },
  documentEvents: (pg, documentId) =>
    rows<DocumentEvent>(
      pg,
      `SELECT e.id, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.action, e.actor_id AS "actorId",
              u.name AS "actorName", e.note, e.at
       FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.document_id = $1 ORDER BY e.id`,
      [documentId],
    ),
  lastDocumentEvent: async (pg, documentId) =>
    (
      await rows<{ toStatus: DocumentRecord['status']; actorIsStaff: number | null }>(
        pg,
        `SELECT e.to_status AS "toStatus", u.is_staff AS "actorIsStaff" FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.document_id = $1 ORDER BY e.id DESC LIMIT 1`,
        [documentId],
      )
    )[0],
};
