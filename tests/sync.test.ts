import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { login, makeDataDir, startServer, type TestServer } from './helpers/server';
import { appendParagraph, connect, hasParagraph, roundTrip, synced, until, type Client } from './helpers/yclient';
import { findDocument, getJson, sendJson } from './helpers/api';
import type { DocumentSummary } from '../shared/api';
import { sql } from './helpers/sql';
import { blocksOf } from '../server/sync/content';
import { EDITS_REFUSED_REASON, MESSAGE_AUTH, MESSAGE_SYNC } from '../server/sync/room';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import { readAuthMessage } from 'y-protocols/auth';
import { openOrClose } from './helpers/raw';
import { SESSION_COOKIE } from '../server/auth/sessions';
import { COMPACTION_THRESHOLD, MAX_MESSAGE_BYTES, METADATA_DEBOUNCE_MS } from '../server/sync/limits';

const opened: Client[] = [];
const servers: TestServer[] = [];

/**
 * The server the tests share that need no restart: each builds the texts it
 * changes through the API (`freshDraft`, `freshConsensus`), so they pass in any
 * order. Tests that restart a server start their own (`server`).
 */
let shared: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  shared = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['drafter', 'drafter2', 'staff', 'delegate', 'member', 'committee']) tokens[who] = await login(shared.url, `${who}@demo.test`);
});
afterAll(() => shared?.close());

/** A new private draft resolution of drafter@'s caucus on the shared server, holding its title and `paragraphs`. */
async function freshDraft(title: string, ...paragraphs: string[]): Promise<DocumentSummary> {
  const created = await sendJson<DocumentSummary>(shared.url, 'POST', '/api/documents', { kind: 'resolution', title }, tokens.drafter);
  if (created.status !== 201) throw new Error(`creating a draft answered ${created.status}`);
  if (paragraphs.length > 0) {
    await shared.app.rooms.edit(created.body.id, (doc, origin) => doc.transact(() => paragraphs.forEach((text) => appendParagraph(doc, text)), origin));
  }
  return created.body;
}

/** A new consensus text of the committee on the shared server, submitted (published as v1). */
async function freshConsensus(title: string): Promise<DocumentSummary> {
  const created = await sendJson<DocumentSummary>(shared.url, 'POST', '/api/documents', { kind: 'consensus', title }, tokens.committee);
  if (created.status !== 201) throw new Error(`creating a consensus text answered ${created.status}`);
  const submitted = await sendJson<DocumentSummary>(shared.url, 'POST', `/api/documents/${created.body.id}/submit`, {}, tokens.committee);
  if (submitted.status !== 200) throw new Error(`submitting a consensus text answered ${submitted.status}`);
  return submitted.body;
}

/** The first line (title) of a document's live text, as the server has it. */
async function liveTitle(baseUrl: string, docId: string, token: string): Promise<string> {
  const { body } = await getJson<{ blocks: { text: string }[] }>(baseUrl, `/api/documents/${docId}/text`, token);
  return body.blocks[0]?.text ?? '';
}

function client(wsUrl: string, docId: string, token?: string): Client {
  const c = connect(wsUrl, docId, token);
  opened.push(c);
  return c;
}

async function server(dataDir?: string): Promise<TestServer> {
  const s = await startServer(dataDir ? { dataDir } : {});
  servers.push(s);
  return s;
}

