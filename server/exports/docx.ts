/**
 * Word (DOCX) exports with real tracked changes: struck text is a `w:del`
 * run and inserted text a `w:ins` run, each with its author and date, so a
 * staff member can accept or reject every change in Word. A struck or new
 * paragraph also has its paragraph mark tracked, so accepting all changes
 * gives exactly the amended text and rejecting all gives the base.
 *
 * Line numbers, two ways:
 * - `flow` (default): the text flows in paragraphs and Word numbers the lines
 *   itself (`w:lnNumType`). The text is set in Courier New, every glyph
 *   0.6 em wide, at a size and right margin that fit exactly `width`
 *   characters on a line (plus half a character of slack), and list items are
 *   indented on both sides so that their lines are as wide as any other. Word
 *   then wraps by words where the tool does, and its numbers match the tool's
 *   in Word's "Original" view (a clean text: always). Word may break after a
 *   hyphen where the tool does not; that is as close as Word allows.
 * - `column`: a two-column table, one row per numbered line, the tool's own
 *   line number in the first column. Exact whatever Word does; the packet
 *   uses it for amendment excerpts, which do not start at line 1.
 */
import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  Footer,
  Header,
  InsertedTextRun,
  LevelFormat,
  LineNumberRestartFormat,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  TabStopType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ISectionOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import type { SegmentType } from '../../shared/redline';
import type { BlockKind } from '../../shared/text';
import type { Redline, RedlineBlock, RedlineSegment } from '../../shared/redline';
import { headingOf, type ExportPiece } from './model';
import { directionSpans } from './font-runs';

/** US Letter, in twips (1/20 pt): the paper US conventions print on. */
export const PAGE_WIDTH_TWIPS = 12_240;
export const PAGE_HEIGHT_TWIPS = 15_840;
/** One inch on the left leaves room for Word's line numbers. */
export const LEFT_MARGIN_TWIPS = 1_440;
/** At least three quarters of an inch on the right: room for three list levels' negative right indent. */
const MIN_RIGHT_MARGIN_TWIPS = 1_080;
/** Top and bottom margins: one inch, with the header and footer half an inch from the edge. */
const VERTICAL_MARGIN_TWIPS = 1_440;
const HEADER_FOOTER_TWIPS = 720;
/** Courier New's advance width: 1229/2048 em, i.e. 0.6 em for every glyph. */
const MONOSPACE_ADVANCE_EM = 0.6;
/** Font sizes Word is given, in half points: 12 pt at most (short lines), 6 pt at least (very long ones: exactness gives way). */
const MAX_FONT_HALF_POINTS = 24;
const MIN_FONT_HALF_POINTS = 12;
/** Indent per list level, both sides (twips): a quarter inch, as Word's own lists. */
const LIST_INDENT_TWIPS = 360;
/** Gap between Word's line numbers and the text (twips). */
const LINE_NUMBER_DISTANCE_TWIPS = 360;
/** Space after each block (twips): half a line, so blocks read apart without adding numbered lines. */
const BLOCK_SPACING_TWIPS = 120;
/** Width of the line-number column in the `column` layout (twips). */
const NUMBER_COLUMN_TWIPS = 720;
/** The body font: monospaced, so that a line's width in characters is its width on paper. */
export const MONOSPACE_FONT = 'Courier New';
/** The font for headings of the packet, covers and instructions. */
const PROSE_FONT = 'Times New Roman';
/**
 * The font hint for Chinese, Japanese and Korean characters (`w:eastAsia`):
 * SimSun ships with Windows and maps to Noto Sans CJK or WenQuanYi elsewhere.
 * An ideograph is set an em wide there, wider than one Courier New character,
 * though Plenary counts it as one: a line full of Chinese wraps earlier in Word.
 */
const EAST_ASIAN_FONT = 'SimSun';
/** Run fonts for every script: the Latin face, East Asian text in `EAST_ASIAN_FONT`, Arabic and Hebrew (`w:cs`) in the same face, which has them. */
function fontsFor(face: string): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  return { ascii: face, hAnsi: face, eastAsia: EAST_ASIAN_FONT, cs: face };
}

