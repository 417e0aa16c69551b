import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { PEER_ORIGIN, type Room } from '../sync/room';
import type { JournalTail } from './journal-tail';
import type { RoomFanout } from './room-fanout';
import {
  decodeEvent,
  decodeFrame,
  documentChannel,
  encodeFrame,
  EVENTS_CHANNEL,
  FRAME_AWARENESS,
  FRAME_QUERY_AWARENESS,
  FRAME_UPDATE,
  SENDER_BYTES,
  type PeerEvent,
} from './wire';

/**
 * How often every loaded document reads the journal rows it has not read yet:
 * the bound on how long a message Redis lost (or never got) stays missing here.
 * One indexed range read per loaded document; most ticks return a few rows.
 */
export const CATCH_UP_INTERVAL_MS = 2_000;

/** Journal rows read per catch-up query: a long backlog (a process away for a while) comes in pages, not one huge read. */
export const CATCH_UP_PAGE_ROWS = 500;

/** Row ids remembered per document as heard on Redis, between catch-ups (beyond it, rows are simply applied twice: harmless). */
export const MAX_HEARD_IDS = 10_000;

/** How long start-up waits for Redis before going on without it (it keeps retrying; the journal catch-up covers the gap). */
export const REDIS_START_TIMEOUT_MS = 5_000;

/** Where a process's fan-out reports what an operator should see. */
export interface FanoutLog {
  info(message: string): void;
  warn(message: string): void;
  error(details: { err: unknown }, message: string): void;
}

export interface FanoutOptions {
  /** `redis://` or `rediss://` address, as REDIS_URL gives it. */
  redisUrl: string;
  /** The journal rows of a document after a row id. */
  tail: JournalTail;
  /** Closes a document's sockets on this process only (another process evicted it). */
  evictHere(docId: string, code: number, reason: string): void;
  /** Tells this process's tally listeners of documents another process changed. */
  talliesChanged(documentIds: string[]): void;
  log: FanoutLog;
  /** Tests shorten it; default `CATCH_UP_INTERVAL_MS`. */
  catchUpIntervalMs?: number;
}

/** A document loaded here, and how much of its journal it is known to hold. */
interface Tracked {
  room: Room;
  /** Every journal row up to this id is applied to `room.doc` (rows read from the journal, not heard on Redis). */
  appliedThrough: number;
  /** Rows above `appliedThrough` already applied as heard on Redis: a catch-up skips them. */
  heard: Set<number>;
  /** The catch-up in flight, if any. */
  running: Promise<void> | null;
  /** Another catch-up was asked for while one ran: run once more after it. */
  again: boolean;
}

/**
 * Fan-out between processes: Redis pub/sub for speed, the journal for completeness.
 *
 * Why pub/sub plus journal catch-up rather than a Redis Stream per document (y-redis):
 * the journal already holds every accepted update with an increasing row id, and it is
 * the durable copy. A Stream would be a second log to write, trim and compact beside it,
 * and it would still not survive a Redis restart without persistence. Here Redis only
 * has to be fast: each process publishes an update after it is committed (durable
 * before relay holds across processes), the others apply and relay it at once, and
 * each loaded document reads the journal rows after the last one it read
 * (`appliedThrough`) when a gap may have opened: when Redis reconnects, when a peer's
 * update arrives whose predecessors are missing (Yjs holds it as pending), and every
 * `CATCH_UP_INTERVAL_MS` in any case. Yjs updates commute and are idempotent, so an
 * update heard on Redis and read again from the journal costs a decode, never a
 * duplicate. Awareness (cursors) goes over pub/sub only: it is ephemeral, each client
 * renews its own every 15 s, and after a reconnect each process republishes its own
 * clients' states.
 *
 * Every process keeps its own clients' documents only: a document is subscribed while
 * it is loaded here and unsubscribed when the registry unloads it (idle).
 */
export class RedisFanout implements RoomFanout {
  /** This process, as frames name it (its own messages come back from Redis and are skipped). */
  private readonly sender = randomBytes(SENDER_BYTES);
  private readonly senderHex = this.sender.toString('hex');
  private readonly rooms = new Map<string, Tracked>();
  private readonly timer: NodeJS.Timeout;
  /** Whether the subscriber was connected before: its next 'ready' is a reconnect. */
  private subscribedOnce = false;
  private redisDown = false;
  private closed = false;

