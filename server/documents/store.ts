/**
 * Documents and their versions behind the storage seam: the rows every
 * capability reads, and the transactions of the workflow (starting a draft,
 * publishing a version, submitting, recording an outcome). The SQL is in
 * ./sqlite.ts and ./postgres.ts; the rules of each transaction are here, once.
 */
import { randomBytes } from 'node:crypto';
import { nowIso } from '../db';
import type { DocumentKind, DocumentStatus } from '../../shared/api';
import type { PMNodeJSON } from '../../shared/text';
import { errors } from '../errors';
import { asker, type Flow, type Runner } from '../storage/flow';
import { recordTransition, type DocumentEvent, type Transition } from './events';

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

/** A document row as inserted. */
export type DocumentRow = Omit<DocumentRecord, 'caucusName' | 'caucusKind'>;

export interface VersionRecord {
  documentId: string;
  version: number;
  title: string;
  content: PMNodeJSON;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** A stored version as read, its content still JSON text. */
export type VersionRow = Omit<VersionRecord, 'content'> & { content: string };

/** A version in a document's list: no content, and the base version it amends (null for a text that amends none). */
export type VersionSummaryRow = Omit<VersionRecord, 'content'> & { baseVersion: number | null };

/** A version as stored. */
export interface NewVersion {
  documentId: string;
  version: number;
  title: string;
  content: unknown;
  createdBy: string | null;
  baseVersion: number | null;
}

/** What the documents capability asks of a backend. */
export interface DocumentOps {
  documentById(id: string): DocumentRecord | undefined;
  /** The row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's write lock already covers it). */
  documentForUpdate(id: string): DocumentRecord | undefined;
  /** Every document of a convention, consensus texts first, then by code and title. */
  documentsOf(conventionId: string): DocumentRecord[];
  /** The amendments (and secondary amendments) drafted against a document, by code. */
  amendmentsOf(baseId: string): DocumentRecord[];
  /** The ids of a convention's documents past draft (readable by everyone). */
  publishedDocumentIds(conventionId: string): string[];
  /** The ids of a convention's documents that are submitted or qualified (collecting signatures). */
  collectingDocumentIds(conventionId: string): string[];
  insertDocument(row: DocumentRow): void;
  /** A new document's first Yjs update, written to its journal in the transaction that creates it. */
  insertFirstText(documentId: string, update: Uint8Array, isSnapshot: boolean, createdAt: string): void;
  /** Records the live text's title (a draft's, not an amendment's) and the time of the change. */
  touchDocument(id: string, textTitle: string, at: string): void;
  /** A newly published version's title becomes the text's (not an amendment's: it keeps its own). */
  recordPublishedTitle(id: string, title: string, at: string): void;
  /** A draft's title and rationale; null keeps the stored one. */
  updateDraftFields(id: string, title: string | null, rationale: string | null, at: string): void;
  setDocumentCode(id: string, code: string): void;
  setBaseVersion(id: string, baseVersion: number, at: string): void;
  setDocumentStatus(id: string, status: DocumentStatus, at: string): void;
  /** Serialises the giving of codes in a convention until the transaction ends (PostgreSQL; SQLite's write lock already does). */
  lockCodes(conventionId: string): void;
  /** Every code already given in a convention. */
  takenCodes(conventionId: string): string[];
  /** The newest version number of a document, 0 when none was published. */
  latestVersion(documentId: string): number;
  versionRow(documentId: string, version: number): VersionRow | undefined;
  /** Every version of a document, newest first, without content. */
  versionsOf(documentId: string): VersionSummaryRow[];
  /** When a version was published, or undefined. */
  versionDate(documentId: string, version: number): string | undefined;
  insertVersion(version: NewVersion & { createdAt: string }): void;
  insertDocumentEvent(event: Omit<DocumentEvent, 'id' | 'actorName'> & { documentId: string }): void;
  /** A document's history, oldest first. */
  documentEvents(documentId: string): DocumentEvent[];
  /** A document's newest event, and whether its actor is staff (null for the system or an unknown user). */
  lastDocumentEvent(documentId: string): { toStatus: DocumentStatus; actorIsStaff: number | null } | undefined;
}

const ask = asker<DocumentOps>();

/** A new random document id: short, URL-safe, unguessable. */
export function newDocumentId(): string {
  return randomBytes(9).toString('base64url');
}

/** One document by id, or undefined. */
export function* documentById(id: string): Flow<DocumentRecord | undefined> {
  return yield* ask('documentById', id);
}

/** The document locked for the rest of the transaction; NOT_FOUND when it is gone. */
export function* lockDocument(id: string): Flow<DocumentRecord> {
  const doc = yield* ask('documentForUpdate', id);
  if (!doc) throw errors.notFound('No such document.');
  return doc;
}

/**
 * Locks `doc` for the rest of the transaction and checks that it is still what the
 * caller read before deciding (its status and base version): a request that lost a
 * race against another (two caucus members submitting at once, staff recording an
 * outcome while the caucus withdraws) is refused with 409, never applied on top.
 */
export function* lockUnchanged(doc: DocumentRecord): Flow<DocumentRecord> {
  const current = yield* lockDocument(doc.id);
  if (current.status !== doc.status || current.baseVersion !== doc.baseVersion) {
    throw errors.conflict(`This text changed meanwhile (it is now ${current.status}); reload it and try again.`);
  }
  return current;
}

/** A version's content parsed. */
function toVersion(row: VersionRow | undefined): VersionRecord | undefined {
  return row ? { ...row, content: JSON.parse(row.content) as PMNodeJSON } : undefined;
}

/** Stores the text as the document's next version and records its title; returns the version number. Inside a transaction that locked the document. */
export function* publishVersion(doc: DocumentRecord, actorId: string, text: { title: string; content: unknown }): Flow<number> {
  const version = (yield* ask('latestVersion', doc.id)) + 1;
  const at = nowIso();
  yield* ask('insertVersion', {
    documentId: doc.id,
    version,
    title: doc.kind === 'amendment' ? doc.title : text.title,
    content: text.content,
    createdBy: actorId,
    baseVersion: doc.baseVersion,
    createdAt: at,
  });
  yield* ask('recordPublishedTitle', doc.id, text.title, at);
  return version;
}

/** Stores a version as given (a rebase's, a final text's); the caller has locked the document. */
export function* insertVersion(version: NewVersion): Flow<void> {
  yield* ask('insertVersion', { ...version, createdAt: nowIso() });
}

/** Moves an amendment onto another version of its base (a rebase accepted). */
export function* setBaseVersion(id: string, baseVersion: number): Flow<void> {
  yield* ask('setBaseVersion', id, baseVersion, nowIso());
}

/** The newest version number of a document, 0 when none was published. */
export function* latestVersion(documentId: string): Flow<number> {
  return yield* ask('latestVersion', documentId);
}

/** The amendments drafted against a document. */
export function* amendmentsOf(baseId: string): Flow<DocumentRecord[]> {
  return yield* ask('amendmentsOf', baseId);
}

/** The ids of a convention's documents that collect signatures now (submitted or qualified). */
export function* collectingDocumentIds(conventionId: string): Flow<string[]> {
  return yield* ask('collectingDocumentIds', conventionId);
}

/** Inserts a document row (ids and times filled in) and returns its id. The text itself lives in the Yjs journal. */
export function* insertDocument(doc: NewDocument): Flow<string> {
  const id = doc.id ?? newDocumentId();
  const now = nowIso();
  yield* ask('insertDocument', {
    id,
    conventionId: doc.conventionId,
    code: doc.code,
    kind: doc.kind,
    status: doc.status,
    title: doc.title,
    caucusId: doc.caucusId,
    baseId: doc.baseId ?? null,
    baseVersion: doc.baseVersion ?? null,
    rationale: doc.rationale ?? '',
    createdBy: doc.createdBy,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** Writes a new document's first text (a Yjs update, or a snapshot) to its journal. */
export function* insertFirstText(documentId: string, update: Uint8Array, isSnapshot = false): Flow<void> {
  yield* ask('insertFirstText', documentId, update, isSnapshot, nowIso());
}

/** What publishing checks against the newest version: whether the text to publish is the same (then nothing is published). */
export type SameText = (newest: PMNodeJSON) => boolean;

/** The documents capability's storage: reads, and the workflow's transactions. */
export class DocumentStore {
  constructor(private readonly run: Runner) {}

  /** One document by id, or undefined. */
  get(id: string): Promise<DocumentRecord | undefined> {
    return this.run.read(documentById(id));
  }

  /** Every document of a convention, consensus texts first, then by code and title. */
  list(conventionId: string): Promise<DocumentRecord[]> {
    return this.run.read(ask('documentsOf', conventionId));
  }

  /** The amendments (and secondary amendments) drafted against a document. */
  amendmentsOf(baseId: string): Promise<DocumentRecord[]> {
    return this.run.read(amendmentsOf(baseId));
  }

  /** The ids of a convention's documents past draft: whose tallies a rule or roster change may move. */
  publishedIds(conventionId: string): Promise<string[]> {
    return this.run.read(ask('publishedDocumentIds', conventionId));
  }

  /** The newest version number of a document, 0 when none was published. */
  latestVersion(documentId: string): Promise<number> {
    return this.run.read(latestVersion(documentId));
  }

  /** One stored version with its content, or undefined. */
  async version(documentId: string, version: number): Promise<VersionRecord | undefined> {
    return toVersion(await this.run.read(ask('versionRow', documentId, version)));
  }

  /** Every version of a document, newest first, without content. */
  versions(documentId: string): Promise<VersionSummaryRow[]> {
    return this.run.read(ask('versionsOf', documentId));
  }

  /** When a version was published, or undefined when it does not exist. */
  versionDate(documentId: string, version: number): Promise<string | undefined> {
    return this.run.read(ask('versionDate', documentId, version));
  }

  /** A document's history, oldest first. */
  events(documentId: string): Promise<DocumentEvent[]> {
    return this.run.read(ask('documentEvents', documentId));
  }

  /**
   * Starts a draft: its row, its first text (a Yjs update, journaled like any
   * edit) and its "draft" transition, all in one transaction. `action` says how
   * it began. Resolves with the new document's id.
   */
  createDraft(record: Omit<NewDocument, 'code' | 'status'>, firstText: Uint8Array, action: string): Promise<string> {
    return this.run.write(
      (function* () {
        const id = yield* insertDocument({ ...record, code: null, status: 'draft' });
        yield* insertFirstText(id, firstText);
        yield* recordTransition({ documentId: id, from: null, to: 'draft', action, actorId: record.createdBy });
        return id;
      })(),
    );
  }

  /**
   * Records the title read from the live text and marks the document as changed
   * now. An amendment keeps its own title (its text's title line is the base's),
   * and a text past draft the title of its newest published version, so readers
   * never see a committee's unpublished retitling.
   */
  touch(id: string, textTitle: string): Promise<void> {
    return this.run.write(ask('touchDocument', id, textTitle, nowIso()));
  }

  /** Changes a draft's title (amendments) or rationale; null keeps what is stored. 409 when it is no longer the draft `doc` was. */
  updateDraft(doc: DocumentRecord, change: { title: string | null; rationale: string | null }): Promise<void> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(doc);
        yield* ask('updateDraftFields', doc.id, change.title, change.rationale, nowIso());
      })(),
    );
  }

