/**
 * The convention's submitted texts in OpenSlides 4's motion import format
 * (Motions > Import, CSV), so that staff who project and vote in OpenSlides
 * need not retype anything. The columns are the importer's field names
 * (openslides-client `motionImportExportHeaderOrder`, openslides-backend
 * `motion.json_upload`): `number`, `submitters_verbose`,
 * `submitters_username`, `title`, `text`, `reason` and the optional
 * `category_name`, `category_prefix`, `tags`, `block`, `motion_amendment`,
 * which stay empty here because they must name objects that already exist in
 * the meeting. `text` and `reason` are HTML, as OpenSlides stores them.
 *
 * - `number` is the convention code (R17, CR02, CR02-A03), so re-importing
 *   updates the same motions instead of duplicating them.
 * - OpenSlides cannot import amendments as amendments (it skips rows with
 *   `motion_amendment` set), so an amendment is a motion of its own: its text
 *   is the formal instructions and the redline of the changed passages, each
 *   marked with its base line numbers; its reason starts with the lines of
 *   the base it amends.
 * - The submitter is the drafting caucus: `submitters_verbose` is its name
 *   and `submitters_username` a slug of it ("millstone-caucus"). OpenSlides
 *   links the motion to an account of that user name when staff created one;
 *   otherwise it imports the motion and flags only the submitter.
 */
import { escapeHtml, type Redline, type RedlineBlock } from '../../shared/redline';
import { toCsv } from '../../shared/signatures';
import type { TextBlock } from '../../shared/text';
import type { DocumentRecord } from '../documents/store';
import { excerptRuns, redlinePiece } from './model';
import type { ExportSource } from './source';

/** The importer's columns, in its own order. */
export const OPENSLIDES_COLUMNS = [
  'number',
  'submitters_verbose',
  'submitters_username',
  'title',
  'text',
  'reason',
  'category_name',
  'category_prefix',
  'tags',
  'block',
  'motion_amendment',
] as const;

/** One motion row. */
export interface OpenSlidesMotion {
  number: string;
  title: string;
  submitter: string | null;
  text: string;
  reason: string;
}

/** Statuses whose texts go to the floor: submitted and everything after it, except withdrawn. */
const ON_THE_FLOOR = new Set<DocumentRecord['status']>(['submitted', 'qualified', 'adopted', 'failed', 'final']);

/** A user name OpenSlides accepts, made from a caucus name: lower case, letters, digits and dashes. */
export function usernameOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'submitter'
  );
}

/** A text's blocks as OpenSlides HTML: paragraphs, headings (`h3`, `h4`) and lists; the title is the title column. */
export function blocksHtml(blocks: readonly TextBlock[]): string {
  const out: string[] = [];
  let list: 'ul' | 'ol' | null = null;
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const block of blocks) {
    if (block.kind === 'title') continue;
    if (block.kind === 'bullet' || block.kind === 'ordered') {
      const tag = block.kind === 'bullet' ? 'ul' : 'ol';
      if (list !== tag) {
        closeList();
        out.push(`<${tag}>`);
        list = tag;
      }
      out.push(`<li>${escapeHtml(block.text)}</li>`);
      continue;
    }
    closeList();
    if (block.kind === 'heading') out.push(`<h${Math.min(4, (block.level ?? 2) + 1)}>${escapeHtml(block.text)}</h${Math.min(4, (block.level ?? 2) + 1)}>`);
    else out.push(`<p>${escapeHtml(block.text)}</p>`);
  }
  closeList();
  return out.join('');
}

function rangeLabel(from: number, to: number): string {
  return from === to ? `line ${from}` : `lines ${from}\u2013${to}`;
}

/** The base lines a block of a redline covers, or null for a new block. */
function blockLines(block: RedlineBlock): { from: number; to: number } | null {
  const numbers = block.lines.map((line) => line.baseLine).filter((n): n is number => n !== null);
  return numbers.length === 0 ? null : { from: Math.min(...numbers), to: Math.max(...numbers) };
}

/** The changed blocks of a redline as HTML paragraphs, each starting with the base lines it covers. */
function changedPassagesHtml(redline: Redline): string {
  const out: string[] = [];
  for (const run of excerptRuns(redline, 0)) {
    for (const block of run.blocks) {
      const lines = blockLines(block);
      const label = lines ? `[${rangeLabel(lines.from, lines.to)}]` : '[new]';
      const text = block.lines
        .flatMap((line) => line.segments)
        .map((segment) => (segment.type === 'delete' ? `<del>${escapeHtml(segment.text)}</del>` : segment.type === 'insert' ? `<ins>${escapeHtml(segment.text)}</ins>` : escapeHtml(segment.text)))
        .join('');
      out.push(`<p><em>${label}</em> ${text}</p>`);
    }
  }
  return out.join('');
}

function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * The motions of a convention for OpenSlides: every text on the floor
 * (submitted or later, not withdrawn), bases first, then amendments by code.
 * Uncoded texts (drafts) are never included.
 */
export async function openSlidesMotions(source: ExportSource): Promise<OpenSlidesMotion[]> {
  const width = (await source.convention()).lineWidth;
  const motions: OpenSlidesMotion[] = [];
  for (const doc of await source.documents()) {
    if (!doc.code || !ON_THE_FLOOR.has(doc.status)) continue;
    const current = await source.current(doc);
    const base = doc.kind === 'amendment' && doc.baseId && doc.baseVersion ? await source.document(doc.baseId) : undefined;
    if (!base || !doc.baseVersion) {
      motions.push({ number: doc.code, title: doc.title, submitter: doc.caucusName, text: blocksHtml(current.blocks), reason: paragraphsHtml(doc.rationale) });
      continue;
    }
    const baseText = await source.version(base, doc.baseVersion);
    const piece = redlinePiece(baseText.blocks, current.blocks, { code: doc.code, title: doc.title, versionLabel: '', author: '', date: current.date }, width);
    const from = Math.min(...piece.instructions.map((instruction) => instruction.fromLine));
    const to = Math.max(...piece.instructions.map((instruction) => instruction.toLine));
    const baseName = `${base.code ?? base.title} (v${doc.baseVersion})`;
    const where = piece.instructions.length === 0 ? `Amends ${baseName}; it changes nothing.` : `Amends ${baseName}, ${rangeLabel(Math.max(from, 1), Math.max(to, 1))}.`;
    const instructions = piece.instructions.length === 0 ? '' : `<ol>${piece.instructions.map((instruction) => `<li>${escapeHtml(instruction.text)}</li>`).join('')}</ol>`;
    const legend = `<p><em>Line numbers of ${escapeHtml(baseName)} at ${width} characters per line.</em></p>`;
    motions.push({
      number: doc.code,
      title: doc.title,
      submitter: doc.caucusName,
      text: `${instructions}${legend}${changedPassagesHtml(piece.redline)}`,
      reason: `<p>${escapeHtml(where)}</p>${paragraphsHtml(doc.rationale)}`,
    });
  }
  return motions;
}

/** The motions as the CSV file OpenSlides imports (UTF-8, comma-separated, CRLF lines). */
export function openSlidesCsv(motions: readonly OpenSlidesMotion[]): string {
  return toCsv(
    OPENSLIDES_COLUMNS,
    motions.map((motion) => [
      motion.number,
      motion.submitter ?? '',
      motion.submitter ? usernameOf(motion.submitter) : '',
      motion.title,
      motion.text,
      motion.reason,
      '',
      '',
      '',
      '',
      '',
    ]),
  );
}