/** How lines are numbered (see the file comment). */
export type DocxLineNumbers = 'flow' | 'column';

/** Page geometry that makes Word wrap lines at the tool's width. */
export interface DocxGeometry {
  fontHalfPoints: number;
  textWidthTwips: number;
  rightMarginTwips: number;
}

/**
 * The font size and margins at which Word fits `width` monospaced characters
 * on a line and not one more: the text column is `width + 0.5` characters wide.
 */
export function docxGeometry(width: number): DocxGeometry {
  const available = PAGE_WIDTH_TWIPS - LEFT_MARGIN_TWIPS - MIN_RIGHT_MARGIN_TWIPS;
  const fitting = Math.floor((2 * available) / 20 / ((width + 0.5) * MONOSPACE_ADVANCE_EM));
  const fontHalfPoints = Math.max(MIN_FONT_HALF_POINTS, Math.min(MAX_FONT_HALF_POINTS, fitting));
  const charTwips = (fontHalfPoints / 2) * MONOSPACE_ADVANCE_EM * 20;
  const textWidthTwips = Math.min(available, Math.round((width + 0.5) * charTwips));
  return { fontHalfPoints, textWidthTwips, rightMarginTwips: PAGE_WIDTH_TWIPS - LEFT_MARGIN_TWIPS - textWidthTwips };
}

/** Gives every tracked change of one document its unique id, author and date. */
export class Revisions {
  private nextId = 1;

  /** A revision's attributes (`w:id`, `w:author`, `w:date`) for a change by `author` at `date`. */
  next(author: string, date: string): { id: number; author: string; date: string } {
    return { id: this.nextId++, author, date: wordDate(date) };
  }
}

