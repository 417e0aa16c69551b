/**
 * One process against two: the sync load of bench/sync (the same load generator,
 * its own process) against one Plenary process, then against two processes on
 * one database behind one real `redis-server` (REDIS_URL); on SQLite (one data
 * folder) and on a real PostgreSQL server (DATABASE_URL) when one can run here. The clients
 * of every document dealt out over both in turn, so most edits cross from one
 * process to the other through Redis. Latency is from a keystroke's send to its
 * receipt by each other client (both processes' clients together).
 *
 * Run with `npm run bench` (or `npx tsx bench/scale.ts` alone); skipped, with a
 * note, when `redis-server` is not installed.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { LoadPlan, LoadResult } from './sync/loadgen';
import { runLoadGenerator } from './sync/generator';
import { cpuSeconds, startPlenary, type RunningServer } from './sync/servers';
import { SEED_PARAGRAPHS, prepareDataDir, seedUpdate, signIn } from './sync/setup';
import { startRedis, type RedisServer } from '../tests/helpers/redis';
import { postgresAvailable, startPostgres, type PostgresServer } from '../tests/helpers/postgres';
import { migrateToPostgres } from '../server/cli/migrate';

/** The goal the issue sets for an edit typed on one process to reach a client of the other, on localhost. */
const GOAL_P95_MS = 100;
/** Typing before measuring (JIT and caches warm), then measured. */
const WARMUP_MS = 3_000;
const MEASURED_MS = 10_000;

interface Load {
  title: string;
  docs: string[];
  editorsPerDoc: number;
  readersPerDoc: number;
  editsPerSecond: number;
}

const LOADS: Load[] = [
  { title: 'one document: 20 editors typing 5/s + 40 readers', docs: ['scale-a'], editorsPerDoc: 20, readersPerDoc: 40, editsPerSecond: 5 },
  { title: '100 documents x 3 editors typing 2/s', docs: Array.from({ length: 100 }, (_, i) => `scale-b-${i}`), editorsPerDoc: 3, readersPerDoc: 0, editsPerSecond: 2 },
];

interface Figures {
  load: LoadResult;
  /** CPU seconds of every server process (and Redis) while measured. */
  cpu: number;
}

/** Runs the load generator against these servers' sync URLs; returns its result and the servers' CPU while it typed. */
async function drive(load: Load, urls: string[], token: string, pids: number[]): Promise<Figures> {
  const plan: LoadPlan = {
    url: urls[0]!,
    urls,
    token,
    docs: load.docs,
    editorsPerDoc: load.editorsPerDoc,
    readersPerDoc: load.readersPerDoc,
    editsPerSecond: load.editsPerSecond,
    warmupMs: WARMUP_MS,
    durationMs: MEASURED_MS,
    seedUpdate: Buffer.from(seedUpdate()).toString('base64'),
    seedParagraphs: SEED_PARAGRAPHS,
    rngSeed: 20_240_917,
    connectBatch: 50,
  };
  const cpuNow = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  let cpuStart = 0;
  let cpu = 0;
  const result = await runLoadGenerator(plan, (event) => {
    if (event === 'start') cpuStart = cpuNow();
    else if (event === 'end') cpu = cpuNow() - cpuStart;
  });
  return { load: result, cpu };
}

/** What the processes of one run share: the database, and Redis when there are two. */
interface Setup {
  name: string;
  processes: 1 | 2;
  backend: 'sqlite' | 'postgres';
}

const SETUPS: Setup[] = [
  { name: '1 process (SQLite)', processes: 1, backend: 'sqlite' },
  { name: '2 processes + Redis (SQLite)', processes: 2, backend: 'sqlite' },
  { name: '1 process (PostgreSQL)', processes: 1, backend: 'postgres' },
  { name: '2 processes + Redis (PostgreSQL)', processes: 2, backend: 'postgres' },
];

/**
 * Runs the load against `setup`: the benchmark's texts seeded into a SQLite data
 * folder, moved into a fresh PostgreSQL database (fsync on, as in production)
 * with `plenary migrate-to-postgres`'s code when the setup asks for it.
 */
async function runSetup(load: Load, setup: Setup, postgres: PostgresServer | null): Promise<Figures> {
  const dataDir = await prepareDataDir(load.docs, seedUpdate());
  let redis: RedisServer | null = null;
  const servers: RunningServer[] = [];
  try {
    const env: NodeJS.ProcessEnv = {};
    if (setup.backend === 'postgres') {
      env.DATABASE_URL = await postgres!.createDatabase();
      await migrateToPostgres(dataDir, env.DATABASE_URL);
    }
    if (setup.processes === 2) env.REDIS_URL = (redis = await startRedis()).url;
    for (let i = 0; i < setup.processes; i++) servers.push(await startPlenary(dataDir, undefined, env));
    const token = await signIn(servers[0]!.httpUrl);
    return await drive(load, servers.map((s) => s.syncUrl), token, servers.map((s) => s.child.pid!));
  } finally {
    for (const server of servers) await server.stop();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (value: number | null) => (value === null ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(0));

function row(name: string, load: Load, figures: Figures): string {
  const { load: r } = figures;
  const recipients = load.editorsPerDoc + load.readersPerDoc - 1;
  const delivered = (100 * r.deliveries) / Math.max(1, r.expectedDeliveries);
  const failures = r.connectFailures + r.closedDuringRun > 0 ? `  (! ${r.connectFailures} failed to connect, ${r.closedDuringRun} closed)` : '';
  return `  ${name.padEnd(34)} ${(r.deliveries / recipients / (r.windowMs / 1000)).toFixed(0).padStart(6)} edits/s  delivered ${delivered.toFixed(1)}%  p50 ${ms(r.latencyMs.p50)} ms  p95 ${ms(r.latencyMs.p95)} ms  p99 ${ms(r.latencyMs.p99)} ms  servers' CPU ${figures.cpu.toFixed(2)} s${failures}`;
}

export async function run(): Promise<void> {
  console.log(`\nOne process vs two behind Redis (sync load, ${WARMUP_MS / 1000} s warm-up + ${MEASURED_MS / 1000} s measured; goal with two: p95 under ${GOAL_P95_MS} ms)`);
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log('  skipped: redis-server is not installed (Debian package redis-server)');
    return;
  }
  const postgres = postgresAvailable() ? await startPostgres({ durable: true }) : null;
  if (!postgres) console.log('  (no PostgreSQL server can run here, Debian package postgresql: the PostgreSQL rows are skipped)');
  try {
    for (const load of LOADS) {
      console.log(` ${load.title}`);
      for (const setup of SETUPS) {
        if (setup.backend === 'postgres' && !postgres) continue;
        const figures = await runSetup(load, setup, postgres);
        const p95 = figures.load.latencyMs.p95;
        const verdict = setup.processes === 2 ? `  ${p95 !== null && p95 < GOAL_P95_MS ? 'meets' : 'MISSES'} the goal` : '';
        console.log(`${row(setup.name, load, figures)}${verdict}`);
      }
    }
  } finally {
    await postgres?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
