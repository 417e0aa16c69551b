/**
 * The permission matrix (table.ts) run against a real server: every route of
 * the OpenAPI document and the sync socket, as every kind of caller. Each cell
 * must get its exact status; a refused call (4xx) must leave the documents,
 * the watched document's text, versions, history and signatures, the
 * convention and the roster as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { login, startServer, type TestServer } from '../helpers/server';
import { expireSession } from '../helpers/sessions';
import { openOrClose, frame } from '../helpers/raw';
import { connect, synced, until, hasParagraph, appendParagraph, type Client } from '../helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import { ACCOUNT, CALLERS, type Caller } from './callers';
import { HTTP_ROWS, SYNC_ROWS, type MatrixContext, type MatrixRequest, type MatrixRow } from './table';

/** How long the matrix waits for a finished packet job while setting up. */
const JOB_TIMEOUT_MS = 60_000;

let server: TestServer;
const tokens = new Map<Caller, string>();
let ctx: MatrixContext;

interface Answer {
  status: number;
  body: unknown;
}

async function call(method: string, request: MatrixRequest, token: string | undefined | null, stream = false): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  }
  const abort = new AbortController();
  const response = await fetch(`${server.url}${request.path}`, { method, headers, body, signal: abort.signal });
  if (stream && response.status === 200) {
    abort.abort();
    return { status: 200, body: null };
  }
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, body: json && text ? (JSON.parse(text) as unknown) : text.length };
}

