/**
 * Copies a SQLite database, row for row, into an empty PostgreSQL database with
 * the same schema (`pgMigrations`), in one PostgreSQL transaction: either every
 * row arrives or none does. Ids are kept (journal, signatures, the audit log's
 * sequence and hashes), and each identity then continues after the largest id
 * copied. The audit chain is copied as it is, so `plenary audit verify` and any
 * anchor recorded earlier still check out.
 */
import type { Db } from './index';
import { pgTransaction, type PgClient, type PgPool } from './postgres';

/** Tables in an order that satisfies their foreign keys (documents among themselves are ordered by `documentOrder`). */
export const COPIED_TABLES = [
  'conventions',
  'caucuses',
  'users',
  'caucus_members',
  'sessions',
  'roster',
  'documents',
  'document_versions',
  'yjs_journal',
  'document_events',
  'rebase_proposals',
  'signatures',
  'signature_audit',
  'export_files',
  'export_jobs',
] as const;

/** Tables whose `id` is an identity in PostgreSQL: the sequence continues after the copied ids. */
const IDENTITY_TABLES = ['yjs_journal', 'document_events', 'rebase_proposals', 'signatures'] as const;

/** Bound parameters per INSERT: far below PostgreSQL's 65,535, and a journal batch of snapshots stays a few MB. */
const PARAMETERS_PER_INSERT = 2_000;

type Row = Record<string, unknown>;

/** How many rows each table received. */
export type CopyReport = Record<(typeof COPIED_TABLES)[number], number>;

/** Raised when the target already holds a convention: the copy never merges into existing data. */
export class TargetNotEmptyError extends Error {}

/** Documents ordered so that each comes after the document it amends. */
function documentOrder(rows: Row[]): Row[] {
  const placed = new Set<unknown>();
  const ordered: Row[] = [];
  let remaining = rows;
  while (remaining.length > 0) {
    const next = remaining.filter((row) => row.base_id === null || placed.has(row.base_id) || !rows.some((other) => other.id === row.base_id));
    if (next.length === 0) throw new Error('documents amend each other in a cycle; the database is damaged');
    for (const row of next) {
      placed.add(row.id);
      ordered.push(row);
    }
    remaining = remaining.filter((row) => !placed.has(row.id));
  }
  return ordered;
}

async function insertRows(client: PgClient, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / columns.length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${columns.map((column) => `$${params.push(row[column])}`).join(', ')})`);
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Copies every table of `source` into `target` (which must hold no convention yet) and reports the row counts. */
export async function copyToPostgres(source: Db, target: PgPool): Promise<CopyReport> {
  return pgTransaction(target, async (client) => {
    const existing = await client.query('SELECT (SELECT count(*) FROM conventions) + (SELECT count(*) FROM users) AS n');
    if (Number(existing.rows[0].n) > 0) throw new TargetNotEmptyError('the PostgreSQL database already holds a convention or accounts; copy into an empty database');
    const report = {} as CopyReport;
    for (const table of COPIED_TABLES) {
      let rows = source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Row[];
      if (table === 'documents') rows = documentOrder(rows);
      await insertRows(client, table, rows);
      report[table] = rows.length;
    }
    for (const table of IDENTITY_TABLES) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
    }
    return report;
  });
}
