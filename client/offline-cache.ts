import type { DocumentSummary } from './api-types';

/**
 * The last document list each user saw, kept in localStorage so that a page
 * opened while the server is unreachable can still show the list and open a
 * document whose text is stored in IndexedDB. Keyed by user id: one person's
 * list is never shown to another.
 */
const PREFIX = 'plenary.cache.documents.';

/** Remembers the list `userId` was last sent. */
export function rememberDocuments(userId: string, documents: readonly DocumentSummary[]): void {
  try {
    localStorage.setItem(PREFIX + userId, JSON.stringify(documents));
  } catch {
    // Storage full or disabled: the cache is a convenience only.
  }
}

/** The list `userId` was last sent, or null. */
export function cachedDocuments(userId: string): DocumentSummary[] | null {
  try {
    const raw = localStorage.getItem(PREFIX + userId);
    return raw === null ? null : (JSON.parse(raw) as DocumentSummary[]);
  } catch {
    return null;
  }
}

/** One document from the cached list, or null. */
export function cachedDocument(userId: string, documentId: string): DocumentSummary | null {
  return cachedDocuments(userId)?.find((doc) => doc.id === documentId) ?? null;
}

/** Updates one document in the cached list (after `GET /api/documents/:id`). */
export function rememberDocument(userId: string, document: DocumentSummary): void {
  const list = cachedDocuments(userId) ?? [];
  const index = list.findIndex((doc) => doc.id === document.id);
  if (index === -1) list.push(document);
  else list[index] = document;
  rememberDocuments(userId, list);
}

const NEWEST_VERSION_PREFIX = 'plenary.cache.newest-version.';

/** Remembers the newest published version of a document `userId` was told of, so the text opens at it offline. */
export function rememberNewestVersion(userId: string, documentId: string, version: number): void {
  try {
    const raw = localStorage.getItem(NEWEST_VERSION_PREFIX + userId);
    const known = raw === null ? {} : (JSON.parse(raw) as Record<string, number>);
    if (known[documentId] === version) return;
    known[documentId] = version;
    localStorage.setItem(NEWEST_VERSION_PREFIX + userId, JSON.stringify(known));
  } catch {
    // Storage full or disabled: the cache is a convenience only.
  }
}

/** The newest published version of a document `userId` was last told of, or null. */
export function cachedNewestVersion(userId: string, documentId: string): number | null {
  try {
    const raw = localStorage.getItem(NEWEST_VERSION_PREFIX + userId);
    const version = raw === null ? undefined : (JSON.parse(raw) as Record<string, number>)[documentId];
    return typeof version === 'number' ? version : null;
  } catch {
    return null;
  }
}
