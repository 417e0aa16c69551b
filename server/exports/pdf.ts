/**
 * PDF exports, drawn with pdfkit. Why pdfkit and not a headless browser:
 * - no browser on the server: a convention's server is a small machine, and a
 *   Chromium per export would cost ~200 MB and seconds to start;
 * - exact lines: every numbered line of the tool is drawn at a position this
 *   file chooses, so nothing (no CSS wrapping, no font substitution) can move a
 *   word to another numbered line. A line that would not fit the text column
 *   is set a little smaller; one that would need more than a little (a redline
 *   line carrying a long insertion) wraps onto continuation lines under its
 *   own number, which carry no number of their own, as the HTML page and the
 *   Word table wrap it. No text is ever set below `MIN_TEXT_SIZE`;
 * - it streams, embeds TrueType subsets (DejaVu for accents, Noto for Arabic,
 *   Hebrew, Chinese and emoji, through the fallback chain of `fonts.ts`: each
 *   string is drawn as runs of one font, see `font-runs.ts`), and is pure
 *   JavaScript, so the command line can write the same PDF without a server.
 *
 * Struck text is red with a line through it, inserted text green and
 * underlined (both readable in black and white), line numbers sit in the left
 * margin, every page has a header (code, title, version) and a footer (page N
 * of M).
 */
import PDFDocument from 'pdfkit';
import type { Redline, RedlineBlock, RedlineSegment } from '../../shared/redline';
import { openedFont, textRuns, type FontRun } from './font-runs';
import { pdfFonts, printable, type FaceName, type PdfFonts } from './fonts';
import { excerptRuns, headingOf, type ExportPiece } from './model';

/** US Letter in points: the paper US conventions print on. */
export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;
/** The text column starts an inch from the left edge; line numbers end 12 pt before it. */
const TEXT_LEFT = 72;
const NUMBER_GAP = 12;
/** Three quarters of an inch on the right. */
const TEXT_RIGHT = PAGE_WIDTH - 54;
/** Where body text starts and must end on a page; the header and footer sit outside. */
const BODY_TOP = 72;
const BODY_BOTTOM = PAGE_HEIGHT - 64;
const HEADER_Y = 36;
const FOOTER_Y = PAGE_HEIGHT - 44;
/** Body size and leading: 80 characters of DejaVu Serif at 10.5 pt fit the column. */
export const TEXT_SIZE = 10.5;
const LINE_HEIGHT = 14;
/** Where a numbered line's baseline sits below its top. */
const BASELINE = 10.5;
const TITLE_SIZE = 12.5;
const NUMBER_SIZE = 8.5;
const META_SIZE = 8.5;
/** The smallest size any text is printed at: below 8 pt print turns into fine print, which delegates reading a packet at arm's length cannot read. */
export const MIN_TEXT_SIZE = 8;
/**
 * The smallest size a numbered line too wide for the column is set at to keep
 * it on one line: 15% below body text is hard to notice (a title may shrink
 * down to it too); a line that would need more wraps instead.
 */
const MIN_SHRUNK_SIZE = Math.max(MIN_TEXT_SIZE, TEXT_SIZE * 0.85);
/** Space between blocks: a third of a line, so that no blank line looks like a numbered one. */
const BLOCK_GAP = 5;
/** Indent of a list item per level. */
const LIST_INDENT = 16;
/** Colours of struck and inserted text, and of numbers and facts. */
const STRUCK = '#b00000';
const INSERTED = '#006000';
const MUTED = '#555555';
const INK = '#111111';

/**
 * Layout options for a right-to-left run: with any `features` pdfkit lays the
 * run out whole instead of word by word, so fontkit reverses all of it and
 * "תל אביב" reads right to left as one phrase.
 */
const RTL_LAYOUT: PDFKit.Mixins.TextOptions = { features: [] };

/** A run of a line's text of one kind (equal, struck or inserted), as drawn. */
interface LinePiece {
  type: RedlineSegment['type'];
  text: string;
}

