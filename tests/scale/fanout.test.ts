import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/server';
import { getJson, sendJson } from '../helpers/api';
import { appendParagraph, connect, hasParagraph, synced, until, type Client } from '../helpers/yclient';
import { CLUSTER_BACKEND, startCluster, type Cluster } from './cluster';
import { closeBackends } from '../helpers/backends';

/**
 * Fan-out between processes with real servers: two Plenary processes on two ports
 * sharing one database (a real PostgreSQL server's, or where none can run here a
 * shared SQLite file: see `CLUSTER_BACKEND`; run once, not on both, as each cluster
 * takes seconds to start), one real redis-server, stock y-websocket clients. Each test
 * makes its own draft through the API. The tests that kill a process or Redis have a
 * cluster of their own; the others share one (starting a process takes seconds).
 */

/** Two processes start one after the other (the first loads the demo convention): slow on a busy machine. */
const CLUSTER_TEST_TIMEOUT_MS = 240_000;

const clusters: Cluster[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const cluster of clusters.splice(0)) await cluster.close();
});
afterAll(() => closeBackends());

/** A cluster of its own for one test, closed after it. */
async function cluster(): Promise<Cluster> {
  const started = await startCluster();
  clusters.push(started);
  return started;
}

/** A stock y-websocket client on `wsUrl`, destroyed after the test. */
async function client(wsUrl: string, docId: string, token: string): Promise<Client> {
  const connected = connect(wsUrl, docId, token);
  clients.push(connected);
  await synced(connected);
  return connected;
}

/** A new draft of the drafter's caucus, made through the API of process `url`. */
async function editableDraft(url: string, token: string): Promise<string> {
  const { status, body } = await sendJson<{ id: string }>(url, 'POST', '/api/documents', { kind: 'resolution', title: 'Resolution typed on two servers' }, token);
  if (status !== 201) throw new Error(`creating a draft answered ${status}`);
  return body.id;
}

/** Whether the client holds every one of these paragraphs. */
function holdsAll(client: Client, paragraphs: string[]): boolean {
  const present = new Set(client.text().split('\n'));
  return paragraphs.every((paragraph) => present.has(paragraph));
}

/** Points a provider at another server; it reconnects there by itself (y-websocket's backoff). */
function moveTo(target: Client, wsUrl: string, token: string): void {
  // y-websocket 3 builds its address from serverUrl, the room and params on each reconnect.
  target.provider.serverUrl = `${wsUrl}/sync`;
  target.provider.params = { token };
}

