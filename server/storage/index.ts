/**
 * The storage seam: the stores each capability owns, over one backend. The
 * capabilities ask these stores, never a driver. `sqliteStorage` is the default;
 * `postgresStorage` (./postgres.ts, loaded only when DATABASE_URL asks for it:
 * the SQLite server never loads `pg`) is the same stores over a PostgreSQL pool.
 *
 * Most stores are written once over a `Runner` (see ./flow.ts): their rules and
 * transactions are the same on both backends, and each capability implements its
 * data operations twice, in `sqlite.ts` and `postgres.ts` beside it. Sessions,
 * export jobs and the Yjs journal are plain SQL per backend (nothing to share
 * but the interface).
 */
import type { Db } from '../db';
import type { PgPool } from '../db/postgres';
import { SqliteSessionStore, type SessionStore } from '../auth/session-store';
import { UserStore, type UserOps } from '../auth/users';
import { sqliteUserOps } from '../auth/users-sqlite';
import { ConventionStore, type ConventionOps } from '../conventions/store';
import { sqliteConventionOps } from '../conventions/sqlite';
import { DocumentStore, type DocumentOps } from '../documents/store';
import { sqliteDocumentOps } from '../documents/sqlite';
import { AmendmentStore, type AmendmentOps } from '../amendments/store';
import { sqliteAmendmentOps } from '../amendments/sqlite';
import { RosterStore, type RosterOps } from '../roster/store';
import { sqliteRosterOps } from '../roster/sqlite';
import { SignatureStore, type SignatureOps } from '../signatures/store';
import type { AuditOps } from '../signatures/audit';
import { sqliteAuditOps, sqliteSignatureOps } from '../signatures/sqlite';
import { RulesStore } from '../signatures/rules-store';
import type { ExportJobStore } from '../exports/job-store';
import { SqliteExportJobStore } from '../exports/job-store-sqlite';
import type { JournalStore } from '../sync/journal-store';
import { Journal, SqliteJournalStore } from '../sync/journal';
import type { Runner, SqliteOps, StatusChange } from './flow';
import { sqliteRunner } from './sqlite';

/** Every data operation a backend implements. */
export type StorageOps = ConventionOps & UserOps & DocumentOps & AmendmentOps & RosterOps & SignatureOps & AuditOps;

/** Every store behind the seam. */
export interface Stores {
  conventions: ConventionStore;
  users: UserStore;
  sessions: SessionStore;
  documents: DocumentStore;
  amendments: AmendmentStore;
  roster: RosterStore;
  rules: RulesStore;
  signatures: SignatureStore;
  exportJobs: ExportJobStore;
  journal: JournalStore;
  /** Runs flows that span capabilities (seeding the demo convention). */
  run: Runner;
  /** Calls `listener` with every document status change this process commits. */
  onStatusChange(listener: (change: StatusChange) => void): void;
  /** Writes what is queued and closes the connection(s). */
  close(): Promise<void>;
}

/** The stores over one backend, with its connection for what only that backend has (SQLite's WAL checkpointer, tests). */
export type Storage = (Stores & { backend: 'sqlite'; db: Db }) | (Stores & { backend: 'postgres'; pool: PgPool });

/** The stores written once over a runner. */
export function runnerStores(run: Runner): Pick<Stores, 'conventions' | 'users' | 'documents' | 'amendments' | 'roster' | 'rules' | 'signatures' | 'run' | 'onStatusChange'> {
  return {
    conventions: new ConventionStore(run),
    users: new UserStore(run),
    documents: new DocumentStore(run),
    amendments: new AmendmentStore(run),
    roster: new RosterStore(run),
    rules: new RulesStore(run),
    signatures: new SignatureStore(run),
    run,
    onStatusChange: (listener) => run.onStatusChange(listener),
  };
}

/** Every data operation on SQLite. */
const sqliteOps: SqliteOps<StorageOps> = {
  ...sqliteConventionOps,
  ...sqliteUserOps,
  ...sqliteDocumentOps,
  ...sqliteAmendmentOps,
  ...sqliteRosterOps,
  ...sqliteSignatureOps,
  ...sqliteAuditOps,
};

/** The stores over a SQLite database (synchronous inside, answering with resolved promises). */
export function sqliteStorage(db: Db): Storage {
  const journal = new SqliteJournalStore(new Journal(db));
  return {
    backend: 'sqlite',
    db,
    ...runnerStores(sqliteRunner(db, sqliteOps)),
    sessions: new SqliteSessionStore(db),
    exportJobs: new SqliteExportJobStore(db),
    journal,
    async close() {
      await journal.flush();
      if (db.open) db.close();
    },
  };
}