afterEach(async () => {
  for (const c of opened.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close({ keepData: true });
});

/** A draft of drafter@'s caucus, which drafter@ (and their caucus) may edit. */
async function caucusDraft(s: TestServer, token: string) {
  return findDocument(s.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
}

/** The shared server, drafter@'s token, a new draft and two of drafter@'s clients on it, synced. */
async function twoClientsOnADraft() {
  const s = shared;
  const token = tokens.drafter;
  const draft = await freshDraft('Two clients', 'A paragraph both clients start from.');
  const first = client(s.wsUrl, draft.id, token);
  const second = client(s.wsUrl, draft.id, token);
  await Promise.all([synced(first), synced(second)]);
  return { s, token, draft, first, second };
}

async function journalRows(s: TestServer, docId: string): Promise<number> {
  return (await sql<{ n: number }>(s.app, 'SELECT count(*) AS n FROM yjs_journal WHERE doc_id = ?', [docId])).rows[0]!.n;
}

describe('live co-drafting over the y-websocket protocol', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = makeDataDir();
    return () => rmSync(dataDir, { recursive: true, force: true });
  });

  it('two stock WebsocketProvider clients converge, and a third after a restart sees everything', async () => {
    let s = await server(dataDir);
    const token = await login(s.url, 'drafter@demo.test');
    const draft = await caucusDraft(s, token);
    const a = client(s.wsUrl, draft.id, token);
    const b = client(s.wsUrl, draft.id, token);
    await Promise.all([synced(a), synced(b)]);
    expect(a.text()).toBe(b.text());
    expect(a.text().length).toBeGreaterThan(100);

    appendParagraph(a.doc, 'Alpha from the first drafter.');
    appendParagraph(b.doc, 'Beta from the second drafter.');
    await until(() => hasParagraph(a, 'Beta from the second drafter.') && hasParagraph(b, 'Alpha from the first drafter.'), 'convergence');
    expect(a.text()).toBe(b.text());
    const converged = a.text();

    for (const c of opened.splice(0)) c.destroy();
    await s.close({ keepData: true });
    servers.splice(0);

    s = await server(dataDir);
    const third = client(s.wsUrl, draft.id, await login(s.url, 'drafter@demo.test'));
    await synced(third);
    expect(third.text()).toBe(converged);
  });

  it('the document list shows the title typed in the editor', async () => {
    const s = shared;
    const token = tokens.drafter;
    const created = await sendJson<DocumentSummary>(s.url, 'POST', '/api/documents', { kind: 'resolution', title: 'On Child Care' }, token);
    const a = client(s.wsUrl, created.body.id, token);
    await synced(a);
    const title = a.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    (title.get(0) as Y.XmlText).insert(0, 'Revised: ');
    const listedTitle = async () => (await findDocument(s.url, token, (d) => d.id === created.body.id, 'the draft')).title;
    await until(async () => (await listedTitle()) === 'Revised: On Child Care', 'the new title in the list');

    // A drafter who renames the text and goes back to the list sees the new name there
    // at once, not after the few seconds the server otherwise waits between writes.
    (title.get(0) as Y.XmlText).insert(0, 'Final ');
    await until(async () => (await liveTitle(s.url, created.body.id, token)).startsWith('Final Revised'), 'the edit to reach the server');
    a.destroy();
    await until(async () => (await listedTitle()) === 'Final Revised: On Child Care', 'the title written when the drafter left', METADATA_DEBOUNCE_MS / 2);
  });

  it("keeps a committee's unpublished retitling of its consensus text from readers until it publishes", async () => {
    const s = shared;
    const committeeToken = tokens.committee;
    const delegate = tokens.delegate;
    const consensus = await freshConsensus('On Shared Kitchens');
    const committee = client(s.wsUrl, consensus.id, committeeToken);
    await synced(committee);
    const title = committee.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    (title.get(0) as Y.XmlText).insert(0, 'Draft v2: ');
    await until(async () => (await liveTitle(s.url, consensus.id, committeeToken)).startsWith('Draft v2: '), 'the edit to reach the server');
    const listedAs = (token: string) => findDocument(s.url, token, (d) => d.id === consensus.id, 'the consensus text');
    const before = await listedAs(delegate);
    committee.destroy(); // leaving writes what the document list shows at once: the text is marked changed ...
    await until(async () => (await listedAs(delegate)).updatedAt !== before.updatedAt, 'the server to record the text as the committee left it');
    const listed = async (token: string) => (await listedAs(token)).title;
    expect(await listed(delegate)).toBe(consensus.title); // ... but keeps the published title
    expect((await sendJson(s.url, 'POST', `/api/documents/${consensus.id}/versions`, {}, committeeToken)).status).toBe(201);
    expect(await listed(delegate)).toBe(`Draft v2: ${consensus.title}`);
  });
});