/** Pieces without the whitespace at the end of the last ones: a row's text stops at its last mark. */
function trimPieces(pieces: readonly LinePiece[]): LinePiece[] {
  const out = [...pieces];
  while (out.length > 0) {
    const last = out[out.length - 1];
    const text = last.text.trimEnd();
    if (text !== '') {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}

/** Joins neighbouring pieces of one kind, so that a strike or underline runs unbroken. */
function mergePieces(pieces: readonly LinePiece[]): LinePiece[] {
  const out: LinePiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last && last.type === piece.type) out[out.length - 1] = { ...last, text: last.text + piece.text };
    else out.push({ ...piece });
  }
  return out;
}

/** Leading of prose at a font size. */
function proseLineHeight(size: number): number {
  return size * 1.35;
}

/** How a paragraph of prose is set. */
export interface ProseOptions {
  size?: number;
  bold?: boolean;
  sans?: boolean;
  color?: string;
  indent?: number;
  /** A named destination here, for links. */
  destination?: string;
  /** Add the text to the PDF's outline (bookmarks). */
  outline?: boolean;
  /** Make the text a link to this named destination. */
  link?: string;
  /** Text set flush right on the last line (a page number, a count). */
  right?: string;
  /** Keep to one line, cutting the text with an ellipsis. */
  single?: boolean;
}

