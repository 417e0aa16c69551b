/**
 * Where exports read a convention from. The HTTP routes read through the
 * running app (live drafts from their rooms, versions cached); the command
 * line's `--data DIR` reads the SQLite file directly, opened read-only, with
 * a draft's text rebuilt from its Yjs journal. Both answer the same questions,
 * so the packet, the final texts and the OpenSlides file are built by the same
 * code whichever way they are asked for.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Convention } from '../../shared/api';
import { blocksFromProseMirror, type TextBlock } from '../../shared/text';
import { currentConvention } from '../conventions/store';
import { DATABASE_FILE, type Db } from '../db';
import { errors } from '../errors';
import { getDocument, getVersion, latestVersion, listDocuments, type DocumentRecord } from '../documents/store';
import { countDocument, type DocumentCount } from '../signatures/store';
import { currentAnchor } from '../signatures/audit';
import { blocksOf } from '../sync/content';
import { Journal } from '../sync/journal';

/** A text as it stands at one version, or live (a draft, or a text never published). */
export interface TextAt {
  blocks: TextBlock[];
  /** The version number, or null for the live text. */
  version: number | null;
  /** When this text was made: the version's date, or the document's last change for a live text (ISO 8601). */
  date: string;
}

/** What every export needs to know about a convention. */
export interface ExportSource {
  convention(): Convention;
  /** Every document of the convention, consensus texts first, then by code (callers filter by permission). */
  documents(): DocumentRecord[];
  /** One document, or undefined. */
  document(id: string): DocumentRecord | undefined;
  /** The text readers judge: a draft's live text, otherwise its newest version (the live text when none was published). */
  current(doc: DocumentRecord): TextAt;
  /** A published version; NOT_FOUND when there is none. */
  version(doc: DocumentRecord, version: number): TextAt;
  /** The signature tally of a document under the convention's rules. */
  tally(doc: DocumentRecord): DocumentCount;
  /** The signature log's anchor (`entry:hash` of its last entry) to keep with an export; null for an empty log. */
  auditAnchor(): string | null;
}

/** The date a version was published, or undefined when it does not exist. */
export function versionDate(db: Db, documentId: string, version: number): string | undefined {
  const row = db.prepare('SELECT created_at AS createdAt FROM document_versions WHERE document_id = ? AND version = ?').get(documentId, version) as
    | { createdAt: string }
    | undefined;
  return row?.createdAt;
}

/**
 * An export source over a database alone: versions from `document_versions`,
 * live texts replayed from the Yjs journal (every update is journaled before
 * anyone sees it, so the journal is as current as any room).
 */
export function databaseSource(db: Db): ExportSource {
  const journal = new Journal(db);
  let convention: Convention | undefined;
  const version = (doc: DocumentRecord, n: number): TextAt => {
    const stored = getVersion(db, doc.id, n);
    if (!stored) throw errors.notFound(`${doc.code ?? 'The text'} has no version ${n}.`);
    return { blocks: blocksFromProseMirror(stored.content), version: n, date: stored.createdAt };
  };
  const live = (doc: DocumentRecord): TextAt => {
    const ydoc = journal.loadDoc(doc.id);
    try {
      return { blocks: blocksOf(ydoc), version: null, date: doc.updatedAt };
    } finally {
      ydoc.destroy();
    }
  };
  return {
    convention: () => (convention ??= currentConvention(db)),
    documents: () => listDocuments(db, (convention ??= currentConvention(db)).id),
    document: (id) => getDocument(db, id),
    current: (doc) => {
      if (doc.status === 'draft') return live(doc);
      const latest = latestVersion(db, doc.id);
      return latest === 0 ? live(doc) : version(doc, latest);
    },
    version,
    tally: (doc) => countDocument(db, doc, (convention ??= currentConvention(db))),
    auditAnchor: () => currentAnchor(db),
  };
}

/**
 * Opens a data folder's database read-only, for the command line: nothing is
 * migrated, written or locked for writing, so a running server is not
 * disturbed. Throws a plain Error with a readable message when there is none.
 */
export function openDataFolder(dataDir: string): Db {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new Error(`no Plenary database in ${dataDir} (expected ${DATABASE_FILE})`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}
