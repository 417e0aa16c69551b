import type { Viewer } from './auth/users';
import type { RoomRegistry } from './sync/registry';
import type { Storage } from './storage';
import type { AppConfig } from './config';

declare module 'fastify' {
  interface FastifyInstance {
    /** The stores behind the storage seam, on the backend in use (SQLite, or PostgreSQL with DATABASE_URL). */
    storage: Storage;
    /** The resolved configuration this app was built with. */
    config: AppConfig;
    /** The live Yjs documents, loaded on demand. */
    rooms: RoomRegistry;
  }
  interface FastifyRequest {
    /** The signed-in person, or null. Set by the auth plugin before any handler runs. */
    viewer: Viewer | null;
  }
}