describe('relaying', () => {
  it('a newcomer gets the text as it is now, though newcomers before it were sent the text as it was', async () => {
    const { s, token, draft, first, second } = await twoClientsOnADraft();
    // Both synced from nothing, so the server has sent the whole text twice; the second time, as it had encoded it the first.
    expect(second.text()).toBe(first.text());
    appendParagraph(first.doc, 'Resolved, that the hall keeps its doors open.');
    await until(() => hasParagraph(second, 'Resolved, that the hall keeps its doors open.'), 'the edit to reach the second client');
    const third = client(s.wsUrl, draft.id, token);
    await synced(third);
    expect(hasParagraph(third, 'Resolved, that the hall keeps its doors open.')).toBe(true);
    expect(third.text()).toBe(first.text());
  });

  it("asks each newcomer for what it lacks against the text as it is now: the server's state vector follows every edit", async () => {
    const { s, token, draft, first, second } = await twoClientsOnADraft();
    /** The state vector in the server's first message to a socket that joins now (its sync step 1). */
    const greeting = () =>
      new Promise<Map<number, number>>((resolve, reject) => {
        const socket = new WebSocket(`${s.wsUrl}/sync/${draft.id}?token=${token}`);
        socket.once('message', (data: Buffer) => {
          const decoder = decoding.createDecoder(new Uint8Array(data));
          const [messageType, syncType] = [decoding.readVarUint(decoder), decoding.readVarUint(decoder)];
          socket.terminate();
          if (messageType !== MESSAGE_SYNC || syncType !== messageYjsSyncStep1) reject(new Error(`the first message was ${messageType}/${syncType}, not a sync step 1`));
          else resolve(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
        });
        socket.once('error', reject);
      });
    // Two clients joined already, so the server has said its state vector twice.
    expect(await greeting()).toEqual(Y.decodeStateVector(Y.encodeStateVector(first.doc)));
    appendParagraph(first.doc, 'Resolved, that the hall keeps its doors open.');
    await until(() => hasParagraph(second, 'Resolved, that the hall keeps its doors open.'), 'the edit to reach the second client');
    const after = await greeting();
    expect(after.get(first.doc.clientID)).toBeGreaterThan(0);
    expect(after).toEqual(Y.decodeStateVector(Y.encodeStateVector(first.doc)));
  });

  it('a burst of edits, from a word to a pasted chapter, reaches every other client whole and in order, and never echoes back', async () => {
    const { s, token, draft, first: drafter, second: reader } = await twoClientsOnADraft();

    // A raw observer records every update message exactly as it arrives.
    const observed: Buffer[] = [];
    const observer = new WebSocket(`${s.wsUrl}/sync/${draft.id}?token=${token}`);
    observer.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2) observed.push(data);
    });
    await new Promise((resolve) => observer.once('message', resolve));
    const echoes: unknown[] = [];
    drafter.provider.ws!.addEventListener('message', (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      if (data[0] === 0 && data[1] === 2) echoes.push(data);
    });

    // Three edits sent at once, whose sizes need each of the three WebSocket length encodings (7, 16 and 64 bits).
    const sent: Uint8Array[] = [];
    drafter.doc.on('update', (update: Uint8Array) => sent.push(update));
    const paragraphs = ['Short.', 'Medium. '.repeat(40), 'A pasted chapter. '.repeat(4_000)];
    for (const text of paragraphs) appendParagraph(drafter.doc, text);

    await until(() => paragraphs.every((text) => hasParagraph(reader, text)), 'the burst to reach the reader');
    expect(reader.text()).toBe(drafter.text());
    await until(() => observed.length >= sent.length, 'the burst to reach the observer');
    const payloads = observed.map((data) => syncUpdatePayload(data));
    expect(payloads).toEqual(sent.map((update) => Buffer.from(update)));
    expect(payloads.at(-1)!.byteLength).toBeGreaterThan(65_535);
    // A fence: the reader's next edit reaches the drafter on the same socket after any echo of the burst would have.
    const fence: Uint8Array[] = [];
    reader.doc.on('update', (update: Uint8Array) => fence.push(update));
    appendParagraph(reader.doc, 'A fence after the burst.');
    await until(() => hasParagraph(drafter, 'A fence after the burst.'), 'the fence to reach the drafter');
    expect(echoes.map((data) => Buffer.from(syncUpdatePayload(Buffer.from(data as Uint8Array))))).toEqual(fence.map((update) => Buffer.from(update)));
    observer.terminate();
  });
});

