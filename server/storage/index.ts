/**
 * The storage seam: the stores each capability owns, for one backend. The
 * capabilities ask these interfaces, never a driver; `sqliteStorage` is what the
 * server runs on today (the default), `postgresStorage` (./postgres.ts, loaded
 * only when DATABASE_URL asks for it: the SQLite server never loads `pg`) the same
 * stores over a PostgreSQL pool (see README, "Running more than one server", for what already
 * runs there). The Yjs journal's store is the sync capability's (`app.journal`).
 */
import type { Db } from '../db';
import { SqliteSessionStore, type SessionStore } from '../auth/session-store';
import { SqliteSignatureStore, type SignatureStore } from '../signatures/signature-store';
import type { ExportJobStore } from '../exports/job-store';
import { SqliteExportJobStore } from '../exports/job-store-sqlite';

/** Every store behind the seam, on one backend. */
export interface Storage {
  backend: 'sqlite' | 'postgres';
  sessions: SessionStore;
  signatures: SignatureStore;
  exportJobs: ExportJobStore;
}

/** The stores over the SQLite database (synchronous inside, answering with resolved promises). */
export function sqliteStorage(db: Db): Storage {
  return { backend: 'sqlite', sessions: new SqliteSessionStore(db), signatures: new SqliteSignatureStore(db), exportJobs: new SqliteExportJobStore(db) };
}
