import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';

/**
 * Writes a `.br` and a `.gz` beside every text asset of the build, once, at
 * the strongest settings (brotli quality 11, gzip level 9), so the server
 * sends them as they are (`@fastify/static` `preCompressed`) and spends no
 * CPU per request on the app's own files.
 */

/** Smaller files gain less than the bytes of the encoding headers. */
const MIN_BYTES = 1024;
/** What compresses: scripts, styles, HTML, JSON, SVG, source maps. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|map|txt)$/;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** The Vite plugin: compresses the finished output folder. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'plenary-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const jobs: Promise<void>[] = [];
      for await (const path of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(path) || (await stat(path)).size < MIN_BYTES) continue;
        jobs.push(
          readFile(path).then(async (body) => {
            const [br, gzipped] = await Promise.all([
              brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
              gz(body, { level: 9 }),
            ]);
            await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gzipped)]);
          }),
        );
      }
      await Promise.all(jobs);
    },
  };
}