describe('who may sync what', () => {
  it('closes a socket without a valid token with 4401 before sending any content', async () => {
    const s = shared;
    const token = tokens.drafter;
    const draft = await freshDraft('Closed to strangers');
    for (const bad of [undefined, 'forged-token', token.slice(0, -2) + 'xx']) {
      const result = await rawSession(`${s.wsUrl}/sync/${draft.id}${bad ? `?token=${bad}` : ''}`);
      expect(result.code).toBe(4401);
      expect(result.messages).toBe(0);
    }
  });

  it('takes the session from the bearer header or the session cookie when the address carries no token', async () => {
    const draft = await freshDraft('Signed in by header');
    const url = `${shared.wsUrl}/sync/${draft.id}`;
    const opened = [
      await openOrClose(url, { headers: { authorization: `Bearer ${tokens.drafter}` } }),
      await openOrClose(url, { headers: { cookie: `theme=dark; ${SESSION_COOKIE}=${tokens.drafter}` } }),
    ];
    expect(opened.map((o) => o.code)).toEqual([null, null]);
    for (const { socket } of opened) socket.terminate();
    const forged: Record<string, string>[] = [{ authorization: 'Bearer forged-token' }, { cookie: `${SESSION_COOKIE}=forged-token` }];
    for (const headers of forged) {
      expect((await rawSession(url, undefined, headers)).code).toBe(4401);
    }
  });

  it('answers a sync address asked without an upgrade with 426, and refuses an upgrade to any other address', async () => {
    const draft = await freshDraft('Not a web page');
    const plain = await fetch(`${shared.url}/sync/${draft.id}?token=${tokens.drafter}`);
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('UPGRADE_REQUIRED');
    for (const path of [`/api/documents/${draft.id}`, `/sync/${draft.id}/extra`, '/']) {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${shared.wsUrl}${path}?token=${tokens.drafter}`);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => reject(new Error(`an upgrade to ${path} was accepted`)));
        socket.on('error', () => {});
      });
      expect(status, path).toBe(404);
    }
  });

  it("closes another caucus's socket on a private draft with 4403 before sending any content, staff's too", async () => {
    const s = shared;
    const draft = await freshDraft('A private draft');
    const outsider = tokens.drafter2;
    for (const token of [outsider, tokens.staff]) {
      const result = await rawSession(`${s.wsUrl}/sync/${draft.id}?token=${token}`);
      expect(result.code).toBe(4403);
      expect(result.messages).toBe(0);
    }
    const unknown = await rawSession(`${s.wsUrl}/sync/no-such-document?token=${outsider}`);
    expect(unknown.code).toBe(4403);
  });

  it("closes a reader's socket on the working copy of a submitted consensus text with 4403; its committee and staff still sync", async () => {
    const s = shared;
    const delegate = tokens.delegate;
    const consensus = await freshConsensus('On Working Copies');
    expect((await findDocument(s.url, delegate, (d) => d.id === consensus.id, 'the new consensus text')).canEdit).toBe(false);
    for (const who of ['delegate', 'drafter2', 'member']) {
      const result = await rawSession(`${s.wsUrl}/sync/${consensus.id}?token=${tokens[who]}`);
      expect(result.code, who).toBe(4403);
      expect(result.messages, who).toBe(0);
    }
    const committee = client(s.wsUrl, consensus.id, tokens.committee);
    const staff = client(s.wsUrl, consensus.id, tokens.staff);
    await Promise.all([synced(committee), synced(staff)]);
    appendParagraph(committee.doc, 'The committee revises the working copy.');
    await until(() => hasParagraph(staff, 'The committee revises the working copy.'), 'the revision to reach staff');
    expect(committee.closeCodes).toEqual([]);
    // Over HTTP too, a reader gets the newest published version, its editors the working copy.
    const textFor = async (token: string) => ((await getJson<{ blocks: { text: string }[] }>(s.url, `/api/documents/${consensus.id}/text`, token)).body.blocks.map((b) => b.text));
    await until(async () => (await textFor(tokens.committee)).includes('The committee revises the working copy.'), 'the revision to be stored');
    expect(await textFor(delegate)).not.toContain('The committee revises the working copy.');
  });

  it("a read-only delegate receives the text but their edits are dropped, never stored, and refused once in so many words", async () => {
    const dataDir = makeDataDir();
    let s = await server(dataDir);
    const delegate = await login(s.url, 'delegate@demo.test');
    const resolution = await findDocument(s.url, delegate, (d) => d.kind === 'resolution' && d.status === 'submitted', 'a submitted resolution');
    expect(resolution.canEdit).toBe(false);
    const reader = client(s.wsUrl, resolution.id, delegate);
    const watcher = client(s.wsUrl, resolution.id, await login(s.url, 'staff@demo.test'));
    await Promise.all([synced(reader), synced(watcher)]);
    expect(reader.text()).toBe(watcher.text());
    const original = watcher.text();
    const refusals = refusalsTo(reader);
    // Connecting (sync step 2 repeats what the server has) is not an edit: nothing to refuse.
    await roundTrip(reader);
    expect(refusals).toEqual([]);

    appendParagraph(reader.doc, 'A delegate tries to rewrite the resolution.');
    appendParagraph(reader.doc, 'And tries again.');
    await until(() => refusals.length > 0, 'the refusal');
    await roundTrip(reader);
    expect(refusals).toEqual([EDITS_REFUSED_REASON]);
    expect(watcher.text()).toBe(original);
    // The socket stays open: the reader still sees the text as the server changes it (as when a rebase is accepted).
    await s.app.rooms.edit(resolution.id, (doc, origin) => doc.transact(() => appendParagraph(doc, 'The server corrects a typo.'), origin));
    await until(() => hasParagraph(reader, 'The server corrects a typo.'), 'the server change to reach the reader');
    expect(reader.closeCodes).toEqual([]);

    for (const c of opened.splice(0)) c.destroy();
    await s.close({ keepData: true });
    servers.splice(0);
    s = await server(dataDir);
    const later = client(s.wsUrl, resolution.id, await login(s.url, 'staff@demo.test'));
    await synced(later);
    expect(later.text()).toBe(`${original}\nThe server corrects a typo.`);
  });

  it('a status change stops edits at once, even on sockets that stay open', async () => {
    const { s, draft, first: writer, second: watcher } = await twoClientsOnADraft();
    appendParagraph(writer.doc, 'Written while the draft was open.');
    await until(() => hasParagraph(watcher, 'Written while the draft was open.'), 'the first edit');

    // Every status change goes through recordTransition; this one closes no socket.
    await s.app.storage.documents.recordTransition({ documentId: draft.id, from: 'draft', to: 'withdrawn', action: 'withdrawn', actorId: null });
    const refusals = refusalsTo(writer);
    appendParagraph(writer.doc, 'Written after the draft was withdrawn.');
    await until(() => refusals.length === 1, 'the writer to be told the edit was refused');
    expect(hasParagraph(watcher, 'Written after the draft was withdrawn.')).toBe(false);
    const stored = await s.app.rooms.read(draft.id, (doc) => blocksOf(doc).map((b) => b.text));
    expect(stored).toContain('Written while the draft was open.');
    expect(stored).not.toContain('Written after the draft was withdrawn.');
  });
});

describe('bad input closes only the sender', () => {
  it('malformed and oversized messages close that socket; others carry on; nothing changes', async () => {
    const s = shared;
    const token = tokens.drafter;
    const draft = await freshDraft('Junk mail', 'A paragraph the junk must not change.');
    const good = client(s.wsUrl, draft.id, token);
    await synced(good);
    const before = good.text();

    const junk: Buffer[] = [
      Buffer.from([0, 2, 200, 1, 2, 3]), // an update whose declared length runs past the end
      Buffer.from([0, 2, 5, 1, 2, 3, 4, 5]), // an update that is not a Yjs update
      Buffer.from([9, 9, 9]), // an unknown message type
      Buffer.from([0, 7, 0]), // an unknown sync message type
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a varint that never ends
      Buffer.from([1, 3, 1, 2, 3]), // a broken awareness update
    ];
    for (const message of junk) {
      const result = await rawSession(`${s.wsUrl}/sync/${draft.id}?token=${token}`, message);
      expect(result.code, `message ${message.toString('hex')}`).toBe(4400);
    }
    const huge = await rawSession(`${s.wsUrl}/sync/${draft.id}?token=${token}`, Buffer.alloc(MAX_MESSAGE_BYTES + 1024, 1));
    expect(huge.code).toBe(1009);

    expect(good.provider.wsconnected).toBe(true);
    appendParagraph(good.doc, 'Still working after the junk.');
    const checker = client(s.wsUrl, draft.id, token);
    await synced(checker);
    await until(() => hasParagraph(checker, 'Still working after the junk.'), 'the good client edit');
    expect(checker.text()).toBe(before + '\nStill working after the junk.');
  });
});

describe('the journal', () => {
  it('compaction folds the journal into a snapshot and keeps the text identical', async () => {
    const dataDir = makeDataDir();
    let s = await server(dataDir);
    const token = await login(s.url, 'drafter@demo.test');
    const draft = await caucusDraft(s, token);
    const a = client(s.wsUrl, draft.id, token);
    await synced(a);
    for (let i = 0; i < COMPACTION_THRESHOLD + 50; i++) {
      appendParagraph(a.doc, `Edit number ${i}.`);
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const watcher = client(s.wsUrl, draft.id, token);
    await synced(watcher);
    await until(() => watcher.text() === a.text(), 'every edit to arrive');
    const expected = a.text();
    await until(async () => (await journalRows(s, draft.id)) < COMPACTION_THRESHOLD, 'the journal to be compacted');

    for (const c of opened.splice(0)) c.destroy();
    await s.close({ keepData: true });
    servers.splice(0);
    s = await server(dataDir);
    const later = client(s.wsUrl, draft.id, token);
    await synced(later);
    expect(later.text()).toBe(expected);
  });
});

/** Opens a raw socket (with `headers` on its upgrade request), optionally sends one message, and reports how it was closed and how many messages came. */
function rawSession(url: string, send?: Buffer, headers?: Record<string, string>): Promise<{ code: number; messages: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    let messages = 0;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`socket to ${url} was not closed`));
    }, 10_000);
    socket.on('message', () => {
      messages++;
    });
    socket.on('open', () => {
      if (send) socket.send(send);
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, messages });
    });
    socket.on('error', () => {});
  });
}

/** The Yjs update inside a y-websocket sync update message (`[0, 2, varint length, update]`). */
function syncUpdatePayload(message: Buffer): Buffer {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return Buffer.from(decoding.readVarUint8Array(decoder));
}

/** Records the reasons of the y-websocket "permission denied" messages a client receives from now on. */
function refusalsTo(c: Client): string[] {
  const reasons: string[] = [];
  c.provider.ws!.addEventListener('message', (event) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
    if (decoding.readVarUint(decoder) !== MESSAGE_AUTH) return;
    readAuthMessage(decoder, c.doc, (_doc, reason) => reasons.push(reason));
  });
  return reasons;
}
