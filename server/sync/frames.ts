import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Relaying without ws's per-message work. A server's frames are not masked
 * (RFC 6455, section 5.1), so a message framed once is the same bytes for every
 * reader: a room frames an update once and writes it to each socket's TCP
 * stream, several messages in one write, where `ws.send` would build the header
 * and option objects again per socket and hand each message to the kernel alone.
 * In a room of 250 that was most of the server's time (docs/performance.md).
 */

/** The frame of one binary message: FIN set, opcode 2, unmasked, its length in 7, 16 or 64 bits. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

/**
 * The socket's TCP stream, when frames may be written to it directly: ws keeps it
 * as `_socket` (the same in every version since 1.0), and with no extension
 * negotiated (the server offers none) ws sends every frame as it is asked, so
 * frames written beside it never land inside one of its own. Null otherwise: the
 * caller sends through ws then.
 */
export function tcpStream(socket: WebSocket): Duplex | null {
  const stream = (socket as unknown as { _socket?: Duplex })._socket;
  return stream && typeof stream.write === 'function' && socket.extensions === '' ? stream : null;
}
