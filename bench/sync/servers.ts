/**
 * The servers under test, each started in its own process so its CPU time and
 * memory can be read from /proc: Plenary (this repository) and the reference
 * y-websocket server (`y-websocket@1.5.x`'s `bin/server.js`, installed on demand by
 * `bench/sync/reference.ts`), in memory or with its LevelDB persistence (`YPERSISTENCE=<dir>`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_ENV, bundleServer } from '../../server/bundle';
import { REFERENCE_DIR, referenceServerPath } from './reference';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type ServerKind = 'plenary' | 'y-websocket' | 'y-websocket+leveldb';

export interface RunningServer {
  kind: ServerKind;
  child: ChildProcess;
  port: number;
  /** The sync URL prefix: documents are `${syncUrl}/${docId}`. */
  syncUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / CLOCK_TICKS;
}

/** Clock ticks per second on Linux (USER_HZ); 100 on every mainstream kernel. */
const CLOCK_TICKS = 100;

/** Resident memory now and the peak so far (bytes), from /proc/<pid>/status. */
export function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

function waitForListening(child: ChildProcess, pattern: RegExp, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${output}`));
    });
  });
}

/** Stops a server: SIGKILL, or SIGTERM when it must exit cleanly (to write a CPU profile). */
function stopper(child: ChildProcess, cleanup: () => void, signal: NodeJS.Signals = 'SIGKILL'): () => Promise<void> {
  return () =>
    new Promise((done) => {
      const finish = () => {
        cleanup();
        done();
      };
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      child.once('exit', finish);
      child.kill(signal);
    });
}

/** Plenary as `npm start` runs it, bundled (see `server/bundle.ts`) and with its environment, with the benchmark's entry point. */
const PLENARY_BUNDLE = 'dist/bench/plenary-server.js';
let bundled: Promise<void> | null = null;

/**
 * Starts Plenary on a free port over an existing data folder (see `prepareDataDir`).
 * With `profileDir`, the server writes a V8 CPU profile there when it is stopped
 * (open it in Chrome DevTools' Performance panel).
 */
export async function startPlenary(dataDir: string, profileDir?: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  bundled ??= bundleServer('bench/sync/plenary-server.ts', PLENARY_BUNDLE);
  await bundled;
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profiling, PLENARY_BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, ...SERVER_ENV, ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await waitForListening(child, /listening (\d+)/, 'Plenary');
  return {
    kind: 'plenary',
    child,
    port,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    httpUrl: `http://127.0.0.1:${port}`,
    stop: stopper(child, () => {}, profileDir ? 'SIGTERM' : 'SIGKILL'),
  };
}

/** A free TCP port on 127.0.0.1 (the reference server takes its port from PORT). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the reference y-websocket server, optionally with LevelDB persistence in a
 * fresh folder; with `profileDir`, it writes a V8 CPU profile there when stopped.
 */
export async function startReference(persist: boolean, profileDir?: string): Promise<RunningServer> {
  const port = await freePort();
  const persistenceDir = persist ? mkdtempSync(join(tmpdir(), 'bench-leveldb-')) : null;
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '-r', join(ROOT, 'bench/sync/exit-on-sigterm.cjs')] : [];
  const child = spawn(process.execPath, [...profiling, referenceServerPath()], {
    cwd: REFERENCE_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...(persistenceDir ? { YPERSISTENCE: persistenceDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForListening(child, /running at '[^']*' on port (\d+)/, 'y-websocket server');
  return {
    kind: persist ? 'y-websocket+leveldb' : 'y-websocket',
    child,
    port,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    httpUrl: `http://127.0.0.1:${port}`,
    stop: stopper(child, () => {
      if (persistenceDir) rmSync(persistenceDir, { recursive: true, force: true });
    }, profileDir ? 'SIGTERM' : 'SIGKILL'),
  };
}

/**
 * Whether the reference server's LevelDB persistence works here: `y-leveldb`
 * and its native `leveldown` must load, store an update and read it back. Runs
 * in a child process, as the reference server would (CommonJS). Resolves to
 * null when it works, else to the reason.
 */
export async function checkLevelDb(): Promise<string | null> {
  if (!existsSync(referenceServerPath())) return `${referenceServerPath()} is missing (did ensureReference() run?)`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-leveldb-check-'));
  const script = `
    const { LeveldbPersistence } = require('y-leveldb');
    const Y = require('yjs');
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'ok');
    const store = new LeveldbPersistence(process.argv[1]);
    store.storeUpdate('check', Y.encodeStateAsUpdate(doc))
      .then(() => store.getYDoc('check'))
      .then(async (back) => { const text = back.getText('t').toString(); await store.destroy(); if (text !== 'ok') throw new Error('read back ' + text); })
      .then(() => process.exit(0), (error) => { console.error(error && error.message); process.exit(1); });`;
  try {
    const child = spawn(process.execPath, ['-e', script, dir], { cwd: REFERENCE_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return code === 0 ? null : `y-leveldb/leveldown does not load or work: ${errors.trim().split('\n')[0] || `exit ${code}`}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
