import type { Db } from './db';
import type { Viewer } from './auth/users';
import type { RoomRegistry } from './sync/registry';
import type { JournalStore } from './sync/journal-store';
import type { Storage } from './storage';
import type { AppConfig } from './config';

declare module 'fastify' {
  interface FastifyInstance {
    /** The convention database (better-sqlite3, synchronous). */
    db: Db;
    /** The stores behind the storage seam (sessions, signatures, export jobs) on the backend in use. */
    storage: Storage;
    /** The resolved configuration this app was built with. */
    config: AppConfig;
    /** The live Yjs documents, loaded on demand. */
    rooms: RoomRegistry;
    /** The Yjs journal behind the storage seam (e.g. `readAfter` to repair a gap in cross-process fan-out). */
    journal: JournalStore;
  }
  interface FastifyRequest {
    /** The signed-in person, or null. Set by the auth plugin before any handler runs. */
    viewer: Viewer | null;
  }
}
