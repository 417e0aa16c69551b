/**
 * Export jobs as stored rows, behind the storage seam: the SQLite and PostgreSQL
 * stores answer the same questions, so a job started on one process can be
 * polled, resumed and downloaded on any other that shares the database. A
 * finished file is stored under the key of its input (`inputKey`: what was
 * exported, in which format), so a second job with the same input is served the
 * same bytes without rendering again.
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A finished export: its bytes, its download name and media type. */
export interface JobFile {
  bytes: Uint8Array;
  fileName: string;
  mediaType: string;
}

/** One export job as stored. Times are milliseconds since the epoch. */
export interface StoredJob {
  id: string;
  /** What is exported, e.g. "packet". */
  kind: string;
  format: string;
  /** The user who started it: only they can see and download it. */
  ownerId: string;
  status: JobStatus;
  /** 0 to 1. */
  progress: number;
  message: string;
  error: string | null;
  /** The finished file's key (see `JobFile`); null until done. */
  inputKey: string | null;
  /** The finished file's download name; null until done. */
  fileName: string | null;
  /** How many times a worker has claimed it (a re-run after a crash is the second). */
  attempts: number;
  /** The worker running it (see `workerId`), or null. */
  claimedBy: string | null;
  heartbeatAt: number | null;
  createdAt: number;
  finishedAt: number | null;
}

/** A new job's facts. */
export interface NewJob {
  id: string;
  kind: string;
  format: string;
  ownerId: string;
  createdAt: number;
  message: string;
}

/** The storage of export jobs and their files. */
export interface ExportJobStore {
  /** Stores a new queued job. */
  create(job: NewJob): Promise<void>;
  /** The owner's queued or running job of this kind and format, if any (a double click does not start it twice). */
  active(ownerId: string, kind: string, format: string): Promise<StoredJob | null>;
  /** A job by id, or null. */
  get(id: string): Promise<StoredJob | null>;
  /** Whether any job is queued or running (a read: an idle server's sweep writes nothing). */
  pending(): Promise<boolean>;
  /** Every running job (to find those whose worker died). */
  running(): Promise<StoredJob[]>;
  /**
   * Claims the oldest job that is queued, or running with a heartbeat older than
   * `staleBefore` (its worker died), for `worker`: at most one claimer wins each job,
   * whatever the number of processes. Null when there is none.
   */
  claim(worker: string, now: number, staleBefore: number): Promise<StoredJob | null>;
  /** Puts a running job of `worker` back in the queue (its worker is gone, or shutting down). */
  requeue(id: string, worker: string): Promise<void>;
  /** Records progress (and the heartbeat) of a job `worker` still holds; false when it no longer holds it. */
  progress(id: string, worker: string, progress: number, message: string, now: number): Promise<boolean>;
  /** Marks a job of `worker` done with the file stored under `inputKey`. */
  finish(id: string, worker: string, inputKey: string, now: number): Promise<void>;
  /** Marks a job failed with a message for its owner (`worker` null: whoever holds it). */
  fail(id: string, worker: string | null, error: string, now: number): Promise<void>;
  /** The file stored under `inputKey`, or null. */
  file(inputKey: string): Promise<JobFile | null>;
  /** Whether a file is stored under `inputKey`. */
  hasFile(inputKey: string): Promise<boolean>;
  /** Stores a file under `inputKey` (a file already there is kept: same input, same bytes). */
  putFile(inputKey: string, file: JobFile, now: number): Promise<void>;
  /** Deletes jobs finished before `before`, and files no job points at that were made before it. */
  prune(before: number): Promise<void>;
}
