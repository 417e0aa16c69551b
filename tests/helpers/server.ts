import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from '../../server/app';

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
 * temporary data folder (the demo convention loaded unless `demo: false`).
 */
export async function startServer(options: Partial<BuildOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const app = await build({ demo: true, logger: false, ...options, dataDir });
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
