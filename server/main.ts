import { build } from './app';
import { configFromEnv } from './config';
import { prettyStream } from './logging';
import { loadDemoAccounts } from '../fixtures/index';

/** Starts the server from the environment (see README) and shuts it down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { port, host, logFormat, options } = configFromEnv(process.env, process.stdout.isTTY === true);
  if (logFormat === 'pretty' && typeof options.logger === 'object') options.logger = { ...options.logger, stream: await prettyStream() };
  const app = await build(options);
  // Before the banner: whoever reads "Plenary is running" may stop the server at once, and a
  // signal that comes before its handler kills the process without closing the database.
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
  await app.listen({ port, host });
  if (options.demo) {
    const demo = loadDemoAccounts();
    const caucusNames = new Map(demo.caucuses.map((c) => [c.key, c.name]));
    const rosterByEmail = new Map(demo.roster.map((m) => [m.email.toLowerCase(), m]));
    const describe = (account: (typeof demo.accounts)[number]): string => {
      if (account.isStaff) return 'convention staff';
      const member = rosterByEmail.get(account.email.toLowerCase());
      const standing = !member ? 'not on the roster' : !member.goodStanding ? 'on the roster, not in good standing' : member.delegate ? 'delegate' : 'member, not a delegate';
      const caucuses = account.caucusKeys.map((key) => caucusNames.get(key) ?? key);
      return caucuses.length ? `drafter, ${caucuses.join(', ')}; ${standing}` : standing;
    };
    const accounts = demo.accounts.map((a) => `  ${a.email.padEnd(22)} ${describe(a)}`);
    console.log(`\nPlenary is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}\nDemo accounts (password "demo"):\n${accounts.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