/** A PDF being written: pages with headers and footers, numbered lines, prose. */
export class PdfBook {
  readonly doc: PDFKit.PDFDocument;
  readonly fonts: PdfFonts;
  private y = BODY_TOP;
  private face: FaceName = 'text';
  private size = TEXT_SIZE;
  /** Fallback faces registered with this document so far. */
  private readonly registered = new Set<string>();
  private header: { left: string; right: string } = { left: '', right: '' };
  private readonly headers: { left: string; right: string }[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<void>;

  constructor(title: string) {
    this.fonts = pdfFonts();
    this.doc = new PDFDocument({ size: 'LETTER', margin: 0, bufferPages: true, autoFirstPage: false, info: { Title: title, Creator: 'Plenary', Producer: 'Plenary' } });
    this.doc.registerFont('text', this.fonts.text);
    this.doc.registerFont('bold', this.fonts.bold);
    this.doc.registerFont('sans', this.fonts.sans);
    this.doc.registerFont('sansBold', this.fonts.sansBold);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.newPage();
  }

  /** The index of the current page (from 0). */
  get page(): number {
    return this.headers.length - 1;
  }

  /** Sets the header of this page (when nothing is on it yet) and of every page after it. */
  setHeader(left: string, right: string): void {
    this.header = { left, right };
    if (this.y === BODY_TOP) this.headers[this.page] = this.header;
  }

  /** Starts a new page. */
  newPage(): void {
    this.doc.addPage({ size: 'LETTER', margin: 0 });
    this.headers.push(this.header);
    this.y = BODY_TOP;
  }

  /** Starts a new page unless the current one is still empty. */
  freshPage(): void {
    if (this.y > BODY_TOP) this.newPage();
  }

  /** Makes room for `height` points: a new page when they do not fit on this one. */
  private room(height: number): void {
    if (this.y + height > BODY_BOTTOM && this.y > BODY_TOP) this.newPage();
  }

  /** Vertical space (dropped at the top of a page). */
  gap(points: number): void {
    if (this.y > BODY_TOP) this.y = Math.min(this.y + points, BODY_BOTTOM);
  }

  private text(value: string): string {
    return printable(value, this.fonts);
  }

  /** Sets the face and size that `width` and `draw` use (and pdfkit's current font); returns the document for chaining. */
  private setFont(face: FaceName, size: number): PDFKit.PDFDocument {
    this.face = face;
    this.size = size;
    return this.doc.font(face).fontSize(size);
  }

  /** Sets the size only, in the current face. */
  private setSize(size: number): void {
    this.size = size;
    this.doc.fontSize(size);
  }

  /** The runs of one font each that `value` is drawn as in the current face (one run unless it needs the fallback chain). */
  private runs(value: string): FontRun[] {
    const fallbacks = this.face === 'bold' || this.face === 'sansBold' ? this.fonts.fallbacks.bold : this.fonts.fallbacks.regular;
    return textRuns(value, { name: this.face, path: this.fonts[this.face], rtl: false }, fallbacks);
  }

  /** Makes pdfkit's current font the run's face, registering a fallback face on its first use in this document. */
  private useFace(run: FontRun): void {
    if (run.face !== this.face && !this.registered.has(run.face)) {
      const fallback = [...this.fonts.fallbacks.regular, ...this.fonts.fallbacks.bold].find((face) => face.name === run.face);
      // pdfkit takes an opened fontkit font as a source; its declared types only name files and buffers.
      if (fallback) this.doc.registerFont(run.face, openedFont(fallback.path) as unknown as Buffer);
      this.registered.add(run.face);
    }
    this.doc.font(run.face).fontSize(this.size);
  }

  /** The width of `value` in points in the current face and size, each character in the face that has it. */
  private width(value: string): number {
    const runs = this.runs(value);
    if (runs.length <= 1 && (runs[0]?.face ?? this.face) === this.face) return this.doc.widthOfString(value);
    let width = 0;
    for (const run of runs) {
      this.useFace(run);
      width += this.doc.widthOfString(run.text, run.rtl ? RTL_LAYOUT : undefined);
    }
    this.doc.font(this.face).fontSize(this.size);
    return width;
  }

  /** Draws `value` from `x` in the current face, size and colour, run by run (see `runs`). */
  private draw(value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
    const runs = this.runs(value);
    if (runs.length <= 1 && (runs[0]?.face ?? this.face) === this.face) {
      this.doc.text(value, x, y, options);
      return;
    }
    let at = x;
    for (const run of runs) {
      this.useFace(run);
      this.doc.text(run.text, at, y, run.rtl ? { ...options, ...RTL_LAYOUT } : options);
      at += this.doc.widthOfString(run.text, run.rtl ? RTL_LAYOUT : undefined);
    }
    this.doc.font(this.face).fontSize(this.size);
  }

  /** Wraps prose greedily by words at `width` points in the current font; a word wider than `width` is cut by characters. */
  private wrap(value: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of value.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/(?<=\s)/)) {
        const candidate = line + word;
        if (line !== '' && this.width(candidate.trimEnd()) > width) {
          lines.push(line.trimEnd());
          line = word.trimStart();
        } else {
          line = candidate;
        }
        while (this.width(line.trimEnd()) > width) {
          const [head, tail] = this.cutPieces([{ type: 'equal', text: line }], width);
          lines.push(head.map((piece) => piece.text).join(''));
          line = tail.map((piece) => piece.text).join('');
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  /**
   * A paragraph of prose (headings, facts, instructions, rationale): wrapped
   * to the column, never line-numbered. `destination` names the place for
   * links; `outline` adds a bookmark to the PDF's outline.
   */
  prose(value: string, options: ProseOptions = {}): void {
    const size = options.size ?? TEXT_SIZE;
    const font = options.sans ? (options.bold ? 'sansBold' : 'sans') : options.bold ? 'bold' : 'text';
    const left = TEXT_LEFT + (options.indent ?? 0);
    this.setFont(font, size);
    const rightText = options.right === undefined ? '' : this.text(options.right);
    const rightWidth = rightText === '' ? 0 : this.width(rightText) + 12;
    const room = TEXT_RIGHT - left - rightWidth;
    const lines = options.single ? [this.truncate(this.text(value), room)] : this.wrap(this.text(value), room);
    const lineHeight = proseLineHeight(size);
    this.room(lineHeight * Math.min(lines.length, 2));
    if (options.destination) this.doc.addNamedDestination(options.destination);
    if (options.outline) this.doc.outline.addItem(this.text(value));
    lines.forEach((line, i) => {
      this.room(lineHeight);
      this.setFont(font, size).fillColor(options.color ?? INK);
      const link = options.link ? { goTo: options.link } : {};
      this.draw(line, left, this.y, { lineBreak: false, ...link });
      if (i === lines.length - 1 && rightText !== '') this.draw(rightText, TEXT_RIGHT - this.width(rightText), this.y, { lineBreak: false, ...link });
      this.y += lineHeight;
    });
  }

  /** Cuts a text with an ellipsis so that it fits `width` points in the current font. */
  private truncate(value: string, width: number): string {
    if (this.width(value) <= width) return value;
    let cut = value;
    while (cut.length > 1 && this.width(`${cut}\u2026`) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}\u2026`;
  }

  /** How many prose lines of `size` still fit on this page. */
  linesLeft(size: number): number {
    return Math.max(0, Math.floor((BODY_BOTTOM - this.y) / proseLineHeight(size)));
  }

  /** How many prose lines of `size` fit on an empty page. */
  static linesPerPage(size: number): number {
    return Math.floor((BODY_BOTTOM - BODY_TOP) / proseLineHeight(size));
  }

  /**
   * Moves drawing back to an earlier page (one reserved for the table of
   * contents) at `y`, or the top of its body. What is drawn there must fit:
   * this never adds a page.
   */
  goToPage(index: number, y: number = BODY_TOP): void {
    this.doc.switchToPage(index);
    this.y = y;
  }

  /** Where the next line is drawn on the current page. */
  get cursor(): number {
    return this.y;
  }

  /** Draws a line number right-aligned in the margin, on the line's baseline. */
  private lineNumber(n: number | null, baseline: number): void {
    if (n === null) return;
    const label = String(n);
    this.setFont('sans', NUMBER_SIZE).fillColor(MUTED);
    this.doc.text(label, TEXT_LEFT - NUMBER_GAP - this.doc.widthOfString(label), baseline, { lineBreak: false, baseline: 'alphabetic' });
  }

  /**
   * One numbered line: its number in the margin, its segments in order, struck
   * and inserted ones marked. A line a little too wide for the column is set
   * smaller (down to `MIN_SHRUNK_SIZE`, never below `MIN_TEXT_SIZE`);
   * a wider one (a long insertion) wraps by words onto continuation lines that
   * carry no number, kept on one page with their numbered line when they fit
   * one. A word wider than the whole column is cut where the column ends.
   */
  numberedLine(n: number | null, segments: readonly RedlineSegment[], style: { bold: boolean; size: number; indent: number; marker?: string }): void {
    const font = style.bold ? 'bold' : 'text';
    const left = TEXT_LEFT + style.indent;
    const width = TEXT_RIGHT - left;
    const pieces: LinePiece[] = segments.map((segment) => ({ type: segment.type, text: this.text(segment.text) }));
    this.setFont(font, style.size);
    const natural = pieces.reduce((sum, piece) => sum + this.width(piece.text), 0);
    const fitted = natural > width ? (style.size * width) / natural : style.size;
    const oneRow = natural <= width || fitted >= MIN_SHRUNK_SIZE;
    const size = oneRow ? fitted : Math.max(MIN_TEXT_SIZE, style.size);
    this.setSize(size);
    const rows = oneRow ? [pieces] : this.wrapPieces(pieces, width);
    const lineHeight = style.size > TEXT_SIZE ? LINE_HEIGHT * (style.size / TEXT_SIZE) : LINE_HEIGHT;
    this.room(lineHeight * rows.length);
    rows.forEach((row, i) => {
      if (i > 0) this.room(lineHeight);
      // Number and text share one baseline, so that text set smaller stays on its number's line.
      const baseline = this.y + BASELINE;
      if (i === 0) this.lineNumber(n, baseline);
      this.setFont(font, size);
      if (i === 0 && style.marker) {
        this.doc.fillColor(INK);
        this.draw(style.marker, left - LIST_INDENT + 2, baseline, { lineBreak: false, baseline: 'alphabetic' });
      }
      this.drawPieces(row, left, baseline, size);
      this.y += lineHeight;
    });
  }

  /** Draws pieces of a line from `left` on `baseline`, struck ones red and struck through, inserted ones green and underlined. */
  private drawPieces(pieces: readonly LinePiece[], left: number, baseline: number, size: number): void {
    let x = left;
    for (const piece of pieces) {
      const width = this.width(piece.text);
      const color = piece.type === 'delete' ? STRUCK : piece.type === 'insert' ? INSERTED : INK;
      if (piece.text.trim() !== '') {
        this.doc.fillColor(color);
        this.draw(piece.text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
      }
      if (piece.type !== 'equal' && width > 0) {
        const at = piece.type === 'delete' ? baseline - size * 0.3 : baseline + size * 0.15;
        this.doc.save().moveTo(x, at).lineTo(x + width, at).lineWidth(0.7).strokeColor(color).stroke().restore();
      }
      x += width;
    }
  }

  /**
   * Cuts the pieces of one numbered line into rows of at most `width` points in
   * the current font: greedily by words (a break only after whitespace, never
   * between the struck and inserted halves of "fourfive"), each piece keeping
   * its type across the cut. Whitespace at a cut is dropped, as any word
   * processor does; a word wider than `width` is cut by characters.
   */
  private wrapPieces(pieces: readonly LinePiece[], width: number): LinePiece[][] {
    const words: LinePiece[][] = [[]];
    for (const piece of pieces) {
      for (const part of piece.text.split(/(?<=\s)/)) {
        if (part === '') continue;
        words[words.length - 1].push({ type: piece.type, text: part });
        if (/\s$/.test(part)) words.push([]);
      }
    }
    const rows: LinePiece[][] = [];
    let row: LinePiece[] = [];
    const measure = (parts: readonly LinePiece[]) => this.width(trimPieces(parts).map((part) => part.text).join(''));
    for (const word of words) {
      if (word.length === 0) continue;
      if (row.length > 0 && measure([...row, ...word]) > width) {
        rows.push(trimPieces(row));
        row = [];
      }
      if (row.length === 0 && word.every((part) => part.text.trim() === '') && rows.length > 0) continue;
      row.push(...word);
      while (measure(row) > width) {
        const [head, tail] = this.cutPieces(row, width);
        rows.push(head);
        row = tail;
      }
    }
    if (row.length > 0 || rows.length === 0) rows.push(trimPieces(row));
    return rows.map(mergePieces);
  }

  /** Cuts pieces too wide for `width` (one long word) into the characters that fit and the rest; at least one character goes first. */
  private cutPieces(pieces: readonly LinePiece[], width: number): [LinePiece[], LinePiece[]] {
    const head: LinePiece[] = [];
    let used = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      const chars = Array.from(piece.text);
      let taken = 0;
      while (taken < chars.length) {
        const next = this.width(chars[taken]);
        if (used + next > width && (head.length > 0 || taken > 0)) break;
        used += next;
        taken++;
      }
      if (taken > 0) head.push({ type: piece.type, text: chars.slice(0, taken).join('') });
      if (taken < chars.length) {
        const rest = { type: piece.type, text: chars.slice(taken).join('') };
        return [head, [rest, ...pieces.slice(i + 1)]];
      }
    }
    return [head, []];
  }

  /** The blocks of a redline, each line numbered by the base (a line of a new block has no number). */
  redlineBlocks(blocks: readonly RedlineBlock[]): void {
    const counters: number[] = [];
    let previousWasList = false;
    for (const block of blocks) {
      const isList = block.kind === 'bullet' || block.kind === 'ordered';
      const depth = isList ? Math.max(0, block.level ?? 0) : 0;
      if (!isList) counters.length = 0;
      let marker: string | undefined;
      if (isList) {
        counters.length = depth + 1;
        counters[depth] = (counters[depth] ?? 0) + 1;
        marker = block.kind === 'bullet' ? '\u2022' : `${counters[depth]}.`;
      }
      if (!(isList && previousWasList)) this.gap(BLOCK_GAP);
      const style = {
        bold: block.kind === 'title' || block.kind === 'heading',
        size: block.kind === 'title' ? TITLE_SIZE : TEXT_SIZE,
        indent: isList ? LIST_INDENT * (depth + 1) : 0,
      };
      block.lines.forEach((line, i) => this.numberedLine(line.baseLine, line.segments, { ...style, ...(i === 0 && marker ? { marker } : {}) }));
      previousWasList = isList;
    }
  }

  /** A centred ellipsis between the runs of an excerpt. */
  ellipsis(): void {
    this.gap(BLOCK_GAP);
    this.room(LINE_HEIGHT);
    this.setFont('text', TEXT_SIZE).fillColor(MUTED).text('\u2026', TEXT_LEFT, this.y, { lineBreak: false });
    this.y += LINE_HEIGHT;
  }

  /** A small legend for redlines. */
  legend(width: number): void {
    this.prose(`Line numbers of the base text at ${width} characters per line. Struck text is red and struck through; inserted text is green and underlined.`, { size: META_SIZE, sans: true, color: MUTED });
  }

  /** Numbered instructions under a heading. */
  instructions(piece: Pick<ExportPiece, 'instructions'>): void {
    if (piece.instructions.length === 0) return;
    this.gap(LINE_HEIGHT / 2);
    this.prose('Amendment instructions', { bold: true, sans: true, size: 11 });
    piece.instructions.forEach((instruction, i) => this.prose(`${i + 1}. ${instruction.text}`, { indent: 0 }));
  }

  /** Draws every page's header and footer, ends the document and returns its bytes. */
  async finish(): Promise<Uint8Array> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const header = this.headers[i - range.start];
      this.setFont('sans', META_SIZE).fillColor(MUTED);
      const right = this.text(header.right);
      const rightWidth = this.width(right);
      let left = this.text(header.left);
      while (left.length > 1 && this.width(left) > TEXT_RIGHT - TEXT_LEFT - rightWidth - 12) left = left.slice(0, -2) + '\u2026';
      this.draw(left, TEXT_LEFT, HEADER_Y, { lineBreak: false });
      this.draw(right, TEXT_RIGHT - rightWidth, HEADER_Y, { lineBreak: false });
      const footer = `Page ${i - range.start + 1} of ${range.count}`;
      this.doc.text(footer, (PAGE_WIDTH - this.doc.widthOfString(footer)) / 2, FOOTER_Y, { lineBreak: false });
    }
    this.doc.end();
    await this.done;
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

/** The whole of a redline (or a clean text), numbered line by line. */
export function drawRedline(book: PdfBook, redline: Redline): void {
  book.redlineBlocks(redline.blocks);
}

/** Only the changed parts of a redline, with a little context, runs separated by an ellipsis (packet excerpts). */
export function drawExcerpt(book: PdfBook, redline: Redline): void {
  excerptRuns(redline).forEach((run, i) => {
    if (i > 0) book.ellipsis();
    book.redlineBlocks(run.blocks);
  });
}

/**
 * A text or redline as a PDF: line-numbered text (numbered by the base for a
 * redline), then the amendment instructions. Every page has the code, title
 * and version in its header and the page number in its footer.
 */
export async function renderPdf(piece: ExportPiece): Promise<Uint8Array> {
  const book = new PdfBook(headingOf(piece));
  book.setHeader(headingOf(piece), piece.versionLabel);
  if (piece.kind === 'redline') book.legend(piece.redline.width);
  drawRedline(book, piece.redline);
  book.instructions(piece);
  return book.finish();
}
