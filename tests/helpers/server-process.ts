/**
 * Runs a real server in its own process, for tests that kill it with SIGKILL.
 * Reads DATA_DIR (and REDIS_URL, and whatever else `configFromEnv` reads) from
 * the environment, listens on PORT (0: a free port) of 127.0.0.1 and prints
 * `listening <port>` when ready.
 */
import { build } from '../../server/app';
import { configFromEnv } from '../../server/config';

const { options } = configFromEnv(process.env);
const app = await build({ ...options, dataDir: process.env.DATA_DIR, demo: true, logger: false });
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address !== 'string') process.stdout.write(`listening ${address.port}\n`);
