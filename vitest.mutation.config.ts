import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * The tests StrykerJS runs against each mutant (stryker.config.mjs), by
 * MUTATION_SCOPE: the unit tests of shared/signatures, or the in-process tests
 * of server/auth and server/signatures (a real SQLite file, one app per file).
 */
const TESTS = {
  shared: ['shared/signatures/**/*.test.ts'],
  server: ['server/signatures/**/*.test.ts', 'server/auth/**/*.test.ts'],
};

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: TESTS[process.env.MUTATION_SCOPE === 'server' ? 'server' : 'shared'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
