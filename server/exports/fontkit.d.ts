/** The little of fontkit (pdfkit's font engine) that the PDF font fallback uses; fontkit ships no types. */
declare module 'fontkit' {
  export interface Font {
    /** Whether the font maps this Unicode code point to a glyph. */
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  /** Opens a font file (TrueType, OpenType, WOFF); a collection file gives a collection, not a font. */
  export function openSync(path: string): Font | { fonts: Font[] };
}