  /**
   * Publishes `text` (the live text of a submitted text) as the next version,
   * with a "published vN" line in its history; resolves with the number. Refused
   * with 409 when `sameAsNewest` says it is the newest version's text: two editors
   * publishing at once make one version, not two identical ones.
   */
  publish(doc: DocumentRecord, actorId: string, text: { title: string; content: unknown }, sameAsNewest: SameText): Promise<number> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(doc);
        const newest = yield* ask('latestVersion', doc.id);
        const stored = newest > 0 ? toVersion(yield* ask('versionRow', doc.id, newest)) : undefined;
        if (stored && sameAsNewest(stored.content)) throw errors.conflict(`Nothing to publish: the text is the same as v${newest}.`);
        const version = yield* publishVersion(doc, actorId, text);
        yield* recordTransition({ documentId: doc.id, from: doc.status, to: doc.status, action: `published v${version}`, actorId });
        return version;
      })(),
    );
  }

  /**
   * Submits a draft: gives it its code (`codeFor` picks one not in the taken
   * codes, asked while codes are being given one at a time), freezes `text` as a
   * version and moves it to submitted, in one transaction. Resolves with the code.
   */
  submit(doc: DocumentRecord, actorId: string, text: { title: string; content: unknown }, codeFor: (taken: string[]) => string): Promise<string> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(doc);
        yield* ask('lockCodes', doc.conventionId);
        const code = doc.code ?? codeFor(yield* ask('takenCodes', doc.conventionId));
        yield* ask('setDocumentCode', doc.id, code);
        const version = yield* publishVersion({ ...doc, code }, actorId, text);
        yield* recordTransition({ documentId: doc.id, from: 'draft', to: 'submitted', action: `submitted as ${code} (v${version})`, actorId });
        return code;
      })(),
    );
  }

  /**
   * Moves a document to another status (an outcome, a withdrawal), with its line
   * in the history; a text made final also gets `finalText` as its final version.
   */
  changeStatus(doc: DocumentRecord, change: { to: DocumentStatus; actorId: string; note?: string; finalText?: { title: string; content: unknown } }): Promise<void> {
    return this.run.write(
      (function* () {
        yield* lockUnchanged(doc);
        if (change.finalText) yield* publishVersion(doc, change.actorId, change.finalText);
        yield* recordTransition({ documentId: doc.id, from: doc.status, to: change.to, action: change.to, actorId: change.actorId, note: change.note });
      })(),
    );
  }

  /** Records one transition as it is given (see `recordTransition`), in a transaction of its own. */
  recordTransition(transition: Transition): Promise<void> {
    return this.run.write(recordTransition(transition));
  }
}
