import type { ApiClient } from './api';
import type { AppContext } from './app-context';
import type { Convention, DocumentSummary } from './api-types';
import type { DocumentText, VersionSummary } from './api-types';
import { DEFAULT_LINE_WIDTH } from '../shared/redline/lines';
import type { TextBlock } from '../shared/text';

/**
 * Loading texts for the redline, compare, conflict and final views: a
 * document's published versions, one version's blocks (kept in memory, since
 * published versions never change), and "the current text" the way the server
 * judges it (a draft's live text, otherwise the newest version).
 */

/** A text to show or compare: a document, and a version of it or null for its current text. */
export interface TextChoice {
  documentId: string;
  version: number | null;
}

/** A loaded text with what a heading needs to name it. */
export interface LoadedText {
  document: DocumentSummary;
  /** The version shown, or null for a draft's live text. */
  version: number | null;
  blocks: TextBlock[];
}

/** Published versions never change; this many are kept (a convention's texts, with room). */
const VERSION_CACHE_SIZE = 200;
const versionCache = new Map<string, Promise<DocumentText>>();

/** The convention's settings: the app's copy when loaded, else fetched (and remembered). */
export async function conventionOf(app: AppContext): Promise<Convention> {
  if (app.convention) return app.convention;
  app.convention = await app.api.convention();
  return app.convention;
}

/** The line width the convention numbers lines at. */
export async function lineWidthOf(app: AppContext): Promise<number> {
  try {
    return (await conventionOf(app)).lineWidth;
  } catch {
    return DEFAULT_LINE_WIDTH;
  }
}

/** A document's published versions, newest first. */
export function versionsOf(api: ApiClient, documentId: string): Promise<VersionSummary[]> {
  return api.request<VersionSummary[]>('GET', `/api/documents/${encodeURIComponent(documentId)}/versions`);
}

/** One published version (cached; a failed load is forgotten so it can be tried again). */
export function versionText(api: ApiClient, documentId: string, version: number): Promise<DocumentText> {
  const key = `${documentId}@${version}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const loading = api.request<DocumentText>('GET', `/api/documents/${encodeURIComponent(documentId)}/versions/${version}`);
  loading.catch(() => versionCache.delete(key));
  if (versionCache.size >= VERSION_CACHE_SIZE) versionCache.delete(versionCache.keys().next().value!);
  versionCache.set(key, loading);
  return loading;
}

/** The live text of a document (never cached: it changes as people type). */
export function liveText(api: ApiClient, documentId: string): Promise<DocumentText> {
  return api.request<DocumentText>('GET', `/api/documents/${encodeURIComponent(documentId)}/text`);
}

/**
 * Loads `choice`: the version asked for, or the current text (a draft's live
 * text; otherwise the newest version, or the live text when none is published).
 */
export async function loadText(api: ApiClient, choice: TextChoice, summary?: DocumentSummary): Promise<LoadedText> {
  const document = summary ?? (await api.document(choice.documentId));
  if (choice.version !== null) {
    const text = await versionText(api, document.id, choice.version);
    return { document, version: choice.version, blocks: text.blocks };
  }
  if (document.status !== 'draft') {
    const versions = await versionsOf(api, document.id);
    if (versions.length > 0) {
      const newest = versions[0].version;
      const text = await versionText(api, document.id, newest);
      return { document, version: newest, blocks: text.blocks };
    }
  }
  const text = await liveText(api, document.id);
  return { document, version: null, blocks: text.blocks };
}

/** "CR01 v2", "CR01-A05 (current draft)", for headings and labels. */
export function textLabel(document: Pick<DocumentSummary, 'code' | 'title'>, version: number | null): string {
  const name = document.code ?? document.title ?? 'Draft';
  return version === null ? `${name} (current text)` : `${name} v${version}`;
}