/** Calls as a caller and insists on a 2xx: for building state. */
async function must<T>(method: string, path: string, caller: Caller, body?: unknown): Promise<T> {
  const answer = await call(method, { path, body }, tokens.get(caller));
  if (answer.status >= 300) throw new Error(`${method} ${path} as ${caller}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

async function freshDraft(): Promise<string> {
  const draft = await must<{ id: string }>('POST', `/api/documents/${ctx.consensus}/amendments`, 'owner', { title: 'Matrix amendment' });
  return draft.id;
}
async function freshSubmitted(): Promise<string> {
  const id = await freshDraft();
  await must('POST', `/api/documents/${id}/submit`, 'owner', {});
  return id;
}

/** Everything a refused call must leave alone, as staff, the owner and the committee see it. */
async function snapshot(watch: string | undefined): Promise<unknown> {
  const reads: [string, Caller][] = [
    ['/api/documents', 'staff'],
    ['/api/documents', 'owner'],
    ['/api/convention', 'staff'],
    ['/api/roster', 'staff'],
  ];
  if (watch) {
    for (const rest of ['', '/text', '/versions', '/events', '/rebase']) reads.push([`/api/documents/${watch}${rest}`, 'owner']);
    reads.push([`/api/documents/${watch}/signatures`, 'staff'], [`/api/documents/${watch}/tally?overTime=false`, 'staff']);
  }
  return Promise.all(reads.map(async ([path, who]) => [path, who, await call('GET', { path }, tokens.get(who))]));
}

/** The reads of two snapshots (`snapshot`) whose answers differ, as "who: path". */
function changedReads(before: unknown, after: unknown): string[] {
  const pairs = (before as [string, Caller, Answer][]).map((read, i) => [read, (after as [string, Caller, Answer][])[i]!] as const);
  return pairs.filter(([was, now]) => JSON.stringify(was[2]) !== JSON.stringify(now[2])).map(([[path, who]]) => `${who}: ${path}`);
}

beforeAll(async () => {
  server = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const caller of CALLERS) {
    const email = ACCOUNT[caller];
    if (email) tokens.set(caller, await login(server.url, email));
  }
  await expireSession(server, tokens.get('expired')!);
  const documents = await must<{ id: string; code: string | null }[]>('GET', '/api/documents', 'staff');
  const consensus = documents.find((d) => d.code === 'CR01')!.id;
  const me = await must<{ user: { memberId: string } }>('GET', '/api/auth/me', 'delegate');
  ctx = {
    token: (caller) => tokens.get(caller),
    freshSession: async (caller) => {
      const email = ACCOUNT[caller];
      if (!email) return null;
      const token = await login(server.url, email);
      if (caller === 'expired') await expireSession(server, token);
      return token;
    },
    consensus,
    delegateMemberId: me.user.memberId,
    shared: { draft: '', submittedAmendment: '', smallBase: '', smallDraft: '', finishedJob: '' },
    fresh: {
      draft: freshDraft,
      submittedAmendment: freshSubmitted,
      submittedConsensus: async () => {
        const text = await must<{ id: string }>('POST', '/api/documents', 'committee', { kind: 'consensus', title: 'Matrix consensus text' });
        await must('POST', `/api/documents/${text.id}/submit`, 'committee', {});
        return text.id;
      },
      signedBy: async (caller) => {
        const id = await freshSubmitted();
        const token = tokens.get(caller);
        if (token) await call('POST', { path: `/api/documents/${id}/signatures` }, token);
        return id;
      },
      struck: async () => {
        const id = await freshSubmitted();
        await must('POST', `/api/documents/${id}/signatures`, 'delegate');
        await must('POST', `/api/documents/${id}/signatures/${me.user.memberId}/strike`, 'staff', { reason: 'Matrix strike' });
        return id;
      },
    },
  };
  ctx.shared.draft = await freshDraft();
  ctx.shared.submittedAmendment = await freshSubmitted();
  // A one-line resolution and a private amendment of it, for the exports (a PDF of the long consensus text takes seconds).
  const small = await must<{ id: string }>('POST', '/api/documents', 'otherDrafter', { kind: 'resolution', title: 'A short resolution to export' });
  await must('POST', `/api/documents/${small.id}/submit`, 'otherDrafter', {});
  ctx.shared.smallBase = small.id;
  ctx.shared.smallDraft = (await must<{ id: string }>('POST', `/api/documents/${small.id}/amendments`, 'owner', { title: 'A short amendment to export' })).id;
  const job = await must<{ jobId: string }>('POST', '/api/exports/packet', 'staff', { format: 'docx' });
  await until(async () => (await must<{ status: string }>('GET', `/api/exports/jobs/${job.jobId}`, 'staff')).status === 'done', 'the packet job to finish', JOB_TIMEOUT_MS);
  ctx.shared.finishedJob = job.jobId;
});

afterAll(async () => {
  await server?.close();
});

describe('the permission matrix', () => {
  it('has a row for every route of the OpenAPI document, and no row for a route it does not list', async () => {
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const covered = new Set(HTTP_ROWS.map((row) => row.route));
    expect(routes.filter((route) => !covered.has(route)), 'routes without a row in tests/permissions/table.ts').toEqual([]);
    expect([...covered].filter((route) => !routes.includes(route)), 'rows for routes the server does not have').toEqual([]);
  });

  describe.each(HTTP_ROWS.map((row) => [`${row.route} (${row.target})`, row] as [string, MatrixRow]))('%s', (_name, row) => {
    it('answers every caller with its status, and a refused call changes nothing', async () => {
      const method = row.route.split(' ')[0]!;
      const write = method !== 'GET';
      let shared: MatrixRequest | null = null;
      const got: Record<string, number> = {};
      const changed: string[] = [];
      for (const caller of CALLERS) {
        const request = row.perCaller ? await row.prepare(ctx, caller) : (shared ??= await row.prepare(ctx, caller));
        const token = request.token !== undefined ? request.token : tokens.get(caller);
        const before = write ? await snapshot(request.watch) : null;
        const answer = await call(method, request, token, row.stream);
        got[caller] = answer.status;
        if (answer.status >= 400) {
          expect(answer.body, `${caller}: the error shape`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
          if (write) {
            const after = await snapshot(request.watch);
            const moved = changedReads(before, after);
            if (moved.length > 0) changed.push(`${caller} (${moved.join(', ')})`);
          }
        }
      }
      expect(got, 'status per caller').toEqual(row.statuses);
      expect(changed, 'callers whose refused call changed something').toEqual([]);
    });
  });
});

/** A Yjs update that appends one paragraph to an empty document: any document accepts it. */
function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe.each(SYNC_ROWS.map((row) => [row.target, row] as const))('the sync socket on %s', (_name, row) => {
  it('closes, reads or writes for every caller as the table says', async () => {
    const { id, observer } = await row.prepare(ctx);
    const watcher: Client = connect(server.wsUrl, id, tokens.get(observer));
    /** When the last edit that landed reached the watcher; null while none did. */
    let lastWrite: string | null = null;
    try {
      await synced(watcher);
      const got: Record<string, unknown> = {};
      for (const caller of CALLERS) {
        const token = tokens.get(caller);
        const url = `${server.wsUrl}/sync/${id}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
        const { code, socket } = await openOrClose(url);
        if (code !== null) {
          got[caller] = code;
          continue;
        }
        const marker = `Written over the socket by ${caller}.`;
        // The server answers an edit it drops with y-websocket's "permission denied" (an auth message); an edit it takes reaches the watcher.
        const denied = new Promise<'read'>((resolve) => socket.on('message', (data: Buffer) => data[0] === 2 && resolve('read')));
        const landed = until(() => hasParagraph(watcher, marker), `${caller}'s edit to reach the watcher`, 10_000).then(() => 'write' as const);
        socket.send(frame(0, 2, paragraphUpdate(marker)));
        got[caller] = await Promise.race([denied, landed]);
        if (got[caller] === 'write') lastWrite = new Date().toISOString();
        socket.terminate();
        if (got[caller] === 'read') {
          const text = await call('GET', { path: `/api/documents/${id}/text` }, tokens.get(observer));
          expect(JSON.stringify(text.body), `${caller}'s dropped edit is not in the text`).not.toContain(marker);
        }
      }
      expect(got).toEqual(row.outcomes);
      expect(watcher.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).length).toBeGreaterThan(0);
    } finally {
      watcher.destroy();
    }
    // A text that was written to records it (its updatedAt) once its writers have left: waited for here, so
    // that it does not land between another row's snapshots as if a refused call had changed something.
    if (lastWrite !== null) {
      const written = lastWrite;
      await until(async () => ((await call('GET', { path: `/api/documents/${id}` }, tokens.get(observer))).body as { updatedAt: string }).updatedAt >= written, 'the written text to record its change', 15_000);
    }
  });
});