describe(`two healthy processes behind one Redis, on ${CLUSTER_BACKEND}`, () => {
  let shared: Cluster;
  beforeAll(async () => {
    shared = await startCluster();
  }, CLUSTER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await shared?.close();
  });

  it('each sees the edits and cursors typed on the other', async () => {
    const { a, b } = shared;
    const token = await login(a.url, 'drafter@demo.test');
    const docId = await editableDraft(a.url, token);
    const onA = await client(a.wsUrl, docId, token);
    const onB = await client(b.wsUrl, docId, token);

    for (let i = 0; i < 10; i++) {
      appendParagraph(onA.doc, `typed on A, ${i}`);
      await until(() => hasParagraph(onB, `typed on A, ${i}`), `B's client to see A's edit ${i}`);
      appendParagraph(onB.doc, `typed on B, ${i}`);
      await until(() => hasParagraph(onA, `typed on B, ${i}`), `A's client to see B's edit ${i}`);
    }
    expect(onA.text()).toBe(onB.text());

    onA.provider.awareness.setLocalStateField('user', { name: 'Drafter on A' });
    await until(
      () => (onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Drafter on A',
      "B's client to see the cursor of A's",
    );
  });

  it('thirty concurrent signatures of one member over both processes count once, and the other process streams the new tally', async () => {
    const { a, b } = shared;
    const delegateOnA = await login(a.url, 'delegate@demo.test');
    const delegateOnB = await login(b.url, 'delegate@demo.test');
    const amendment = await unsignedAmendment(a.url, delegateOnA);
    const before = (await getJson<{ count: number }>(a.url, `/api/documents/${amendment}/tally`, delegateOnA)).body.count;
    const stream = await tallyStream(b.url, amendment, delegateOnB);
    try {
      await until(() => stream.counts.includes(before), 'the stream on B to send the current tally');
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${(i % 2 === 0 ? a : b).url}/api/documents/${amendment}/signatures`, {
            method: 'POST',
            headers: { authorization: `Bearer ${i % 2 === 0 ? delegateOnA : delegateOnB}` },
          }).then((response) => response.status),
        ),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(29);
      for (const server of [a, b]) {
        expect((await getJson<{ count: number }>(server.url, `/api/documents/${amendment}/tally`, delegateOnA)).body.count).toBe(before + 1);
      }
      await until(() => stream.counts.includes(before + 1), 'the stream on B to send the tally signed on A or B');
    } finally {
      stream.close();
    }
  });

  it('a session opened on one process works on the other, and signing out on one ends it on both', async () => {
    const { a, b } = shared;
    const token = await login(a.url, 'drafter@demo.test');
    expect((await getJson(b.url, '/api/auth/me', token)).status).toBe(200);
    const docId = await editableDraft(b.url, token);
    await client(b.wsUrl, docId, token);

    const out = await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(204);
    expect((await getJson(b.url, '/api/auth/me', token)).status).toBe(401);
    const refused = connect(b.wsUrl, docId, token);
    clients.push(refused);
    await until(() => refused.closeCodes.includes(4401), 'B to refuse the ended session with 4401');
  });

  it('submitting on one process closes the editors of that text on the other', async () => {
    const { a, b } = shared;
    const token = await login(a.url, 'drafter@demo.test');
    const docId = await editableDraft(a.url, token);
    const onB = await client(b.wsUrl, docId, token);
    appendParagraph(onB.doc, 'The convention resolves to meet on two servers.');
    const submitted = await sendJson(a.url, 'POST', `/api/documents/${docId}/submit`, {}, token);
    expect(submitted.status).toBe(200);
    await until(() => onB.closeCodes.includes(4409), "B to close its editor's socket with 4409 (status changed)");
  });
});

describe(`two processes behind one Redis, on ${CLUSTER_BACKEND}, when something dies`, () => {
  it('a killed process loses nothing: its clients move to the other and every edit anyone saw is in the text', async () => {
    const { a, b } = await cluster();
    const token = await login(a.url, 'drafter@demo.test');
    const docId = await editableDraft(a.url, token);
    const onA = await client(a.wsUrl, docId, token);
    const onB = await client(b.wsUrl, docId, token);
    const typed: string[] = [];
    const type = (target: Client, text: string) => {
      appendParagraph(target.doc, text);
      typed.push(text);
    };

    for (let i = 0; i < 5; i++) {
      type(onA, `A before the kill ${i}`);
      type(onB, `B before the kill ${i}`);
    }
    await until(() => holdsAll(onA, typed) && holdsAll(onB, typed), 'both clients to see every edit before the kill');
    type(onB, 'B, typed as its server dies');
    await b.kill();
    moveTo(onB, a.wsUrl, token);
    for (let i = 0; i < 5; i++) {
      type(onA, `A after the kill ${i}`);
      type(onB, `B after the kill ${i}`);
    }

    await until(() => holdsAll(onA, typed) && holdsAll(onB, typed), 'both clients to hold every edit after the move', 20_000);
    const fresh = await client(a.wsUrl, docId, await login(a.url, 'drafter@demo.test'));
    expect(holdsAll(fresh, typed)).toBe(true);
    expect(fresh.text()).toBe(onA.text());
  }, CLUSTER_TEST_TIMEOUT_MS);

  it('Redis down for five seconds: both processes keep taking edits and converge on one text when it is back', async () => {
    const { a, b, redis } = await cluster();
    const token = await login(a.url, 'drafter@demo.test');
    const docId = await editableDraft(a.url, token);
    const onA = await client(a.wsUrl, docId, token);
    const onB = await client(b.wsUrl, docId, token);
    const typed: string[] = [];

    appendParagraph(onA.doc, 'before the outage');
    typed.push('before the outage');
    await until(() => holdsAll(onB, typed), "B's client to see the first edit");

    await redis.stop();
    const outageEnds = Date.now() + 5_000;
    for (let i = 0; Date.now() < outageEnds; i++) {
      const [target, name] = i % 2 === 0 ? [onA, 'A'] : [onB, 'B'];
      appendParagraph(target.doc, `${name} during the outage ${i}`);
      typed.push(`${name} during the outage ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // typing speed, not a wait for the result
    }
    await redis.start();
    appendParagraph(onB.doc, 'after the outage');
    typed.push('after the outage');

    await until(() => holdsAll(onA, typed) && holdsAll(onB, typed), 'both clients to hold every edit', 20_000);
    await until(() => onA.text() === onB.text(), 'both texts to be the same');
    const freshOnA = await client(a.wsUrl, docId, token);
    const freshOnB = await client(b.wsUrl, docId, token);
    expect(freshOnA.text()).toBe(onA.text());
    expect(freshOnB.text()).toBe(onA.text());
  }, CLUSTER_TEST_TIMEOUT_MS);
});

/** A submitted amendment the delegate may sign and has not signed. */
async function unsignedAmendment(url: string, token: string): Promise<string> {
  const amendments = await findAll(url, token);
  for (const id of amendments) {
    const tally = (await getJson<{ open: boolean; eligible: boolean; signedByMe: boolean }>(url, `/api/documents/${id}/tally`, token)).body;
    if (tally.open && tally.eligible && !tally.signedByMe) return id;
  }
  throw new Error('no submitted amendment the delegate has not signed');
}

async function findAll(url: string, token: string): Promise<string[]> {
  const { body } = await getJson<{ id: string; kind: string; status: string }[]>(url, '/api/documents', token);
  return body.filter((d) => d.kind === 'amendment' && d.status === 'submitted').map((d) => d.id);
}

/** The `tally` events of a document's live tally stream, as counts, read as they come. */
async function tallyStream(url: string, docId: string, token: string): Promise<{ counts: number[]; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/documents/${docId}/tally/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`tally stream answered ${response.status}`);
  const counts: number[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: tally\ndata: (.*)$/m.exec(event);
          if (data) counts.push((JSON.parse(data[1]!) as { count: number }).count);
        }
      }
    } catch {
      // aborted
    }
  })();
  return { counts, close: () => controller.abort() };
}
