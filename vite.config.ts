import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { precompress } from './vite-precompress.ts';
import { postgresAvailable } from './tests/helpers/postgres.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Test files run at once: at least two. Vitest's own default for a run is one
 * fewer than the cores, which on a 2-core machine (CI, the shared development
 * VM) is one file at a time, though a file spends most of its time waiting on
 * sockets, child processes and Chromium. `--maxWorkers` overrides it.
 */
const TEST_FILES_AT_ONCE = Math.max(2, availableParallelism() - 1);

/**
 * The integration tests that run a second time on a real PostgreSQL server (the
 * `postgres` project: a server started once for the run, a database per test
 * server): the API, the workflow, amendments and final texts, signatures, the
 * roster, the permission matrix, live sync, durability
 * across SIGKILLs and the export jobs. Where no PostgreSQL server can run
 * the project is left out, saying so (in CI, PLENARY_REQUIRE_POSTGRES=1 makes that an error).
 */
const POSTGRES_RUN = [
  'tests/api.test.ts',
  'tests/workflow.test.ts',
  'tests/amendments.test.ts',
  'tests/final-and-rebase.test.ts',
  'tests/signatures.test.ts',
  'tests/roster.test.ts',
  'tests/permissions/matrix.test.ts',
  'tests/sync.test.ts',
  'tests/durability.test.ts',
  'tests/export-jobs.test.ts',
];

function postgresProject() {
  if (!postgresAvailable()) {
    if (process.env.PLENARY_REQUIRE_POSTGRES === '1') throw new Error('PLENARY_REQUIRE_POSTGRES=1 but no PostgreSQL server can be started here: install the Debian postgresql package');
    console.warn('No PostgreSQL server can be started here: the PostgreSQL run of the integration tests is skipped.');
    return [];
  }
  return [{ extends: true as const, test: { name: 'postgres', include: POSTGRES_RUN, env: { PLENARY_TEST_BACKEND: 'postgres' }, globalSetup: ['tests/helpers/postgres-setup.ts'] } }];
}

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
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts', 'fixtures/**/*.test.ts'] } },
      // Only under Vitest: `vite build` reads this file too.
      ...(process.env.VITEST ? postgresProject() : []),
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: TEST_FILES_AT_ONCE,
    // The default reporter, then the ten slowest test files (tests/reporters/slowest-files.ts).
    reporters: ['default', './tests/reporters/slowest-files.ts'],
  },
});
