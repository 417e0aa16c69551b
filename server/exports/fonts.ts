/**
 * Fonts for PDF exports. PDF's 14 built-in fonts (Times, Helvetica) only cover
 * Windows-1252, so "Łódź", "Nguyễn" or a Greek word would print as garbage;
 * DejaVu covers Latin, Greek, Cyrillic, Vietnamese and more, and Debian ships
 * it as fonts-dejavu-core (installed by .ci/run). When it is missing the
 * built-in fonts are used, and the export still works for Western text.
 *
 * What DejaVu lacks comes from a fallback chain of Noto fonts shipped by npm
 * packages (Arabic, Hebrew, Chinese, then emoji; see `FALLBACK_FACES`): each
 * character is set in the first face of the chain that has its glyph (see
 * `textRuns`). pdfkit embeds only the faces a document uses, and only the
 * glyphs it uses of each, so a Latin-only packet carries no Chinese font.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where Debian's fonts-dejavu-core puts its files; `PLENARY_FONT_DIR` overrides it. */
export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

/** The four faces a PDF names: a serif text face and its bold, a sans face for numbers, headers and facts. */
export type FaceName = 'text' | 'bold' | 'sans' | 'sansBold';

/** A font file standing in for characters the main faces lack. */
export interface FallbackFace {
  /** The name it is registered under in a PDF. */
  name: string;
  path: string;
  /** Whether its script is written right to left (its runs are laid out whole and reversed). */
  rtl: boolean;
}

/** The faces a PDF uses: a serif text face and its bold, a sans face for numbers, headers and facts. */
export interface PdfFonts {
  text: string;
  bold: string;
  sans: string;
  sansBold: string;
  /** Whether these are embedded Unicode fonts (false: the built-in Windows-1252 fonts). */
  unicode: boolean;
  /** The fallback chain for regular and for bold faces, in the order they are tried; empty with the built-in fonts. */
  fallbacks: { regular: readonly FallbackFace[]; bold: readonly FallbackFace[] };
}

const BUILT_IN: PdfFonts = { text: 'Times-Roman', bold: 'Times-Bold', sans: 'Helvetica', sansBold: 'Helvetica-Bold', unicode: false, fallbacks: { regular: [], bold: [] } };

/** One link of the chain: the npm package, its regular and bold files inside it, and the script's direction. */
interface FallbackSource {
  name: string;
  /** The package, resolved from its main entry (these packages export no file paths). */
  pkg: string;
  /** Paths of the regular and bold files from the folder of the package's main entry. */
  regular: string;
  bold: string;
  rtl: boolean;
}

/**
 * The fallback chain, tried in this order after DejaVu. Noto, because it is
 * made to cover every script and ships under the OFL; Naskh for Arabic (the
 * style of print), Noto Sans Hans for Chinese (GB2312 and more; the largest file
 * by far, about 8 MB a weight, subset to the few glyphs a text uses), and the
 * monochrome Noto Emoji (PDF fonts cannot carry colour bitmaps).
 */
const FALLBACK_FACES: readonly FallbackSource[] = [
  { name: 'arabic', pkg: '@embedpdf/fonts-arabic', regular: '../fonts/NotoNaskhArabic-Regular.ttf', bold: '../fonts/NotoNaskhArabic-Bold.ttf', rtl: true },
  { name: 'hebrew', pkg: '@embedpdf/fonts-hebrew', regular: '../fonts/NotoSansHebrew-Regular.ttf', bold: '../fonts/NotoSansHebrew-Bold.ttf', rtl: true },
  { name: 'cjk', pkg: '@embedpdf/fonts-sc', regular: '../fonts/NotoSansHans-Regular.otf', bold: '../fonts/NotoSansHans-Bold.otf', rtl: false },
  { name: 'emoji', pkg: '@expo-google-fonts/noto-emoji', regular: '400Regular/NotoEmoji_400Regular.ttf', bold: '700Bold/NotoEmoji_700Bold.ttf', rtl: false },
];

/** The chain's files that are installed (a missing package drops its link, and its characters print as boxes). */
function fallbackFaces(): PdfFonts['fallbacks'] {
  const require = createRequire(import.meta.url);
  const regular: FallbackFace[] = [];
  const bold: FallbackFace[] = [];
  for (const source of FALLBACK_FACES) {
    let folder: string;
    try {
      folder = dirname(require.resolve(source.pkg));
    } catch {
      continue;
    }
    const regularPath = join(folder, source.regular);
    const boldPath = join(folder, source.bold);
    if (!existsSync(regularPath)) continue;
    regular.push({ name: `${source.name}`, path: regularPath, rtl: source.rtl });
    bold.push({ name: `${source.name}Bold`, path: existsSync(boldPath) ? boldPath : regularPath, rtl: source.rtl });
  }
  return { regular, bold };
}

let resolved: PdfFonts | undefined;

/** The fonts to use: DejaVu's files when all four are present, with the fallback chain; else the built-in fonts. Looked up once. */
export function pdfFonts(): PdfFonts {
  if (resolved) return resolved;
  const dir = process.env.PLENARY_FONT_DIR ?? DEJAVU_DIR;
  const files = { text: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', sans: 'DejaVuSans.ttf', sansBold: 'DejaVuSans-Bold.ttf' };
  const paths = Object.fromEntries(Object.entries(files).map(([face, file]) => [face, join(dir, file)])) as Record<keyof typeof files, string>;
  resolved = Object.values(paths).every((path) => existsSync(path)) ? { ...paths, unicode: true, fallbacks: fallbackFaces() } : BUILT_IN;
  return resolved;
}

/** Replaces what a built-in font cannot show (outside Windows-1252) with "?", so the PDF never holds broken glyphs. */
export function printable(text: string, fonts: PdfFonts): string {
  if (fonts.unicode) return text;
  return text.replace(/[^\u0009\u000a\u000d\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu, '?');
}
