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
import { build, type Plugin } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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
 * Packages other packages require as they load but call only on some requests,
 * with the names those callers use: @fastify/swagger's YAML (only for a YAML
 * document, which Plenary does not serve), @fastify/static's glob (only with
 * `wildcard: false`) and @fastify/rate-limit's IPv6 parser (only for an IPv6
 * client). Bundled, each would be loaded and kept at start (~2.5 MB of heap
 * together, each required alone under Node: docs/performance.md); `deferPackages`
 * puts a stand-in in their place that loads the package from node_modules on the
 * first call.
 */
export const DEFERRED_PACKAGES: Record<string, readonly string[]> = {
  yaml: ['parse', 'stringify'],
  glob: ['glob'],
  'ip-address': ['Address6'],
};

/** A string as a regular expression matching it literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An esbuild plugin: each of `packages` (name -> the functions and classes its
 * importers use) is bundled as a stand-in whose exports load the real package on
 * their first call (or `new`), so the bundle's start-up does not run it. At run
 * time Node resolves the package from the bundle's folder upwards: the build
 * fails if an importer would have got another copy (a version nested in its own
 * node_modules).
 */
export function deferPackages(packages: Record<string, readonly string[]>): Plugin {
  const filter = new RegExp(`^(${Object.keys(packages).map(literally).join('|')})$`);
  return {
    name: 'defer-packages',
    setup(build) {
      const { outdir, outfile } = build.initialOptions;
      const outputFolder = resolve(outdir ?? (outfile ? dirname(outfile) : '.'));
      // esbuild resolves only from a folder that exists; it would write it anyway.
      mkdirSync(outputFolder, { recursive: true });
      build.onResolve({ filter }, async (args) => {
        // The stand-in's own require of the package is left to Node; lookups of our own pass through.
        if (args.namespace === 'deferred') return { path: args.path, external: true };
        if (args.pluginData === 'lookup') return undefined;
        const lookup = (resolveDir: string) => build.resolve(args.path, { resolveDir, kind: args.kind, pluginData: 'lookup' });
        const [wanted, atRunTime] = await Promise.all([lookup(args.resolveDir), lookup(outputFolder)]);
        if (wanted.path !== atRunTime.path) {
          return { errors: [{ text: `${args.importer} gets its own copy of "${args.path}" (${wanted.path}), which a deferred load from node_modules would not: remove "${args.path}" from DEFERRED_PACKAGES` }] };
        }
        return { path: args.path, namespace: 'deferred' };
      });
      build.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
        loader: 'js',
        contents: [
          'let loaded = null;',
          `const real = () => (loaded ??= require(${JSON.stringify(args.path)}));`,
          ...packages[args.path]!.map(
            (name) =>
              `exports[${JSON.stringify(name)}] = function (...args) { const target = real()[${JSON.stringify(name)}]; return new.target ? new target(...args) : target.apply(this, args); };`,
          ),
        ].join('\n'),
      }));
    },
  };
}

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
    // The packet's typesetting process (server/exports/packet-process.ts) runs packet-worker.js beside the bundle.
    entryPoints: { [basename(outfile, '.js')]: entry, 'packet-worker': 'server/exports/packet-worker.ts' },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: UNBUNDLED_PACKAGES,
    plugins: [deferPackages(DEFERRED_PACKAGES)],
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
