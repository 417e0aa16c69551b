import { rmSync } from 'node:fs';
import { makeDataDir } from '../helpers/server';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { startRedis, type RedisServer } from '../helpers/redis';
import { HAS_POSTGRES, postgresServer } from '../helpers/backends';

/**
 * The database the clusters share: a database of its own on a real PostgreSQL
 * server when one can run here (always in CI: PLENARY_REQUIRE_POSTGRES=1), else
 * one SQLite file in one data folder, which processes on one machine may share.
 */
export const CLUSTER_BACKEND: 'postgres' | 'sqlite' = HAS_POSTGRES ? 'postgres' : 'sqlite';

/**
 * Two real Plenary processes on two ports behind one real Redis, sharing one
 * database (`CLUSTER_BACKEND`).
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
  // Each process gets the folder too: on PostgreSQL nothing is written there.
  const dataDir = makeDataDir();
  const env: NodeJS.ProcessEnv = { REDIS_URL: redis.url };
  if (CLUSTER_BACKEND === 'postgres') env.DATABASE_URL = await (await postgresServer()).createDatabase();
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
