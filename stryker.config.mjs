// @ts-check
/**
 * Mutation testing of the permission checks and the signature rules
 * (`npm run test:mutation`), in two runs, one a scope (MUTATION_SCOPE):
 *
 * - `shared`: shared/signatures against its unit tests. They take under a
 *   second, so even the mutants that act while a module loads (its regular
 *   expressions, constant tables) are tested, with every test.
 * - `server`: the permission checks and the signature rules of server/auth and
 *   server/signatures (`SERVER_FILES`: the guards every route calls, the routes
 *   that call them, the signing, counting and status rules, the rules store)
 *   against their in-process tests (a real SQLite file, one app per file:
 *   seconds, not the minute an integration file takes). Code that runs only
 *   while the app is built (route schemas and summaries, constants) would need
 *   every test per mutant; those "static" mutants are left out (`ignoreStatic`)
 *   and counted as ignored.
 *
 * Left out of `server`: the SQL of each backend (`sqlite.ts`, `postgres.ts`,
 * `*-postgres.ts`, `*-sqlite.ts`: the integration tests run it on both
 * backends; the PostgreSQL tests need a server per run), the audit chain's
 * storage (`audit.ts`; its rules are shared/signatures/audit-chain.ts, in the
 * `shared` run), passwords, and the live-tally plumbing (`event-stream.ts`,
 * `tally-hub.ts`: a mutant there mostly hangs a stream, costing a full timeout
 * each, and says nothing about who may do what). CPU-heavy: one mutant at a
 * time unless `--concurrency 2`; the tests each mutant runs are those of
 * vitest.mutation.config.ts that cover it.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const scope = process.env.MUTATION_SCOPE === 'server' ? 'server' : 'shared';

/** The server files of the permission checks and the signature rules. */
const SERVER_FILES = [
  'server/auth/plugin.ts',
  'server/auth/sessions.ts',
  'server/auth/users.ts',
  'server/signatures/plugin.ts',
  'server/signatures/store.ts',
  'server/signatures/rules-store.ts',
  'server/signatures/rules-routes.ts',
  'server/signatures/audit-routes.ts',
  'server/signatures/export-routes.ts',
];

const SCOPES = {
  shared: { mutate: ['shared/signatures/**/*.ts'], ignoreStatic: false },
  server: { mutate: SERVER_FILES, ignoreStatic: true },
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
  // One sandbox folder per scope, so the two runs can go at once.
  tempDirName: `.stryker-tmp/${scope}`,
  cleanTempDir: true,
  ignorePatterns: ['data', 'dist', 'reports', 'docs/screenshots', '.stryker-tmp', '.tmp'],
};
