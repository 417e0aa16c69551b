/**
 * Export formats, their media types, and safe download file names. A file
 * name is built from a convention code (which the server gives) and fixed
 * words, never from a title or other text a user typed, and is reduced to
 * letters, digits, dots, dashes and underscores: no path, no quote, no
 * header injection.
 */

/** The formats a text, redline or comparison exports to. */
export const TEXT_FORMATS = ['html', 'md', 'pdf', 'docx'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** The formats the convention packet exports to (long, paginated documents). */
export const PACKET_FORMATS = ['pdf', 'docx'] as const;
export type PacketFormat = (typeof PACKET_FORMATS)[number];

/** Media types of every format this folder writes. */
export const MEDIA_TYPES: Record<TextFormat | 'csv' | 'json', string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Longest file name stem written: well under every file system's limit. */
const MAX_STEM_LENGTH = 100;

/** Reduces a name to safe characters (letters, digits, ".", "-", "_"); never empty, never starting with a dot. */
export function safeStem(stem: string): string {
  const safe = stem
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_STEM_LENGTH);
  return safe || 'export';
}

/** A download file name: the safe stem and the format's extension, e.g. "CR01-A03-redline.pdf". */
export function exportFileName(stem: string, extension: string): string {
  return `${safeStem(stem)}.${extension.replace(/[^a-z0-9]/g, '')}`;
}

/** The `content-disposition` value for a download of `fileName` (already safe). */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"`;
}
