/**
 * Abuse: what a broken client, a script or an attacker can send, over the sync
 * socket and the HTTP API. Through all of it the server (in its own process)
 * stays up, a well-behaved writer keeps syncing with a watcher, and no document changes except by the well-behaved writer's edits.
 * Every random input comes from a fixed seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { login, makeDataDir, startServer } from './helpers/server';
import { spawnServer, type ServerProcess } from './helpers/process';
import { appendParagraph, connect, synced, until, type Client } from './helpers/yclient';
import { documentsOf, findDocument } from './helpers/api';
import { PROBE, frame, openOrClose, rawExchange, seededRandom } from './helpers/raw';
import { CLOSE, MAX_MESSAGE_BYTES } from '../server/sync/limits';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';
import type { DocumentSummary } from '../shared/api';

/** Fuzzed messages sent over the sync socket. */
const FUZZ_MESSAGES = 400;

let server: ServerProcess;
let dataDir: string;
let drafter: string;
let drafter2: string;
let staff: string;
let delegate: string;
let draft: DocumentSummary;
let resolution: DocumentSummary;
let writer: Client;
let watcher: Client;
const opened: Client[] = [];
/** The draft's text before any abuse, and every heartbeat the writer added since, in order. */
let draftBefore: string;
let resolutionBefore: string;
const heartbeats: string[] = [];

function client(docId: string, token: string): Client {
  const c = connect(server.wsUrl, docId, token);
  opened.push(c);
  return c;
}

async function textOf(docId: string, token: string): Promise<string> {
  const reader = client(docId, token);
  await synced(reader);
  const text = reader.text();
  reader.destroy();
  return text;
}

