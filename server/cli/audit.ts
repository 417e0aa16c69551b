/**
 * `plenary audit verify [--data DIR]`: checks the signature audit log in a
 * data folder without starting the server: the hash chain (each entry carries
 * the SHA-256 of the one before) and the signatures table against the log.
 * Prints the result; exits 0 when intact, 2 when broken (naming the first
 * broken link), 1 when the log cannot be read.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { DATABASE_FILE } from '../db';
import { verifyAudit, type AuditReport } from '../signatures/audit';
import { CliError } from './errors';

/** The exit code for a log that was read and found broken. */
export const EXIT_BROKEN = 2;

/** Reads and verifies the log of the database in `dataDir` (opened read-only). */
export function verifyDataDir(dataDir: string): AuditReport {
  const file = join(resolve(dataDir), DATABASE_FILE);
  if (!existsSync(file)) throw new CliError(`no database at ${file} (set --data to the server's data folder)`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'signature_audit'").get();
    if (!table) throw new CliError(`${file} has no signature audit log (start the server once to bring the database up to date)`);
    return verifyAudit(db);
  } finally {
    db.close();
  }
}

/** The report in words. */
export function describeReport(report: AuditReport): string {
  const lines: string[] = [];
  if (report.firstBroken) {
    lines.push(`BROKEN at entry ${report.firstBroken.seq} of ${report.total}: ${report.firstBroken.message}`);
    lines.push(`Entries 1 to ${report.entries} check out; the last good hash is ${report.headHash}.`);
  } else {
    lines.push(`Chain intact: ${report.total} ${report.total === 1 ? 'entry' : 'entries'}, head hash ${report.headHash}.`);
  }
  if (report.stateMismatches.length > 0) {
    lines.push(`The signatures table disagrees with the log in ${report.stateMismatches.length}${report.stateMismatches.length >= 100 ? '+' : ''} places:`);
    for (const m of report.stateMismatches.slice(0, 10)) lines.push(`  document ${m.documentId}, member ${m.memberId}: log says ${m.log}, table says ${m.table}`);
  } else {
    lines.push('The signatures table matches the log.');
  }
  return `${lines.join('\n')}\n`;
}

/** The `audit` command with its `verify` subcommand. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('Check the tamper-evident signature audit log');
  audit
    .command('verify')
    .description('Verify the hash chain of the signature log and the signatures table against it; exit 2 when broken')
    .option('--data <dir>', 'the data folder (default: $DATA_DIR or ./data)')
    .option('--json', 'print the report as JSON')
    .exitOverride()
    .action((options: { data?: string; json?: boolean }) => {
      const report = verifyDataDir(options.data ?? process.env.DATA_DIR ?? './data');
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
      if (!report.ok) throw new CliError(report.firstBroken ? `the signature log is broken at entry ${report.firstBroken.seq}` : 'the signatures table does not match the log', EXIT_BROKEN);
    });
  return audit;
}