/** Word's date form for revisions: ISO 8601 in UTC without milliseconds. */
export function wordDate(iso: string): string {
  const time = Date.parse(iso);
  return (Number.isNaN(time) ? new Date(0) : new Date(time)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Paragraph style ids of the text's blocks: the tests and any macro find the text by them. */
export const TEXT_STYLE: Record<BlockKind, string> = {
  title: 'PlTitle',
  heading: 'PlHeading',
  paragraph: 'PlParagraph',
  whereas: 'PlWhereas',
  resolved: 'PlResolved',
  bullet: 'PlListItem',
  ordered: 'PlListItem',
};
/** Styles of what surrounds a text (headings of the packet, facts, instructions, the table of contents). */
export const PROSE_STYLE = { heading: 'Heading1', subheading: 'Heading2', meta: 'PlMeta', instruction: 'PlInstruction', toc: 'PlToc' } as const;

/** The document's styles: every text style in the monospaced font at the fitted size. */
export function docxStyles(geometry: DocxGeometry): IStylesOptions {
  const text = (id: string, name: string, bold = false) => ({
    id,
    name,
    basedOn: 'Normal',
    quickFormat: true,
    run: { font: fontsFor(MONOSPACE_FONT), size: geometry.fontHalfPoints, sizeComplexScript: geometry.fontHalfPoints, bold, boldComplexScript: bold },
    paragraph: { spacing: { before: 0, after: BLOCK_SPACING_TWIPS, line: 240 } },
  });
  const prose = (id: string, name: string, size: number, bold = false) => ({
    id,
    name,
    basedOn: 'Normal',
    run: { font: fontsFor(PROSE_FONT), size, sizeComplexScript: size, bold, boldComplexScript: bold },
    paragraph: { spacing: { before: 120, after: 120 }, suppressLineNumbers: true },
  });
  return {
    default: { document: { run: { font: fontsFor(PROSE_FONT), size: 22, sizeComplexScript: 22 } } },
    paragraphStyles: [
      text(TEXT_STYLE.title, 'Plenary title', true),
      text(TEXT_STYLE.heading, 'Plenary heading', true),
      text(TEXT_STYLE.paragraph, 'Plenary paragraph'),
      text(TEXT_STYLE.whereas, 'Plenary whereas clause'),
      text(TEXT_STYLE.resolved, 'Plenary resolved clause'),
      text(TEXT_STYLE.bullet, 'Plenary list item'),
      { ...prose(PROSE_STYLE.heading, 'Heading 1', 32, true), next: 'Normal' },
      { ...prose(PROSE_STYLE.subheading, 'Heading 2', 26, true), next: 'Normal' },
      prose(PROSE_STYLE.meta, 'Plenary facts', 20),
      prose(PROSE_STYLE.instruction, 'Plenary instruction', 22),
      prose(PROSE_STYLE.toc, 'Plenary contents entry', 22),
    ],
  };
}

/** The list definitions: bullets and decimal numbers, one level per depth. */
export function docxNumbering() {
  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
    Array.from({ length: 9 }, (_, level) => ({ level, format, text: text(level), alignment: AlignmentType.LEFT }));
  return {
    config: [
      { reference: 'pl-bullet', levels: levels(LevelFormat.BULLET, () => '\u2022') },
      { reference: 'pl-ordered', levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
    ],
  };
}

/** Where a text's tracked changes come from. */
export interface ChangeContext {
  revisions: Revisions;
  author: string;
  date: string;
}

function mergedSegments(block: RedlineBlock): { type: SegmentType; text: string }[] {
  const out: { type: SegmentType; text: string }[] = [];
  for (const line of block.lines) {
    for (const segment of line.segments) {
      const last = out[out.length - 1];
      if (last && last.type === segment.type) last.text += segment.text;
      else out.push({ type: segment.type, text: segment.text });
    }
  }
  return out;
}

/**
 * The runs of a piece of text: plain, or tracked insertions or deletions. Arabic
 * and Hebrew stretches are runs of their own marked right to left (`w:rtl`), so
 * Word orders and shapes them as RTL text; a tracked change split so keeps one
 * revision per run.
 */
function segmentRuns(segment: { type: SegmentType; text: string }, changes: ChangeContext): ParagraphChild[] {
  return directionSpans(segment.text).map(({ text, rtl }) => {
    const direction = rtl ? { rightToLeft: true } : {};
    if (segment.type === 'equal') return new TextRun({ text, ...direction });
    const revision = changes.revisions.next(changes.author, changes.date);
    return segment.type === 'delete' ? new DeletedTextRun({ ...revision, text, ...direction }) : new InsertedTextRun({ ...revision, text, ...direction });
  });
}

type MarkRevision = 'insert' | 'delete' | null;

/**
 * Which paragraph marks are tracked: a new block's mark is inserted and a
 * struck block's deleted, so that accepting or rejecting merges the right
 * paragraphs. Word cannot track the last paragraph's mark, so in the run of
 * new and struck blocks at the end of the text every mark revision moves one
 * paragraph up (onto the last kept block before the run): accepting or
 * rejecting then still leaves exactly the right paragraphs and texts.
 */
function markRevisions(blocks: readonly RedlineBlock[]): MarkRevision[] {
  const own: MarkRevision[] = blocks.map((block) => (block.status === 'inserted' ? 'insert' : block.status === 'deleted' ? 'delete' : null));
  const marks = [...own];
  let tail = blocks.length;
  while (tail > 0 && own[tail - 1] !== null) tail--;
  if (tail === blocks.length) return marks;
  for (let i = Math.max(0, tail - 1); i < blocks.length; i++) marks[i] = i + 1 < blocks.length ? own[i + 1] : null;
  return marks;
}

/** Tracks which list a list item belongs to, so that each run of list items is numbered from 1. */
class ListInstances {
  private instance = 0;
  private inList = false;

  /** The list instance of a block (undefined for a block that is not a list item). */
  of(kind: BlockKind): number | undefined {
    const isList = kind === 'bullet' || kind === 'ordered';
    if (!isList) {
      this.inList = false;
      return undefined;
    }
    if (!this.inList) this.instance++;
    this.inList = true;
    return this.instance;
  }
}

/** Paragraph properties of a block: its style, and for a list item its list and two-sided indent. */
function blockProperties(block: Pick<RedlineBlock, 'kind' | 'level'>, lists: ListInstances, geometry: DocxGeometry) {
  const instance = lists.of(block.kind);
  if (instance === undefined) return { style: TEXT_STYLE[block.kind] };
  const depth = Math.max(0, block.level ?? 0);
  const indent = Math.min(LIST_INDENT_TWIPS * (depth + 1), geometry.rightMarginTwips - LIST_INDENT_TWIPS / 2);
  return {
    style: TEXT_STYLE[block.kind],
    numbering: { reference: block.kind === 'ordered' ? 'pl-ordered' : 'pl-bullet', level: Math.min(depth, 8), instance },
    // The same indent on the right, negative, keeps the line exactly as wide as an unindented one.
    indent: { left: indent, hanging: LIST_INDENT_TWIPS, right: -indent },
  };
}

/**
 * The text of a redline as flowing paragraphs with tracked changes (the
 * `flow` layout): one paragraph per block. A clean text's redline gives plain
 * paragraphs without any revision.
 */
export function flowParagraphs(redline: Redline, changes: ChangeContext, geometry: DocxGeometry): Paragraph[] {
  const marks = markRevisions(redline.blocks);
  const lists = new ListInstances();
  return redline.blocks.map((block, i) => {
    const mark = marks[i];
    const run = mark === null ? undefined : mark === 'insert' ? { insertion: changes.revisions.next(changes.author, changes.date) } : { deletion: changes.revisions.next(changes.author, changes.date) };
    return new Paragraph({
      ...blockProperties(block, lists, geometry),
      ...(run ? { run } : {}),
      children: mergedSegments(block).flatMap((segment) => segmentRuns(segment, changes)),
    });
  });
}

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

/**
 * Blocks of a redline as a table with the tool's line numbers in the first
 * column (the `column` layout): one row per inline line, numbered by the base
 * (a line of a new block has no number). Changes stay tracked inside the rows.
 */
export function columnTable(blocks: readonly RedlineBlock[], changes: ChangeContext, geometry: DocxGeometry): Table {
  const rows: TableRow[] = [];
  for (const block of blocks) {
    block.lines.forEach((line, i) => {
      const numberCell = new TableCell({
        width: { size: NUMBER_COLUMN_TWIPS, type: WidthType.DXA },
        children: [new Paragraph({ style: PROSE_STYLE.meta, alignment: AlignmentType.RIGHT, spacing: { before: i === 0 ? BLOCK_SPACING_TWIPS : 0, after: 0 }, children: [new TextRun({ text: line.baseLine === null ? '' : String(line.baseLine), font: MONOSPACE_FONT, size: geometry.fontHalfPoints })] })],
      });
      const textCell = new TableCell({
        width: { size: geometry.textWidthTwips, type: WidthType.DXA },
        children: [
          new Paragraph({
            style: TEXT_STYLE[block.kind],
            spacing: { before: i === 0 ? BLOCK_SPACING_TWIPS : 0, after: 0 },
            children: line.segments.flatMap((segment: RedlineSegment) => segmentRuns(segment, changes)),
          }),
        ],
      });
      rows.push(new TableRow({ cantSplit: true, children: [numberCell, textCell] }));
    });
  }
  return new Table({
    rows,
    width: { size: NUMBER_COLUMN_TWIPS + geometry.textWidthTwips, type: WidthType.DXA },
    columnWidths: [NUMBER_COLUMN_TWIPS, geometry.textWidthTwips],
    borders: NO_BORDERS,
    indent: { size: -NUMBER_COLUMN_TWIPS, type: WidthType.DXA },
  });
}

/** Paragraphs listing amendment instructions, numbered "1.", "2." ... (not line-numbered). */
export function instructionParagraphs(piece: Pick<ExportPiece, 'instructions'>): Paragraph[] {
  if (piece.instructions.length === 0) return [];
  return [
    new Paragraph({ style: PROSE_STYLE.subheading, suppressLineNumbers: true, children: [new TextRun('Amendment instructions')] }),
    ...piece.instructions.map(
      (instruction, i) => new Paragraph({ style: PROSE_STYLE.instruction, suppressLineNumbers: true, children: [new TextRun(`${i + 1}. ${instruction.text}`)] }),
    ),
  ];
}

/** The page header (heading and version) and footer (page N of M) of a section. */
export function headerAndFooter(left: string, right: string, tabAt: number): Pick<ISectionOptions, 'headers' | 'footers'> {
  return {
    headers: {
      default: new Header({
        children: [new Paragraph({ style: PROSE_STYLE.meta, suppressLineNumbers: true, children: [new TextRun(left), new TextRun({ text: `\t${right}` })], tabStops: [{ type: TabStopType.RIGHT, position: tabAt }] })],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            style: PROSE_STYLE.meta,
            alignment: AlignmentType.CENTER,
            suppressLineNumbers: true,
            children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
          }),
        ],
      }),
    },
  };
}

