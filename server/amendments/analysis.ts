import type { FastifyInstance } from 'fastify';
import { numberLines, touchedLinesOf, type LineMap, type LineRange } from '../../shared/redline';
import type { TextBlock } from '../../shared/text';
import type { DocumentRecord } from '../documents/store';
import { currentBlocks, versionBlocks } from './texts';
import { SETTLED_STATUSES } from '../../shared/workflow';

/** Touched-line results kept per (amendment text, base version): recomputing 200 diffs per page view is waste. */
const TOUCHED_CACHE_SIZE = 5_000;
const touchedCache = new Map<string, LineRange[]>();


export interface AmendmentLines {
  doc: DocumentRecord;
  ranges: LineRange[];
}

/** A base version's blocks and line map, at the convention's line width. */
async function numberedBase(app: FastifyInstance, base: DocumentRecord, version: number): Promise<{ blocks: TextBlock[]; lines: LineMap }> {
  const blocks = await versionBlocks(app, base, version);
  return { blocks, lines: numberLines(blocks, (await app.storage.conventions.current()).lineWidth) };
}

/**
 * The base lines each amendment touches, for the amendments drafted against
 * `version` of `base` that are still live (not withdrawn or failed).
 */
export async function amendmentLines(
  app: FastifyInstance,
  base: DocumentRecord,
  version: number,
  amendments: readonly DocumentRecord[],
): Promise<{ lines: LineMap; touched: AmendmentLines[] }> {
  const { lines } = await numberedBase(app, base, version);
  const touched: AmendmentLines[] = [];
  for (const doc of amendments) {
    if (doc.baseVersion !== version || SETTLED_STATUSES.has(doc.status)) continue;
    const { blocks, key } = await currentBlocks(app, doc);
    const cacheKey = `${key}|${base.id}@${version}|${lines.width}`;
    let ranges = touchedCache.get(cacheKey);
    if (!ranges) {
      ranges = touchedLinesOf(blocks, lines);
      if (touchedCache.size >= TOUCHED_CACHE_SIZE) touchedCache.delete(touchedCache.keys().next().value!);
      touchedCache.set(cacheKey, ranges);
    }
    touched.push({ doc, ranges });
  }
  return { lines, touched };
}
