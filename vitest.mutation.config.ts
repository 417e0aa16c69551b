import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * The tests StrykerJS runs against each mutant of the permission checks and
 * signature rules (stryker.config.mjs): the unit tests of those modules and
 * the server tests that exercise them in-process (app.inject, one app per
 * file), which take seconds, not the minute a full integration file takes.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['shared/signatures/**/*.test.ts', 'server/signatures/**/*.test.ts', 'server/auth/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
