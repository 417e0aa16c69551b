/**
 * Where exports read a convention from. The HTTP routes read through the
 * running app (live drafts from their rooms, versions cached: `appSource` in
 * ./plugin.ts); the command line's `--data DIR` and the tally exports read the
 * stores alone, with a draft's text rebuilt from its Yjs journal. Both answer the
 * same questions, so the packet, the final texts and the OpenSlides file are
 * built by the same code whichever way they are asked for.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Convention } from '../../shared/api';
import { blocksFromProseMirror, type TextBlock } from '../../shared/text';
import { DATABASE_FILE, type Db } from '../db';
import { errors } from '../errors';
import type { DocumentRecord } from '../documents/store';
import type { DocumentCount } from '../signatures/store';
import type { Stores } from '../storage';
import { blocksOf } from '../sync/content';

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
  convention(): Promise<Convention>;
  /** Every document of the convention, consensus texts first, then by code (callers filter by permission). */
  documents(): Promise<DocumentRecord[]>;
  /** One document, or undefined. */
  document(id: string): Promise<DocumentRecord | undefined>;
  /** The text readers judge: a draft's live text, otherwise its newest version (the live text when none was published). */
  current(doc: DocumentRecord): Promise<TextAt>;
  /** A published version; NOT_FOUND when there is none. */
  version(doc: DocumentRecord, version: number): Promise<TextAt>;
  /** The signature tally of a document under the convention's rules. */
  tally(doc: DocumentRecord): Promise<DocumentCount>;
  /** The signature log's anchor (`entry:hash` of its last entry) to keep with an export; null for an empty log. */
  auditAnchor(): Promise<string | null>;
}

/**
 * An export source over the stores alone: versions from the documents' store,
 * live texts replayed from the Yjs journal (every update is journaled before
 * anyone sees it, so the journal is as current as any room). The convention is
 * read once.
 */
export function databaseSource(storage: Pick<Stores, 'conventions' | 'documents' | 'signatures' | 'journal'>): ExportSource {
  let convention: Promise<Convention> | undefined;
  const conventionOnce = () => (convention ??= storage.conventions.current());
  const version = async (doc: DocumentRecord, n: number): Promise<TextAt> => {
    const stored = await storage.documents.version(doc.id, n);
    if (!stored) throw errors.notFound(`${doc.code ?? 'The text'} has no version ${n}.`);
    return { blocks: blocksFromProseMirror(stored.content), version: n, date: stored.createdAt };
  };
  const live = async (doc: DocumentRecord): Promise<TextAt> => {
    const ydoc = new Y.Doc({ gc: true });
    try {
      const { updates } = await storage.journal.read(doc.id);
      Y.transact(ydoc, () => {
        for (const update of updates) Y.applyUpdate(ydoc, update);
      });
      return { blocks: blocksOf(ydoc), version: null, date: doc.updatedAt };
    } finally {
      ydoc.destroy();
    }
  };
  return {
    convention: conventionOnce,
    documents: async () => storage.documents.list((await conventionOnce()).id),
    document: (id) => storage.documents.get(id),
    current: async (doc) => {
      if (doc.status === 'draft') return live(doc);
      const latest = await storage.documents.latestVersion(doc.id);
      return latest === 0 ? live(doc) : version(doc, latest);
    },
    version,
    tally: async (doc) => storage.signatures.countOf(doc, await conventionOnce()),
    auditAnchor: () => storage.signatures.currentAnchor(),
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
