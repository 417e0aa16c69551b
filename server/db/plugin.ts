import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { openDatabase } from './index';
import { sqliteStorage, type Storage } from '../storage';

/**
 * Opens the storage for the app's lifetime: PostgreSQL when `DATABASE_URL` names
 * one (the driver is loaded only then), else the SQLite file in `DATA_DIR`.
 * Closes it last on shutdown (after the rooms flushed).
 */
const db: FastifyPluginAsync = async (app) => {
  const storage = await openStorage(app.config.databaseUrl, app.config.dataDir, (error) =>
    app.log.warn(`PostgreSQL closed an idle connection (the pool opens a new one when needed): ${error.message}`),
  );
  app.decorate<Storage>('storage', storage);
  app.addHook('onClose', async () => storage.close());
};

/** The storage a configuration names: PostgreSQL at `databaseUrl`, or SQLite in `dataDir`. */
async function openStorage(databaseUrl: string | null, dataDir: string, onIdleError: (error: Error) => void): Promise<Storage> {
  if (!databaseUrl) return sqliteStorage(openDatabase(dataDir));
  const { isPostgresUrl, openPostgres, PG_POOL_SIZE } = await import('./postgres');
  if (!isPostgresUrl(databaseUrl)) throw new RangeError('DATABASE_URL must start with postgres:// or postgresql://');
  const { postgresStorage } = await import('../storage/postgres');
  return postgresStorage(await openPostgres(databaseUrl, PG_POOL_SIZE, onIdleError));
}

export const dbPlugin = fp(db, { name: 'plenary-db' });
