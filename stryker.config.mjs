// @ts-check
/**
 * Mutation testing of the permission checks and the signature rules
 * (`npm run test:mutation`), in two runs, one a scope (MUTATION_SCOPE):
 *
 * - `shared`: shared/signatures against its unit tests. They take under a
 *   second, so even the mutants that act while a module loads (its regular
 *   expressions, constant tables) are tested, with every test.
 * - `server`: server/auth and server/signatures against their in-process tests
 *   (a real SQLite file, one app per file: seconds, not the minute an
 *   integration file takes). Code that runs only while the app is built (route
 *   schemas and summaries, constants) would need every test per mutant; those
 *   "static" mutants are left out (`ignoreStatic`) and counted as ignored.
 *
 * The PostgreSQL stores (`*-postgres.ts`) are left out: their tests need a
 * PostgreSQL server per run (tests/storage.test.ts). CPU-heavy: one mutant at a
 * time unless `--concurrency 2`; the tests each mutant runs are those of
 * vitest.mutation.config.ts that cover it.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const scope = process.env.MUTATION_SCOPE === 'server' ? 'server' : 'shared';

const SCOPES = {
  shared: { mutate: ['shared/signatures/**/*.ts'], ignoreStatic: false },
  server: { mutate: ['server/auth/**/*.ts', 'server/signatures/**/*.ts', '!**/*-postgres.ts'], ignoreStatic: true },
};

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [...SCOPES[scope].mutate, '!**/*.test.ts', '!**/index.ts'],
  ignoreStatic: SCOPES[scope].ignoreStatic,
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting; tests run through Vitest's own transform.
  tsconfigFile: 'tsconfig.stryker-none.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['data', 'dist', 'reports', 'docs/screenshots', '.stryker-tmp', '.tmp'],
};
