import type { FastifyReply, FastifyRequest } from 'fastify';

/** A comment line this often keeps proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** What a browser waits before reconnecting a dropped stream (sent as `retry:`). */
export const RECONNECT_MS = 3_000;
/** A client this far behind (bytes queued) is dropped rather than buffered without end; it reconnects and catches up. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One open server-sent-events response. */
export interface EventStream {
  /** Sends one event; false when the stream is closed (or was just closed for being too slow). */
  send(event: string, data: unknown): boolean;
  /** Ends the response. */
  close(): void;
  /** Whether it has ended. */
  readonly closed: boolean;
}

/**
 * Turns a request into a `text/event-stream` response: takes the reply over
 * from Fastify (call it only after every check has passed, so errors still
 * leave as JSON), sends a heartbeat comment every `HEARTBEAT_MS`, drops
 * clients that stop reading, and calls `onClose` once when either side ends it.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onClose: () => void): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: ${RECONNECT_MS}\n\n`);
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!closed) raw.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  request.raw.on('close', finish);
  raw.on('close', finish);
  raw.on('error', finish);

  return {
    send(event, data) {
      if (closed) return false;
      if (raw.writableLength > MAX_BUFFERED_BYTES) {
        this.close();
        return false;
      }
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      return true;
    },
    close() {
      if (!closed) {
        finish();
        raw.end();
      }
    },
    get closed() {
      return closed;
    },
  };
}
