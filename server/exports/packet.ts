/**
 * The convention packet: one document with everything submitted to the
 * convention. A cover, a table of contents, then each consensus text and
 * resolution in full with its line numbers, each followed by its amendments
 * (and their secondary amendments): facts, rationale, the formal instructions
 * and the redline of the passages they change, numbered by the base. It ends
 * with the signature tallies. Drafts are never in it.
 *
 * Collecting (reading and diffing every text) and rendering both yield to the
 * event loop between texts and report progress, so a long packet runs as a
 * background job without stalling the server.
 */
import {
  Bookmark,
  InternalHyperlink,
  PageReference,
  Paragraph,
  SectionType,
  TabStopType,
  TextRun,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import type { DocumentRecord } from '../documents/store';
import {
  PROSE_STYLE,
  Revisions,
  columnTable,
  docxGeometry,
  flowParagraphs,
  headerAndFooter,
  instructionParagraphs,
  packDocx,
  sectionProperties,
  type ChangeContext,
} from './docx';
import { excerptRuns, headingOf } from './model';
import { anchorNote, collectPacketInput, packetOf, yieldToEventLoop, type Packet, type PacketItem, type PacketTally, type Progress } from './packet-input';
import { PdfBook, drawExcerpt, drawRedline } from './pdf';
import type { ExportSource } from './source';

export type { Packet, PacketItem, PacketTally, Progress } from './packet-input';

/**
 * Reads every submitted text of the convention and builds the packet's content
 * (see `collectPacketInput` for the order), in this thread: the command line's
 * way. The server typesets its packet jobs in a process of its own (`packet-worker.ts`).
 */
export async function collectPacket(source: ExportSource, progress: Progress = () => {}): Promise<Packet> {
  const input = await collectPacketInput(source, (fraction, message) => progress(fraction * 0.5, message));
  return packetOf(input, (fraction, message) => progress(0.5 + fraction * 0.5, message));
}

const KIND_NAMES: Record<DocumentRecord['kind'], string> = { consensus: 'Consensus resolution', resolution: 'Resolution', amendment: 'Amendment' };

/** The facts line under an item's heading: kind, what it amends, caucus, status, signatures. */
export function factsLine(item: PacketItem): string {
  const kind = item.depth >= 2 ? 'Secondary amendment' : KIND_NAMES[item.doc.kind];
  const parts = [item.amends ? `${kind} to ${item.amends}` : kind];
  if (item.doc.caucusName) parts.push(`by ${item.doc.caucusName}`);
  parts.push(`status: ${item.doc.status}`);
  parts.push(tallyText(item.tally));
  return parts.join(' \u00b7 ');
}

/** "37 of 20 signatures (qualified)", or "no signatures collected". */
export function tallyText(tally: PacketTally | null): string {
  if (!tally || !tally.collecting) return tally && tally.count > 0 ? `${tally.count} signatures` : 'no signatures collected';
  return `${tally.count} of ${tally.threshold} signatures${tally.qualified ? ' (qualified)' : ''}`;
}

function tocLabel(item: PacketItem): string {
  return `${'    '.repeat(Math.min(item.depth, 2))}${headingOf(item.piece)}`;
}

/** Size of the table of contents' entries: small enough for ~40 entries a page. */
const TOC_SIZE = 10;
const TITLE_SIZE = 20;

/**
 * The packet as a PDF: a cover with the table of contents (page numbers and
 * links), every text on its own pages with the tool's line numbers, and the
 * tallies. `progress` runs from 0 to 1 over the texts.
 */
export async function renderPacketPdf(packet: Packet, progress: Progress = () => {}): Promise<Uint8Array> {
  const book = new PdfBook(`${packet.convention}: convention packet`);
  book.setHeader(packet.convention, 'Convention packet');
  book.prose(packet.convention, { size: TITLE_SIZE, bold: true, sans: true });
  book.prose(`Convention packet, generated ${packet.generatedAt.slice(0, 16).replace('T', ' ')} UTC. ${packet.items.length} texts; line numbers at ${packet.width} characters per line.`, { sans: true, size: 9, color: '#555555' });
  book.gap(12);
  book.prose('Contents', { bold: true, sans: true, size: 13, outline: true });
  // Reserve the contents' pages now; they are filled in once every text's page is known.
  const tocPage = book.page;
  const tocY = book.cursor;
  const entryCount = packet.items.length + 1;
  const firstPageEntries = book.linesLeft(TOC_SIZE);
  const perPage = PdfBook.linesPerPage(TOC_SIZE);
  const tocPages = 1 + Math.max(0, Math.ceil((entryCount - firstPageEntries) / perPage));
  for (let i = 1; i < tocPages; i++) book.newPage();
  const pages = new Map<string, number>();
  for (const [i, item] of packet.items.entries()) {
    progress(i / packet.items.length, `typesetting ${item.doc.code ?? item.doc.title}`);
    book.newPage();
    book.setHeader(headingOf(item.piece), item.piece.versionLabel);
    pages.set(item.anchor, book.page);
    book.prose(headingOf(item.piece), { size: item.depth === 0 ? 15 : 13, bold: true, sans: true, destination: item.anchor, outline: true });
    book.prose(factsLine(item), { size: 8.5, sans: true, color: '#555555' });
    if (item.note) book.prose(item.note, { size: 9, bold: true, sans: true });
    if (item.doc.rationale.trim() !== '') {
      book.gap(4);
      book.prose('Rationale', { bold: true, sans: true, size: 10 });
      book.prose(item.doc.rationale, { size: 10 });
    }
    if (item.piece.kind === 'redline') {
      book.instructions(item.piece);
      book.gap(6);
      book.legend(item.piece.redline.width);
      drawExcerpt(book, item.piece.redline);
    } else {
      book.gap(6);
      drawRedline(book, item.piece.redline);
    }
    await yieldToEventLoop();
  }
  book.newPage();
  book.setHeader(packet.convention, 'Signature tallies');
  const talliesPage = book.page;
  book.prose('Signature tallies', { size: 15, bold: true, sans: true, destination: 'pl_tallies', outline: true });
  for (const item of packet.items) book.prose(`${item.doc.code ?? item.doc.title}: ${item.doc.title}`, { size: 9.5, right: `${item.doc.status} \u00b7 ${tallyText(item.tally)}`, indent: 12 * Math.min(item.depth, 2) });
  if (packet.auditAnchor) {
    book.gap(10);
    book.prose(anchorNote(packet.auditAnchor), { sans: true, size: 8, color: '#555555' });
  }

  const entries = [...packet.items.map((item) => ({ label: tocLabel(item), anchor: item.anchor, page: pages.get(item.anchor)! })), { label: 'Signature tallies', anchor: 'pl_tallies', page: talliesPage }];
  let onPage = -1;
  entries.forEach((entry, i) => {
    const page = i < firstPageEntries ? tocPage : tocPage + 1 + Math.floor((i - firstPageEntries) / perPage);
    if (page !== onPage) book.goToPage(page, page === tocPage ? tocY : undefined);
    onPage = page;
    book.prose(entry.label, { size: TOC_SIZE, right: String(entry.page + 1), link: entry.anchor, single: true });
  });
  progress(1, 'done');
  return book.finish();
}

/** A heading paragraph with a bookmark, for the table of contents' links and page numbers. */
function bookmarkedHeading(text: string, anchor: string, style: string): Paragraph {
  return new Paragraph({ style, suppressLineNumbers: true, children: [new Bookmark({ id: anchor, children: [new TextRun(text)] })] });
}

function prose(text: string, style: string = PROSE_STYLE.meta): Paragraph {
  return new Paragraph({ style, suppressLineNumbers: true, children: [new TextRun(text)] });
}

/**
 * The packet as a Word document: the contents (links, and page numbers Word
 * fills in when it opens the file), each base text in a section of its own
 * that Word numbers from line 1, each amendment with its instructions and its
 * redline excerpt in a table with the tool's base line numbers (exact, with
 * tracked changes), and the tallies.
 */
export async function renderPacketDocx(packet: Packet, progress: Progress = () => {}): Promise<Uint8Array> {
  const geometry = docxGeometry(packet.width);
  const revisions = new Revisions();
  const tab = geometry.textWidthTwips;
  const contents: FileChild[] = [
    prose(packet.convention, PROSE_STYLE.heading),
    prose(`Convention packet, generated ${packet.generatedAt.slice(0, 16).replace('T', ' ')} UTC. ${packet.items.length} texts; line numbers at ${packet.width} characters per line.`),
    prose('Contents', PROSE_STYLE.subheading),
    ...packet.items.map(
      (item) =>
        new Paragraph({
          style: PROSE_STYLE.toc,
          suppressLineNumbers: true,
          indent: { left: 360 * Math.min(item.depth, 2) },
          tabStops: [{ type: TabStopType.RIGHT, position: tab, leader: 'dot' }],
          children: [new InternalHyperlink({ anchor: item.anchor, children: [new TextRun(headingOf(item.piece))] }), new TextRun('\t'), new PageReference(item.anchor)],
        }),
    ),
    new Paragraph({
      style: PROSE_STYLE.toc,
      suppressLineNumbers: true,
      tabStops: [{ type: TabStopType.RIGHT, position: tab, leader: 'dot' }],
      children: [new InternalHyperlink({ anchor: 'pl_tallies', children: [new TextRun('Signature tallies')] }), new TextRun('\t'), new PageReference('pl_tallies')],
    }),
  ];
  const sections: ISectionOptions[] = [{ ...headerAndFooter(packet.convention, 'Convention packet', tab), properties: sectionProperties(geometry, false), children: contents }];
  for (const [i, item] of packet.items.entries()) {
    progress(i / packet.items.length, `typesetting ${item.doc.code ?? item.doc.title}`);
    const changes: ChangeContext = { revisions, author: item.piece.author, date: item.piece.date };
    const children: FileChild[] = [bookmarkedHeading(headingOf(item.piece), item.anchor, item.depth === 0 ? PROSE_STYLE.heading : PROSE_STYLE.subheading), prose(factsLine(item))];
    if (item.note) children.push(prose(item.note));
    if (item.doc.rationale.trim() !== '') children.push(prose('Rationale', PROSE_STYLE.instruction), ...item.doc.rationale.split(/\n\s*\n/).map((paragraph) => prose(paragraph.trim(), PROSE_STYLE.instruction)));
    const numbered = item.piece.kind === 'text';
    if (numbered) {
      children.push(...flowParagraphs(item.piece.redline, changes, geometry));
    } else {
      children.push(...instructionParagraphs(item.piece), prose(`Line numbers of ${item.amends} at ${packet.width} characters per line; struck and inserted text are tracked changes.`));
      excerptRuns(item.piece.redline).forEach((run, r) => {
        if (r > 0) children.push(prose('\u2026'));
        children.push(columnTable(run.blocks, changes, geometry));
      });
    }
    sections.push({
      ...headerAndFooter(headingOf(item.piece), item.piece.versionLabel, tab),
      properties: { ...sectionProperties(geometry, numbered, 'section'), type: SectionType.NEXT_PAGE },
      children,
    });
    await yieldToEventLoop();
  }
  sections.push({
    ...headerAndFooter(packet.convention, 'Signature tallies', tab),
    properties: { ...sectionProperties(geometry, false), type: SectionType.NEXT_PAGE },
    children: [
      bookmarkedHeading('Signature tallies', 'pl_tallies', PROSE_STYLE.heading),
      ...packet.items.map(
        (item) =>
          new Paragraph({
            style: PROSE_STYLE.toc,
            suppressLineNumbers: true,
            indent: { left: 360 * Math.min(item.depth, 2) },
            tabStops: [{ type: TabStopType.RIGHT, position: tab }],
            children: [new TextRun(`${item.doc.code ?? item.doc.title}: ${item.doc.title}`), new TextRun(`\t${item.doc.status} \u00b7 ${tallyText(item.tally)}`)],
          }),
      ),
      ...(packet.auditAnchor ? [prose(anchorNote(packet.auditAnchor))] : []),
    ],
  });
  progress(0.99, 'packing the file');
  const bytes = await packDocx(sections, geometry, `${packet.convention}: convention packet`, true);
  progress(1, 'done');
  return bytes;
}
