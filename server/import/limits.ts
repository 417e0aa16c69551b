/**
 * The limits of importing a file. Each is named with its reason; the route
 * and the readers use them, and the README states them.
 */

/** Largest file accepted: a 10,000-word Word file with some formatting is ~100 KB; 10 MiB leaves room for embedded images, which are dropped. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** Most bytes a DOCX may unpack to (all its parts together): a real one unpacks to a few times its size; a zip bomb to far more. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** Most parts a DOCX may hold: Word writes a dozen or two; thousands is not a Word file. */
export const MAX_ZIP_ENTRIES = 2_000;

/** Most blocks an imported text may have: ten times the demo's several-thousand-word consensus text. */
export const MAX_IMPORT_BLOCKS = 20_000;
