import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Vite builds the browser app from client/ into dist/client, which the server
 * serves. Vitest runs every test: unit tests beside their modules, and
 * integration and browser tests under tests/.
 */
export default defineConfig({
  root: here('./client'),
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
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
    // The default reporter, then the ten slowest test files (tests/reporters/slowest-files.ts).
    reporters: ['default', './tests/reporters/slowest-files.ts'],
  },
});
