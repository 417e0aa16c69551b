import type { FastifyInstance } from 'fastify';
import type { TextBlock } from '../../shared/text';
import { blocksFromProseMirror } from '../../shared/text';
import { errors } from '../errors';
import type { DocumentRecord } from '../documents/store';
import { liveText } from '../documents/text';

/** Published versions never change, so their blocks are kept; this many at most (a convention's texts, twice over). */
const VERSION_CACHE_SIZE = 1_000;
const versionCache = new Map<string, TextBlock[]>();

/** The blocks of a published version (cached: versions are immutable); NOT_FOUND when there is none. */
export async function versionBlocks(app: FastifyInstance, doc: DocumentRecord, version: number): Promise<TextBlock[]> {
  const key = `${doc.id}@${version}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const stored = await app.storage.documents.version(doc.id, version);
  if (!stored) throw errors.notFound(`${doc.code ?? 'The text'} has no version ${version}.`);
  const blocks = blocksFromProseMirror(stored.content);
  if (versionCache.size >= VERSION_CACHE_SIZE) versionCache.delete(versionCache.keys().next().value!);
  versionCache.set(key, blocks);
  return blocks;
}

/**
 * The text of an amendment (or any text) as readers should judge it: a draft's
 * live text (only its caucus and staff can read a draft), otherwise its newest
 * version. Returns the blocks, the version (null for the live text) and a key
 * that changes whenever the text may have.
 */
export async function currentBlocks(app: FastifyInstance, doc: DocumentRecord): Promise<{ blocks: TextBlock[]; key: string; version: number | null }> {
  const version = doc.status === 'draft' ? 0 : await app.storage.documents.latestVersion(doc.id);
  if (version === 0) return { blocks: (await liveText(app, doc)).blocks, key: `${doc.id}@live@${doc.updatedAt}`, version: null };
  return { blocks: await versionBlocks(app, doc, version), key: `${doc.id}@${version}`, version };
}
