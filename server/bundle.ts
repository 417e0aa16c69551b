/**
 * Bundles the server, with the packages it uses, into JavaScript that Node runs as
 * it is: no TypeScript compiled at start through tsx (whose loader thread alone
 * holds ~47 MB), and one file read and compiled instead of ~400 modules resolved
 * one by one (half the CPU time to healthy, ~6 MB less resident; esbuild keeps only
 * what is used, e.g. none of prosemirror-view, which y-prosemirror imports).
 * `npm start` runs this (when its inputs changed), then `node dist/server/main.js`.
 *
 *   npx tsx server/bundle.ts [entry] [outfile]
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm start` puts the bundle; beside the client's `dist/client`. */
export const SERVER_BUNDLE = 'dist/server/main.js';

/**
 * The environment `npm start` adds (package.json repeats it). glibc's malloc serves
 * a large block from its heap, not a mapping of its own, once a block that size has
 * been freed, and does not hand that heap back: each scrypt hash (32 MB, every
 * sign-in and each demo account seeded) would stay resident as ~7 MB of the
 * server's memory. A fixed threshold keeps large blocks in mappings of their own,
 * returned when freed. Other C libraries ignore the variable.
 *
 * No V8 flags: 2 MB semi-spaces (`--max-semi-space-size=2`, 2026-11-25 to
 * 2026-12-07) kept ~16 MB of young generation out of the memory read right after
 * start, but under bench:sync's 500 documents they promoted so much short-lived
 * garbage that p95 went from 16-17 to 34-159 ms and peak memory from 168 to 203-244
 * MB; once idle, V8's memory reducer gives the default young generation back anyway
 * (bench/memory.ts prints both readings).
 */
export const SERVER_ENV = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072' } as const;

/**
 * Packages loaded from node_modules as usual rather than bundled: better-sqlite3 is
 * native, pdfkit reads its fonts from its own folder, the export typesetters and
 * pino-pretty are loaded only when first needed, so they stay out of the start-up, and
 * @fastify/cookie `import()`s the CommonJS `cookie`, whose named exports a bundle
 * would hide behind `default` (signing in would fail).
 */
export const UNBUNDLED_PACKAGES = ['better-sqlite3', 'pdfkit', 'docx', 'pino-pretty', '@fastify/cookie'];

/**
 * The bundle is an ES module; the CommonJS packages inside it (fastify, pino, ajv)
 * call `require` for Node's own modules, which esbuild leaves to a `require` in scope.
 */
const REQUIRE_IN_ESM = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/**
 * Bundles `entry` (default: the server's `main.ts`) into `outfile`, with a source map
 * (`node --enable-source-maps` for stack traces into the sources; off at `npm start`,
 * where it would keep ~5 MB of maps resident). What the server imports only when
 * first needed (the PDF and Word typesetters) goes into chunks of its own beside it,
 * loaded then: in one file their code would be loaded at start.
 */
export async function bundleServer(entry = 'server/main.ts', outfile = SERVER_BUNDLE): Promise<void> {
  // Chunk names carry a hash of their content: drop the previous build's.
  rmSync(join(dirname(outfile), 'chunks'), { recursive: true, force: true });
  await build({
    // The packet's worker thread (server/exports/packet-thread.ts) starts packet-worker.js beside the bundle.
    entryPoints: { [basename(outfile, '.js')]: entry, 'packet-worker': 'server/exports/packet-worker.ts' },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: UNBUNDLED_PACKAGES,
    // No comments or indentation: V8 keeps the bundle's source in memory (to compile functions
    // when first called), and one non-ASCII character in any comment would double it (UTF-16).
    // Names are kept, so stack traces still name their functions; the source map has the lines.
    minifyWhitespace: true,
    charset: 'ascii',
    banner: { js: REQUIRE_IN_ESM },
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleServer(process.argv[2], process.argv[3]);
}
