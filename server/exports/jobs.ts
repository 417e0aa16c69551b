/**
 * Long exports (the convention packet) run as jobs: the request that starts
 * one returns at once with the job's id; the browser and the command line
 * poll its progress and download the file when it is done. Jobs live in
 * memory: a restarted server forgets them, and starting the export again is
 * cheap. Finished jobs are dropped after a while so that files do not pile up.
 */
import { randomBytes } from 'node:crypto';

/** At most this many exports run at once; more wait their turn (the server has two cores and also serves delegates). */
export const MAX_RUNNING_JOBS = 1;
/** A finished job's file is kept this long for its download (30 minutes: time to come back from a meeting). */
export const JOB_TTL_MS = 30 * 60 * 1000;
/** At most this many jobs are remembered; the oldest finished ones go first. */
export const MAX_KEPT_JOBS = 50;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A finished export: its bytes, its download name and media type. */
export interface JobFile {
  bytes: Uint8Array;
  fileName: string;
  mediaType: string;
}

/** Reports a job's progress (0 to 1) and what it is doing. */
export type JobProgress = (fraction: number, message: string) => void;

/** One export job. */
export interface ExportJob {
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
  createdAt: number;
  finishedAt: number | null;
  file: JobFile | null;
  error: string | null;
}

interface Pending {
  job: ExportJob;
  work: (progress: JobProgress) => Promise<JobFile>;
}

/** The jobs of one server. */
export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly queue: Pending[] = [];
  private running = 0;
  private readonly idle = new Set<() => void>();

  constructor(private readonly onError: (error: unknown, job: ExportJob) => void = () => {}) {}

  /**
   * Starts `work` as a job of `ownerId`, or returns the job of the same kind
   * and format that they already have queued or running (a double click does
   * not start the packet twice).
   */
  start(ownerId: string, kind: string, format: string, work: (progress: JobProgress) => Promise<JobFile>): ExportJob {
    this.prune();
    for (const job of this.jobs.values()) {
      if (job.ownerId === ownerId && job.kind === kind && job.format === format && (job.status === 'queued' || job.status === 'running')) return job;
    }
    const job: ExportJob = {
      id: randomBytes(12).toString('base64url'),
      kind,
      format,
      ownerId,
      status: 'queued',
      progress: 0,
      message: 'waiting for another export to finish',
      createdAt: Date.now(),
      finishedAt: null,
      file: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.queue.push({ job, work });
    this.next();
    return job;
  }

  /** A job by id, or undefined (also when it has expired). */
  get(id: string): ExportJob | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  /** Resolves when no job is queued or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private next(): void {
    while (this.running < MAX_RUNNING_JOBS && this.queue.length > 0) {
      const { job, work } = this.queue.shift()!;
      this.running++;
      job.status = 'running';
      job.message = 'starting';
      const progress: JobProgress = (fraction, message) => {
        job.progress = Math.max(job.progress, Math.min(1, Math.max(0, fraction)));
        job.message = message;
      };
      void work(progress)
        .then((file) => {
          job.file = file;
          job.status = 'done';
          job.progress = 1;
          job.message = 'done';
        })
        .catch((error: unknown) => {
          job.status = 'failed';
          job.error = 'The export failed; nothing was written. Try again, and tell the administrator if it fails again.';
          job.message = 'failed';
          this.onError(error, job);
        })
        .finally(() => {
          job.finishedAt = Date.now();
          this.running--;
          this.next();
          if (this.running === 0 && this.queue.length === 0) {
            for (const resolve of this.idle) resolve();
            this.idle.clear();
          }
        });
    }
  }

  /** Drops expired finished jobs, and the oldest finished ones beyond `MAX_KEPT_JOBS`. */
  private prune(now = Date.now()): void {
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > JOB_TTL_MS) this.jobs.delete(id);
    if (this.jobs.size <= MAX_KEPT_JOBS) return;
    const finished = [...this.jobs.values()].filter((job) => job.finishedAt !== null).sort((a, b) => a.finishedAt! - b.finishedAt!);
    for (const job of finished.slice(0, this.jobs.size - MAX_KEPT_JOBS)) this.jobs.delete(job.id);
  }
}
