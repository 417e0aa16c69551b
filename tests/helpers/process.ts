import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testDatabaseUrl } from './server';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  /** Kills the process with SIGKILL (no shutdown hooks run) and waits for it to end. */
  kill(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How long a server may take to start: seconds alone, far more on a machine busy with other builds. */
const START_TIMEOUT_MS = 90_000;

/**
 * Starts `tests/helpers/server-process.ts` under tsx with this data folder (and `env` added to this
 * process's) and waits until it listens. In the PostgreSQL test run it gets the folder's database too,
 * so a process started again on the same folder finds its data again.
 */
export async function spawnServer(dataDir: string, port = 0, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const databaseUrl = env.DATABASE_URL ?? (await testDatabaseUrl(dataDir));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/server-process.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = `http://127.0.0.1:${match[1]}`;
      resolve({
        child,
        url,
        wsUrl: url.replace('http', 'ws'),
        kill: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
}
