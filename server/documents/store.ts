import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { nowIso, statement } from '../db';
import type { DocumentKind, DocumentStatus } from '../../shared/api';
import type { PMNodeJSON } from '../../shared/text';

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
  return statement(db, `${SELECT_DOCUMENT} WHERE d.id = ?`).get(id) as DocumentRecord | undefined;
}

/** Every document of a convention, consensus texts first, then by code and title. */
export function listDocuments(db: Db, conventionId: string): DocumentRecord[] {
  return statement(
    db,
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
  statement(
    db,
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

/**
 * Records the title read from the live text and marks the document as changed
 * now. An amendment keeps its own title (its text's title line is the base's),
 * and a text past draft the title of its newest published version, so readers
 * never see a committee's unpublished retitling (`recordPublishedTitle`).
 */
export function touchDocument(db: Db, id: string, textTitle: string): void {
  statement(
    db,
    `UPDATE documents SET title = CASE WHEN kind = 'amendment' OR ? = '' OR status <> 'draft' THEN title ELSE ? END, updated_at = ? WHERE id = ?`,
  ).run(textTitle, textTitle, nowIso(), id);
}

/** Records a newly published version's title as the text's (past draft, the title everyone reads is the newest version's). */
export function recordPublishedTitle(db: Db, id: string, title: string): void {
  statement(db, `UPDATE documents SET title = CASE WHEN kind = 'amendment' OR ? = '' THEN title ELSE ? END, updated_at = ? WHERE id = ?`).run(title, title, nowIso(), id);
}

/** The newest version number of a document, 0 when none was published. */
export function latestVersion(db: Db, documentId: string): number {
  return (statement(db, 'SELECT coalesce(max(version), 0) AS v FROM document_versions WHERE document_id = ?').get(documentId) as { v: number }).v;
}

export interface VersionRecord {
  documentId: string;
  version: number;
  title: string;
  content: PMNodeJSON;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** One stored version with its content, or undefined. */
export function getVersion(db: Db, documentId: string, version: number): VersionRecord | undefined {
  const row = statement(
    db,
      `SELECT v.document_id AS documentId, v.version, v.title, v.content, v.created_by AS createdBy,
              u.name AS createdByName, v.created_at AS createdAt
       FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.document_id = ? AND v.version = ?`,
    )
    .get(documentId, version) as (Omit<VersionRecord, 'content'> & { content: string }) | undefined;
  return row ? { ...row, content: JSON.parse(row.content) as PMNodeJSON } : undefined;
}

/** Every version of a document, newest first, without content, each with the base version it amends (null for a text that amends none). */
export function listVersions(db: Db, documentId: string): (Omit<VersionRecord, 'content'> & { baseVersion: number | null })[] {
  return statement(
    db,
      `SELECT v.document_id AS documentId, v.version, v.title, v.created_by AS createdBy,
              u.name AS createdByName, v.created_at AS createdAt, v.base_version AS baseVersion
       FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
       WHERE v.document_id = ? ORDER BY v.version DESC`,
    )
    .all(documentId) as (Omit<VersionRecord, 'content'> & { baseVersion: number | null })[];
}

/** Every code already given in a convention. */
export function takenCodes(db: Db, conventionId: string): string[] {
  return (statement(db, 'SELECT code FROM documents WHERE convention_id = ? AND code IS NOT NULL').all(conventionId) as { code: string }[]).map(
    (row) => row.code,
  );
}

/** The amendments (and secondary amendments) drafted against a document. */
export function amendmentsOf(db: Db, baseId: string): DocumentRecord[] {
  return statement(db, `${SELECT_DOCUMENT} WHERE d.base_id = ? ORDER BY d.code IS NULL, d.code, d.created_at`).all(baseId) as DocumentRecord[];
}

/** Stores an immutable numbered version of a document's text (ProseMirror JSON). */
export function insertVersion(
  db: Db,
  version: { documentId: string; version: number; title: string; content: unknown; createdBy: string | null; baseVersion: number | null },
): void {
  statement(
    db,
    'INSERT INTO document_versions (document_id, version, title, content, created_by, created_at, base_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(version.documentId, version.version, version.title, JSON.stringify(version.content), version.createdBy, nowIso(), version.baseVersion);
}
