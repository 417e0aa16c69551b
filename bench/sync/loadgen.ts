/**
 * The load generator: lightweight y-websocket clients (raw `ws` sockets, no
 * editor, no provider) driven from one process, the same for every server.
 *
 * Editors hold a small Y.Doc with the seed text, type one character at a time
 * into their own paragraph at a steady rate (with seeded jitter) and send each
 * keystroke as an update; they answer the server's sync step 1 with what it
 * lacks (so a fresh reference server gets the seed text exactly as from a stock
 * client). Readers only sync. Nobody applies the edits they receive: a receipt is
 * identified from the update's first struct (client id, clock) and timed against
 * its send time, so the generator spends its CPU on sockets, not on Yjs.
 *
 * Run by bench/sync/index.ts with a JSON plan as the only argument. Prints
 * `EVENT <name>` lines as phases change and one `RESULT <json>` line at the end.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  awarenessMessage,
  readFrame,
  syncStep1,
  syncStep2,
  updateKey,
  updateMessage,
} from './protocol';
import { Samples, seededRandom } from './stats';

export interface LoadPlan {
  /** ws://host:port/sync */
  url: string;
  /** Several servers' sync URLs (processes sharing one database): clients are dealt out over them in turn; `url` is then unused. */
  urls?: string[];
  token: string | null;
  docs: string[];
  editorsPerDoc: number;
  readersPerDoc: number;
  /** Per editor. */
  editsPerSecond: number;
  /** How long editors type before measuring starts (JIT and caches warm up; not counted). */
  warmupMs: number;
  /** How long editors type while measured (or idle clients stay connected). */
  durationMs: number;
  /** The seed text's Yjs update, base64. */
  seedUpdate: string;
  /** Paragraphs after the title in the seed; editor k types into paragraph k mod this. */
  seedParagraphs: number;
  rngSeed: number;
  /** Sockets opened at once while connecting. */
  connectBatch: number;
}

export interface LoadResult {
  clients: number;
  connectFailures: number;
  closedDuringRun: number;
  closeCodes: Record<string, number>;
  connectMs: { p50: number | null; p99: number | null; allMs: number };
  editsSent: number;
  deliveries: number;
  expectedDeliveries: number;
  windowMs: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /** Latency by the second its edit was sent in: [p50, p99, max] per second of the window. */
  timeline: (number | null)[][];
  /** The generator's own event-loop delay while typing (ms): high values mean the generator, not the server, is late. */
  generatorLagMs: { p99: number; max: number };
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
const random = seededRandom(plan.rngSeed);
const seedUpdate = new Uint8Array(Buffer.from(plan.seedUpdate, 'base64'));
const latency = new Samples();
/** Latency samples by the second of the window their edit was sent in. */
const bySecond: Samples[] = [];
let windowStart = 0;
/** Send time of every edit in flight, by its key. */
const sentAt = new Map<number, number>();
let deliveries = 0;
let editsSent = 0;
let closedDuringRun = 0;
let running = false;
/** Edits are counted and timed only while this is set (after the warm-up). */
let measuring = false;
const closeCodes: Record<string, number> = {};

function event(name: string): void {
  process.stdout.write(`EVENT ${name}\n`);
}

/** Clients made so far, to deal them out over `plan.urls`. */
let clientsMade = 0;

class BenchClient {
  socket!: WebSocket;
  synced = false;
  readonly doc: Y.Doc | null;
  private text: Y.XmlText | null = null;
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastUpdate: Uint8Array | null = null;
  /** The server this client connects to (`plan.urls` dealt out in turn). */
  private readonly url = plan.urls ? plan.urls[clientsMade++ % plan.urls.length]! : plan.url;

  constructor(
    readonly docId: string,
    readonly editorIndex: number | null,
  ) {
    if (editorIndex === null) {
      this.doc = null;
      return;
    }
    this.doc = new Y.Doc();
    Y.applyUpdate(this.doc, seedUpdate);
    const paragraph = this.doc.getXmlFragment('prosemirror').get(1 + (editorIndex % plan.seedParagraphs)) as Y.XmlElement;
    this.text = paragraph.get(0) as Y.XmlText;
    this.cursor = Math.floor(random() * this.text.length);
    this.doc.on('update', (update: Uint8Array) => (this.lastUpdate = update));
  }

  get clientId(): number {
    return this.doc?.clientID ?? -1;
  }

