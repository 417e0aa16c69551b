/**
 * Runs a real server in its own process, for tests that kill it with SIGKILL.
 * Reads DATA_DIR from the environment, listens on a free port of 127.0.0.1 and
 * prints `listening <port>` when ready.
 */
import { build } from '../../server/app';

const app = await build({ dataDir: process.env.DATA_DIR, demo: true, logger: false });
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address !== 'string') process.stdout.write(`listening ${address.port}\n`);
