import type { FastifyInstance } from 'fastify';
import staticFiles from '@fastify/static';

/**
 * Serves the built browser app (dist/client) with the caching a phone on a
 * congested hall Wi-Fi needs:
 *
 * - Hashed assets (`/assets/name-HASH.js`) never change under their name:
 *   `Cache-Control: public, max-age=31536000, immutable`, so a repeat visit
 *   asks for none of them.
 * - The page (`index.html`), the service worker (`sw.js`) and anything else
 *   unhashed: `no-cache`, revalidated on every load (a `304` when unchanged),
 *   so a new build reaches everyone at once.
 *
 * Compression: the build writes `.br` and `.gz` beside every asset at the
 * strongest settings (`vite-precompress.ts`), and `preCompressed` sends the
 * one the browser accepts. That beats compressing per request
 * (`@fastify/compress`, which the app uses for JSON answers only): brotli at
 * quality 11 is too slow to run per request, and 1,500 delegates opening the
 * app at once would spend the server's CPU compressing the same files again
 * and again.
 */

/** A year: the longest lifetime caches honour; the hash changes when the file does. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but asked about again on every use. */
const REVALIDATE = 'no-cache';
/** Where Vite puts hashed assets. */
const HASHED_PREFIX = '/assets/';

/** Registers the static files of `root` at `/`. */
export async function serveClient(app: FastifyInstance, root: string): Promise<void> {
  await app.register(staticFiles, {
    root,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      const normalised = path.replaceAll('\\', '/');
      const hashed = normalised.slice(root.replaceAll('\\', '/').length).startsWith(HASHED_PREFIX);
      reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
    },
  });
}
