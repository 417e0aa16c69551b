import * as Y from 'yjs';
import type { JournalStore } from './journal-store';
import { Room, type RoomHooks } from './room';
import { CLOSE, COMPACT_ON_UNLOAD_THRESHOLD, IDLE_UNLOAD_MS } from './limits';
import type { RoomFanout } from '../fanout/room-fanout';

export interface RegistryHooks {
  /** Called (debounced) after a document's text changed. */
  onChanged(docId: string, doc: Y.Doc): void;
  /** Called when something goes wrong that an operator should see. */
  onError(message: string, error: unknown): void;
}

/** The origin of updates the server itself makes (seeding, versions), as opposed to a client's. */
export const SERVER_ORIGIN = Symbol('server');

/**
 * The live documents. Each is loaded once (concurrent requests share one load),
 * a failed load is never kept (the next request tries again from disk), and a
 * document nobody has open is unloaded after `IDLE_UNLOAD_MS`.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly roomHooks: RoomHooks;
  /** Other processes' rooms, when REDIS_URL is set (`attachFanout`). */
  private fanout: RoomFanout | null = null;
  /** Documents whose edits are refused for now (`whileFrozen`), with how many callers froze them. */
  private readonly frozen = new Map<string, number>();

  constructor(
    private readonly journal: JournalStore,
    private readonly hooks: RegistryHooks,
  ) {
    this.roomHooks = {
      onChanged: (room) => this.hooks.onChanged(room.id, room.doc),
      onEmpty: (room) => this.scheduleUnload(room),
      onBroken: (room, error) => {
        this.hooks.onError(`journal write failed for ${room.id}; reloading it from disk`, error);
        this.drop(room, CLOSE.serverError);
      },
      onError: (room, message, error) => this.hooks.onError(`${room.id}: ${message}`, error),
      onCommitted: (room, id, update) => this.fanout?.committed(room.id, id, update),
      onAwareness: (room, update) => this.fanout?.awareness(room, update),
      compactableThrough: (room) => this.fanout?.appliedThrough(room) ?? Number.MAX_SAFE_INTEGER,
      acceptsEdits: (room) => !this.frozen.has(room.id),
    };
  }

  /** Shares every loaded room with other processes from now on (see `server/fanout/`). */
  attachFanout(fanout: RoomFanout): void {
    this.fanout = fanout;
    for (const room of this.rooms.values()) fanout.attach(room);
  }

  /** The room of a document, loading it from the journal if needed (single flight). */
  get(docId: string): Promise<Room> {
    const room = this.rooms.get(docId);
    if (room) {
      this.cancelUnload(docId);
      return Promise.resolve(room);
    }
    const pending = this.loading.get(docId);
    if (pending) return pending;
    const load = Room.load(docId, this.journal, this.roomHooks).then(
        (loaded) => {
          this.loading.delete(docId);
          this.rooms.set(docId, loaded);
          this.fanout?.attach(loaded);
          return loaded;
        },
        (error: unknown) => {
          this.loading.delete(docId);
          throw error;
        },
      );
    this.loading.set(docId, load);
    return load;
  }

  /**
   * Reads a document's current state: the live one when loaded (it may hold
   * edits newer than any version), else rebuilt from the journal. The answer is
   * handed back once what it was read from is on disk (an edit still waiting for
   * the journal is nobody else's to see yet). The reader must not keep or mutate
   * the document of a loaded room.
   */
  async read<T>(docId: string, reader: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.get(docId);
    if (room) {
      const result = reader(room.doc);
      await room.written();
      return result;
    }
    const doc = new Y.Doc({ gc: true });
    try {
      const { updates } = await this.journal.read(docId);
      Y.transact(doc, () => {
        for (const update of updates) Y.applyUpdate(doc, update);
      });
      return reader(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Changes a document on the server's behalf (e.g. accepting a rebase): the
   * room is loaded if needed, `change` runs on its Y.Doc, and the resulting
   * updates are journaled and relayed like any edit. A room nobody has open is
   * unloaded again after the idle delay.
   */
  async edit(docId: string, change: (doc: Y.Doc, origin: symbol) => void): Promise<void> {
    const room = await this.get(docId);
    change(room.doc, SERVER_ORIGIN);
    // Stored before the request answers; a failed write throws.
    await room.written();
    if (room.broken) throw new Error(`the change to ${room.id} could not be stored`);
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  /**
   * Runs `work` while this process refuses edits to `docId` (their senders are
   * told, as readers are): what `work` reads of the live text stays the text
   * until it is done, e.g. while it is frozen as a version by submitting it.
   */
  async whileFrozen<T>(docId: string, work: () => Promise<T>): Promise<T> {
    this.frozen.set(docId, (this.frozen.get(docId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = this.frozen.get(docId)! - 1;
      if (left > 0) this.frozen.set(docId, left);
      else this.frozen.delete(docId);
    }
  }

  /** Closes every socket of a document (e.g. after its permissions changed) and unloads it. */
  evict(docId: string, code: number = CLOSE.goingAway, reason = 'document changed'): void {
    this.evictHere(docId, code, reason);
    this.fanout?.evicted(docId, code, reason);
  }

  /** `evict` on this process only (another process evicted it and tells this one). */
  evictHere(docId: string, code: number = CLOSE.goingAway, reason = 'document changed'): void {
    const room = this.rooms.get(docId);
    if (room) this.drop(room, code, reason);
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room.id);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.id);
      if (room.connections.size === 0 && this.rooms.get(room.id) === room) void this.unload(room);
    }, IDLE_UNLOAD_MS);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  private cancelUnload(docId: string): void {
    const timer = this.idleTimers.get(docId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(docId);
  }

  /**
   * Records the room's metadata, compacts a long journal and drops the room. An
   * idle unload (`shuttingDown` false) keeps a room someone joined while it
   * compacted.
   */
  private async unload(room: Room, shuttingDown = false): Promise<void> {
    try {
      room.flushMetadata();
      if (room.rows >= COMPACT_ON_UNLOAD_THRESHOLD) await room.compact();
    } catch (error) {
      this.hooks.onError(`could not flush ${room.id} on unload`, error);
    }
    if (!shuttingDown && room.connections.size > 0) return;
    if (shuttingDown) this.drop(room, CLOSE.goingAway, 'server shutting down');
    else this.drop(room);
  }

  private drop(room: Room, code?: number, reason?: string): void {
    this.cancelUnload(room.id);
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id);
    this.fanout?.detach(room);
    room.destroy(code, reason);
  }

  /** Flushes, compacts and closes every document (graceful shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room, true)));
    await this.journal.flush();
  }
}
