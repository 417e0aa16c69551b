import { rmSync } from 'node:fs';
import { makeDataDir } from '../helpers/server';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { startRedis, type RedisServer } from '../helpers/redis';

/**
 * Two real Plenary processes on two ports behind one real Redis, sharing one
 * database: the SQLite file of one data folder, or whatever DATABASE_URL the
 * tests were started with (the children inherit the environment).
 */
export interface Cluster {
  redis: RedisServer;
  a: ServerProcess;
  b: ServerProcess;
  /** Kills both processes and Redis and removes the data folder. */
  close(): Promise<void>;
}

/** Starts Redis, then process A (which loads the demo convention into the empty database), then B. */
export async function startCluster(): Promise<Cluster> {
  const redis = await startRedis();
  const dataDir = makeDataDir();
  const env = { REDIS_URL: redis.url };
  const a = await spawnServer(dataDir, 0, env);
  const b = await spawnServer(dataDir, 0, env).catch(async (error: unknown) => {
    await a.kill();
    throw error;
  });
  return {
    redis,
    a,
    b,
    async close() {
      await Promise.all([a.kill(), b.kill()]);
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
