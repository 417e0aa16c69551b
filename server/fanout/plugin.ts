import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { RedisFanout } from './redis-fanout';

/**
 * Shares live documents, presence and tallies with the other processes behind
 * the same database, through the Redis at `config.redisUrl` (REDIS_URL). The app
 * registers it only when that is set, and imports it only then, so a single
 * process loads nothing of it.
 */
const fanout: FastifyPluginAsync = async (app) => {
  const redisUrl = app.config.redisUrl;
  if (!redisUrl) return;
  const log = {
    info: (message: string) => app.log.info(message),
    warn: (message: string) => app.log.warn(message),
    error: (details: { err: unknown }, message: string) => app.log.error(details, message),
  };
  const peers = await RedisFanout.start({
    redisUrl,
    tail: app.storage.journal,
    evictHere: (docId, code, reason) => app.rooms.evictHere(docId, code, reason),
    talliesChanged: (documentIds) => app.tallies.notifyFromPeer(documentIds),
    log,
  });
  app.rooms.attachFanout(peers);
  app.tallies.forwardTo((documentIds) => peers.talliesChanged(documentIds));
  app.decorate('fanout', peers);
  app.addHook('onClose', async () => peers.close());
};

export const fanoutPlugin = fp(fanout, { name: 'plenary-fanout', dependencies: ['plenary-sync', 'plenary-signatures'] });

declare module 'fastify' {
  interface FastifyInstance {
    /** Fan-out between processes; only when REDIS_URL is set. */
    fanout?: RedisFanout;
  }
}
