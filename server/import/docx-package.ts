import type JSZip from 'jszip';
import { errors } from '../errors';
import { MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from './limits';

/** The parts of a DOCX this project reads, unpacked and checked. */
export interface DocxPackage {
  /** word/document.xml, the text. */
  document: string;
  /** word/styles.xml, or '' when the file has none. */
  styles: string;
  /** word/numbering.xml, or '' when the file has no lists. */
  numbering: string;
  /** word/comments.xml, or ''. */
  comments: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether the bytes start like a ZIP file (every DOCX does). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => bytes[i] === byte);
}

async function unpackCapped(file: JSZip.JSZipObject, budget: { left: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = file.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      budget.left -= chunk.length;
      if (budget.left < 0) {
        stream.pause();
        reject(errors.importTooLarge(`The file unpacks to more than ${MAX_UNPACKED_BYTES / (1024 * 1024)} MiB: it is not a Word document Plenary can read.`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', () => reject(errors.importUnreadable('The Word file is damaged (one of its parts cannot be unpacked).')));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Opens a DOCX (a ZIP of XML parts) without trusting it: a file that is not a
 * ZIP, a truncated or corrupt one, or one without `word/document.xml` is
 * IMPORT_UNREADABLE; one whose parts unpack past `MAX_UNPACKED_BYTES` (a zip
 * bomb) or that holds more than `MAX_ZIP_ENTRIES` parts is IMPORT_TOO_LARGE.
 * Every part is unpacked once, under the cap, so a later reader of the same
 * bytes (mammoth) unpacks no more than was checked here.
 */
export async function openDocx(bytes: Uint8Array): Promise<DocxPackage> {
  if (!looksLikeZip(bytes)) throw errors.importUnreadable('This is not a Word (.docx) file: it is not a ZIP package.');
  // The ZIP reader loads with the first Word file, not at start (~1 MB a server that imports nothing would hold).
  const { default: Zip } = await import('jszip');
  let zip: JSZip;
  try {
    zip = await Zip.loadAsync(bytes, { checkCRC32: true });
  } catch {
    throw errors.importUnreadable('The Word file is damaged or cut short; save it again from Word and retry.');
  }
  const entries = Object.values(zip.files).filter((file) => !file.dir);
  if (entries.length > MAX_ZIP_ENTRIES) throw errors.importTooLarge(`The file holds ${entries.length} parts; a Word document has far fewer.`);
  const budget = { left: MAX_UNPACKED_BYTES };
  const parts = new Map<string, Buffer>();
  for (const entry of entries) parts.set(entry.name, await unpackCapped(entry, budget));
  const document = parts.get('word/document.xml');
  if (!document) throw errors.importUnreadable('The file is a ZIP package but not a Word document (it has no word/document.xml).');
  const text = (name: string) => parts.get(name)?.toString('utf8') ?? '';
  // Word never writes a DTD; one that declares entities could expand far past the caps above ("billion laughs").
  for (const [name, bytes] of parts) {
    if (/\.(xml|rels)$/i.test(name) && /<!(DOCTYPE|ENTITY)/i.test(bytes.toString('utf8'))) throw errors.importUnreadable('The Word file declares XML entities, which Word never writes; it is not read.');
  }
  return { document: document.toString('utf8'), styles: text('word/styles.xml'), numbering: text('word/numbering.xml'), comments: text('word/comments.xml') };
}
