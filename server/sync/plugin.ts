import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket, RawData } from 'ws';
import { loadViewer } from '../auth/users';
import { userIdForToken } from '../auth/sessions';
import { requestToken } from '../auth/plugin';
import { canEdit, canReadLive } from '../documents/permissions';
import { getDocument, touchDocument } from '../documents/store';
import { statusChangeCount } from '../documents/events';
import { Journal, SqliteJournalStore } from './journal';
import { RoomRegistry } from './registry';
import { BadMessageError, type Room, type SyncConnection } from './room';
import { titleOf } from './content';
import { startCheckpointer, type Checkpointer } from './checkpointer';
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
 * `GET /sync/:docId`: the standard y-websocket protocol. The token (`?token=`,
 * bearer header or session cookie) and the permission on the document are checked
 * before anything of the document is sent: 4401 without a valid session, 4403
 * without read access (unknown documents too, so drafts do not reveal they
 * exist), and on the working copy of a submitted consensus text without edit
 * rights (others read its published versions, see `canReadLive`). An address
 * already holding `maxSyncSocketsPerIp` sockets is refused with 4429 before
 * anything else. Viewers without edit rights receive the text; their updates are
 * dropped. Edit rights are asked on every update and re-read after any status change
 * (`statusChangeCount`), so a text frozen by submission stops accepting edits at once.
 */
const sync: FastifyPluginAsync = async (app) => {
  // Started once a text first changes: its worker thread costs ~16 MB, which a server nobody
  // types on does not need (until then SQLite checkpoints in this thread, as by default).
  let checkpointer: Checkpointer | null = null;
  const startCheckpointing = () => (checkpointer ??= startCheckpointer(app.db, (message) => app.log.error(message)));
  app.addHook('onClose', async () => checkpointer?.stop());

  const journal = new Journal(app.db);
  const rooms = new RoomRegistry(journal, {
    onChanged: (docId, doc) => {
      startCheckpointing();
      try {
        touchDocument(app.db, docId, titleOf(doc));
      } catch (error) {
        app.log.error({ err: error, docId }, 'could not record document metadata');
      }
    },
    onError: (message, error) => app.log.error({ err: error }, message),
  });
  app.decorate('rooms', rooms);
  app.decorate('journal', new SqliteJournalStore(journal));
  app.addHook('preClose', async () => rooms.closeAll());

  // One message per socket per event-loop turn (not every message of a received chunk at once),
  // so a socket that sends thousands of messages in one go cannot hold up the others.
  await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES, allowSynchronousEvents: false } });

  /** Open sync sockets per remote address, for the `maxSyncSocketsPerIp` cap. */
  const socketsPerAddress = new Map<string, number>();

  app.get<{ Params: { docId: string }; Querystring: { token?: string } }>(
    '/sync/:docId',
    { websocket: true, schema: { hide: true } },
    (socket: WebSocket, request) => {
      const address = request.ip;
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

      const token = request.query.token ?? requestToken(request);
      const userId = userIdForToken(app.db, token);
      const viewer = userId ? loadViewer(app.db, userId) : null;
      if (!viewer) {
        socket.close(CLOSE.unauthenticated, 'unauthenticated');
        return;
      }
      const docId = request.params.docId;
      // The socket's closures keep this, not the request: an upgrade request with its headers and
      // raw message is ~3 KB that every idle socket would otherwise hold on to.
      const log = request.log;
      const doc = DOC_ID.test(docId) ? getDocument(app.db, docId) : undefined;
      if (!doc || !canReadLive(viewer, doc)) {
        socket.close(CLOSE.forbidden, 'forbidden');
        return;
      }

      // Edit rights follow the document's status (its caucus never changes), asked on every
      // update: the row is re-read only after this process changed some document's status.
      let writable = canEdit(viewer, doc);
      let checkedAt = statusChangeCount(app.db);
      const connection: SyncConnection = {
        socket,
        awarenessIds: new Set(),
        pendingUpdates: 0,
        editsRefused: false,
        mayWrite: () => {
          const changes = statusChangeCount(app.db);
          if (changes !== checkedAt) {
            checkedAt = changes;
            const current = getDocument(app.db, docId);
            writable = current !== undefined && canEdit(viewer, current);
          }
          return writable;
        },
      };
      let room: Room | null = null;
      /** Messages read but not handled yet: while the document loads, or while this socket is over its budget. */
      let inbox: Uint8Array[] = [];
      let inboxBytes = 0;
      const budget = new MessageBudget(MESSAGES_PER_SECOND, MESSAGE_BURST);
      let throttle: NodeJS.Timeout | null = null;
      const isOpen = () => socket.readyState === socket.OPEN;

      const receive = (message: Uint8Array) => {
        try {
          room!.receive(connection, message);
        } catch (error) {
          if (!(error instanceof BadMessageError)) app.log.error({ err: error, docId }, 'sync message failed');
          else log.warn({ docId, reason: error.message }, 'closing socket after a bad sync message');
          socket.close(CLOSE.badMessage, 'bad message');
        }
      };

      /** Handles queued messages in order until the inbox is empty or the budget runs out; then reads no more until it refills. */
      const drain = () => {
        while (room && throttle === null && inbox.length > 0 && isOpen()) {
          const message = inbox.shift()!;
          inboxBytes -= message.byteLength;
          receive(message);
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

      let alive = true;
      socket.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, PING_INTERVAL_MS);
      ping.unref();

      socket.on('close', () => {
        clearInterval(ping);
        if (throttle) clearTimeout(throttle);
        inbox = [];
        room?.leave(connection);
      });

      rooms.get(docId).then(
        (loaded) => {
          if (!isOpen()) return;
          room = loaded;
          loaded.join(connection);
          drain();
        },
        (error: unknown) => {
          app.log.error({ err: error, docId }, 'could not load document');
          socket.close(CLOSE.serverError, 'could not load the document');
        },
      );
    },
  );
};

export const syncPlugin = fp(sync, { name: 'plenary-sync', dependencies: ['plenary-db', 'plenary-auth'] });
