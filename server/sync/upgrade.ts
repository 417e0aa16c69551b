import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import proxyAddr from '@fastify/proxy-addr';
import { WebSocketServer, type WebSocket } from 'ws';
import { tokenFrom } from '../auth/plugin';
import { CLOSE } from './limits';

/** `/sync/<document id>`, optionally with a query (`?token=`). */
const SYNC_PATH = /^\/sync\/([^/?#]*)(?:\?([^#]*))?$/;

/** What the sync handler is told of the request that opened a socket: the request itself is not kept. */
export interface SyncRequest {
  /** The document asked for, decoded as a route parameter is (not checked yet). */
  docId: string;
  /** The client's address (the forwarded one when `trustProxy` is on), as Fastify's `request.ip` gives it. */
  ip: string;
  /** The session token: `?token=`, else the bearer header, else the session cookie. */
  token: string | null;
}

/** A plain HTTP refusal of an upgrade that never became a WebSocket. */
function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Guards a raw socket until ws takes it over (Node removes its own error listener before emitting `upgrade`). */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** The decoded path segment, or the raw one when it does not decode (the id check then refuses it). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Upgrades `GET /sync/:docId` to a WebSocket beside Fastify, not through it. A
 * sync socket used none of a request's lifecycle (hooks, schema, reply) and the
 * route's request and reply objects stayed referenced for the socket's life
 * (~4 KB an idle socket, bench/memory.ts); now each socket holds only what
 * `SyncRequest` names.
 * ws checks the handshake itself (GET, headers, version: 400/405 otherwise);
 * another path is answered 404. Each socket is logged once (the logger's request
 * serializer hides the token in its URL). On shutdown (after the rooms closed their sockets), the sockets
 * still being admitted are closed with 1001.
 */
export function acceptSyncSockets(app: FastifyInstance, maxPayload: number, onSocket: (socket: WebSocket, request: SyncRequest) => void): void {
  // One message per socket per event-loop turn (not every message of a received chunk at once),
  // so a socket that sends thousands of messages in one go cannot hold up the others.
  const server = new WebSocketServer({ noServer: true, maxPayload, allowSynchronousEvents: false });
  const trustAll = () => true;
  const ipOf = (request: IncomingMessage) => (app.config.trustProxy ? proxyAddr(request, trustAll) : request.socket.remoteAddress ?? '');

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', destroyOnError);
    const url = request.url ?? '';
    const match = SYNC_PATH.exec(url);
    if (!match) return refuse(socket, '404 Not Found');
    const query = new URLSearchParams(match[2] ?? '');
    const opened: SyncRequest = {
      docId: decodeSegment(match[1]!),
      ip: ipOf(request),
      token: query.get('token') ?? tokenFrom(request.headers.authorization, request.headers.cookie, (header) => app.parseCookie(header)),
    };
    app.log.info({ req: { method: request.method, url, ip: opened.ip } }, 'sync socket requested');
    // ws listens for the socket's errors from here on.
    socket.removeListener('error', destroyOnError);
    server.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error) => {
        app.log.warn({ err: error, docId: opened.docId }, 'sync socket error');
        ws.terminate();
      });
      onSocket(ws, opened);
    });
  };
  app.server.on('upgrade', onUpgrade);

  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const client of server.clients) client.close(CLOSE.goingAway, 'server shutting down');
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}
