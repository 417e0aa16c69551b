/**
 * The y-websocket wire protocol, as much of it as a lightweight benchmark client
 * needs: no editor, no provider, just the messages. Both servers speak exactly this
 * (y-protocols sync steps 1/2, updates and awareness, each a varint-prefixed frame).
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: "this is my state vector, send me what I lack". */
export function syncStep1(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP1, stateVector);
}

/** Sync step 2: the answer to a step 1, an update with what the other side lacks. */
export function syncStep2(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP2, update);
}

/** An incremental update (one edit). */
export function updateMessage(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_UPDATE, update);
}

/** An awareness update announcing one client's state (name and colour, as an editor would). */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** An empty Yjs update (no structs, no deletions): a reader's sync step 2. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
/** An empty state vector: a reader's sync step 1 ("send me everything"). */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** Identifies an edit by the client id and clock of its first struct, packed into one number. */
export function editKey(client: number, clock: number): number {
  return client * 2 ** 21 + clock;
}

/** What a received frame is, read from its first bytes only (no Yjs decoding). */
export type Frame =
  | { kind: 'step1' }
  | { kind: 'step2' }
  | { kind: 'update'; key: number | null; client: number }
  | { kind: 'awareness' }
  | { kind: 'other' };

/**
 * Classifies a frame; for an update, reads the (client, clock) of its first struct
 * from the update's header (V1 encoding: clients, structs, client, clock), which
 * both servers relay unchanged for a single-client edit.
 */
export function readFrame(message: Uint8Array): Frame {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) return { kind: 'awareness' };
    if (type !== MESSAGE_SYNC) return { kind: 'other' };
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC_STEP1) return { kind: 'step1' };
    if (syncType === SYNC_STEP2) return { kind: 'step2' };
    if (syncType !== SYNC_UPDATE) return { kind: 'other' };
    decoding.readVarUint(decoder); // payload length
    const clients = decoding.readVarUint(decoder);
    if (clients === 0) return { kind: 'update', key: null, client: -1 };
    decoding.readVarUint(decoder); // structs of the first client
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    return { kind: 'update', key: editKey(client, clock), client };
  } catch {
    return { kind: 'other' };
  }
}

/** The (client, clock) key of a locally made update (the same header as above, without the frame). */
export function updateKey(update: Uint8Array): number | null {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients === 0) return null;
  decoding.readVarUint(decoder);
  const client = decoding.readVarUint(decoder);
  return editKey(client, decoding.readVarUint(decoder));
}
