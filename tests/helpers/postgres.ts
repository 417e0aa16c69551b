/**
 * A real PostgreSQL server for the tests, from the Debian `postgresql` package:
 * `initdb` on a throwaway folder owned by `postgres` (PostgreSQL refuses to run as
 * root, and CI runs as root), `pg_ctl start` on a free port, one database per
 * test file, stopped and removed at the end. Without the binaries (or without a
 * way to run them as `postgres`) `postgresAvailable()` is false and the PG runs
 * are skipped with that reason.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian puts the server binaries; the newest version installed is used. */
const PG_ROOT = '/usr/lib/postgresql';

function binDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT).filter((name) => existsSync(join(PG_ROOT, name, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(PG_ROOT, versions[0]!, 'bin') : null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as `postgres` when this process is root. */
function runPg(bin: string, args: string[]): void {
  const command = join(binDir()!, bin);
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** Whether a real PostgreSQL server can be started here. */
export function postgresAvailable(): boolean {
  if (!binDir()) return false;
  if (!isRoot) return true;
  try {
    execFileSync('id', ['postgres'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running PostgreSQL server. */
export interface PostgresServer {
  port: number;
  /** The `postgres` database as the test user, for creating databases (`createDatabase`). */
  adminUrl: string;
  /** A `postgres://` URL of a new, empty database on this server. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

let databases = 0;

/** Creates a new, empty database on the server `adminUrl` names and returns its `postgres://` URL. */
export async function createDatabase(adminUrl: string, name = `plenary_${process.pid}_${++databases}`): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts a PostgreSQL server on a free port with a throwaway data folder (trust auth, user `plenary`).
 * Tests run it with fsync off (a crash of PostgreSQL itself is not what they check); `durable`
 * keeps PostgreSQL's default, fsync at each commit, for figures worth comparing (the benchmarks).
 */
export async function startPostgres({ durable = false } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  runPg('initdb', ['-D', dataDir, '-U', 'plenary', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const fsync = durable ? '' : ' -c fsync=off';
  runPg('pg_ctl', ['-D', dataDir, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fsync} -c max_connections=200`, '-w', 'start']);
  const adminUrl = `postgres://plenary@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    createDatabase: (name?: string) => createDatabase(adminUrl, name),
    async stop() {
      try {
        runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
