import type { Db } from '../db';
import { Announcements, driveSync, type Flow, type Runner, type StatusChange } from './flow';

/** An operation as the runner calls it: by name, with the database first. */
type SqliteOp = (db: Db, ...args: never[]) => unknown;

/** A unique-index violation, as better-sqlite3 reports it. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs flows on SQLite: each in one synchronous pass (see ./flow.ts), a write
 * inside an IMMEDIATE transaction (it takes the write lock first, so two writers,
 * in one process or several on one file, never read the same state), a snapshot
 * inside a deferred one (WAL gives it one consistent view).
 */
export function sqliteRunner<O extends object>(db: Db, ops: O): Runner {
  const table = ops as unknown as Record<string, SqliteOp>;
  const announcements = new Announcements();
  const perform = (op: string, args: readonly unknown[]) => {
    const fn = table[op];
    if (!fn) throw new RangeError(`the SQLite backend has no operation "${op}"`);
    return fn(db, ...(args as never[]));
  };
  const run = async <T>(flow: Flow<T>, transact: (body: () => T) => T): Promise<T> => {
    const announced: StatusChange[] = [];
    const result = transact(() => driveSync(flow, perform, announced));
    announcements.deliver(announced);
    return result;
  };
  return {
    read: (flow) => run(flow, (body) => body()),
    write: (flow) => run(flow, (body) => db.transaction(body).immediate()),
    snapshot: (flow) => run(flow, (body) => db.transaction(body).deferred()),
    isUniqueViolation,
    onStatusChange: (listener) => announcements.listen(listener),
  };
}
