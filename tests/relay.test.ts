import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { openDatabase } from '../server/db';
import { Journal, SqliteJournalStore } from '../server/sync/journal';
import { MESSAGE_SYNC, Room, type SyncConnection } from '../server/sync/room';
import { WRITE_AT_ONCE_MAX_SOCKETS } from '../server/sync/limits';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';
import { makeDataDir } from './helpers/server';
import { appendParagraph, until } from './helpers/yclient';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A room on a real journal, with `wanted` real WebSocket connections: the room
 * holds the server ends, and each client end records the Yjs updates it receives.
 * A busy room has that many more readers than a room that writes each update at
 * once, so the journal writes and the room relays a turn's updates together.
 */
async function roomWithClients(wanted: number, { perMessageDeflate = false, busy = false } = {}) {
  const count = busy ? wanted + WRITE_AT_ONCE_MAX_SOCKETS : wanted;
  const dataDir = makeDataDir();
  const db = openDatabase(dataDir);
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  cleanups.push(() => {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await new Promise((resolve) => server.once('listening', resolve));
  const room = await Room.load('doc', new SqliteJournalStore(new Journal(db)), { onChanged: () => {}, onEmpty: () => {}, onBroken: () => {}, onError: () => {} });

  const serverEnds: WebSocket[] = [];
  server.on('connection', (socket) => serverEnds.push(socket));
  const received: Uint8Array[][] = [];
  for (let i = 0; i < count; i++) {
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate });
    cleanups.push(() => client.terminate());
    const updates: Uint8Array[] = [];
    received.push(updates);
    client.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== syncProtocol.messageYjsUpdate) return;
      updates.push(decoding.readVarUint8Array(decoder));
    });
    await new Promise((resolve) => client.once('open', resolve));
  }
  await until(() => serverEnds.length === count, 'the server ends of the sockets');
  const connections = serverEnds.map((socket): SyncConnection => ({ socket, mayWrite: () => true, awarenessIds: new Set(), pendingUpdates: 0, editsRefused: false }));
  for (const connection of connections) room.join(connection);
  const journalRows = () => (db.prepare('SELECT count(*) AS n FROM yjs_journal').get() as { n: number }).n;
  return { room, connections, received, journalRows };
}

/** A sync update message as a client sends it, and the update inside. */
function edit(doc: Y.Doc, text: string): { message: Uint8Array; update: Uint8Array } {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (update = u));
  appendParagraph(doc, text);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return { message: encoding.toUint8Array(encoder), update };
}

describe('a room relays what one journal write cleared', () => {
  it('sends each socket every update of the batch but its own, in order, whatever their size', async () => {
    const { room, connections, received } = await roomWithClients(3, { busy: true });
    const [first, second, reader] = connections as [SyncConnection, SyncConnection, SyncConnection];
    const firstDoc = new Y.Doc();
    const secondDoc = new Y.Doc();
    // Three edits handled in one event-loop turn, so the journal writes them as one batch;
    // the pasted one needs a 64-bit WebSocket length, the second a 16-bit one.
    const a1 = edit(firstDoc, 'A short amendment.');
    const b1 = edit(secondDoc, 'Whereas the caucus resolves. '.repeat(10));
    const a2 = edit(firstDoc, 'A pasted platform chapter. '.repeat(3_000));
    room.receive(first, a1.message);
    room.receive(second, b1.message);
    room.receive(first, a2.message);

    await until(() => received[2]!.length === 3 && received[0]!.length === 1 && received[1]!.length === 2, 'every update to arrive');
    expect(received[2]).toEqual([a1.update, b1.update, a2.update]);
    expect(received[0]).toEqual([b1.update]);
    expect(received[1]).toEqual([a1.update, a2.update]);
    expect(a2.update.byteLength).toBeGreaterThan(65_535);

    // What the reader got builds the same text as the room holds.
    const readerDoc = new Y.Doc();
    for (const update of received[2]!) Y.applyUpdate(readerDoc, update);
    expect(readerDoc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toBe(room.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString());
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('skips a socket that closed meanwhile and still reaches the others', async () => {
    const { room, connections, received } = await roomWithClients(3, { busy: true });
    const doc = new Y.Doc();
    const update = edit(doc, 'After one delegate left.');
    room.receive(connections[0]!, update.message);
    connections[1]!.socket.terminate();
    await until(() => received[2]!.length === 1, 'the update to reach the remaining reader');
    expect(received[2]).toEqual([update.update]);
    expect(room.connections.has(connections[1]!.socket)).toBe(false);
  });

  it('sends through ws when a socket negotiated compression (ws may then hold frames back to compress them)', async () => {
    const { room, connections, received } = await roomWithClients(3, { perMessageDeflate: true, busy: true });
    expect(connections[0]!.socket.extensions).toContain('permessage-deflate');
    const first = edit(new Y.Doc(), 'Compressed on the wire. '.repeat(100));
    const second = edit(new Y.Doc(), 'And a second one.');
    room.receive(connections[0]!, first.message);
    room.receive(connections[1]!, second.message);
    await until(() => received[2]!.length === 2 && received[0]!.length === 1 && received[1]!.length === 1, 'every update to arrive');
    expect(received[2]).toEqual([first.update, second.update]);
    expect(received[0]).toEqual([second.update]);
    expect(received[1]).toEqual([first.update]);
  });

  it('writes and relays at once in a small room, and at the end of the turn in a busy one', async () => {
    const small = await roomWithClients(3);
    const before = small.journalRows();
    const quick = edit(new Y.Doc(), 'A caucus of three drafters.');
    small.room.receive(small.connections[0]!, quick.message);
    // On disk before anything else runs: nothing waits for the rest of the turn.
    expect(small.journalRows()).toBe(before + 1);
    await until(() => small.received[1]!.length === 1, 'the update to reach the other drafter');

    const busy = await roomWithClients(3, { busy: true });
    const rows = busy.journalRows();
    const batched = edit(new Y.Doc(), 'A floor debate with everyone watching.');
    busy.room.receive(busy.connections[0]!, batched.message);
    expect(busy.journalRows()).toBe(rows);
    await until(() => busy.received[1]!.length === 1, 'the update to reach the others');
    expect(busy.journalRows()).toBe(rows + 1);
  });
});
