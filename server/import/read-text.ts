/**
 * Reads an imported file (DOCX, Markdown, plain text, HTML) into a
 * ProseMirror document of the resolution schema, through one path: every
 * format becomes HTML, and `readHtmlText` (shared/import, the same rules the
 * editor's paste uses) finds the title, headings, clauses and lists.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { readHtmlText, droppedWarnings } from '../../shared/import';
import { errors } from '../errors';
import { openDocx, type DocxPackage } from './docx-package';
import { MAX_IMPORT_BLOCKS } from './limits';

/** The formats Plenary imports, by file name ending. */
export const IMPORT_FORMATS = { '.docx': 'docx', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.html': 'html', '.htm': 'html' } as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[keyof typeof IMPORT_FORMATS];

/** A text read from a file: its document, its title ('' when it has none) and what was left out. */
export interface ImportedText {
  doc: PMNode;
  title: string;
  warnings: string[];
}

/** The format of a file by its name; IMPORT_UNSUPPORTED for any other ending. */
export function importFormat(fileName: string): ImportFormat {
  const lower = fileName.toLowerCase();
  for (const [ending, format] of Object.entries(IMPORT_FORMATS)) if (lower.endsWith(ending)) return format;
  if (lower.endsWith('.odt')) throw errors.importUnsupported('OpenDocument (.odt) files are not read yet: save the file as Word (.docx) and import that.');
  throw errors.importUnsupported(`Plenary imports .docx, .md, .txt and .html files, not “${fileName}”.`);
}

/**
 * Word's styles to the HTML the rules read. Word's Title is the title; its
 * Heading 1-3 sit under the title, so they are the text's levels 2-4. Plenary's
 * own export styles read back as the blocks they were written from; its prose
 * around a text (instructions, facts, contents) is not the text.
 */
const DOCX_STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='Heading 1'] => h2:fresh",
  "p[style-name='Heading 2'] => h3:fresh",
  "p[style-name='Heading 3'] => h4:fresh",
  "p[style-name='Heading 4'] => h4:fresh",
  "p[style-name='Heading 5'] => h4:fresh",
  "p[style-name='Heading 6'] => h4:fresh",
  "p[style-name='Plenary title'] => h1:fresh",
  "p[style-name='Plenary heading'] => h2:fresh",
  "p[style-name='Plenary whereas clause'] => p.pl-whereas:fresh",
  "p[style-name='Plenary resolved clause'] => p.pl-resolved:fresh",
  "p[style-name='Plenary paragraph'] => p:fresh",
  "p[style-name='Plenary instruction'] => !",
  "p[style-name='Plenary facts'] => !",
  "p[style-name='Plenary contents entry'] => !",
  'comment-reference => !',
];

/** Text that is not valid UTF-8, or holds NUL bytes, is a binary file whatever its name says. */
function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes.includes(0)) throw errors.importUnreadable(`“${fileName}” is not a text file (it holds binary data).`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw errors.importUnreadable(`“${fileName}” is not UTF-8 text; save it as UTF-8 and retry.`);
  }
}

/** The server-side DOM, loaded on the first import. */
async function domOf(html: string): Promise<HTMLElement> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(html);
  return document.body as unknown as HTMLElement;
}

function bodyOf(html: string): Promise<HTMLElement> {
  return domOf(`<!doctype html><html><head></head><body>${html}</body></html>`);
}

function fullBodyOf(html: string): Promise<HTMLElement> {
  return domOf(/<body[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`);
}

function count(xml: string, pattern: RegExp): number {
  return xml.match(pattern)?.length ?? 0;
}

async function docxHtml(bytes: Uint8Array): Promise<{ html: string; warnings: string[] }> {
  const parts: DocxPackage = await openDocx(bytes);
  const { default: mammoth } = await import('mammoth');
  let result: { value: string };
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: DOCX_STYLE_MAP,
        // An image becomes an empty <img>, which the cleaning counts and drops.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch {
    throw errors.importUnreadable('The Word file is damaged: its text cannot be read.');
  }
  const comments = count(parts.comments, /<w:comment\b/g);
  const fields = count(parts.document, /<w:fldSimple\b/g) + count(parts.document, /w:fldCharType="begin"/g);
  // mammoth leaves comments and fields out by itself: say so.
  return { html: result.value, warnings: droppedWarnings({ comments, images: 0, fields }) };
}

/** Markdown as CommonMark, raw HTML shown as text (never read as markup). */
async function renderMarkdown(source: string): Promise<string> {
  const { default: MarkdownIt } = await import('markdown-it');
  return new MarkdownIt({ html: false, linkify: false, typographer: false }).render(source);
}

/** A plain-text file's first line is its title only when it is a line, not a paragraph, long. */
const MAX_TEXT_TITLE_LENGTH = 200;

/** Plain text: blank lines part paragraphs; a short single first line is the title. */
function textHtml(source: string, body: HTMLElement): void {
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trim()).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0);
  const doc = body.ownerDocument;
  paragraphs.forEach((lines, i) => {
    const text = lines.join(' ');
    const isTitle = i === 0 && lines.length === 1 && text.length <= MAX_TEXT_TITLE_LENGTH && paragraphs.length > 1;
    const element = doc.createElement(isTitle ? 'h1' : 'p');
    element.textContent = text;
    body.append(element);
  });
}

/**
 * Reads a file into a text. Unknown endings are IMPORT_UNSUPPORTED; an empty
 * file or one with no words is IMPORT_EMPTY; a damaged or binary one is
 * IMPORT_UNREADABLE; a DOCX that unpacks too far is IMPORT_TOO_LARGE.
 * The readers (mammoth, markdown-it, linkedom) load on first use, so the
 * server starts as fast as before.
 */
export async function readImportedFile(fileName: string, bytes: Uint8Array): Promise<ImportedText> {
  const format = importFormat(fileName);
  if (bytes.length === 0) throw errors.importEmpty(`“${fileName}” is empty.`);
  let body: HTMLElement;
  const warnings: string[] = [];
  switch (format) {
    case 'docx': {
      const converted = await docxHtml(bytes);
      warnings.push(...converted.warnings);
      body = await bodyOf(converted.html);
      break;
    }
    case 'markdown':
      body = await bodyOf(await renderMarkdown(decodeText(bytes, fileName)));
      break;
    case 'html':
      body = await fullBodyOf(decodeText(bytes, fileName));
      break;
    case 'text':
      body = await bodyOf('');
      textHtml(decodeText(bytes, fileName), body);
      break;
  }
  const read = readHtmlText(body);
  warnings.push(...read.warnings);
  const doc = read.doc;
  if (doc.textContent.trim() === '') throw errors.importEmpty(`“${fileName}” holds no text to import.`);
  if (doc.childCount > MAX_IMPORT_BLOCKS) throw errors.importTooLarge(`“${fileName}” has more than ${MAX_IMPORT_BLOCKS} paragraphs.`);
  return { doc, title: doc.firstChild?.textContent.trim() ?? '', warnings };
}
