/**
 * Fonts for PDF exports. PDF's 14 built-in fonts (Times, Helvetica) only cover
 * Windows-1252, so "Łódź", "Nguyễn" or a Greek word would print as garbage;
 * DejaVu covers Latin, Greek, Cyrillic, Vietnamese and more, and Debian ships
 * it as fonts-dejavu-core (installed by .ci/run). When it is missing the
 * built-in fonts are used, and the export still works for Western text.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's fonts-dejavu-core puts its files; `PLENARY_FONT_DIR` overrides it. */
export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

/** The faces a PDF uses: a serif text face and its bold, a sans face for numbers, headers and facts. */
export interface PdfFonts {
  text: string;
  bold: string;
  sans: string;
  sansBold: string;
  /** Whether these are embedded Unicode fonts (false: the built-in Windows-1252 fonts). */
  unicode: boolean;
}

const BUILT_IN: PdfFonts = { text: 'Times-Roman', bold: 'Times-Bold', sans: 'Helvetica', sansBold: 'Helvetica-Bold', unicode: false };

let resolved: PdfFonts | undefined;

/** The fonts to use: DejaVu's files when all four are present, else the built-in fonts. Looked up once. */
export function pdfFonts(): PdfFonts {
  if (resolved) return resolved;
  const dir = process.env.PLENARY_FONT_DIR ?? DEJAVU_DIR;
  const files = { text: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', sans: 'DejaVuSans.ttf', sansBold: 'DejaVuSans-Bold.ttf' };
  const paths = Object.fromEntries(Object.entries(files).map(([face, file]) => [face, join(dir, file)])) as Record<keyof typeof files, string>;
  resolved = Object.values(paths).every((path) => existsSync(path)) ? { ...paths, unicode: true } : BUILT_IN;
  return resolved;
}

/** Replaces what a built-in font cannot show (outside Windows-1252) with "?", so the PDF never holds broken glyphs. */
export function printable(text: string, fonts: PdfFonts): string {
  if (fonts.unicode) return text;
  return text.replace(/[^\u0009\u000a\u000d\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu, '?');
}