function syncUrl(docId: string, token?: string): string {
  return `${server.wsUrl}/sync/${docId}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

beforeAll(async () => {
  dataDir = makeDataDir();
  server = await spawnServer(dataDir);
  drafter = await login(server.url, 'drafter@demo.test');
  drafter2 = await login(server.url, 'drafter2@demo.test');
  staff = await login(server.url, 'staff@demo.test');
  delegate = await login(server.url, 'delegate@demo.test');
  draft = await findDocument(server.url, drafter, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
  // Read-only readers: a submitted resolution, which everyone signed in follows live (a consensus text's working copy is its committee's alone).
  resolution = await findDocument(server.url, delegate, (d) => d.kind === 'resolution' && d.status === 'submitted', 'a submitted resolution');
  writer = client(draft.id, drafter);
  watcher = client(draft.id, drafter);
  await Promise.all([synced(writer), synced(watcher)]);
  draftBefore = watcher.text();
  resolutionBefore = await textOf(resolution.id, staff);
});

afterAll(async () => {
  for (const c of opened.splice(0)) c.destroy();
  await server?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Runs `abuse` while the writer appends a heartbeat paragraph every 100 ms, then
 * checks that the watcher received every heartbeat and that the server process
 * is still running. How long the heartbeats took is printed with ABUSE_REPORT=1;
 * it is a figure for a benchmark, not a bound a loaded machine must meet.
 */
async function whileSyncing(label: string, abuse: () => Promise<void>): Promise<void> {
  const sentAt = new Map<string, number>();
  const delays = new Map<string, number>();
  const fragment = watcher.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const observe = () => {
    for (let i = Math.max(0, fragment.length - 8); i < fragment.length; i++) {
      const element = fragment.get(i);
      const text = element instanceof Y.XmlElement ? element.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : '';
      const sent = sentAt.get(text);
      if (sent !== undefined && !delays.has(text)) delays.set(text, Date.now() - sent);
    }
  };
  watcher.doc.on('update', observe);
  let n = 0;
  const beat = () => {
    const line = `Heartbeat during ${label}, number ${n++}.`;
    sentAt.set(line, Date.now());
    heartbeats.push(line);
    appendParagraph(writer.doc, line);
  };
  beat();
  const timer = setInterval(beat, 100);
  try {
    await abuse();
  } finally {
    clearInterval(timer);
  }
  try {
    await until(() => delays.size === sentAt.size, `every heartbeat during ${label} to reach the watcher`, 20_000);
  } finally {
    watcher.doc.off('update', observe);
  }
  const slowest = Math.max(...delays.values());
  if (process.env.ABUSE_REPORT) console.log(`${label}: ${sentAt.size} heartbeats, slowest ${slowest} ms`);
  expect(server.child.exitCode, 'the server process is still running').toBeNull();
  expect(writer.provider.wsconnected && watcher.provider.wsconnected).toBe(true);
  await expectOnlyHeartbeats(label);
}

/**
 * No document changed but for the well-behaved writer: the draft holds its text
 * from before the abuse and every heartbeat since, in order (on the watcher and
 * on the server), and the resolution is as it was. Checked after each abuse, so
 * each test shows it on its own, in whatever order the tests run.
 */
async function expectOnlyHeartbeats(label: string): Promise<void> {
  const expected = [draftBefore, ...heartbeats].join('\n');
  await until(() => watcher.text() === expected, `the watcher to hold exactly the heartbeats after ${label}`, 10_000);
  expect(await textOf(draft.id, drafter), `the draft on the server after ${label}`).toBe(expected);
  expect(await textOf(resolution.id, staff), `the resolution after ${label}`).toBe(resolutionBefore);
}

/** A valid Yjs update from an unrelated document, to cut up and corrupt. */
function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, 'A paragraph that only exists to be cut into pieces.');
  appendParagraph(doc, 'And a second one, with a deletion.');
  const first = doc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(0) as Y.XmlElement;
  (first.get(0) as Y.XmlText).delete(2, 9);
  return Y.encodeStateAsUpdate(doc);
}

function sampleAwareness(): Uint8Array {
  const inner = frame(1, 123_456, 1);
  const state = Buffer.from(JSON.stringify({ user: { name: 'Fuzzer', color: '#ff0000' } }));
  return Buffer.concat([inner, frame(state)]);
}

describe('the sync socket under abuse', () => {
  it(`fuzzed and truncated y-protocols messages (${FUZZ_MESSAGES}, seeded) close only their sender and change nothing`, async () => {
    const random = seededRandom(4_242);
    const update = sampleUpdate();
    const awareness = sampleAwareness();
    const valid = [frame(0, 0, new Uint8Array([1, 200, 1, 5])), frame(0, 1, update), frame(0, 2, update), frame(1, awareness)];
    const asWriter: Buffer[] = [];
    const asReader: Buffer[] = [];
    /** Indexes into asWriter (and so into outcomes, which lists the writer's messages first) of the truncated messages. */
    const truncated = new Set<number>();
    const byte = () => Math.floor(random() * 256);
    for (let i = 0; i < FUZZ_MESSAGES; i++) {
      const base = valid[Math.floor(random() * valid.length)]!;
      switch (i % 4) {
        case 0: // truncated: a strict prefix of a valid message
          truncated.add(asWriter.length);
          asWriter.push(base.subarray(0, 1 + Math.floor(random() * (base.length - 1))));
          break;
        case 1: {
          // a valid header, then random bytes under a matching length
          const garbage = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, byte));
          asWriter.push(random() < 0.5 ? frame(0, 2, garbage) : frame(1, garbage));
          break;
        }
        case 2: {
          // random bit flips in a valid message, sent by someone who may not write
          const flipped = Buffer.from(base);
          for (let f = 0; f < 1 + Math.floor(random() * 4); f++) flipped[Math.floor(random() * flipped.length)]! ^= 1 << Math.floor(random() * 8);
          asReader.push(flipped);
          break;
        }
        default: // pure noise
          asWriter.push(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 32) }, byte)));
      }
    }
    const outcomes: (number | null)[] = [];
    await whileSyncing('fuzzing', async () => {
      const batches: [string, Buffer][] = [
        ...asWriter.map((m) => [syncUrl(draft.id, drafter), m] as [string, Buffer]),
        ...asReader.map((m, i) => [syncUrl(resolution.id, i % 2 ? drafter2 : delegate), m] as [string, Buffer]),
      ];
      for (let i = 0; i < batches.length; i += 10) {
        const results = await Promise.all(batches.slice(i, i + 10).map(([url, message]) => rawExchange(url, [message])));
        outcomes.push(...results.map((r) => r.code));
      }
    });
    // Truncated messages always fail to decode; whatever else happened, only these codes are allowed.
    expect(truncated.size, 'one message in four is truncated').toBe(FUZZ_MESSAGES / 4);
    const truncatedCodes = outcomes.filter((_, i) => truncated.has(i));
    expect(new Set(truncatedCodes)).toEqual(new Set([CLOSE.badMessage]));
    for (const code of outcomes) expect([null, CLOSE.badMessage]).toContain(code);
  });

  it('huge declared lengths, unknown message types and text frames close the socket with 4400', async () => {
    const huge = [2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    const messages: (Buffer | string)[] = [
      ...huge.map((n) => frame(0, 2, n)), // an update claiming to be gigabytes long
      ...huge.map((n) => frame(0, 0, n)), // a state vector likewise
      ...huge.map((n) => frame(1, n)), // an awareness update likewise
      frame(0, 2, frame(2 ** 30)), // an update declaring a billion clients
      frame(0, 2, frame(1, 2 ** 30, 7, 0)), // ... or a billion structs
      frame(1, frame(2 ** 30, 1, 1)), // an awareness update declaring a billion clients
      ...[2, 4, 5, 127, 128, 300, 2 ** 32].map((type) => frame(type, 0, 0)), // unknown message types
      ...[3, 4, 99].map((type) => frame(0, type, new Uint8Array([0]))), // unknown sync message types
      Buffer.alloc(0), // an empty message
      Buffer.alloc(16, 0xff), // a varint that never ends
      'hello', // a text frame
    ];
    await whileSyncing('malformed frames', async () => {
      for (const message of messages) {
        const outcome = await rawExchange(syncUrl(draft.id, drafter), [message]);
        expect(outcome.code, `message ${typeof message === 'string' ? message : message.toString('hex').slice(0, 40)}`).toBe(CLOSE.badMessage);
      }
      // 1009 "message too big"; 1006 when the server cut the connection while the rest was still being sent.
      const tooBig = await rawExchange(syncUrl(draft.id, drafter), [Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0)]);
      expect([1009, 1006]).toContain(tooBig.code);
    });
  });

  it('a flood of "send me everything" requests from a client that never reads does not hold up the others', async () => {
    await whileSyncing('a request flood', async () => {
      const greedy = await openOrClose(syncUrl(draft.id, drafter));
      expect(greedy.code).toBeNull();
      greedy.socket.pause();
      for (let i = 0; i < 20_000; i++) greedy.socket.send(PROBE);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      greedy.socket.terminate();
    });
  });

  it('a flood of dropped updates and awareness changes from a read-only client does not hold up the others', async () => {
    await whileSyncing('an update flood', async () => {
      const reader = await openOrClose(syncUrl(resolution.id, drafter2));
      expect(reader.code).toBeNull();
      const update = sampleUpdate();
      for (let i = 0; i < 3_000; i++) reader.socket.send(frame(0, 2, update));
      for (let i = 0; i < 2_000; i++) reader.socket.send(frame(1, Buffer.concat([frame(1, 777, i + 1), frame(Buffer.from(JSON.stringify({ n: i })))])));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      reader.socket.terminate();
    });
  });

  it('a flood of updates whose dependencies never arrive does not hold up the others', async () => {
    await whileSyncing('a pending-update flood', async () => {
      const gaps = await openOrClose(syncUrl(draft.id, drafter));
      expect(gaps.code).toBeNull();
      const closed = new Promise<number>((resolve) => gaps.socket.once('close', resolve));
      for (let i = 0; i < 4_000; i++) gaps.socket.send(frame(0, 2, pendingUpdate(900_000 + i)));
      expect(await closed, 'the sender of unappliable updates is disconnected').toBe(CLOSE.badMessage);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });
  });

  it('hundreds of connections without a valid token are refused with 4401 and cost the others nothing', async () => {
    await whileSyncing('unauthenticated connections', async () => {
      const tokens = [undefined, 'forged', "' OR '1'='1", 'x'.repeat(5_000)];
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) => openOrClose(syncUrl(i % 2 ? draft.id : resolution.id, tokens[i % tokens.length]))),
      );
      for (const { code, socket } of results) {
        expect(code).toBe(CLOSE.unauthenticated);
        socket.terminate();
      }
    });
  });
});

describe('the HTTP API under abuse', () => {
  interface Operation {
    method: string;
    path: string;
    params: string[];
    query: string[];
    bodySchema: JsonSchema | null;
    bodyType: string | null;
  }
  interface JsonSchema {
    type?: string | string[];
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    enum?: unknown[];
    const?: unknown;
    anyOf?: JsonSchema[];
    oneOf?: JsonSchema[];
    $ref?: string;
    minimum?: number;
  }
  let operations: Operation[];
  /** Write routes anyone may call signed out. */
  const PUBLIC_WRITES = new Set(['POST /api/auth/login', 'POST /api/auth/logout']);

  beforeAll(async () => {
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    };
    operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        const bodyType = Object.keys(content)[0] ?? null;
        return {
          method: method.toUpperCase(),
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodySchema: bodyType ? content[bodyType]!.schema : null,
          bodyType,
        };
      }),
    );
    expect(operations.some((op) => op.bodySchema)).toBe(true);
  });

  /** The path with each `{param}` replaced. */
  const fill = (op: Operation, value: (name: string) => string) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
  const writes = () => operations.filter((op) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method));

  async function send(method: string, path: string, body: string | undefined, token: string | undefined, contentType = 'application/json') {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': contentType } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, text };
  }

  function expectCleanError(what: string, { status, text }: { status: number; text: string }, allowed: (status: number) => boolean) {
    expect(allowed(status), `${what} answered ${status}: ${text.slice(0, 200)}`).toBe(true);
    expect(text, what).not.toMatch(/at .*\.[jt]s:\d+|node_modules|SqliteError|SQLITE_/);
    if (status >= 400) expect(JSON.parse(text), what).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  }

  it('oversized and malformed JSON on every route that takes a body gets a clean 4xx', async () => {
    const malformed = ['{"email": "staff@demo.test", "password": ', '{', 'nul', '{"a": 1,}', '\u0000\u0001', '{"__proto__": {"isStaff": true}}', '['.repeat(50_000)];
    const oversized = JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) });
    let refusedWithStatus = 0;
    await whileSyncing('bad JSON', async () => {
      for (const op of writes()) {
        const path = fill(op, () => draft.id);
        for (const body of malformed) {
          expectCleanError(`${op.method} ${op.path} with ${JSON.stringify(body.slice(0, 30))}`, await send(op.method, path, body, staff), (s) => s >= 400 && s < 500);
        }
        // Past the default 2 MiB body limit: 413, or a schema error on a route that allows more (a roster CSV).
        // The server may also cut the connection while the body is still being sent (status 0 here).
        const result = await rawSend(op.method, path, oversized, staff);
        if (result.status === 0) continue;
        refusedWithStatus++;
        expectCleanError(`${op.method} ${op.path} with 3 MB`, result, (s) => s === 413 || (s === 400 && op.path === '/api/roster'));
      }
    });
    expect(refusedWithStatus, 'oversized bodies answered with a status').toBeGreaterThan(0);
  });

  it('path traversal and SQL metacharacters in ids, export names and query strings never leak files or data', async () => {
    const hostile = [
      '../../../../etc/passwd',
      '..\\..\\..\\windows\\win.ini',
      '....//....//etc/passwd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/etc/passwd',
      'doc\u0000.json',
      "' OR '1'='1",
      '1; DROP TABLE documents; --',
      '" OR ""="',
      "x'); DELETE FROM yjs_journal; --",
      '%',
      '_',
    ];
    await whileSyncing('hostile ids', async () => {
      for (const op of operations.filter((o) => o.method === 'GET' && (o.params.length > 0 || o.query.length > 0))) {
        for (const value of hostile) {
          const path = fill(op, () => value) + (op.query.length ? `?${op.query.map((q) => `${q}=${encodeURIComponent(value)}`).join('&')}` : '');
          const result = await send('GET', path, undefined, staff);
          expectCleanError(`GET ${path}`, result, (s) => s >= 400 && s < 500);
          expect(result.text).not.toMatch(/root:x:0:0|\[fonts\]/);
        }
      }
      for (const value of hostile) {
        const outcome = await openOrClose(`${server.wsUrl}/sync/${encodeURIComponent(value)}?token=${staff}`);
        expect(outcome.code, `sync to ${value}`).toBe(CLOSE.forbidden);
      }
      for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/index.html/../../package.json', '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd']) {
        const { status, text } = await rawGet(path);
        expect(status, `GET ${path}`).toBeLessThan(500);
        expect(text, `GET ${path}`).not.toMatch(/root:x:0:0|"name": "plenary"|"devDependencies"/);
      }
    });
  });

  it('SQL metacharacters in every text field are stored or refused, never executed', async () => {
    const payloads = ["' OR '1'='1' --", 'x"); DROP TABLE users; --', "Robert'); DELETE FROM documents WHERE ('1'='1", '%_\\', '\u0000'];
    const documentsBefore = (await documentsOf(server.url, staff)).map((d) => d.id);
    // Signing out ends the session it is called with: drafter2 signs out with a session of its own, so the
    // session the other tests use stays open.
    const signingOut = await login(server.url, 'drafter2@demo.test');
    await whileSyncing('SQL metacharacters', async () => {
      for (const payload of payloads) {
        for (const email of [payload, `${payload}@demo.test`, `staff@demo.test' --`]) {
          const result = await send('POST', '/api/auth/login', JSON.stringify({ email, password: payload }), undefined);
          expectCleanError(`login as ${email}`, result, (s) => s === 400 || s === 401 || s === 429);
        }
        for (const op of writes()) {
          const body = op.bodySchema ? JSON.stringify(sample(op.bodySchema, payload)) : undefined;
          // Every path parameter set to the payload, and (for a document's routes) the real draft's id.
          const targets = [fill(op, () => payload), fill(op, (name) => (name === 'id' && op.path.startsWith('/api/documents/') ? draft.id : payload))];
          // Who may call what is the permission matrix's (tests/permissions); here: signed out, nothing but the public routes
          // answers anything but 401 (or a schema's 400, which Fastify checks first); another caucus's drafter never
          // succeeds on this caucus's draft.
          for (const target of targets) {
            const anonymous = await send(op.method, target, body, undefined, op.bodyType ?? 'application/json');
            const open = PUBLIC_WRITES.has(`${op.method} ${op.path}`);
            expectCleanError(`${op.method} ${target} signed out`, anonymous, (s) => (open ? s < 500 : s === 401 || s === 400));
            const other = await send(op.method, target, body, op.path === '/api/auth/logout' ? signingOut : drafter2, op.bodyType ?? 'application/json');
            const onTheDraft = target.includes(draft.id);
            expectCleanError(`${op.method} ${target} as drafter2`, other, (s) => (onTheDraft ? s >= 400 && s < 500 : s < 500));
          }
        }
      }
    });
    const documentsAfter = (await documentsOf(server.url, staff)).map((d) => d.id);
    expect(documentsAfter).toEqual(expect.arrayContaining(documentsBefore));
    expect(await login(server.url, 'delegate@demo.test')).toBeTruthy();
  });

  it('refuses a burst of sign-in attempts for one account with 429, while others still sign in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const result = await send('POST', '/api/auth/login', JSON.stringify({ email: 'member@demo.test', password: `guess ${i}` }), undefined);
      statuses.push(result.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(await login(server.url, 'lapsed@demo.test')).toBeTruthy();
  });

  /** A value of this JSON schema with `text` in every string (an enum's first value where the schema fixes it). */
  function sample(schema: JsonSchema, text: string): unknown {
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return schema.enum[0];
    const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
    if (variant) return sample(variant, text);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'object':
        return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, text)]));
      case 'array':
        return schema.items ? [sample(schema.items, text)] : [];
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return text;
    }
  }
});

