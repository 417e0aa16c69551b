import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';

/** A seeded pseudo-random generator (mulberry32), so fuzz and kill timings repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds a y-websocket frame from varints and length-prefixed byte arrays, in order. */
export function frame(...parts: (number | Uint8Array)[]): Buffer {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** Sync step 1 with an empty state vector: "send me everything". The server always answers it with a step 2. */
export const PROBE = frame(0, 0, new Uint8Array([0]));

/** Whether a received frame is a sync step 2 (the answer to `PROBE`). */
export function isStep2(data: Buffer): boolean {
  return data[0] === 0 && data[1] === 1;
}

export interface RawOutcome {
  /** The close code, or null when the socket was still open after the probe was answered. */
  code: number | null;
  /** Whether the probe sent after the messages was answered (the server read past them). */
  answered: boolean;
}

/**
 * Opens a raw socket, waits for the server's first message (or a close), sends
 * `messages` and then `PROBE`, and reports whether the server closed the socket
 * or answered the probe. Closes the socket itself afterwards; bounded by `timeoutMs`.
 */
export function rawExchange(url: string, messages: (Buffer | string)[], timeoutMs = 10_000): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let greeted = false;
    let done = false;
    const finish = (outcome: RawOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (outcome.code === null) socket.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      socket.terminate();
      if (!done) reject(new Error(`no answer or close from ${url}`));
      done = true;
    }, timeoutMs);
    socket.on('message', (data: Buffer) => {
      if (!greeted) {
        greeted = true;
        for (const message of messages) socket.send(message);
        socket.send(PROBE);
        return;
      }
      if (isStep2(data)) finish({ code: null, answered: true });
    });
    socket.on('close', (code) => finish({ code, answered: false }));
    socket.on('error', () => {});
  });
}

/**
 * Opens a socket and resolves once the server either sends its first message
 * (the socket was accepted: `code` null, the socket left open for the caller) or
 * closes it (with that code). Bounded by `timeoutMs`; `headers` go on the upgrade request.
 */
export function openOrClose(url: string, { timeoutMs = 10_000, headers }: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<{ code: number | null; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`socket to ${url} was neither accepted nor closed`));
    }, timeoutMs);
    socket.once('message', () => {
      clearTimeout(timer);
      resolve({ code: null, socket });
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, socket });
    });
    socket.on('error', () => {});
  });
}
