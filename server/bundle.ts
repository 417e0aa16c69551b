/**
 * Bundles the server into one JavaScript file that Node runs as it is, so
 * production does not compile TypeScript at start through tsx (whose loader
 * thread alone holds ~47 MB). Packages stay outside the bundle, loaded from
 * node_modules as usual (better-sqlite3 is native; pdfkit reads its fonts from
 * its own folder). `npm start` runs this, then `node dist/server/main.js`.
 *
 *   npx tsx server/bundle.ts [entry] [outfile]
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Where `npm start` puts the bundle; beside the client's `dist/client`. */
export const SERVER_BUNDLE = 'dist/server/main.js';

/** Bundles `entry` (default: the server's `main.ts`) into `outfile`, with a source map for readable stack traces. */
export async function bundleServer(entry = 'server/main.ts', outfile = SERVER_BUNDLE): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
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
