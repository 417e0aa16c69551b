import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { openDatabase } from './index';
import { sqliteStorage } from '../storage';

/** Opens the database for the app's lifetime; closes it last on shutdown (after the rooms flushed). */
/** Why the server refuses DATABASE_URL for now, in words for the operator who set it. */
export const POSTGRES_NOT_YET =
  'DATABASE_URL is set, but this version of Plenary cannot run its server on PostgreSQL yet: sessions, signatures and the audit log, ' +
  'the Yjs journal and export jobs have their PostgreSQL stores; documents, versions, the workflow, the roster and the rules do not. ' +
  'Unset DATABASE_URL to run on SQLite (DATA_DIR); "plenary migrate-to-postgres" copies a data folder into PostgreSQL.';

const db: FastifyPluginAsync = async (app) => {
  // Refused before anything is opened: running on SQLite while the operator believes the data is in PostgreSQL would split it.
  if (app.config.databaseUrl) throw new Error(POSTGRES_NOT_YET);
  const database = openDatabase(app.config.dataDir);
  app.decorate('db', database);
  app.decorate('storage', sqliteStorage(database));
  app.addHook('onClose', async () => {
    if (database.open) database.close();
  });
};

export const dbPlugin = fp(db, { name: 'plenary-db' });
