// @ts-check
/**
 * Mutation testing of the permission checks and the signature rules
 * (`npm run test:mutation`). CPU-heavy: one mutant at a time, and only the
 * tests of vitest.mutation.config.ts. server/signatures has no unit tests of
 * its own (the integration tests cover it), so it is left out by default; pass
 * `--mutate <globs>` to choose, e.g. `--mutate 'server/auth/**\/*.ts,!**\/*.test.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['server/auth/**/*.ts', 'shared/signatures/**/*.ts', 'server/signatures/tally-hub.ts', '!**/*.test.ts', '!**/index.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting; tests run through Vitest's own transform.
  tsconfigFile: 'tsconfig.stryker-none.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['data', 'dist', 'reports', 'docs/screenshots', '.stryker-tmp'],
};
