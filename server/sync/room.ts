import * as Y from 'yjs';
import { schemaViolation } from './schema-guard';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import type { WebSocket } from 'ws';
import type { JournalStore } from './journal-store';
import { binaryFrame, tcpStream } from './frames';
import { addsToDocument, type DeleteSet } from './adds';
import {
  CLOSE,
  COMPACTION_THRESHOLD,
  MAX_AWARENESS_BYTES,
  MAX_PENDING_BYTES,
  MAX_PENDING_UPDATES_PER_SOCKET,
  MAX_SEND_BUFFER_BYTES,
  METADATA_DEBOUNCE_MS,
  WRITE_AT_ONCE_MAX_SOCKETS,
} from './limits';

/** Why a socket's edits are refused, as the client is told. */
export const EDITS_REFUSED_REASON = 'This text cannot be edited now: your changes were not saved.';

/** A message to relay, and the socket it came from (which does not get it back). */
interface Outgoing {
  message: Uint8Array;
  origin: unknown;
}

/** y-websocket's top-level message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** One client socket in a room. */
export interface SyncConnection {
  socket: WebSocket;
  /** Asked for every incoming update: false drops it (read-only viewer, frozen text). */
  mayWrite: () => boolean;
  /** The awareness client ids this socket controls, removed when it leaves. */
  awarenessIds: Set<number>;
  /** Updates from this socket that Yjs had to hold back as pending, since the document last had none. */
  pendingUpdates: number;
  /** Whether this socket was told that its edits are refused (it is told once). */
  editsRefused: boolean;
}

export interface RoomHooks {
  /** Called (debounced) after the text changed, e.g. to record the title. */
  onChanged(room: Room): void;
  /** Called when the last connection left. */
  onEmpty(room: Room): void;
  /** Called when the journal could not be written: the room must be dropped and reloaded from disk. */
  onBroken(room: Room, error: unknown): void;
  /** Called when background work failed harmlessly (e.g. a compaction, rolled back: the rows are still there). */
  onError(room: Room, message: string, error: unknown): void;
  /** An update of this room is on disk with row `id` (other processes may be told now). */
  onCommitted?(room: Room, id: number, update: Uint8Array): void;
  /** A presence change not made by a peer is being relayed here (other processes may be told now). */
  onAwareness?(room: Room, update: Uint8Array): void;
  /** The row id up to which this room has applied every row of its journal, when other processes also write it; compaction folds no further. */
  compactableThrough?(room: Room): number;
  /** False while no client's edit may be applied (the text is being frozen as a version); default true. */
  acceptsEdits?(room: Room): boolean;
}

/** The origin of updates and presence another process already journaled and relayed (see `server/fanout/`): relayed here, not journaled again. */
export const PEER_ORIGIN = Symbol('peer');

/** Raised for a message this server cannot read; the sender is disconnected. */
export class BadMessageError extends Error {}

