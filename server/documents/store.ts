import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { nowIso } from '../db';
import type { DocumentKind, DocumentStatus } from '../../shared/api';

/** A document row, in the names the rest of the server uses. */
export interface DocumentRecord {
  id: string;
  conventionId: string;
  code: string | null;
  kind: DocumentKind;
  status: DocumentStatus;
  title: string;
  caucusId: string | null;
  caucusName: string | null;
  caucusKind: 'caucus' | 'committee' | null;
  baseId: string | null;
  baseVersion: number | null;
  rationale: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT_DOCUMENT = `
  SELECT d.id, d.convention_id AS conventionId, d.code, d.kind, d.status, d.title,
         d.caucus_id AS caucusId, c.name AS caucusName, c.kind AS caucusKind,
         d.base_id AS baseId, d.base_version AS baseVersion, d.rationale,
         d.created_by AS createdBy, d.created_at AS createdAt, d.updated_at AS updatedAt
  FROM documents d LEFT JOIN caucuses c ON c.id = d.caucus_id`;

/** A new random document id: short, URL-safe, unguessable. */
export function newDocumentId(): string {
  return randomBytes(9).toString('base64url');
}

/** One document by id, or undefined. */
export function getDocument(db: Db, id: string): DocumentRecord | undefined {
  return db.prepare(`${SELECT_DOCUMENT} WHERE d.id = ?`).get(id) as DocumentRecord | undefined;
}

/** Every document of a convention, consensus texts first, then by code and title. */
export function listDocuments(db: Db, conventionId: string): DocumentRecord[] {
  return db
    .prepare(
      `${SELECT_DOCUMENT} WHERE d.convention_id = ?
       ORDER BY CASE d.kind WHEN 'consensus' THEN 0 WHEN 'resolution' THEN 1 ELSE 2 END,
                d.code IS NULL, d.code, d.title`,
    )
    .all(conventionId) as DocumentRecord[];
}

export interface NewDocument {
  id?: string;
  conventionId: string;
  code: string | null;
  kind: DocumentKind;
  status: DocumentStatus;
  title: string;
  caucusId: string | null;
  baseId?: string | null;
  baseVersion?: number | null;
  rationale?: string;
  createdBy: string | null;
}

/** Inserts a document row and returns its id. The text itself lives in the Yjs journal. */
export function insertDocument(db: Db, doc: NewDocument): string {
  const id = doc.id ?? newDocumentId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO documents (id, convention_id, code, kind, status, title, caucus_id, base_id, base_version,
       rationale, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    doc.conventionId,
    doc.code,
    doc.kind,
    doc.status,
    doc.title,
    doc.caucusId,
    doc.baseId ?? null,
    doc.baseVersion ?? null,
    doc.rationale ?? '',
    doc.createdBy,
    now,
    now,
  );
  return id;
}

/** Records the title read from the live text and marks the document as changed now. */
export function touchDocument(db: Db, id: string, title: string): void {
  db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?').run(title, nowIso(), id);
}

/** Stores an immutable numbered version of a document's text (ProseMirror JSON). */
export function insertVersion(
  db: Db,
  version: { documentId: string; version: number; title: string; content: unknown; createdBy: string | null },
): void {
  db.prepare(
    'INSERT INTO document_versions (document_id, version, title, content, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(version.documentId, version.version, version.title, JSON.stringify(version.content), version.createdBy, nowIso());
}
