/**
 * `npm run bench:sync`: Plenary's sync server side by side with the reference
 * y-websocket server (in memory, and with its LevelDB persistence), under the
 * same load from the same generator (bench/sync/loadgen.ts, its own process).
 *
 * Scenarios, each against a freshly started server:
 *   a. one document: 50 editors typing 5 characters/s each, 200 readers;
 *   b. 500 documents with 3 editors each, typing 2 characters/s each;
 *   c. 2,000 idle connections over 20 documents.
 * For each server it prints edits relayed per second, latency from send to
 * receipt by the other clients (p50/p95/p99), the server's CPU time and peak
 * memory, and memory per connection and per document. First it times one journal
 * commit on this machine (calibrate.ts), the cost Plenary adds to every relay.
 *
 * Options: --scenarios a,b,c  --servers plenary,y-websocket,y-websocket+leveldb
 *          --seconds N (measured typing / idle time per scenario, default 12)
 *          --repeat N (run everything N times, interleaved; report medians)  --json FILE
 *          --profile DIR (each server writes a V8 CPU profile of each scenario there,
 *          named CPU.<date>.<time>.<pid>...; open them in Chrome DevTools)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadPlan, LoadResult } from './loadgen';
import { runLoadGenerator } from './generator';
import { REFERENCE_DIR, ensureReference, referenceServerPath } from './reference';
import { checkLevelDb, cpuSeconds, memory, startPlenary, startReference, type RunningServer, type ServerKind } from './servers';
import { SEED_PARAGRAPHS, prepareDataDir, seedUpdate, signIn } from './setup';
import { journalCommitCost } from './calibrate';

interface Scenario {
  key: 'a' | 'b' | 'c';
  title: string;
  docs: string[];
  editorsPerDoc: number;
  readersPerDoc: number;
  editsPerSecond: number;
}

/** Typing before measuring starts, so both servers are measured warm (JIT-compiled, caches filled). */
const WARMUP_MS = 3_000;

const range = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => name(i));

const SCENARIOS: Scenario[] = [
  { key: 'a', title: 'a. 50 editors typing 5/s + 200 readers in one document', docs: ['bench-a'], editorsPerDoc: 50, readersPerDoc: 200, editsPerSecond: 5 },
  { key: 'b', title: 'b. 500 documents x 3 editors typing 2/s', docs: range(500, (i) => `bench-b-${i}`), editorsPerDoc: 3, readersPerDoc: 0, editsPerSecond: 2 },
  { key: 'c', title: 'c. 2,000 idle connections over 20 documents', docs: range(20, (i) => `bench-c-${i}`), editorsPerDoc: 0, readersPerDoc: 100, editsPerSecond: 0 },
];