  private constructor(
    private readonly options: FanoutOptions,
    /** Publishes; its offline queue is off, so nothing piles up in memory while Redis is down (the journal covers it). */
    private readonly pub: Redis,
    /** Subscribes (a subscribed connection can do nothing else); resubscribes by itself after a reconnect. */
    private readonly sub: Redis,
  ) {
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    sub.on('ready', () => this.subscriberReady());
    for (const [name, connection] of [['publisher', pub], ['subscriber', sub]] as const) {
      connection.on('error', (error: unknown) => this.redisFailed(name, error));
    }
    this.timer = setInterval(() => this.catchUpAll(), options.catchUpIntervalMs ?? CATCH_UP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Connects to Redis and subscribes to the events channel; waits up to `REDIS_START_TIMEOUT_MS`, then goes on and keeps retrying. */
  static async start(options: FanoutOptions): Promise<RedisFanout> {
    // Both connect by themselves and retry forever (ioredis: after 50 ms, 100 ms, ... at most 2 s apart).
    const pub = new Redis(options.redisUrl, { enableOfflineQueue: false });
    const sub = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    const fanout = new RedisFanout(options, pub, sub);
    const ready = Promise.all([
      new Promise<void>((resolve) => pub.once('ready', () => resolve())),
      sub.subscribe(EVENTS_CHANNEL),
    ]);
    const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), REDIS_START_TIMEOUT_MS).unref());
    const outcome = await Promise.race([ready.then(() => 'ready' as const, () => 'late' as const), late]);
    if (outcome !== 'ready') {
      options.log.warn(
        `Redis at ${redactedUrl(options.redisUrl)} is not answering; running without live fan-out until it does (edits still reach other processes within ${(options.catchUpIntervalMs ?? CATCH_UP_INTERVAL_MS) / 1000} s)`,
      );
    }
    return fanout;
  }

  attach(room: Room): void {
    const tracked: Tracked = { room, appliedThrough: room.loadedThrough, heard: new Set(), running: null, again: false };
    this.rooms.set(room.id, tracked);
    // Rows committed between the load and the subscription were published to nobody here: read them once subscribed.
    this.sub.subscribe(documentChannel(room.id)).then(
      () => {
        if (this.rooms.get(room.id) !== tracked) return;
        void this.catchUp(tracked);
        this.publish(room.id, FRAME_QUERY_AWARENESS, 0, new Uint8Array(0));
      },
      () => {}, // Redis is down: the reconnect resubscribes and catches up
    );
  }

  detach(room: Room): void {
    if (this.rooms.get(room.id)?.room !== room) return;
    this.rooms.delete(room.id);
    this.sub.unsubscribe(documentChannel(room.id)).catch(() => {});
  }

  committed(docId: string, id: number, update: Uint8Array): void {
    this.publish(docId, FRAME_UPDATE, id, update);
  }

  awareness(room: Room, update: Uint8Array): void {
    this.publish(room.id, FRAME_AWARENESS, 0, update);
  }

  evicted(docId: string, code: number, reason: string): void {
    this.publishEvent({ sender: this.senderHex, type: 'evict', docId, code, reason });
  }

  /** Tells the other processes that these documents' tallies changed (they recount from the database). */
  talliesChanged(documentIds: string[]): void {
    this.publishEvent({ sender: this.senderHex, type: 'tallies', documentIds });
  }

  appliedThrough(room: Room): number {
    const tracked = this.rooms.get(room.id);
    return tracked?.room === room ? tracked.appliedThrough : room.loadedThrough;
  }

  /** Reads every loaded document's missed journal rows now (tests; the timer does it anyway). */
  async catchUpAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((tracked) => this.catchUp(tracked)));
  }

  /** Stops the timer and closes both connections. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.rooms.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  /** Applies the journal rows of a document after `appliedThrough`, page by page; one run at a time per document. */
  private catchUp(tracked: Tracked): Promise<void> {
    if (tracked.running) {
      tracked.again = true;
      return tracked.running;
    }
    const run = async () => {
      do {
        tracked.again = false;
        const rows = await this.options.tail.readAfter(tracked.room.id, tracked.appliedThrough, CATCH_UP_PAGE_ROWS);
        if (this.rooms.get(tracked.room.id) !== tracked || rows.length === 0) return;
        // One row at a time, as each was written: the room relays each as its own update.
        for (const row of rows) {
          if (!tracked.heard.delete(row.id)) Y.applyUpdate(tracked.room.doc, row.update, PEER_ORIGIN);
        }
        tracked.appliedThrough = rows.at(-1)!.id;
        for (const id of tracked.heard) if (id <= tracked.appliedThrough) tracked.heard.delete(id);
        if (rows.length === CATCH_UP_PAGE_ROWS) tracked.again = true;
      } while (tracked.again && this.rooms.get(tracked.room.id) === tracked);
    };
    tracked.running = run()
      .catch((error: unknown) => this.options.log.error({ err: error }, `could not read the journal of ${tracked.room.id} to catch up`))
      .finally(() => {
        tracked.running = null;
      });
    return tracked.running;
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === EVENTS_CHANNEL) return this.receiveEvent(message.toString());
    const frame = decodeFrame(message);
    if (!frame || frame.sender.equals(this.sender)) return;
    const docId = channel.slice(documentChannel('').length);
    const tracked = this.rooms.get(docId);
    if (!tracked) return;
    const { room } = tracked;
    try {
      if (frame.kind === FRAME_UPDATE) {
        Y.applyUpdate(room.doc, frame.payload, PEER_ORIGIN);
        if (room.doc.store.pendingStructs || room.doc.store.pendingDs) {
          // Yjs holds back an update whose predecessors it lacks: a message was lost, read the journal
          // (this row included: what Yjs holds back is not yet in the document for sure).
          void this.catchUp(tracked);
        } else if (frame.journalId > tracked.appliedThrough && tracked.heard.size < MAX_HEARD_IDS) {
          tracked.heard.add(frame.journalId);
        }
      } else if (frame.kind === FRAME_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, frame.payload, PEER_ORIGIN);
      } else if (frame.kind === FRAME_QUERY_AWARENESS) {
        this.publishLocalAwareness(room);
      }
    } catch (error) {
      this.options.log.error({ err: error }, `could not apply a message from another process to ${docId}`);
    }
  }

  private receiveEvent(text: string): void {
    const event = decodeEvent(text);
    if (!event || event.sender === this.senderHex) return;
    if (event.type === 'tallies') this.options.talliesChanged(event.documentIds);
    else this.options.evictHere(event.docId, event.code, event.reason);
  }

  /** Publishes the presence of this process's own clients of a room (asked by a peer, or after a reconnect). */
  private publishLocalAwareness(room: Room): void {
    const ids = [...room.connections.values()].flatMap((connection) => [...connection.awarenessIds]);
    const present = ids.filter((id) => room.awareness.getStates().has(id));
    if (present.length === 0) return;
    this.publish(room.id, FRAME_AWARENESS, 0, awarenessProtocol.encodeAwarenessUpdate(room.awareness, present));
  }

  private publish(docId: string, kind: number, journalId: number, payload: Uint8Array): void {
    if (this.closed || this.pub.status !== 'ready') return; // the journal catch-up covers what is not published
    this.pub.publish(documentChannel(docId), encodeFrame(kind, this.sender, journalId, payload)).catch(() => {});
  }

  private publishEvent(event: PeerEvent): void {
    if (this.closed || this.pub.status !== 'ready') return;
    this.pub.publish(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => {});
  }

  /** After a reconnect: whatever was published meanwhile is lost, so every document reads the journal and republishes its clients' presence. */
  private subscriberReady(): void {
    if (this.redisDown) this.options.log.info('Redis is back: catching up every loaded document from the journal');
    this.redisDown = false;
    if (!this.subscribedOnce) {
      this.subscribedOnce = true;
      return;
    }
    // A PING answers after the resubscriptions ioredis sent on reconnecting: from then on nothing is missed.
    this.sub.ping().then(
      () => {
        void this.catchUpAll();
        for (const { room } of this.rooms.values()) this.publishLocalAwareness(room);
      },
      () => {},
    );
  }

  private redisFailed(connection: string, error: unknown): void {
    if (this.closed || this.redisDown) return;
    this.redisDown = true;
    this.options.log.warn(`Redis ${connection} connection lost (${error instanceof Error ? error.message : String(error)}); edits still reach other processes through the journal every ${CATCH_UP_INTERVAL_MS / 1000} s until it is back`);
  }
}

/** The address without its password, for logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
