import type { PgPool } from '../db/postgres';
import type { ExportJobStore, JobFile, NewJob, StoredJob } from './job-store';
import { SELECT_JOB } from './job-store-sqlite';

/**
 * Export jobs in PostgreSQL. A claim takes the oldest claimable row with
 * `FOR UPDATE SKIP LOCKED`, so processes claiming at once each get a different
 * job (or none) without waiting on each other.
 */
export class PgExportJobStore implements ExportJobStore {
  constructor(private readonly pool: PgPool) {}

  private async one(sql: string, params: unknown[]): Promise<StoredJob | null> {
    const { rows } = await this.pool.query<StoredJob>(sql, params);
    return rows[0] ?? null;
  }

  async create(job: NewJob): Promise<void> {
    await this.pool.query(`INSERT INTO export_jobs (id, kind, format, owner_id, status, message, created_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6)`, [
      job.id,
      job.kind,
      job.format,
      job.ownerId,
      job.message,
      job.createdAt,
    ]);
  }

  async active(ownerId: string, kind: string, format: string): Promise<StoredJob | null> {
    return this.one(`${SELECT_JOB} WHERE j.owner_id = $1 AND j.kind = $2 AND j.format = $3 AND j.status IN ('queued', 'running') ORDER BY j.created_at LIMIT 1`, [
      ownerId,
      kind,
      format,
    ]);
  }

  async get(id: string): Promise<StoredJob | null> {
    return this.one(`${SELECT_JOB} WHERE j.id = $1`, [id]);
  }

  async pending(): Promise<boolean> {
    return ((await this.pool.query("SELECT 1 FROM export_jobs WHERE status IN ('queued', 'running') LIMIT 1")).rowCount ?? 0) > 0;
  }

  async running(): Promise<StoredJob[]> {
    return (await this.pool.query<StoredJob>(`${SELECT_JOB} WHERE j.status = 'running'`)).rows;
  }

  async claim(worker: string, now: number, staleBefore: number): Promise<StoredJob | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE export_jobs SET status = 'running', claimed_by = $1, heartbeat_at = $2, attempts = attempts + 1,
         progress = 0, message = CASE WHEN attempts > 0 THEN 'starting again after an interrupted run' ELSE 'starting' END
       WHERE id = (SELECT id FROM export_jobs WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < $3)
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [worker, now, staleBefore],
    );
    return rows[0] ? this.get(rows[0].id) : null;
  }

  async requeue(id: string, worker: string): Promise<void> {
    await this.pool.query(`UPDATE export_jobs SET status = 'queued', claimed_by = NULL, message = 'waiting to start again' WHERE id = $1 AND claimed_by = $2 AND status = 'running'`, [
      id,
      worker,
    ]);
  }

  async progress(id: string, worker: string, progress: number, message: string, now: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE export_jobs SET progress = greatest(progress, $1), message = $2, heartbeat_at = $3 WHERE id = $4 AND claimed_by = $5 AND status = 'running'`,
      [progress, message, now, id, worker],
    );
    return result.rowCount === 1;
  }

  async finish(id: string, worker: string, inputKey: string, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE export_jobs SET status = 'done', progress = 1, message = 'done', input_key = $1, finished_at = $2, claimed_by = NULL WHERE id = $3 AND claimed_by = $4`,
      [inputKey, now, id, worker],
    );
  }

  async fail(id: string, worker: string | null, error: string, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE export_jobs SET status = 'failed', message = 'failed', error = $1, finished_at = $2, claimed_by = NULL WHERE id = $3 AND ($4::text IS NULL OR claimed_by = $4)`,
      [error, now, id, worker],
    );
  }

  async file(inputKey: string): Promise<JobFile | null> {
    const { rows } = await this.pool.query<{ fileName: string; mediaType: string; bytes: Buffer }>(
      'SELECT file_name AS "fileName", media_type AS "mediaType", bytes FROM export_files WHERE input_key = $1',
      [inputKey],
    );
    const row = rows[0];
    return row ? { fileName: row.fileName, mediaType: row.mediaType, bytes: new Uint8Array(row.bytes) } : null;
  }

  async hasFile(inputKey: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM export_files WHERE input_key = $1', [inputKey])).rowCount ?? 0) > 0;
  }

  async putFile(inputKey: string, file: JobFile, now: number): Promise<void> {
    await this.pool.query('INSERT INTO export_files (input_key, file_name, media_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (input_key) DO NOTHING', [
      inputKey,
      file.fileName,
      file.mediaType,
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      new Date(now).toISOString(),
    ]);
  }

  async prune(before: number): Promise<void> {
    await this.pool.query('DELETE FROM export_jobs WHERE finished_at IS NOT NULL AND finished_at < $1', [before]);
    await this.pool.query(
      'DELETE FROM export_files WHERE created_at < $1 AND input_key NOT IN (SELECT input_key FROM export_jobs WHERE input_key IS NOT NULL)',
      [new Date(before).toISOString()],
    );
  }
}
