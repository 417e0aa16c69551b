/**
 * The one place that turns a text, an amendment or a comparison into a file
 * of a format, for the HTTP routes and the command line alike: both read
 * through an `ExportSource` and get the same bytes.
 */
import type { RedlineLayout } from '../../shared/redline';
import type { DocumentRecord } from '../documents/store';
import { errors } from '../errors';
import type { DocxLineNumbers } from './docx';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { redlinePiece, textPiece, versionLabel, type ExportPiece } from './model';
import type { TextFormat } from './names';
import type { ExportSource, TextAt } from './source';

/** Layout choices a caller may make; each format reads those that apply to it. */
export interface LayoutChoice {
  /** html, md: the redline inline (default) or side by side. */
  layout?: RedlineLayout;
  /** docx: Word's own line numbering (default) or the tool's numbers in a column. */
  lines?: DocxLineNumbers;
  /** md of a clean text: with line numbers ('true'), else plain re-importable Markdown. */
  numbered?: 'true' | 'false';
}

/**
 * Renders a piece in a format: a string for html and md, bytes for pdf and docx.
 * The PDF and Word typesetters (pdfkit with its fonts, docx: ~40 MB together) are
 * loaded on first use, so a server nobody exports from stays small.
 */
export async function renderPiece(piece: ExportPiece, format: TextFormat, layout: LayoutChoice = {}): Promise<string | Uint8Array> {
  switch (format) {
    case 'html':
      return renderHtml(piece, { layout: layout.layout });
    case 'md':
      return renderMarkdown(piece, { layout: layout.layout, numbered: layout.numbered === 'true' });
    case 'pdf':
      return (await import('./pdf')).renderPdf(piece);
    case 'docx':
      return (await import('./docx')).renderDocx(piece, { lineNumbers: layout.lines });
  }
}

/** A piece and the file name stem it is downloaded under. */
export interface NamedPiece {
  piece: ExportPiece;
  stem: string;
}

/** The name a text goes by in file names: its code, else its id (both made by the server, both safe). */
export function stemOf(doc: Pick<DocumentRecord, 'code' | 'id'>): string {
  return doc.code ?? doc.id;
}

/**
 * A text, clean and numbered by itself: the current text, or `version`. The
 * current text of a final text is its final version ("-final" in the name).
 */
export async function textExport(source: ExportSource, doc: DocumentRecord, version?: number): Promise<NamedPiece> {
  const text = version ? await source.version(doc, version) : await source.current(doc);
  const piece = textPiece(text.blocks, { code: doc.code, title: doc.title, versionLabel: versionLabel(text.version), author: doc.caucusName ?? 'Plenary', date: text.date }, (await source.convention()).lineWidth);
  const stem = `${stemOf(doc)}${text.version ? `-v${text.version}` : '-live'}${doc.status === 'final' && !version ? '-final' : ''}`;
  return { piece, stem };
}

/** An amendment's redline against the base version it was drafted on; CONFLICT for a text that is not an amendment. */
export async function redlineExport(source: ExportSource, amendment: DocumentRecord): Promise<NamedPiece> {
  const base = amendment.kind === 'amendment' && amendment.baseId && amendment.baseVersion ? await source.document(amendment.baseId) : undefined;
  if (!base || !amendment.baseVersion) throw errors.conflict('Only an amendment has a redline against its base.');
  const baseText = await source.version(base, amendment.baseVersion);
  const text = await source.current(amendment);
  const label = `${versionLabel(text.version)}, against ${base.code ?? base.title} v${amendment.baseVersion}`;
  const piece = redlinePiece(baseText.blocks, text.blocks, { code: amendment.code, title: amendment.title, versionLabel: label, author: amendment.caucusName ?? 'Plenary', date: text.date }, (await source.convention()).lineWidth);
  return { piece, stem: `${stemOf(amendment)}-redline` };
}

/** Any two texts compared: the redline of `right` against `left`, numbered by `left`. */
export async function compareExport(source: ExportSource, left: { doc: DocumentRecord; version?: number }, right: { doc: DocumentRecord; version?: number }): Promise<NamedPiece> {
  const at = (side: { doc: DocumentRecord; version?: number }): Promise<TextAt> => (side.version ? source.version(side.doc, side.version) : source.current(side.doc));
  const a = await at(left);
  const b = await at(right);
  const name = (doc: DocumentRecord, text: TextAt) => `${doc.code ?? doc.title} ${versionLabel(text.version)}`;
  const piece = redlinePiece(
    a.blocks,
    b.blocks,
    { code: null, title: `${name(right.doc, b)} compared with ${name(left.doc, a)}`, versionLabel: `numbered by ${name(left.doc, a)}`, author: right.doc.caucusName ?? 'Plenary', date: b.date },
    (await source.convention()).lineWidth,
  );
  const stem = `${stemOf(left.doc)}${a.version ? `-v${a.version}` : ''}-vs-${stemOf(right.doc)}${b.version ? `-v${b.version}` : ''}`;
  return { piece, stem };
}
