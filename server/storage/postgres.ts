import type { PgPool } from '../db/postgres';
import { PgSessionStore } from '../auth/session-store-postgres';
import { PgSignatureStore } from '../signatures/signature-store-postgres';
import { PgExportJobStore } from '../exports/job-store-postgres';
import type { Storage } from './index';

/** The stores of the seam over a PostgreSQL pool. */
export function postgresStorage(pool: PgPool): Storage {
  return { backend: 'postgres', sessions: new PgSessionStore(pool), signatures: new PgSignatureStore(pool), exportJobs: new PgExportJobStore(pool) };
}