  /** Opens the socket and resolves once the server's sync step 2 arrived. */
  connect(): Promise<void> {
    const query = plan.token ? `?token=${encodeURIComponent(plan.token)}` : '';
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${this.url}/${this.docId}${query}`, { perMessageDeflate: false });
      socket.binaryType = 'nodebuffer';
      this.socket = socket;
      const failTimer = setTimeout(() => reject(new Error('sync timeout')), 60_000);
      socket.on('open', () => {
        const vector = this.doc ? Y.encodeStateVector(this.doc) : EMPTY_STATE_VECTOR;
        socket.send(syncStep1(vector));
        if (this.doc) {
          socket.send(awarenessMessage(this.clientId, 1, { user: { name: `Editor ${this.editorIndex}`, color: '#30bced' } }));
        }
      });
      socket.on('message', (data: Buffer) => {
        const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        const frame = readFrame(message);
        switch (frame.kind) {
          case 'step1': {
            // Answer with what the server lacks: the seed and our edits for an editor, nothing for a reader.
            const answer = this.doc ? Y.encodeStateAsUpdate(this.doc, readStateVector(message)) : EMPTY_UPDATE;
            socket.send(syncStep2(answer));
            return;
          }
          case 'step2':
            if (!this.synced) {
              this.synced = true;
              clearTimeout(failTimer);
              resolve();
            }
            return;
          case 'update': {
            if (frame.key === null || frame.client === this.clientId) return;
            const sent = sentAt.get(frame.key);
            if (sent === undefined) return;
            deliveries++;
            latency.add(performance.now() - sent);
            const second = Math.floor((sent - windowStart) / 1000);
            (bySecond[second] ??= new Samples()).add(performance.now() - sent);
            return;
          }
          default:
            return;
        }
      });
      socket.on('close', (code) => {
        closeCodes[code] = (closeCodes[code] ?? 0) + 1;
        if (running) closedDuringRun++;
        this.stop();
        clearTimeout(failTimer);
        if (!this.synced) reject(new Error(`closed with ${code} before sync`));
      });
      socket.on('error', () => {});
    });
  }

  /** Types one character at the cursor every 1/rate seconds on average (uniform jitter of +-50%). */
  startTyping(): void {
    const mean = 1000 / plan.editsPerSecond;
    const next = () => {
      this.timer = setTimeout(() => {
        this.type();
        next();
      }, mean * (0.5 + random()));
    };
    next();
  }

  private type(): void {
    if (!this.text || this.socket.readyState !== WebSocket.OPEN) return;
    this.cursor = Math.min(this.cursor, this.text.length);
    this.text.insert(this.cursor++, String.fromCharCode(97 + Math.floor(random() * 26)));
    const update = this.lastUpdate!;
    const key = updateKey(update);
    if (key === null) return;
    if (measuring) {
      sentAt.set(key, performance.now());
      editsSent++;
    }
    this.socket.send(updateMessage(update));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function readStateVector(message: Uint8Array): Uint8Array {
  // [MESSAGE_SYNC, SYNC_STEP1, varUint8Array(stateVector)]: two one-byte varints, then the length-prefixed vector.
  let position = 2;
  let length = 0;
  let shift = 1;
  for (;;) {
    const byte = message[position++]!;
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
    shift *= 128;
  }
  return message.subarray(position, position + length);
}

async function main(): Promise<void> {
  const clients: BenchClient[] = [];
  for (const docId of plan.docs) {
    for (let e = 0; e < plan.editorsPerDoc; e++) clients.push(new BenchClient(docId, e));
  }
  for (const docId of plan.docs) {
    for (let r = 0; r < plan.readersPerDoc; r++) clients.push(new BenchClient(docId, null));
  }
  const connectTimes = new Samples();
  let connectFailures = 0;
  const connectStart = performance.now();
  for (let i = 0; i < clients.length; i += plan.connectBatch) {
    await Promise.all(
      clients.slice(i, i + plan.connectBatch).map(async (client) => {
        const start = performance.now();
        try {
          await client.connect();
          connectTimes.add(performance.now() - start);
        } catch {
          connectFailures++;
        }
      }),
    );
  }
  const connectAll = performance.now() - connectStart;
  event('connected');
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const editors = clients.filter((c) => c.doc !== null && c.synced);
  const recipientsPerEdit = plan.editorsPerDoc + plan.readersPerDoc - 1;
  running = true;
  for (const editor of editors) editor.startTyping();
  if (editors.length > 0) await new Promise((resolve) => setTimeout(resolve, plan.warmupMs));
  measuring = true;
  event('start');
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  windowStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, plan.durationMs));
  measuring = false;
  for (const editor of editors) editor.stop();
  const windowMs = performance.now() - windowStart;
  lag.disable();
  event('end');
  // Let what is in flight arrive (bounded), then stop.
  const expectedDeliveries = editsSent * recipientsPerEdit;
  const drainUntil = performance.now() + 5_000;
  while (deliveries < expectedDeliveries && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  running = false;

  const [p50, p95, p99, max] = latency.percentiles(50, 95, 99, 100);
  const [c50, c99] = connectTimes.percentiles(50, 99);
  const result: LoadResult = {
    clients: clients.length,
    connectFailures,
    closedDuringRun,
    closeCodes,
    connectMs: { p50: c50, p99: c99, allMs: connectAll },
    editsSent,
    deliveries,
    expectedDeliveries,
    windowMs,
    latencyMs: { p50, p95, p99, max },
    timeline: bySecond.map((samples) => samples.percentiles(50, 99, 100).map((v) => (v === null ? null : Math.round(v)))),
    generatorLagMs: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  for (const client of clients) client.socket?.terminate();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
