import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SERVER_ENV, bundleServer } from '../server/bundle';
import { login, makeDataDir } from './helpers/server';
import { downloadBytes, startPacket, untilDone } from './helpers/export-jobs';
import { appendParagraph, connect, synced, until } from './helpers/yclient';

/**
 * What `npm start` runs: the server bundled by `server/bundle.ts` and started by
 * plain Node, no TypeScript loader. The suite elsewhere runs the sources through
 * Vitest; this checks the bundle a convention would actually run.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Built as `npm start` builds it, beside its bundle rather than over it (a server started by hand may be running that). */
const BUNDLE = 'dist/test-server/main.js';
/**
 * A generous bound on the resident memory right after start with the demo seeded: the
 * benchmark's figure is ~93 MB (`npm run bench`, bench/memory.ts), it was ~148 MB before
 * the packages were bundled and schemas compiled on first use. Crossing this means something
 * big is loaded at start again (e.g. the typesetters, a worker thread, every schema).
 */
const MAX_RSS_AFTER_START = 125 * 1024 * 1024;
/**
 * What the first packet export may leave resident in the server once its file is done: typeset in
 * a process of its own it leaves what reading the texts took, ~4 MB (the goal: within
 * 20 MB of idle); in a worker thread ~12 MB; in the server's own thread, with the typesetters and
 * fonts loaded there, ~36 MB.
 */
const MAX_RSS_AFTER_PACKET = 8 * 1024 * 1024;

