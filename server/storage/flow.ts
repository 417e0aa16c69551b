/**
 * Flows: storage logic written once for both backends.
 *
 * SQLite answers synchronously and PostgreSQL asynchronously, and a transaction
 * must stay one transaction on both: on SQLite nothing else may run on the
 * connection between its statements (there is one connection, so an `await`
 * inside a transaction would let another request's statements into it), on
 * PostgreSQL every statement is a round trip. So what a store does (check the
 * rules, read, decide, write) is a generator that *asks* for data operations by
 * name (`yield* ask('documentById', id)`) and gets their answers back; each
 * backend implements the operations (the SQL, nothing else) and drives the
 * generator: SQLite in one synchronous pass inside its transaction, PostgreSQL
 * awaiting each answer on one client between BEGIN and COMMIT. The rules, the
 * order of the checks and the errors are the flow's, the same on both.
 *
 * A flow may also `announce` a document's new status; the runner tells the
 * listeners once the transaction has committed (never for one rolled back).
 */
import type { DocumentStatus } from '../../shared/api';
import type { Db } from '../db';
import type { PgQueryable } from '../db/postgres';

/** A document's status as a committed transaction left it. */
export interface StatusChange {
  documentId: string;
  status: DocumentStatus;
}

/** What a flow asks of its runner: a data operation, or to announce a status change after commit. */
export type Step = { kind: 'op'; op: string; args: readonly unknown[] } | { kind: 'announce'; change: StatusChange };

/** Storage logic that asks its backend for data (see the module comment); `T` is what it returns. */
export type Flow<T> = Generator<Step, T, unknown>;

type OpArgs<O, K extends keyof O> = O[K] extends (...args: infer A) => unknown ? A : never;
type OpResult<O, K extends keyof O> = O[K] extends (...args: never[]) => infer R ? R : never;

/**
 * The `ask` of a capability's operations `O` (an interface of functions, as the
 * flow sees them: synchronous, without the connection): `yield* ask('name', ...args)`
 * answers what the backend's implementation of `name` returns.
 */
export function asker<O>() {
  return function* ask<K extends keyof O & string>(op: K, ...args: OpArgs<O, K>): Flow<OpResult<O, K>> {
    return (yield { kind: 'op', op, args }) as OpResult<O, K>;
  };
}

/** Tells this process's listeners of a document's new status once the transaction commits. */
export function* announce(change: StatusChange): Flow<void> {
  yield { kind: 'announce', change };
}

/** A capability's operations over SQLite: each takes the database first and answers at once. */
export type SqliteOps<O> = { [K in keyof O]: O[K] extends (...args: infer A) => infer R ? (db: Db, ...args: A) => R : never };

/** A capability's operations over PostgreSQL: each takes the pool or the transaction's client first. */
export type PgOps<O> = { [K in keyof O]: O[K] extends (...args: infer A) => infer R ? (pg: PgQueryable, ...args: A) => Promise<R> : never };

/** What runs flows on one backend. */
export interface Runner {
  /** Runs a flow that only reads, outside any transaction. */
  read<T>(flow: Flow<T>): Promise<T>;
  /**
   * Runs a flow in one transaction: committed when it returns, rolled back when it
   * throws (the error is rethrown). SQLite takes the write lock first (IMMEDIATE),
   * so writers never interleave; on PostgreSQL the flow serialises what must be
   * with the locks its operations take (row locks, advisory locks).
   */
  write<T>(flow: Flow<T>): Promise<T>;
  /** Runs a flow that reads several times in one consistent snapshot (e.g. the audit log against the signatures table). */
  snapshot<T>(flow: Flow<T>): Promise<T>;
  /** Whether an error is a unique-index violation (a second live signature, say). */
  isUniqueViolation(error: unknown): boolean;
  /** Calls `listener` with every status change a committed flow announced, on this process. */
  onStatusChange(listener: (change: StatusChange) => void): void;
}

/** The announcements of one run and the listeners they go to once it committed. */
export class Announcements {
  private readonly listeners: ((change: StatusChange) => void)[] = [];

  listen(listener: (change: StatusChange) => void): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of each change, in order. */
  deliver(changes: readonly StatusChange[]): void {
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }
}

/**
 * Drives a flow synchronously: each asked operation is performed at once and its
 * answer (or its error, thrown into the flow) handed back. Announcements are
 * collected into `announced`.
 */
export function driveSync<T>(flow: Flow<T>, perform: (op: string, args: readonly unknown[]) => unknown, announced: StatusChange[]): T {
  let next = flow.next();
  for (;;) {
    if (next.done) return next.value;
    const step = next.value;
    if (step.kind === 'announce') {
      announced.push(step.change);
      next = flow.next();
      continue;
    }
    let answer: unknown;
    try {
      answer = perform(step.op, step.args);
    } catch (error) {
      next = flow.throw(error);
      continue;
    }
    next = flow.next(answer);
  }
}

/** Drives a flow, awaiting each asked operation (see `driveSync`). */
export async function driveAsync<T>(flow: Flow<T>, perform: (op: string, args: readonly unknown[]) => Promise<unknown>, announced: StatusChange[]): Promise<T> {
  let next = flow.next();
  for (;;) {
    if (next.done) return next.value;
    const step = next.value;
    if (step.kind === 'announce') {
      announced.push(step.change);
      next = flow.next();
      continue;
    }
    let answer: unknown;
    try {
      answer = await perform(step.op, step.args);
    } catch (error) {
      next = flow.throw(error);
      continue;
    }
    next = flow.next(answer);
  }
}
