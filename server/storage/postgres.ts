/**
 * The storage seam over PostgreSQL, loaded only when DATABASE_URL names one.
 */
import { isPgUniqueViolation, pgTransaction, type PgPool, type PgQueryable } from '../db/postgres';
import { PgSessionStore } from '../auth/session-store';
import { pgUserOps } from '../auth/users-postgres';
import { pgConventionOps } from '../conventions/postgres';
import { pgDocumentOps } from '../documents/postgres';
import { pgAmendmentOps } from '../amendments/postgres';
import { pgRosterOps } from '../roster/postgres';
import { pgAuditOps, pgSignatureOps } from '../signatures/postgres';
import { PgExportJobStore } from '../exports/job-store-postgres';
import { PgJournalStore } from '../sync/journal-postgres';
import { Announcements, driveAsync, type Flow, type PgOps, type Runner, type StatusChange } from './flow';
import { runnerStores, type Storage, type StorageOps } from './index';

/** Every data operation on PostgreSQL. */
const pgOps: PgOps<StorageOps> = {
  ...pgConventionOps,
  ...pgUserOps,
  ...pgDocumentOps,
  ...pgAmendmentOps,
  ...pgRosterOps,
  ...pgSignatureOps,
  ...pgAuditOps,
};

type PgOp = (pg: PgQueryable, ...args: never[]) => Promise<unknown>;

/**
 * Runs flows on PostgreSQL: a read statement by statement on the pool; a write
 * on one client between BEGIN and COMMIT (READ COMMITTED: each statement sees
 * what committed before it, and the flows' operations take the row and advisory
 * locks that serialise what must be); a snapshot in a REPEATABLE READ, READ ONLY
 * transaction, so several reads see one state.
 */
export function postgresRunner<O extends object>(pool: PgPool, ops: O): Runner {
  const table = ops as unknown as Record<string, PgOp>;
  const announcements = new Announcements();
  const on = (pg: PgQueryable) => (op: string, args: readonly unknown[]) => {
    const fn = table[op];
    if (!fn) throw new RangeError(`the PostgreSQL backend has no operation "${op}"`);
    return fn(pg, ...(args as never[]));
  };
  const run = async <T>(flow: Flow<T>, transact: (body: (pg: PgQueryable) => Promise<T>) => Promise<T>): Promise<T> => {
    const announced: StatusChange[] = [];
    const result = await transact((pg) => driveAsync(flow, on(pg), announced));
    announcements.deliver(announced);
    return result;
  };
  return {
    read: (flow) => run(flow, (body) => body(pool)),
    write: (flow) => run(flow, (body) => pgTransaction(pool, body)),
    snapshot: (flow) => run(flow, (body) => pgTransaction(pool, body, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')),
    isUniqueViolation: (error) => isPgUniqueViolation(error),
    onStatusChange: (listener) => announcements.listen(listener),
  };
}

/** The stores of the seam over a PostgreSQL pool (closed with them). */
export function postgresStorage(pool: PgPool): Storage {
  const journal = new PgJournalStore(pool);
  return {
    backend: 'postgres',
    pool,
    ...runnerStores(postgresRunner(pool, pgOps)),
    sessions: new PgSessionStore(pool),
    exportJobs: new PgExportJobStore(pool),
    journal,
    async close() {
      await journal.flush();
      await pool.end();
    },
  };
}