describe('sync sockets per address', () => {
  it('refuses sockets past the per-address cap with 4429 and accepts again once one closes', async () => {
    const capped = await startServer({ maxSyncSocketsPerIp: 3 });
    try {
      const token = await login(capped.url, 'drafter@demo.test');
      const doc = await findDocument(capped.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
      const url = `${capped.wsUrl}/sync/${doc.id}?token=${token}`;
      const first = await Promise.all([openOrClose(url), openOrClose(url), openOrClose(url)]);
      expect(first.map((r) => r.code)).toEqual([null, null, null]);
      const refused = await openOrClose(url);
      expect(refused.code).toBe(CLOSE.tooManyConnections);
      const noToken = await openOrClose(`${capped.wsUrl}/sync/${doc.id}`);
      expect(noToken.code, 'the cap applies before authentication').toBe(CLOSE.tooManyConnections);
      first[0]!.socket.close();
      await until(() => first[0]!.socket.readyState === WebSocket.CLOSED, 'the first socket to close');
      const again = await openOrClose(url);
      expect(again.code).toBeNull();
      for (const { socket } of [...first, again]) socket.terminate();
    } finally {
      await capped.close();
    }
  });

  it('behind a trusted proxy, counts each forwarded client address on its own', async () => {
    const proxied = await startServer({ maxSyncSocketsPerIp: 1, trustProxy: true });
    try {
      const token = await login(proxied.url, 'drafter@demo.test');
      const doc = await findDocument(proxied.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
      const url = `${proxied.wsUrl}/sync/${doc.id}?token=${token}`;
      const from = (client: string) => openOrClose(url, { headers: { 'x-forwarded-for': `${client}, 10.0.0.1` } });
      const [first, second] = await Promise.all([from('203.0.113.7'), from('198.51.100.4')]);
      expect([first.code, second.code], 'two delegates behind the same proxy').toEqual([null, null]);
      const again = await from('203.0.113.7');
      expect(again.code, "the first delegate's second socket").toBe(CLOSE.tooManyConnections);
      for (const { socket } of [first, second, again]) socket.terminate();
    } finally {
      await proxied.close();
    }
  });
});

/**
 * An update from a client the server has never seen, typing into a paragraph
 * it made at clocks 0-4, which never arrive, so Yjs holds it back as pending instead of applying it.
 */
function pendingUpdate(client: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(PROSEMIRROR_FRAGMENT).insert(0, [paragraph]);
  let update: Uint8Array | null = null;
  for (let i = 0; i < 6; i++) {
    if (i === 5) doc.once('update', (u: Uint8Array) => (update = u));
    text.insert(0, 'x');
  }
  return update!;
}

/**
 * Sends a JSON body with node:http and reports the answer, or status 0 when the
 * server closed the connection before answering (as it may for a body it refuses
 * while the client is still uploading it).
 */
function rawSend(method: string, path: string, body: string, token: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
    const req = httpRequest({ host: hostname, port, path, method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.setTimeout(15_000, () => req.destroy());
    req.end(body);
  });
}

/** GET with the path sent exactly as given (fetch would normalise the dots away). */
function rawGet(path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}
