/**
 * The messages processes exchange through Redis. A document's channel carries
 * binary frames (Yjs updates are binary; no base64 on the hot path): one byte of
 * kind, the sender's 8-byte id, the journal row id as a float64 (0 when there is
 * none), then the payload. The convention-wide channel carries small JSON events.
 */

/** Prefix of every Redis key and channel Plenary uses, so it can share a Redis with others. */
export const CHANNEL_PREFIX = 'plenary:';

/** The channel of one document's updates and presence. */
export function documentChannel(docId: string): string {
  return `${CHANNEL_PREFIX}doc:${docId}`;
}

/** The channel of convention-wide events (tallies, evictions). */
export const EVENTS_CHANNEL = `${CHANNEL_PREFIX}events`;

/** Bytes of a process's id in a frame. */
export const SENDER_BYTES = 8;
const HEADER_BYTES = 1 + SENDER_BYTES + 8;

export const FRAME_UPDATE = 0;
export const FRAME_AWARENESS = 1;
/** "Send me your clients' presence": a process that just loaded the document asks. */
export const FRAME_QUERY_AWARENESS = 2;

export interface DocumentFrame {
  kind: number;
  sender: Buffer;
  journalId: number;
  payload: Uint8Array;
}

/** Frames a message for a document's channel. */
export function encodeFrame(kind: number, sender: Buffer, journalId: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
  frame.writeUInt8(kind, 0);
  sender.copy(frame, 1, 0, SENDER_BYTES);
  frame.writeDoubleBE(journalId, 1 + SENDER_BYTES);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** Reads a frame; null for one too short to be ours (nothing else should publish there). */
export function decodeFrame(frame: Buffer): DocumentFrame | null {
  if (frame.byteLength < HEADER_BYTES) return null;
  return {
    kind: frame.readUInt8(0),
    sender: frame.subarray(1, 1 + SENDER_BYTES),
    journalId: frame.readDoubleBE(1 + SENDER_BYTES),
    payload: new Uint8Array(frame.buffer, frame.byteOffset + HEADER_BYTES, frame.byteLength - HEADER_BYTES),
  };
}

/** A convention-wide event. */
export type PeerEvent =
  | { sender: string; type: 'tallies'; documentIds: string[] }
  | { sender: string; type: 'evict'; docId: string; code: number; reason: string };

/** Reads an event; null for anything malformed. */
export function decodeEvent(text: string): PeerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  if (typeof event.sender !== 'string') return null;
  if (event.type === 'tallies' && Array.isArray(event.documentIds) && event.documentIds.every((id) => typeof id === 'string')) {
    return event as PeerEvent;
  }
  if (event.type === 'evict' && typeof event.docId === 'string' && typeof event.code === 'number' && typeof event.reason === 'string') {
    return event as PeerEvent;
  }
  return null;
}
