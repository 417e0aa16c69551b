/**
 * The convention-wide signature tally as CSV or JSON, read from an export
 * source: the same columns as `GET /api/tallies.csv` (server/signatures), so
 * the command line's `--data` mode writes the file staff already know.
 */
import { toCsv } from '../../shared/signatures';
import type { ConventionTally, ConventionTallyRow } from '../../shared/signatures-api';
import type { ExportSource } from './source';

/** The columns of the tally CSV, as the signatures export writes them. */
export const TALLY_COLUMNS = ['code', 'title', 'kind', 'status', 'signers', 'count', 'threshold', 'qualified', 'withdrawn', 'struck', 'ineligible', 'chapters', 'by_chapter'] as const;

/** Every submitted text that collects signatures or has any, with its tally (counted by server/signatures' rules). */
export async function conventionTally(source: ExportSource): Promise<ConventionTally> {
  const convention = await source.convention();
  const documents: ConventionTallyRow[] = [];
  for (const doc of await source.documents()) {
    if (doc.status === 'draft') continue;
    const count = await source.tally(doc);
    if (!count.collecting && count.count + count.withdrawn + count.struck === 0) continue;
    documents.push({
      documentId: doc.id,
      code: doc.code,
      title: doc.title,
      kind: doc.kind,
      status: count.status,
      signers: count.signers,
      count: count.count,
      threshold: count.threshold,
      qualified: count.qualified,
      withdrawn: count.withdrawn,
      struck: count.struck,
      ineligible: count.ineligible,
      byChapter: count.byChapter,
    });
  }
  return {
    convention: convention.name,
    generatedAt: new Date().toISOString(),
    signatureDeadline: convention.signatureDeadline,
    rosterDate: convention.rosterDate,
    documents,
    auditAnchor: await source.auditAnchor(),
  };
}

/** The tally as CSV, one line per text. */
export function talliesCsv(tally: ConventionTally): string {
  return toCsv(
    TALLY_COLUMNS,
    tally.documents.map((d) => [
      d.code,
      d.title,
      d.kind,
      d.status,
      d.signers,
      d.count,
      d.threshold,
      d.qualified,
      d.withdrawn,
      d.struck,
      d.ineligible,
      Object.keys(d.byChapter).length,
      Object.entries(d.byChapter)
        .map(([chapter, n]) => `${chapter}: ${n}`)
        .join('; '),
    ]),
  );
}
