import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtFile, editorFiles, entryFiles } from './helpers/manifest';

/**
 * The reader's budget (`client/budget.json`): the JavaScript a delegate's
 * phone loads before the first page shows stays under its gzip budget, and
 * holds none of the editor. Reads the build (`npx vite build`, which
 * `npm test` runs first) and its manifest.
 */

const BUDGET = JSON.parse(readFileSync(fileURLToPath(new URL('../client/budget.json', import.meta.url)), 'utf8')) as { readerEntryGzipBytes: number };

describe("the reader's entry chunk", () => {
  it('stays within its gzip budget', () => {
    const scripts = entryFiles().filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // Vite's build prints gzip sizes at zlib's default level; so does this.
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(builtFile(file)).length, 0);
    expect(gzipped, `${scripts.join(', ')}: ${gzipped} bytes gzipped, budget ${BUDGET.readerEntryGzipBytes}`).toBeLessThanOrEqual(BUDGET.readerEntryGzipBytes);
  });

  it('does not hold the live editor: it is loaded on demand', () => {
    const upFront = entryFiles();
    for (const file of editorFiles()) expect(upFront).not.toContain(file);
  });
});
