/**
 * `plenary audit verify [--data DIR] [--anchor ENTRY:HASH]`: checks the
 * signature audit log in a data folder without starting the server: the hash
 * chain (each entry carries the SHA-256 of the one before), the signatures
 * table against the log, and an entry recorded earlier (see `AuditAnchor`).
 * Prints the result; exits 0 when intact, 2 when broken (naming the first
 * broken link), 1 when the log cannot be read.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { DATABASE_FILE } from '../db';
import type { AuditReport } from '../signatures/audit';
import { sqliteStorage } from '../storage';
import { formatAnchor, parseAnchor, type AuditAnchor } from '../../shared/signatures/audit-chain';
import { CliError } from './errors';

/** The exit code for a log that was read and found broken. */
export const EXIT_BROKEN = 2;

/** Reads and verifies the log of the database in `dataDir` (opened read-only). */
export async function verifyDataDir(dataDir: string, anchor?: AuditAnchor): Promise<AuditReport> {
  const file = join(resolve(dataDir), DATABASE_FILE);
  if (!existsSync(file)) throw new CliError(`no database at ${file} (set --data to the server's data folder)`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'signature_audit'").get();
    if (!table) throw new CliError(`${file} has no signature audit log (start the server once to bring the database up to date)`);
    return await sqliteStorage(db).signatures.verifyAudit(anchor);
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
  if (report.anchor) lines.push(`${report.anchor.ok ? 'Anchor holds' : 'ANCHOR BROKEN'}: ${report.anchor.message}`);
  if (report.stateMismatches.length > 0) {
    lines.push(`The signatures table disagrees with the log in ${report.stateMismatches.length}${report.stateMismatches.length >= 100 ? '+' : ''} places:`);
    for (const m of report.stateMismatches.slice(0, 10)) lines.push(`  document ${m.documentId}, member ${m.memberId}: log says ${m.log}, table says ${m.table}`);
  } else {
    lines.push('The signatures table matches the log.');
  }
  if (report.ok && report.total > 0) {
    lines.push(`To show later that the log up to here was not rewritten, keep this anchor: ${formatAnchor({ seq: report.total, hash: report.headHash })}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Why a report is not ok, in one line for stderr. */
function brokenSummary(report: AuditReport): string {
  if (report.firstBroken) return `the signature log is broken at entry ${report.firstBroken.seq}`;
  if (report.stateMismatches.length > 0) return 'the signatures table does not match the log';
  return `the signature log no longer matches the anchor recorded for entry ${report.anchor?.seq}`;
}

/** The `audit` command with its `verify` subcommand. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('Check the tamper-evident signature audit log');
  audit
    .command('verify')
    .description('Verify the hash chain of the signature log and the signatures table against it; exit 2 when broken')
    .option('--data <dir>', 'the data folder (default: $DATA_DIR or ./data)')
    .option('--anchor <entry:hash>', 'an entry recorded earlier (a tally export\'s auditAnchor, or the anchor this command printed): exit 2 unless it still has that hash')
    .option('--json', 'print the report as JSON')
    .exitOverride()
    .action(async (options: { data?: string; anchor?: string; json?: boolean }) => {
      const anchor = options.anchor === undefined ? undefined : parseAnchor(options.anchor);
      if (anchor === null) throw new CliError(`--anchor must be an entry number and its hash, as "1234:" followed by 64 hex digits`);
      const report = await verifyDataDir(options.data ?? process.env.DATA_DIR ?? './data', anchor);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
      if (!report.ok) throw new CliError(brokenSummary(report), EXIT_BROKEN);
    });
  return audit;
}
