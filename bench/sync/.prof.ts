import { spawn } from 'node:child_process';
import { prepareDataDir, seedUpdate, signIn, SEED_PARAGRAPHS } from './setup';
const scenario = process.argv[2] ?? 'b';
const seed = seedUpdate();
const docs = scenario === 'b' ? Array.from({ length: 500 }, (_, i) => `bench-b-${i}`) : ['bench-a'];
const dataDir = prepareDataDir(docs, seed);
const server = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'] : []), '--import', 'tsx', '-e', `
import('./server/app.ts').then(async ({ build }) => {
  const app = await build({ dataDir: process.env.DATA_DIR, demo: false, logger: false, maxSyncSocketsPerIp: 1e6 });
  if (process.env.PRAGMA) app.db.pragma(process.env.PRAGMA); const { monitorEventLoopDelay } = await import('node:perf_hooks'); const h = monitorEventLoopDelay({ resolution: 5 }); h.enable(); process.on('SIGINT', () => { console.error('server loop delay p99', h.percentile(99) / 1e6, 'max', h.max / 1e6, 'count>50ms?'); process.exit(0); });
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('listening ' + app.server.address().port);
});`], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
const port: number = await new Promise((r) => server.stdout!.on('data', (d: Buffer) => { const m = /listening (\d+)/.exec(d.toString()); if (m) r(Number(m[1])); }));
const token = await signIn(`http://127.0.0.1:${port}`);
const plan = { url: `ws://127.0.0.1:${port}/sync`, token, docs, editorsPerDoc: scenario === 'b' ? 3 : 50, readersPerDoc: scenario === 'b' ? 0 : 200, editsPerSecond: scenario === 'b' ? 2 : 5, durationMs: 8000, warmupMs: 3000, seedUpdate: Buffer.from(seed).toString('base64'), seedParagraphs: SEED_PARAGRAPHS, rngSeed: 1, connectBatch: 50, timeline: true };
const gen = spawn(process.execPath, ['--import', 'tsx', 'bench/sync/loadgen.ts', JSON.stringify(plan)], { stdio: ['ignore', 'inherit', 'inherit'] });
await new Promise((r) => gen.on('exit', r));
server.kill('SIGINT');
await new Promise((r) => server.on('exit', r));