interface Row {
  scenario: Scenario['key'];
  server: ServerKind;
  load: LoadResult;
  /** Server CPU seconds while clients typed (or idled), and over the whole scenario including connecting. */
  cpuWindow: number;
  cpuTotal: number;
  /** Resident memory when started, when every client was connected, and the peak (bytes). */
  rssBaseline: number;
  rssConnected: number;
  rssPeak: number;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(kind: ServerKind, scenario: Scenario, seed: Uint8Array): Promise<{ server: RunningServer; token: string | null; cleanup: () => void }> {
  if (kind === 'plenary') {
    const dataDir = await prepareDataDir(scenario.docs, seed);
    const server = await startPlenary(dataDir, option('profile'));
    const token = await signIn(server.httpUrl);
    return { server, token, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const server = await startReference(kind === 'y-websocket+leveldb', option('profile'));
  return { server, token: null, cleanup: () => {} };
}

async function runOne(kind: ServerKind, scenario: Scenario, seed: Uint8Array, seconds: number): Promise<Row> {
  const { server, token, cleanup } = await startServer(kind, scenario, seed);
  const pid = server.child.pid!;
  try {
    await sleep(500);
    const rssBaseline = memory(pid).rss;
    const cpuStart = cpuSeconds(pid);
    const plan: LoadPlan = {
      url: server.syncUrl,
      token,
      docs: scenario.docs,
      editorsPerDoc: scenario.editorsPerDoc,
      readersPerDoc: scenario.readersPerDoc,
      editsPerSecond: scenario.editsPerSecond,
      warmupMs: WARMUP_MS,
      durationMs: seconds * 1000,
      seedUpdate: Buffer.from(seed).toString('base64'),
      seedParagraphs: SEED_PARAGRAPHS,
      rngSeed: 20_240_917,
      connectBatch: 50,
    };
    let rssConnected = 0;
    let cpuWindowStart = 0;
    let cpuWindow = 0;
    const result = await runLoadGenerator(plan, (event) => {
      if (event === 'connected') rssConnected = memory(pid).rss;
      else if (event === 'start') cpuWindowStart = cpuSeconds(pid);
      else if (event === 'end') cpuWindow = cpuSeconds(pid) - cpuWindowStart;
    });
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`${kind} died during the run`);
    const { peak } = memory(pid);
    const cpuTotal = cpuSeconds(pid) - cpuStart;
    return { scenario: scenario.key, server: kind, load: result, cpuWindow, cpuTotal, rssBaseline, rssConnected, rssPeak: peak };
  } finally {
    await server.stop();
    cleanup();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number | null) => (value === null ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(0));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The median of `value` over a group of repeated runs (nulls ignored). */
function median(group: Row[], value: (r: Row) => number | null): number | null {
  const values = group.map(value).filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const middle = Math.floor(values.length / 2);
  return values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

const perConnection = (r: Row) => (r.rssConnected - r.rssBaseline) / Math.max(1, r.load.clients - r.load.connectFailures);

/** The tables: one per scenario, a row per server, each figure the median over the repeated runs. */
function report(rows: Row[], scenarios: Scenario[], repeats: number): string {
  const out: string[] = [];
  const servers = [...new Set(rows.map((r) => r.server))];
  const groupOf = (scenario: Scenario['key'], server: ServerKind) => rows.filter((r) => r.scenario === scenario && r.server === server);
  if (repeats > 1) out.push(`\nEach figure is the median of ${repeats} runs.`);
  for (const scenario of scenarios) {
    const groups = servers.map((server) => [server, groupOf(scenario.key, server)] as const).filter(([, group]) => group.length > 0);
    if (groups.length === 0) continue;
    out.push(`\n${scenario.title}`);
    if (scenario.editsPerSecond > 0) {
      const recipients = scenario.editorsPerDoc + scenario.readersPerDoc - 1;
      out.push(
        table(
          ['server', 'edits/s relayed', 'delivered', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU s', 'CPU % of a core', 'RSS at start', 'peak RSS', 'RSS/doc*'],
          groups.map(([server, g]) => {
            const m = (value: (r: Row) => number | null) => median(g, value) ?? 0;
            return [
              server,
              m((r) => r.load.deliveries / recipients / (r.load.windowMs / 1000)).toFixed(0),
              `${m((r) => (100 * r.load.deliveries) / Math.max(1, r.load.expectedDeliveries)).toFixed(1)}%`,
              ms(median(g, (r) => r.load.latencyMs.p50)),
              ms(median(g, (r) => r.load.latencyMs.p95)),
              ms(median(g, (r) => r.load.latencyMs.p99)),
              ms(median(g, (r) => r.load.latencyMs.max)),
              m((r) => r.cpuWindow).toFixed(2),
              `${m((r) => (100 * r.cpuWindow) / (r.load.windowMs / 1000)).toFixed(0)}%`,
              mb(m((r) => r.rssBaseline)),
              mb(m((r) => r.rssPeak)),
              kb(m((r) => (r.rssConnected - r.rssBaseline) / scenario.docs.length)),
            ];
          }),
        ),
      );
      out.push('  * RSS/doc: resident memory growth from start to all clients connected, per document (its sockets included).');
      out.push(
        `  CPU s: server CPU time (user + system) while measured. Load generator's own event-loop delay, p99 / max: ${groups
          .map(([server, g]) => `${server} ${ms(median(g, (r) => r.load.generatorLagMs.p99))} / ${ms(median(g, (r) => r.load.generatorLagMs.max))} ms`)
          .join(', ')}.`,
      );
    } else {
      out.push(
        table(
          ['server', 'connected', 'connect+sync p50 ms', 'p99 ms', 'all connected in', 'CPU s (total)', 'CPU s (idle)', 'RSS at start', 'peak RSS', 'RSS/connection*'],
          groups.map(([server, g]) => {
            const m = (value: (r: Row) => number | null) => median(g, value) ?? 0;
            return [
              server,
              `${m((r) => r.load.clients - r.load.connectFailures)}/${g[0]!.load.clients}`,
              ms(median(g, (r) => r.load.connectMs.p50)),
              ms(median(g, (r) => r.load.connectMs.p99)),
              `${(m((r) => r.load.connectMs.allMs) / 1000).toFixed(1)} s`,
              m((r) => r.cpuTotal).toFixed(2),
              m((r) => r.cpuWindow).toFixed(2),
              mb(m((r) => r.rssBaseline)),
              mb(m((r) => r.rssPeak)),
              kb(m(perConnection)),
            ];
          }),
        ),
      );
      out.push(`  * RSS/connection: resident memory growth from start to all clients connected, per connection (the ${scenario.docs.length} documents included).`);
    }
    for (const [server, g] of groups) {
      for (const r of g.filter((run) => run.load.connectFailures > 0 || run.load.closedDuringRun > 0)) {
        out.push(`  ! ${server}: ${r.load.connectFailures} failed to connect, ${r.load.closedDuringRun} closed during the run; close codes ${JSON.stringify(r.load.closeCodes)}`);
      }
    }
  }
  const b = SCENARIOS.find((s) => s.key === 'b')!;
  const perDocument = servers.flatMap((server) => {
    const ofB = median(groupOf('b', server), (r) => (r.rssConnected - r.rssBaseline) / b.docs.length);
    const ofC = median(groupOf('c', server), perConnection);
    return ofB === null || ofC === null ? [] : [`${server} ${kb(ofB - b.editorsPerDoc * ofC)}`];
  });
  if (perDocument.length) out.push(`\nMemory per document without its sockets (RSS/doc of b minus ${b.editorsPerDoc} x RSS/connection of c): ${perDocument.join(', ')}.`);
  return out.join('\n');
}

async function main(): Promise<void> {
  const seconds = Number(option('seconds') ?? 12);
  const repeats = Math.max(1, Number(option('repeat') ?? 1));
  const wanted = (option('scenarios') ?? 'a,b,c').split(',');
  const scenarios = SCENARIOS.filter((s) => wanted.includes(s.key));
  let servers = (option('servers') ?? 'plenary,y-websocket,y-websocket+leveldb').split(',') as ServerKind[];
  if (servers.some((kind) => kind !== 'plenary')) ensureReference();
  const require = createRequire(import.meta.url);
  const referenceRequire = createRequire(join(REFERENCE_DIR, 'package.json'));
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  const referenceVersion = () => {
    try {
      return (referenceRequire('y-websocket/package.json') as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  const [load1] = loadavg();
  console.log(`Sync benchmark: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, yjs ${version('yjs')}, reference y-websocket ${referenceVersion()} (${referenceServerPath()})`);
  if (load1! > 0.5) console.log(`NOTE: the load average is ${load1!.toFixed(1)}: other processes are using the CPU, so the figures will be noisy.`);
  const commit = journalCommitCost();
  console.log(`One journal commit on this machine (one update, as a small room writes it before relaying): p50 ${commit.p50.toFixed(1)} us, p95 ${commit.p95.toFixed(1)} us.`);
  console.log(`Each scenario runs against a freshly started server; clients type ${WARMUP_MS / 1000} s to warm up, then ${seconds} s measured. Plenary journals every update to SQLite before relaying it.`);
  if (servers.includes('y-websocket+leveldb')) {
    const problem = await checkLevelDb();
    if (problem) {
      console.log(`NOTE: the reference server's LevelDB persistence is skipped: ${problem}`);
      servers = servers.filter((s) => s !== 'y-websocket+leveldb');
    } else {
      console.log('LevelDB persistence of the reference server (y-leveldb + leveldown): installed and working.');
    }
  }
  const seed = seedUpdate();
  const rows: Row[] = [];
  const started = performance.now();
  for (let round = 1; round <= repeats; round++) {
    for (const scenario of scenarios) {
      for (const kind of servers) {
        process.stdout.write(`  ${repeats > 1 ? `run ${round}/${repeats}: ` : ''}${scenario.key} against ${kind} ...`);
        try {
          const row = await runOne(kind, scenario, seed, seconds);
          rows.push(row);
          process.stdout.write(` done (${(row.load.windowMs / 1000).toFixed(1)} s measured)\n`);
        } catch (error) {
          process.stdout.write(` FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    }
  }
  console.log(report(rows, scenarios, repeats));
  console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(0)} s. Latency is measured in the load generator, from just before a keystroke's update is sent to its receipt by each other client.`);
  const jsonFile = option('json');
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
