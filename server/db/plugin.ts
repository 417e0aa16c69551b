import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { openDatabase } from './index';

/** Opens the database for the app's lifetime; closes it last on shutdown (after the rooms flushed). */
const db: FastifyPluginAsync = async (app) => {
  const database = openDatabase(app.config.dataDir);
  app.decorate('db', database);
  app.addHook('onClose', async () => {
    if (database.open) database.close();
  });
};

export const dbPlugin = fp(db, { name: 'plenary-db' });
