/**
 * Bundles the server into JavaScript that Node runs as it is, so production does
 * not compile TypeScript at start through tsx (whose loader thread alone holds
 * ~47 MB). Packages stay outside the bundle, loaded from node_modules as usual
 * (better-sqlite3 is native; pdfkit reads its fonts from its own folder).
 * `npm start` runs this, then `node dist/server/main.js`.
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
 * The Node flags `npm start` runs the bundle with (package.json repeats them; the
 * benchmarks and the start test use these). V8's young generation grows to 48 MB
 * by default, kept resident once the start-up's garbage has filled it; 2 MB
 * semi-spaces keep ~30 MB of that out of the server's memory for a few more
 * (sub-millisecond) scavenges under load.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * Bundles `entry` (default: the server's `main.ts`) into `outfile`, with a source map for
 * readable stack traces. What the server imports only when first needed (the PDF and Word
 * typesetters, with pdfkit's fonts) goes into chunks of its own beside it, loaded then:
 * in one file their packages would be imported at start (~20 MB more).
 */
export async function bundleServer(entry = 'server/main.ts', outfile = SERVER_BUNDLE): Promise<void> {
  // Chunk names carry a hash of their content: drop the previous build's.
  rmSync(join(dirname(outfile), 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: { [basename(outfile, '.js')]: entry },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleServer(process.argv[2], process.argv[3]);
}
