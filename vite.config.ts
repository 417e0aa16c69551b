import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { precompress } from './vite-precompress.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Test files run at once: at least two. Vitest's own default for a run is one
 * fewer than the cores, which on a 2-core machine (CI, the shared development
 * VM) is one file at a time, though a file spends most of its time waiting on
 * sockets, child processes and Chromium. `--maxWorkers` overrides it.
 */
const TEST_FILES_AT_ONCE = Math.max(2, availableParallelism() - 1);

/**
 * Vite builds the browser app from client/ into dist/client, which the server
 * serves. Vitest runs every test: unit tests beside their modules, and
 * integration and browser tests under tests/.
 *
 * The build writes `.vite/manifest.json` (which chunk holds which module: the
 * reader tests and the budget check read it), a `.br` and `.gz` beside each
 * asset (served precompressed), and the service worker as `/sw.js` (a fixed
 * name at the root: its scope is the whole app).
 */
export default defineConfig({
  root: here('./client'),
  plugins: [precompress()],
  // Names the service worker's cache after the build (see client/offline/service-worker.ts).
  define: { __PLENARY_BUILD__: JSON.stringify(Date.now().toString(36)) },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    manifest: true,
    rollupOptions: {
      input: { index: here('./client/index.html'), sw: here('./client/offline/service-worker.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/sync': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  test: {
    root: here('.'),
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts', 'fixtures/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: TEST_FILES_AT_ONCE,
    // The default reporter, then the ten slowest test files (tests/reporters/slowest-files.ts).
    reporters: ['default', './tests/reporters/slowest-files.ts'],
  },
});
