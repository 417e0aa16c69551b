import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket, RawData } from 'ws';
import type { DocumentStatus } from '../../shared/api';
import type { Viewer } from '../auth/users';
import { canEdit, canReadLive } from '../documents/permissions';
import type { DocumentRecord } from '../documents/store';
import type { StatusChange } from '../storage/flow';
import { RoomRegistry } from './registry';
import { BadMessageError, type Room, type SyncConnection } from './room';
import { titleOf } from './content';
import { errors } from '../errors';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { acceptSyncSockets, type SyncRequest } from './upgrade';
import { MessageBudget, messageCost } from './budget';
import { CLOSE, MAX_BYTES_WHILE_LOADING, MAX_MESSAGE_BYTES, MESSAGE_BURST, MESSAGES_PER_SECOND, PING_INTERVAL_MS } from './limits';

const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A message as its own copy of the bytes: a view into ws's pooled receive buffer
 * would let a lying length prefix read past the message into other data.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data instanceof ArrayBuffer ? data.slice(0) : data);
}

/**
 * The status changes this process has committed, numbered: a socket's edit rights
 * are worked out again when its document's status changed after the socket read
 * it. (Another process's changes close the sockets everywhere: `rooms.evict`.)
 */
class StatusWatch {
  private count = 0;
  private readonly latest = new Map<string, { status: DocumentStatus; seq: number }>();

  record(change: StatusChange): void {
    this.latest.set(change.documentId, { status: change.status, seq: ++this.count });
  }

  /** How many changes were recorded: what a reader of a document has seen once it read it after this. */
  get seq(): number {
    return this.count;
  }

  /** The document's status if it changed after change `seq`, else undefined. */
  changedSince(documentId: string, seq: number): DocumentStatus | undefined {
    const entry = this.latest.get(documentId);
    return entry && entry.seq > seq ? entry.status : undefined;
  }
}

/**
 * `GET /sync/:docId`: the standard y-websocket protocol. The token (`?token=`,
 * bearer header or session cookie) and the permission on the document are checked
 * before anything of the document is sent: 4401 without a valid session, 4403
 * without read access (unknown documents too, so drafts do not reveal they
 * exist), and on the working copy of a submitted consensus text without edit
 * rights (others read its published versions, see `canReadLive`). An address
 * already holding `maxSyncSocketsPerIp` sockets is refused with 4429 before
 * anything else. Viewers without edit rights receive the text; their updates are
 * dropped. Edit rights are asked on every update and worked out again after the
 * document's status changed (`StatusWatch`), so a text frozen by submission stops
 * accepting edits at once. What a socket sends while it is being admitted waits in
 * its inbox (capped like a loading document's).
 */
