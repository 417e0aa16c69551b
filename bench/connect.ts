/**
 * Connect cost: where the time of a sync socket's connect + initial sync goes. A
 * server with the demo convention runs in this process; each step the socket
 * handler (`server/sync/plugin.ts`) takes is timed on its own, over and over, with
 * the server's own functions: the session lookup of the token, the viewer (user and
 * caucuses), the document row and the permission check, loading the document from
 * its journal (a cold room) and encoding the sync step 2 that carries the text. Then
 * the whole, over real sockets: open, send step 1, receive step 2, to a room already
 * loaded and to a cold one. `npm run bench:sync` compares the whole against the
 * reference server under load (scenario c).
 *
 * Run with `npm run bench` (or `npx tsx bench/connect.ts` alone).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { canEdit, canReadLive } from '../server/documents/permissions';
import { EMPTY_STATE_VECTOR, readFrame, syncStep1 } from './sync/protocol';
import { startServer } from '../tests/helpers/server';

/** Repetitions of each step; the median and p99 are printed. */
const REPEATS = 300;
/** Real-socket connects per case. */
const CONNECTS = 200;

const us = (ms: number) => `${(ms * 1000).toFixed(0)} us`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Times `step` REPEATS times (after a few warm-up runs); resolves to [p50, p99] in ms. */
async function time(step: () => unknown): Promise<[number, number]> {
  for (let i = 0; i < 10; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [percentile(times, 0.5), percentile(times, 0.99)];
}

/** Opens a socket, sends step 1 and resolves with the ms until the server's step 2 arrived. */
function connectAndSync(wsUrl: string, docId: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const socket = new WebSocket(`${wsUrl}/sync/${docId}?token=${token}`);
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => socket.send(syncStep1(EMPTY_STATE_VECTOR)));
    socket.on('message', (data: Buffer) => {
      if (readFrame(new Uint8Array(data)).kind !== 'step2') return;
      const ms = performance.now() - start;
      socket.once('close', () => resolve(ms));
      socket.close();
    });
    socket.once('error', reject);
  });
}

/** Runs the breakdown and prints it (for `npm run bench`). */
export async function run(): Promise<void> {
  console.log(`\nConnect + initial sync, step by step (the demo convention, in this process; medians and p99 of ${REPEATS}; timed on this machine, so its load counts)`);
  const server = await startServer({ maxSyncSocketsPerIp: 1_000_000 });
  try {
    const { storage } = server.app;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'delegate@demo.test', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const documents = (await (await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; code: string | null }[];
    const docId = documents.find((doc) => doc.code === 'R01')!.id;
    const userId = (await storage.sessions.userIdFor(token))!;
    const viewer = (await storage.users.viewer(userId))!;

    const rows: [string, [number, number]][] = [];
    rows.push(['session lookup (token hash -> user)', await time(() => storage.sessions.userIdFor(token))]);
    rows.push(['viewer (user, caucuses, roster)', await time(() => storage.users.viewer(userId))]);
    rows.push(['document row + permission', await time(async () => {
      const doc = (await storage.documents.get(docId))!;
      return canReadLive(viewer, doc) && canEdit(viewer, doc);
    })]);
    rows.push(['load a cold room from its journal', await time(async () => {
      server.app.rooms.evict(docId);
      await server.app.rooms.get(docId);
    })]);
    const room = await server.app.rooms.get(docId);
    rows.push(['encode sync step 2 (the whole text)', await time(() => {
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep2(encoder, room.doc, Y.encodeStateVector(new Y.Doc()));
      return encoding.toUint8Array(encoder);
    })]);
    for (const [step, [p50, p99]] of rows) console.log(`  ${step.padEnd(40)} p50 ${us(p50).padStart(8)}   p99 ${us(p99).padStart(8)}`);

    for (const cold of [false, true]) {
      const times: number[] = [];
      for (let i = 0; i < CONNECTS; i++) {
        if (cold) server.app.rooms.evict(docId);
        times.push(await connectAndSync(server.wsUrl, docId, token));
      }
      times.sort((a, b) => a - b);
      console.log(`  whole connect + sync over a real socket, ${cold ? 'cold room' : 'room loaded'}: p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms (one socket at a time)`);
    }
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
