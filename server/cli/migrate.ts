/**
 * `plenary migrate-to-postgres [--data DIR] [--database-url URL]`: copies the
 * SQLite database of a data folder into an empty PostgreSQL database (creating
 * its tables), so a convention running on one server can move to several. Stop
 * the server first: the copy reads the file as it is. DATABASE_URL is read when
 * --database-url is not given. Exits 0 after printing what was copied, 1 when the
 * folder has no database, the URL is not PostgreSQL's, or the target is not empty.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { DATABASE_FILE, migrate } from '../db';
import type { CopyReport } from '../db/copy-to-postgres';
import { CliError } from './errors';

/** Copies the database in `dataDir` into the PostgreSQL database at `url`. */
export async function migrateToPostgres(dataDir: string, url: string): Promise<CopyReport> {
  // Loaded here, not at start: every other command runs without the PostgreSQL driver.
  const { isPostgresUrl, openPostgres } = await import('../db/postgres');
  const { copyToPostgres, TargetNotEmptyError } = await import('../db/copy-to-postgres');
  if (!isPostgresUrl(url)) throw new CliError('the database URL must start with postgres:// (set --database-url or DATABASE_URL)');
  const file = join(resolve(dataDir), DATABASE_FILE);
  if (!existsSync(file)) throw new CliError(`no database at ${file} (set --data to the server's data folder)`);
  const source = new Database(file, { fileMustExist: true });
  try {
    migrate(source); // an older data folder is brought up to the schema the copy expects
    const target = await openPostgres(url, 2);
    try {
      return await copyToPostgres(source, target);
    } catch (error) {
      if (error instanceof TargetNotEmptyError) throw new CliError(error.message);
      throw error;
    } finally {
      await target.end();
    }
  } finally {
    source.close();
  }
}

export function migrateCommand(): Command {
  return new Command('migrate-to-postgres')
    .description('copy a SQLite data folder into an empty PostgreSQL database (stop the server first)')
    .option('--data <dir>', 'the data folder', process.env.DATA_DIR ?? './data')
    .option('--database-url <url>', 'postgres://user@host:port/database (default: DATABASE_URL)')
    .action(async (options: { data: string; databaseUrl?: string }) => {
      const report = await migrateToPostgres(options.data, options.databaseUrl ?? process.env.DATABASE_URL ?? '');
      const total = Object.values(report).reduce((sum, n) => sum + n, 0);
      process.stdout.write(`copied ${total} rows into PostgreSQL:\n`);
      for (const [table, n] of Object.entries(report)) process.stdout.write(`  ${table}: ${n}\n`);
      process.stdout.write('start every server with DATABASE_URL set to this database to run on it (see README, "Running more than one server")\n');
    });
}