const sync: FastifyPluginAsync = async (app) => {
  const storage = app.storage;
  // SQLite only: started once a text first changes (its worker thread costs ~16 MB, which a server
  // nobody types on does not need; until then SQLite checkpoints in this thread, as by default).
  let checkpointer: Checkpointer | null = null;
  const startCheckpointing = () => {
    if (storage.backend === 'sqlite') checkpointer ??= startCheckpointer(storage.db, (message) => app.log.error(message));
  };
  app.addHook('onClose', async () => checkpointer?.stop());

  /** Metadata writes under way: shutdown waits for them before the database closes. */
  const touching = new Set<Promise<void>>();
  const rooms = new RoomRegistry(storage.journal, {
    onChanged: (docId, doc) => {
      startCheckpointing();
      const touched = storage.documents
        .touch(docId, titleOf(doc))
        .catch((error: unknown) => app.log.error({ err: error, docId }, 'could not record document metadata'))
        .finally(() => touching.delete(touched));
      touching.add(touched);
    },
    onError: (message, error) => app.log.error({ err: error }, message),
  });
  app.decorate('rooms', rooms);
  app.addHook('preClose', async () => {
    await rooms.closeAll();
    await Promise.all(touching);
  });

  const statuses = new StatusWatch();
  storage.onStatusChange((change) => statuses.record(change));

  /**
   * The connection of an admitted socket. Edit rights follow the document's status
   * (its caucus never changes), asked on every update: worked out again only after
   * this process changed the document's status since the socket read it (`seen`).
   */
  const admitted = (socket: WebSocket, viewer: Viewer, doc: DocumentRecord, seen: number): SyncConnection => {
    let writable = canEdit(viewer, doc);
    let checkedAt = seen;
    return {
      socket,
      awarenessIds: new Set(),
      pendingUpdates: 0,
      editsRefused: false,
      mayWrite: () => {
        const status = statuses.changedSince(doc.id, checkedAt);
        if (status !== undefined) {
          checkedAt = statuses.seq;
          writable = canEdit(viewer, { ...doc, status });
        }
        return writable;
      },
    };
  };

  /** Open sync sockets per remote address, for the `maxSyncSocketsPerIp` cap. */
  const socketsPerAddress = new Map<string, number>();

  acceptSyncSockets(app, MAX_MESSAGE_BYTES, (socket: WebSocket, request: SyncRequest) => {
    const { ip: address, token, docId } = request;
    const held = socketsPerAddress.get(address) ?? 0;
    if (held >= app.config.maxSyncSocketsPerIp) {
      socket.close(CLOSE.tooManyConnections, 'too many connections from this address');
      return;
    }
    socketsPerAddress.set(address, held + 1);
    socket.once('close', () => {
      const left = (socketsPerAddress.get(address) ?? 1) - 1;
      if (left > 0) socketsPerAddress.set(address, left);
      else socketsPerAddress.delete(address);
    });

    /** Set once the socket is admitted (signed in, may read the document). */
    let connection: SyncConnection | null = null;
    let room: Room | null = null;
    /** Messages read but not handled yet: while the document loads, or while this socket is over its budget. */
    let inbox: Uint8Array[] = [];
    let inboxBytes = 0;
    const budget = new MessageBudget(MESSAGES_PER_SECOND, MESSAGE_BURST);
    let throttle: NodeJS.Timeout | null = null;
    const isOpen = () => socket.readyState === socket.OPEN;

    const receive = (from: SyncConnection, message: Uint8Array) => {
      try {
        room!.receive(from, message);
      } catch (error) {
        if (!(error instanceof BadMessageError)) app.log.error({ err: error, docId }, 'sync message failed');
        else app.log.warn({ docId, reason: error.message }, 'closing socket after a bad sync message');
        socket.close(CLOSE.badMessage, 'bad message');
      }
    };

    /** Handles queued messages in order until the inbox is empty or the budget runs out; then reads no more until it refills. */
    const drain = () => {
      while (room && connection && throttle === null && inbox.length > 0 && isOpen()) {
        const message = inbox.shift()!;
        inboxBytes -= message.byteLength;
        receive(connection, message);
        const wait = budget.spend(messageCost(message));
        if (wait > 0) {
          socket.pause();
          throttle = setTimeout(() => {
            throttle = null;
            socket.resume();
            drain();
          }, wait);
        }
      }
    };

    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (!isOpen()) return; // closing: whatever it still sends is not read
      if (!isBinary) {
        socket.close(CLOSE.badMessage, 'binary messages only');
        return;
      }
      const message = toBytes(data);
      inboxBytes += message.byteLength;
      if (inboxBytes > MAX_BYTES_WHILE_LOADING) {
        socket.close(CLOSE.tooMuchWhileLoading, 'too much data queued');
        return;
      }
      inbox.push(message);
      drain();
    });

    let ping: NodeJS.Timeout | null = null;
    socket.on('close', () => {
      if (ping) clearInterval(ping);
      if (throttle) clearTimeout(throttle);
      inbox = [];
      if (room && connection) room.leave(connection);
    });

    /** Opens the socket to the document once its token and permission check out (4401 / 4403 before anything is sent). */
    const admit = async () => {
      const userId = await storage.sessions.userIdFor(token);
      const viewer = userId ? await storage.users.viewer(userId) : null;
      if (!isOpen()) return;
      if (!viewer) return socket.close(CLOSE.unauthenticated, 'unauthenticated');
      const seen = statuses.seq;
      const doc = DOC_ID.test(docId) ? await storage.documents.get(docId) : undefined;
      if (!isOpen()) return;
      if (!doc || !canReadLive(viewer, doc)) return socket.close(CLOSE.forbidden, 'forbidden');
      connection = admitted(socket, viewer, doc, seen);
      let alive = true;
      socket.on('pong', () => (alive = true));
      ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, PING_INTERVAL_MS);
      ping.unref();
      const loaded = await rooms.get(docId);
      if (!isOpen()) return;
      room = loaded;
      loaded.join(connection);
      drain();
    };
    admit().catch((error: unknown) => {
      app.log.error({ err: error, docId }, 'could not open the document');
      if (isOpen()) socket.close(CLOSE.serverError, 'could not load the document');
    });
  });

  // A plain request for a sync address (no upgrade) is told what it takes.
  app.get('/sync/:docId', { schema: { hide: true } }, async () => {
    throw errors.upgradeRequired();
  });
};

export const syncPlugin = fp(sync, { name: 'plenary-sync', dependencies: ['plenary-db', 'plenary-auth'] });