/** Section page properties: Letter, the fitted margins, and Word's line numbering when `numbered`. */
export function sectionProperties(geometry: DocxGeometry, numbered: boolean, restart: 'continuous' | 'section' = 'continuous') {
  return {
    page: {
      size: { width: PAGE_WIDTH_TWIPS, height: PAGE_HEIGHT_TWIPS },
      margin: {
        top: VERTICAL_MARGIN_TWIPS,
        bottom: VERTICAL_MARGIN_TWIPS,
        left: LEFT_MARGIN_TWIPS,
        right: geometry.rightMarginTwips,
        header: HEADER_FOOTER_TWIPS,
        footer: HEADER_FOOTER_TWIPS,
      },
    },
    ...(numbered
      ? {
          lineNumbers: {
            countBy: 1,
            restart: restart === 'continuous' ? LineNumberRestartFormat.CONTINUOUS : LineNumberRestartFormat.NEW_SECTION,
            distance: LINE_NUMBER_DISTANCE_TWIPS,
          },
        }
      : {}),
  };
}

/** Options of a single-text DOCX. */
export interface DocxOptions {
  lineNumbers?: DocxLineNumbers;
}

/** A complete Word document from sections, with the project's styles and lists. */
export async function packDocx(sections: ISectionOptions[], geometry: DocxGeometry, title: string, updateFields = false): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Plenary',
    title,
    description: 'Exported by Plenary',
    styles: docxStyles(geometry),
    numbering: docxNumbering(),
    ...(updateFields ? { features: { updateFields: true } } : {}),
    sections,
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * A text or redline as a Word document: the text with Word's line numbers
 * (`flow`) or the tool's in a column (`column`), tracked changes for a
 * redline, then the amendment instructions in a section of their own without
 * line numbers. Headers carry the code, title and version; footers the page.
 */
export async function renderDocx(piece: ExportPiece, options: DocxOptions = {}): Promise<Uint8Array> {
  const geometry = docxGeometry(piece.redline.width);
  const changes: ChangeContext = { revisions: new Revisions(), author: piece.author, date: piece.date };
  const layout = options.lineNumbers ?? 'flow';
  const text: FileChild[] = layout === 'column' ? [columnTable(piece.redline.blocks, changes, geometry)] : flowParagraphs(piece.redline, changes, geometry);
  const frame = headerAndFooter(headingOf(piece), piece.versionLabel, geometry.textWidthTwips);
  const sections: ISectionOptions[] = [{ ...frame, properties: sectionProperties(geometry, layout === 'flow'), children: text }];
  const instructions = instructionParagraphs(piece);
  if (instructions.length > 0) sections.push({ ...frame, properties: { ...sectionProperties(geometry, false), type: SectionType.CONTINUOUS }, children: instructions });
  return packDocx(sections, geometry, headingOf(piece));
}