/**
 * A live document: its Y.Doc, the awareness of who is here, and the sockets
 * editing it. Every update a client sends is written to the journal before it is
 * relayed, so whatever another client has seen is on disk.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Map<WebSocket, SyncConnection>();
  private lastJournalId: number;
  private journalRows: number;
  private compactionScheduled = false;
  /** The compaction in flight, if any: one at a time. */
  private compacting: Promise<void> | null = null;
  private changeTimer: NodeJS.Timeout | null = null;
  private journalFailed = false;
  /** Updates (and presence changes behind them) queued for the journal or in the outbox: not relayed yet. */
  private unwritten = 0;
  /** What the journal's current batch has written and this room has yet to relay, in order. */
  private outbox: Outgoing[] = [];
  private destroyed = false;
  /** The document's delete set, computed when a refused update must be compared with it; null after every change. */
  private deleted: DeleteSet | null = null;
  /**
   * The answer to a sync step 1 with an empty state vector (every reader's first sync: the
   * whole text), encoded once for the text as it is and sent to each such client; null after
   * every change. Idle readers connecting in numbers then cost a copy, not an encoding each.
   * Kept only while no update waits for what it depends on: such an update changes the answer
   * without an 'update' event, whichever path (a client, a peer process, the server) applied it.
   */
  private fullStateAnswer: Uint8Array | null = null;
  /** The server's own sync step 1 (its state vector), sent to every socket that joins; null after every change. */
  private stateVectorMessage: Uint8Array | null = null;
  /** The id of the last journal row read when the room was loaded (0 for none): every row up to it is in `doc`. */
  readonly loadedThrough: number;

  /** Loads a document's room from its journal. */
  static async load(id: string, journal: JournalStore, hooks: RoomHooks): Promise<Room> {
    return new Room(id, journal, hooks, await journal.read(id));
  }

  /** A room over `stored`, the document's journal as read (see `Room.load`). */
  constructor(
    readonly id: string,
    private readonly journal: JournalStore,
    private readonly hooks: RoomHooks,
    stored: { updates: Uint8Array[]; lastId: number },
  ) {
    const { updates, lastId } = stored;
    Y.transact(this.doc, () => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    });
    this.lastJournalId = lastId;
    this.loadedThrough = lastId;
    this.journalRows = updates.length;
    this.awareness.setLocalState(null);
    this.doc.on('update', this.handleDocUpdate);
    this.awareness.on('update', this.handleAwarenessUpdate);
    // A long journal (the server died before compacting it) is folded right away, so the next load is fast.
    if (this.journalRows >= COMPACTION_THRESHOLD) this.scheduleCompaction();
  }

  /**
   * Journal first, then relay: an update reaches the other clients only once it is
   * on disk. A small room writes and relays it at once; a busy one queues it for the
   * journal's batch at the end of this event-loop turn (see `WRITE_AT_ONCE_MAX_SOCKETS`).
   */
  private handleDocUpdate = (update: Uint8Array, origin: unknown) => {
    this.deleted = null;
    this.fullStateAnswer = null;
    this.stateVectorMessage = null;
    if (this.journalFailed) return;
    if (origin === PEER_ORIGIN) {
      // Already on disk (another process wrote it before publishing it): relay only.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.relay([{ message: encoding.toUint8Array(encoder), origin }]);
      this.scheduleChanged();
      return;
    }
    this.unwritten++;
    this.journal.enqueue({
      docId: this.id,
      update,
      written: (id) => {
        this.lastJournalId = id;
        this.journalRows++;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
        this.outbox.push({ message: encoding.toUint8Array(encoder), origin });
        this.hooks.onCommitted?.(this, id, update);
        this.scheduleChanged();
        if (this.journalRows >= COMPACTION_THRESHOLD) this.scheduleCompaction();
      },
      failed: this.fail,
      batchWritten: this.sendOutbox,
    }, this.connections.size <= WRITE_AT_ONCE_MAX_SOCKETS);
  };

  /** Relays what a journal batch wrote, in order, each socket's share in one write. */
  private sendOutbox = () => {
    const outbox = this.outbox;
    this.outbox = [];
    this.unwritten -= outbox.length;
    if (outbox.length > 0) this.relay(outbox);
  };

  /** The journal could not be written: the room must be dropped (its memory is ahead of the disk). */
  private fail = (error: unknown) => {
    this.unwritten--;
    if (this.journalFailed) return;
    this.journalFailed = true;
    this.hooks.onBroken(this, error);
  };

  /**
   * Sends messages to every client of the room, each except to the socket it came
   * from. Each message is framed once, and a socket gets its share in one write
   * (see `frames.ts`): in a busy room a turn often clears several keystrokes, and
   * a system call per message and reader is where the server's time goes.
   */
  private relay(messages: Outgoing[]): void {
    const frames = messages.map(({ message }) => binaryFrame(message));
    const everything = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    for (const connection of this.connections.values()) {
      const own = messages.some(({ origin }) => origin === connection);
      const share = own ? frames.filter((_, i) => messages[i]!.origin !== connection) : null;
      if (share?.length === 0) continue;
      if (!this.mayStillSend(connection)) continue;
      const tcp = tcpStream(connection.socket);
      if (tcp) {
        tcp.write(share ? Buffer.concat(share) : everything);
      } else {
        for (const { message, origin } of messages) if (origin !== connection) connection.socket.send(message);
      }
    }
  }

  private handleAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const candidate = origin as SyncConnection | null;
    const connection = candidate?.socket && this.connections.get(candidate.socket) === candidate ? candidate : undefined;
    if (connection) {
      for (const id of added) connection.awarenessIds.add(id);
      for (const id of removed) connection.awarenessIds.delete(id);
    }
    const changed = added.concat(updated, removed);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    const message = encoding.toUint8Array(encoder);
    const tellPeers = () => {
      if (origin !== PEER_ORIGIN) this.hooks.onAwareness?.(this, update);
    };
    // A cursor may point into an edit still waiting for the journal: it keeps its place behind it.
    if (this.unwritten === 0) {
      tellPeers();
      return this.relay([{ message, origin: undefined }]);
    }
    this.unwritten++;
    this.journal.enqueue({
      docId: this.id,
      update: null,
      written: () => {
        tellPeers();
        this.outbox.push({ message, origin: undefined });
      },
      failed: this.fail,
      batchWritten: this.sendOutbox,
    });
  };

  /** Adds a socket and starts the sync handshake (sync step 1, then the current awareness). */
  join(connection: SyncConnection): void {
    this.connections.set(connection.socket, connection);
    if (!this.stateVectorMessage) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.stateVectorMessage = encoding.toUint8Array(encoder);
    }
    this.send(connection, this.stateVectorMessage);
    this.sendAwarenessStates(connection);
  }

  private sendAwarenessStates(connection: SyncConnection): void {
    const states = this.awareness.getStates();
    if (states.size === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]));
    this.send(connection, encoding.toUint8Array(encoder));
  }

  /** Removes a socket and the awareness states it controlled; the list gets the text's new title now. */
  leave(connection: SyncConnection): void {
    if (!this.connections.delete(connection.socket)) return;
    this.flushMetadata();
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
    if (this.connections.size === 0) this.hooks.onEmpty(this);
  }

  /**
   * Handles one binary message from a client. Sync step 1 is answered; updates
   * are checked to decode, dropped when the client may not write, and otherwise
   * applied (which journals and relays them). Throws `BadMessageError` for a
   * message that cannot be read; nothing of it has been applied then.
   */
  receive(connection: SyncConnection, message: Uint8Array): void {
    let decoder: decoding.Decoder;
    let messageType: number;
    try {
      decoder = decoding.createDecoder(message);
      messageType = decoding.readVarUint(decoder);
    } catch {
      throw new BadMessageError('unreadable message header');
    }
    switch (messageType) {
      case MESSAGE_SYNC:
        return this.receiveSync(connection, decoder);
      case MESSAGE_AWARENESS: {
        let update: Uint8Array;
        try {
          update = decoding.readVarUint8Array(decoder);
        } catch {
          throw new BadMessageError('unreadable awareness update');
        }
        if (update.byteLength > MAX_AWARENESS_BYTES) throw new BadMessageError('awareness update too large');
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
        } catch {
          throw new BadMessageError('unreadable awareness update');
        }
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        return this.sendAwarenessStates(connection);
      default:
        throw new BadMessageError(`unknown message type ${messageType}`);
    }
  }

  private receiveSync(connection: SyncConnection, decoder: decoding.Decoder): void {
    let syncType: number;
    let payload: Uint8Array;
    try {
      syncType = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      throw new BadMessageError('unreadable sync message');
    }
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      // A newcomer's question (an empty state vector) gets the same answer until the text changes.
      const cacheable = payload.byteLength === 1 && payload[0] === 0 && this.pendingBytes() === 0;
      if (cacheable && this.fullStateAnswer) return this.send(connection, this.fullStateAnswer);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      try {
        syncProtocol.writeSyncStep2(encoder, this.doc, payload);
      } catch {
        throw new BadMessageError('unreadable state vector');
      }
      // The answer holds the whole document: it leaves once all of that is on disk,
      // and is kept for the next newcomer only when it already was.
      const answer = encoding.toUint8Array(encoder);
      if (cacheable && this.unwritten === 0) this.fullStateAnswer = answer;
      this.whenWritten(
        () => this.send(connection, answer),
        () => {},
      );
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new BadMessageError(`unknown sync message type ${syncType}`);
    }
    if (!connection.mayWrite() || this.hooks.acceptsEdits?.(this) === false) return this.refuse(connection, payload);
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(payload);
    } catch {
      throw new BadMessageError('unreadable Yjs update');
    }
    // Nothing the schema does not know reaches the text (one pass over the update's own structs).
    const violation = schemaViolation(this.doc, decoded.structs);
    if (violation) throw new BadMessageError(`update outside the schema: ${violation}`);
    const pendingBefore = this.pendingBytes();
    Y.applyUpdate(this.doc, payload, connection);
    const pendingAfter = this.pendingBytes();
    if (pendingAfter === 0) {
      connection.pendingUpdates = 0;
    } else if (pendingAfter > pendingBefore && (++connection.pendingUpdates > MAX_PENDING_UPDATES_PER_SOCKET || pendingAfter > MAX_PENDING_BYTES)) {
      // Drop what is held back: none of it was journaled or relayed, and a client that
      // really has the missing parts sends everything again when it reconnects.
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      throw new BadMessageError('too many updates whose dependencies are missing');
    }
  }

  /**
   * Drops an update from a socket that may not write (a reader, or a text frozen
   * since it connected). If it would have changed the text, the client is told,
   * once, with y-websocket's "permission denied": Plenary's editor then stops
   * taking edits and shows its user what was not saved, instead of letting them
   * type on as if it were.
   */
  private refuse(connection: SyncConnection, payload: Uint8Array): void {
    if (connection.editsRefused) return;
    let adds: boolean;
    try {
      adds = addsToDocument(this.doc, payload, () => (this.deleted ??= Y.createDeleteSetFromStructStore(this.doc.store)));
    } catch {
      throw new BadMessageError('unreadable Yjs update');
    }
    if (!adds) return;
    connection.editsRefused = true;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(encoder, EDITS_REFUSED_REASON);
    this.send(connection, encoding.toUint8Array(encoder));
  }

  /** Bytes of updates Yjs holds back until what they build on arrives. */
  private pendingBytes(): number {
    const { pendingStructs, pendingDs } = this.doc.store;
    return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
  }

  /**
   * Sends to one client unless it has fallen too far behind, in which case it is
   * disconnected: a slow phone must not make the server hold the room's traffic.
   */
  send(connection: SyncConnection, message: Uint8Array): void {
    // No per-send callback: a failed write closes the socket, and its 'close' handler leaves the room.
    if (this.mayStillSend(connection)) connection.socket.send(message);
  }

  /** Whether the socket is open and keeping up; one that is not leaves the room (a slow one is closed first). */
  private mayStillSend(connection: SyncConnection): boolean {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) {
      this.leave(connection);
      return false;
    }
    if (socket.bufferedAmount > MAX_SEND_BUFFER_BYTES) {
      socket.close(CLOSE.tooSlow, 'client too slow');
      this.leave(connection);
      return false;
    }
    return true;
  }

  private scheduleChanged(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.hooks.onChanged(this);
    }, METADATA_DEBOUNCE_MS);
    this.changeTimer.unref();
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    setImmediate(() => {
      this.compactionScheduled = false;
      if (this.journalFailed || this.destroyed) return;
      this.compact().catch((error: unknown) => this.hooks.onError(this, 'compaction failed; the journal is unchanged', error));
    });
  }

  /**
   * Runs `then` once everything the document holds now is on disk: at once when
   * nothing is waiting for the journal, else after the journal has written what
   * is queued (`failed` instead when it could not). What the document gains
   * meanwhile is not waited for: `then` must only use what it took from the
   * document before calling this.
   */
  private whenWritten(then: () => void, failed: (error: unknown) => void): void {
    if (this.unwritten === 0) return then();
    this.journal.enqueue({ docId: this.id, update: null, written: () => then(), failed }, true);
  }

  /** Resolves once everything the document holds now is on disk (see `whenWritten`): what a reader of the live text may be shown. */
  written(): Promise<void> {
    return new Promise((resolve, reject) => this.whenWritten(resolve, reject));
  }

  /** Whether a journal write failed: the room's memory is ahead of the disk and it is being dropped. */
  get broken(): boolean {
    return this.journalFailed;
  }

  /** How many rows this document's journal holds now. */
  get rows(): number {
    return this.journalRows;
  }

  /**
   * Folds the journal into one snapshot of the in-memory document (which has applied
   * every row). With other processes writing too, only the rows this room is known to
   * have applied are folded (`compactableThrough`): a peer's row still on its way here
   * stays in the journal.
   */
  compact(): Promise<void> {
    this.compacting ??= this.compactNow().finally(() => (this.compacting = null));
    return this.compacting;
  }

  private async compactNow(): Promise<void> {
    await this.journal.flush();
    if (this.journalRows <= 1 || this.destroyed) return;
    const upTo = Math.min(this.lastJournalId, this.hooks.compactableThrough?.(this) ?? this.lastJournalId);
    const rowsBefore = this.journalRows;
    const snapshotId = await this.journal.compact(this.id, Y.encodeStateAsUpdate(this.doc), upTo);
    // Rows written while it ran (a PostgreSQL compaction takes a round trip or two) stay beside the snapshot.
    this.journalRows = 1 + (this.journalRows - rowsBefore);
    this.lastJournalId = Math.max(this.lastJournalId, snapshotId);
  }

  /** Runs a pending change hook now (a drafter left, or before unload or shutdown). */
  flushMetadata(): void {
    if (!this.changeTimer) return;
    clearTimeout(this.changeTimer);
    this.changeTimer = null;
    this.hooks.onChanged(this);
  }

  /** Closes every socket with `code` and frees the document. */
  destroy(code: number = CLOSE.goingAway, reason = 'document closed'): void {
    // What is queued is written (on SQLite now, on PostgreSQL with its next commit) and still relayed to other processes.
    void this.journal.flush();
    this.destroyed = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const connection of [...this.connections.values()]) {
      this.connections.delete(connection.socket);
      connection.socket.close(code, reason);
    }
    this.awareness.destroy();
    this.doc.destroy();
  }
}
