/**
 * Plenary as the benchmark runs it, bundled first as `npm start` bundles the
 * server: the real `build()` over DATA_DIR (prepared by bench/sync/index.ts), no
 * logging, REDIS_URL when the two-process run sets it (bench/scale.ts), and the per-address socket cap raised, because every benchmark client
 * connects from 127.0.0.1. Prints `listening <port>` when ready.
 */
import { build } from '../../server/app';

const app = await build({
  dataDir: process.env.DATA_DIR,
  demo: false,
  logger: false,
  maxSyncSocketsPerIp: 1_000_000,
  redisUrl: process.env.REDIS_URL ?? null,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address !== 'string') process.stdout.write(`listening ${address.port}\n`);
// A clean exit on SIGTERM, so a CPU profile (`--profile`) gets written.
process.once('SIGTERM', () => process.exit(0));
