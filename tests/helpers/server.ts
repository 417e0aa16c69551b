import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from '../../server/app';
import { createDatabase } from './postgres';

/**
 * The backend the integration tests run on: SQLite by default, PostgreSQL in the
 * `postgres` test project (vite.config.ts), which runs the chosen files again
 * with every test server on a database of its own on a real PostgreSQL server.
 */
export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.PLENARY_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL database of each data folder in this file: a server started again on the same folder finds its data again. */
const databases = new Map<string, Promise<string>>();

/** The `DATABASE_URL` of a test server on `dataDir` in the PostgreSQL run; undefined on SQLite. */
export function testDatabaseUrl(dataDir: string): Promise<string> | undefined {
  if (TEST_BACKEND !== 'postgres') return undefined;
  let url = databases.get(dataDir);
  // vitest is imported only here: the benchmarks start servers with these helpers outside any test run.
  if (!url) databases.set(dataDir, (url = import('vitest').then(({ inject }) => createDatabase(inject('postgresAdminUrl')))));
  return url;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  app: Awaited<ReturnType<typeof build>>;
  /** Closes the server; removes the data folder unless `keepData` is set. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** A fresh data folder under the system temp dir. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'plenary-test-'));
}

/**
 * Starts a real server on a free port of 127.0.0.1 with a real SQLite file in a
 * temporary data folder, or in the PostgreSQL run a database of its own (the demo
 * convention loaded unless `demo: false`).
 */
export async function startServer(options: Partial<BuildOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const app = await build({ demo: true, logger: false, ...options, dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const port = address.port;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    app,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in over real HTTP and returns the session token. */
export async function login(baseUrl: string, email: string, password = 'demo'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status}`);
  const body = (await response.json()) as { token: string };
  return body.token;
}
