import type { Room } from '../sync/room';

/**
 * What the sync server's room registry tells the processes it shares documents
 * with (REDIS_URL; see `redis-fanout.ts`). Without REDIS_URL the registry has none
 * and nothing of this is loaded. Every call is fire-and-forget: fan-out never
 * holds up, or fails, an edit on this process.
 */
export interface RoomFanout {
  /** A document was loaded on this process: start hearing of other processes' changes to it. */
  attach(room: Room): void;
  /** The room is being unloaded here: stop hearing of it. */
  detach(room: Room): void;
  /** An update of `docId` is committed as journal row `id`: tell the others (called only after the commit). */
  committed(docId: string, id: number, update: Uint8Array): void;
  /** A presence change of a client on this process: tell the others. */
  awareness(room: Room, update: Uint8Array): void;
  /** The sockets of `docId` were closed here (status or permissions changed): close them everywhere. */
  evicted(docId: string, code: number, reason: string): void;
  /** The journal row id up to which `room` holds every row, whoever wrote it: what compaction may fold. */
  appliedThrough(room: Room): number;
}
