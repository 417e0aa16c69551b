import { build } from './app';
import { configFromEnv } from './config';
import { loadDemoConvention } from '../fixtures/index';

/** Starts the server from the environment (see README) and shuts it down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { port, host, options } = configFromEnv(process.env);
  const app = await build(options);
  await app.listen({ port, host });
  if (options.demo) {
    const accounts = loadDemoConvention().accounts.map((a) => `  ${a.email.padEnd(24)} ${a.isStaff ? 'staff' : a.caucusKeys.length ? 'drafter' : 'member'}`);
    console.log(`\nPlenary is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}\nDemo accounts (password "demo"):\n${accounts.join('\n')}\n`);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: flushing documents and closing`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
