/**
 * Global set-up of the `postgres` test project (vite.config.ts): one real
 * PostgreSQL server for the whole run, each test server getting a fresh
 * database on it (tests/helpers/server.ts).
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server's `postgres` database, for creating the test servers' own. */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => server.stop();
}
