import type { Db } from '../db';
import { statement } from '../db';
import type { ExportJobStore, JobFile, NewJob, StoredJob } from './job-store';

/** The columns of a job with the name of its file, for both backends: the column aliases are `StoredJob`'s field names. */
export const SELECT_JOB = `SELECT j.id, j.kind, j.format, j.owner_id AS "ownerId", j.status, j.progress, j.message, j.error,
  j.input_key AS "inputKey", f.file_name AS "fileName", j.attempts, j.claimed_by AS "claimedBy", j.heartbeat_at AS "heartbeatAt",
  j.created_at AS "createdAt", j.finished_at AS "finishedAt"
  FROM export_jobs j LEFT JOIN export_files f ON f.input_key = j.input_key`;

/** Export jobs in the SQLite database: synchronous inside, one statement per question. */
export class SqliteExportJobStore implements ExportJobStore {
  constructor(private readonly db: Db) {}

  async create(job: NewJob): Promise<void> {
    statement(this.db, `INSERT INTO export_jobs (id, kind, format, owner_id, status, message, created_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`).run(
      job.id,
      job.kind,
      job.format,
      job.ownerId,
      job.message,
      job.createdAt,
    );
  }

  async active(ownerId: string, kind: string, format: string): Promise<StoredJob | null> {
    const row = statement(this.db, `${SELECT_JOB} WHERE j.owner_id = ? AND j.kind = ? AND j.format = ? AND j.status IN ('queued', 'running') ORDER BY j.created_at LIMIT 1`).get(
      ownerId,
      kind,
      format,
    ) as StoredJob | undefined;
    return row ?? null;
  }

  async get(id: string): Promise<StoredJob | null> {
    return (statement(this.db, `${SELECT_JOB} WHERE j.id = ?`).get(id) as StoredJob | undefined) ?? null;
  }

  async pending(): Promise<boolean> {
    return statement(this.db, "SELECT 1 FROM export_jobs WHERE status IN ('queued', 'running') LIMIT 1").get() !== undefined;
  }

  async running(): Promise<StoredJob[]> {
    return statement(this.db, `${SELECT_JOB} WHERE j.status = 'running'`).all() as StoredJob[];
  }

  async claim(worker: string, now: number, staleBefore: number): Promise<StoredJob | null> {
    // One statement: SQLite runs it under the write lock, so two processes never claim the same job.
    const claimed = statement(
      this.db,
      `UPDATE export_jobs SET status = 'running', claimed_by = ?, heartbeat_at = ?, attempts = attempts + 1,
         progress = 0, message = CASE WHEN attempts > 0 THEN 'starting again after an interrupted run' ELSE 'starting' END
       WHERE id = (SELECT id FROM export_jobs WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < ?) ORDER BY created_at LIMIT 1)
       RETURNING id`,
    ).get(worker, now, staleBefore) as { id: string } | undefined;
    return claimed ? this.get(claimed.id) : null;
  }

  async requeue(id: string, worker: string): Promise<void> {
    statement(this.db, `UPDATE export_jobs SET status = 'queued', claimed_by = NULL, message = 'waiting to start again' WHERE id = ? AND claimed_by = ? AND status = 'running'`).run(id, worker);
  }

  async progress(id: string, worker: string, progress: number, message: string, now: number): Promise<boolean> {
    const result = statement(
      this.db,
      `UPDATE export_jobs SET progress = max(progress, ?), message = ?, heartbeat_at = ? WHERE id = ? AND claimed_by = ? AND status = 'running'`,
    ).run(progress, message, now, id, worker);
    return result.changes === 1;
  }

  async finish(id: string, worker: string, inputKey: string, now: number): Promise<void> {
    statement(
      this.db,
      `UPDATE export_jobs SET status = 'done', progress = 1, message = 'done', input_key = ?, finished_at = ?, claimed_by = NULL WHERE id = ? AND claimed_by = ?`,
    ).run(inputKey, now, id, worker);
  }

  async fail(id: string, worker: string | null, error: string, now: number): Promise<void> {
    statement(
      this.db,
      `UPDATE export_jobs SET status = 'failed', message = 'failed', error = ?, finished_at = ?, claimed_by = NULL WHERE id = ? AND (? IS NULL OR claimed_by = ?)`,
    ).run(error, now, id, worker, worker);
  }

  async file(inputKey: string): Promise<JobFile | null> {
    const row = statement(this.db, 'SELECT file_name AS fileName, media_type AS mediaType, bytes FROM export_files WHERE input_key = ?').get(inputKey) as
      | { fileName: string; mediaType: string; bytes: Buffer }
      | undefined;
    return row ? { fileName: row.fileName, mediaType: row.mediaType, bytes: new Uint8Array(row.bytes) } : null;
  }

  async hasFile(inputKey: string): Promise<boolean> {
    return statement(this.db, 'SELECT 1 FROM export_files WHERE input_key = ?').get(inputKey) !== undefined;
  }

  async putFile(inputKey: string, file: JobFile, now: number): Promise<void> {
    statement(this.db, 'INSERT INTO export_files (input_key, file_name, media_type, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (input_key) DO NOTHING').run(
      inputKey,
      file.fileName,
      file.mediaType,
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      new Date(now).toISOString(),
    );
  }

  async prune(before: number): Promise<void> {
    this.db.transaction(() => {
      statement(this.db, `DELETE FROM export_jobs WHERE finished_at IS NOT NULL AND finished_at < ?`).run(before);
      statement(this.db, `DELETE FROM export_files WHERE created_at < ? AND input_key NOT IN (SELECT input_key FROM export_jobs WHERE input_key IS NOT NULL)`).run(
        new Date(before).toISOString(),
      );
    })();
  }
}