/** The processes a process started that are still running (Linux: /proc). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
}

const isRunning = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startBundle(dataDir: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, ...SERVER_ENV, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => output.includes('Plenary is running at') || child.exitCode !== null, 'the bundled server to start', 30_000);
  if (child.exitCode !== null) throw new Error(`the bundled server exited with ${child.exitCode}: ${output}`);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

describe('npm start: the bundled server', () => {
  const dataDir = makeDataDir();
  let server: Started;
  /** The server's resident memory once it first answers, before any test asks it for anything. */
  let rssAfterStart: number;

  beforeAll(async () => {
    await bundleServer('server/main.ts', BUNDLE);
    server = await startBundle(dataDir);
    await until(async () => (await fetch(`${server.url}/api/health`)).ok, 'the server to answer');
    rssAfterStart = rssOf(server.child.pid!);
  }, 60_000);

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is started by `npm start` with the environment measured here', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const run = scripts.start!.split('&&').at(-1)!.trim();
    const env = Object.entries(SERVER_ENV).map(([name, value]) => `${name}=${value}`);
    expect(run).toBe([...env, 'node', 'dist/server/main.js'].join(' '));
  });

  it('seeds the demo convention and lists its accounts', () => {
    expect(server.output()).toContain('drafter@demo.test');
    expect(server.output()).toContain('staff@demo.test');
  });

  it('starts without loading what only some requests need (resident memory, read from /proc)', async () => {
    expect(rssAfterStart).toBeGreaterThan(0);
    expect(rssAfterStart).toBeLessThan(MAX_RSS_AFTER_START);
  });

  /** The bundle's files (file -> code), read once the bundle is built; `atStart`: those Node loads at start, the bundle and every chunk it imports statically, transitively. */
  let files: { atStart: Map<string, string>; chunks: string[] } | undefined;
  function bundleFiles(): { atStart: Map<string, string>; chunks: string[] } {
    if (files) return files;
    const chunksDir = join(ROOT, dirname(BUNDLE), 'chunks');
    const code = new Map(readdirSync(chunksDir).filter((name) => name.endsWith('.js')).map((name) => [join(chunksDir, name), readFileSync(join(chunksDir, name), 'utf8')]));
    code.set(join(ROOT, BUNDLE), readFileSync(join(ROOT, BUNDLE), 'utf8'));
    const atStart = new Map<string, string>();
    const visit = (file: string) => {
      if (atStart.has(file)) return;
      atStart.set(file, code.get(file)!);
      for (const [, target] of code.get(file)!.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.js)"/g)) visit(join(dirname(file), target!));
    };
    visit(join(ROOT, BUNDLE));
    return (files = { atStart, chunks: [...code.keys()].filter((file) => file.startsWith(chunksDir)).map((file) => code.get(file)!) });
  }

  // Each package by a string only its code has.
  it.each([
    ['the PostgreSQL driver, without DATABASE_URL', 'SCRAM-SERVER-FIRST-MESSAGE'],
    ["the Word reader's ZIP library, until a Word file comes", 'Corrupted zip'],
  ])('loads nothing of %s: it sits in a chunk only `import()` reaches', (_what, marker) => {
    const { atStart, chunks } = bundleFiles();
    expect(chunks.some((code) => code.includes(marker))).toBe(true);
    for (const [file, code] of atStart) expect(code.includes(marker), file).toBe(false);
  });

  it.each([
    ['yaml', 'YAMLParseError'],
    ['glob', 'GlobStream'],
    ['ip-address', 'IPv6 BigInt must be in the range'],
  ])('bundles a stand-in for %s, which loads it from node_modules on first call (DEFERRED_PACKAGES)', (name, marker) => {
    const { atStart, chunks } = bundleFiles();
    expect(existsSync(join(ROOT, 'node_modules', name))).toBe(true);
    for (const code of [...atStart.values(), ...chunks]) expect(code.includes(marker)).toBe(false);
    expect([...atStart.values()].some((code) => code.includes(`__require(${JSON.stringify(name)})`))).toBe(true);
  });

  it('typesets the convention packet in a process of its own, and gives the memory back', async () => {
    const token = await login(server.url, 'staff@demo.test');
    const before = rssOf(server.child.pid!);
    const { jobId } = await startPacket(server.url, 'pdf', token);
    const { downloadUrl } = await untilDone(server.url, jobId, token);
    const file = await downloadBytes(server.url, downloadUrl!, token);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    expect(rssOf(server.child.pid!) - before).toBeLessThan(MAX_RSS_AFTER_PACKET);
    await until(() => childrenOf(server.child.pid!).length === 0, 'the typesetting process to end with its job');
  }, 90_000);

  it('leaves no typesetting process behind when the server is killed in the middle of a packet', async () => {
    const ownData = makeDataDir();
    const own = await startBundle(ownData);
    try {
      const token = await login(own.url, 'staff@demo.test');
      await startPacket(own.url, 'docx', token);
      await until(() => childrenOf(own.child.pid!).length > 0, 'the packet to be typeset in a process of its own');
      const [typesetter] = childrenOf(own.child.pid!);
      own.child.kill('SIGKILL');
      await until(() => !isRunning(typesetter!), 'the typesetting process to end once its server is gone', 10_000);
    } finally {
      if (own.child.exitCode === null) own.child.kill('SIGKILL');
      rmSync(ownData, { recursive: true, force: true });
    }
  }, 60_000);

  it('signs in, lists documents, syncs a draft and prints a PDF', async () => {
    const token = await login(server.url, 'drafter@demo.test');
    const headers = { authorization: `Bearer ${token}` };
    const documents = (await (await fetch(`${server.url}/api/documents`, { headers })).json()) as { id: string; code: string | null }[];
    const r01 = documents.find((doc) => doc.code === 'R01');
    expect(r01).toBeDefined();

    const created = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'resolution', title: 'On quiet rooms' }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const wsUrl = server.url.replace('http', 'ws');
    const writer = connect(wsUrl, id, token);
    const reader = connect(wsUrl, id, token);
    try {
      await Promise.all([synced(writer), synced(reader)]);
      appendParagraph(writer.doc, 'Resolved, that every venue offers a quiet room.');
      await until(() => reader.text().includes('quiet room.'), 'the paragraph to reach the second client');
    } finally {
      writer.destroy();
      reader.destroy();
    }

    // PDF typesetting loads pdfkit and its fonts on first use, from node_modules beside the bundle.
    const pdf = await fetch(`${server.url}/api/documents/${r01!.id}/export.pdf`, { headers });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('shuts down cleanly on SIGTERM', async () => {
    // A server of its own: the other tests here use the shared one, in whatever order they run.
    const ownData = makeDataDir();
    const own = await startBundle(ownData);
    try {
      const exited = new Promise<number | null>((resolve) => own.child.once('exit', (code) => resolve(code)));
      own.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (own.child.exitCode === null) own.child.kill('SIGKILL');
      rmSync(ownData, { recursive: true, force: true });
    }
  }, 60_000);
});
