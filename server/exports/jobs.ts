/**
 * Long exports (the convention packet) run as jobs: the request that starts
 * one returns at once with the job's id; the browser and the command line
 * poll its progress and download the file when it is done. Jobs and their files
 * are stored in the database (see `ExportJobStore`), so any process sharing it
 * answers the poll and the download, and a job whose process stopped (a restart,
 * a crash) is run again by the next process that looks: never lost. Each process
 * runs at most `MAX_RUNNING_JOBS` at once. A job's work first names its input
 * (`inputKey`); a file already stored for that input is served without rendering.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ExportJobStore, JobFile, StoredJob } from './job-store';

export type { JobFile, JobStatus } from './job-store';

/** At most this many exports run at once per process; more wait their turn (the server has two cores and also serves delegates). */
export const MAX_RUNNING_JOBS = 1;
/** A finished job and its file are kept this long for the download (30 minutes: time to come back from a meeting). */
export const JOB_TTL_MS = 30 * 60 * 1000;
/** A running job writes its heartbeat at least this often. */
export const JOB_HEARTBEAT_MS = 2_000;
/** A running job without a heartbeat for this long lost its process (on another machine): it is run again. */
export const JOB_STALE_MS = 20_000;
/** How often a process looks for queued jobs and for jobs whose process died. */
export const JOB_SWEEP_MS = 5_000;
/** Expired jobs and files are deleted at most this often (a minute: the TTL is thirty). */
const PRUNE_EVERY_MS = 60_000;
/** Progress is written at most this often (the last one always): the bar moves, the database is not hammered. */
const PROGRESS_WRITE_MS = 200;
/** A job claimed this many times without finishing (it kills its process?) is failed instead of tried again. */
export const MAX_JOB_ATTEMPTS = 3;

/** Reports a job's progress (0 to 1) and what it is doing. */
export type JobProgress = (fraction: number, message: string) => void;

/** What a job kind does: names its input first (cheap), then renders it if no file for that input is stored. */
export interface JobWork {
  prepare(format: string, progress: JobProgress): Promise<{ inputKey: string; render(progress: JobProgress): Promise<JobFile> }>;
}

/** What the owner is told when their export failed. */
const FAILED_MESSAGE = 'The export failed; nothing was written. Try again, and tell the administrator if it fails again.';

/** This process's name as a job's worker: the host and pid say whether it is still alive (same host), the suffix tells restarts apart. */
function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The workers of this process that are running (a test may run several app instances in one process). */
const liveWorkers = new Set<string>();

/** Whether a worker on this host is gone (its pid no longer runs); workers on other hosts are judged by their heartbeat. */
function deadOnThisHost(worker: string, self: string): boolean {
  const [host, pid] = worker.split(':');
  if (host !== hostname() || worker === self) return false;
  if (Number(pid) === process.pid) return !liveWorkers.has(worker); // an app instance of this process that has stopped
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The export jobs of one process, over the shared store. */
export class ExportJobs {
  readonly workerId = newWorkerId();
  private running = 0;
  private closing = false;
  private readonly idle = new Set<() => void>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private kicking: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly store: ExportJobStore,
    private readonly kinds: Readonly<Record<string, JobWork>>,
    /** Told of a job that failed (`jobId`), or of a failed look for work (`jobId` null). */
    private readonly onError: (error: unknown, jobId: string | null) => void = () => {},
  ) {}

  /** Starts looking for work now and every `JOB_SWEEP_MS` (jobs queued elsewhere, jobs whose process died). */
  startSweeping(): void {
    liveWorkers.add(this.workerId);
    this.sweepTimer = setInterval(() => void this.kick(), JOB_SWEEP_MS);
    this.sweepTimer.unref();
    void this.kick();
  }

  /**
   * Starts a job of `ownerId`, or returns the job of the same kind and format
   * that they already have queued or running (a double click does not start the
   * packet twice).
   */
  async start(ownerId: string, kind: string, format: string): Promise<StoredJob> {
    if (!this.kinds[kind]) throw new RangeError(`unknown export job kind ${kind}`);
    const existing = await this.store.active(ownerId, kind, format);
    if (existing) return existing;
    const id = randomBytes(12).toString('base64url');
    await this.store.create({ id, kind, format, ownerId, createdAt: Date.now(), message: 'waiting for another export to finish' });
    await this.kick();
    return (await this.store.get(id))!;
  }

  /** A job by id, or null (also when it has expired). */
  async get(id: string): Promise<StoredJob | null> {
    const job = await this.store.get(id);
    if (job && job.finishedAt !== null && Date.now() - job.finishedAt > JOB_TTL_MS) return null;
    return job;
  }

  /** A finished job's file, or null. */
  async file(job: StoredJob): Promise<JobFile | null> {
    return job.status === 'done' && job.inputKey ? this.store.file(job.inputKey) : null;
  }

  /** Resolves when this process runs no job (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.running === 0 && !this.kicking) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Stops taking jobs and waits for the running one to finish; queued jobs stay stored for the next process. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.kicking;
    await this.whenIdle();
    liveWorkers.delete(this.workerId);
  }

  /** Claims and starts jobs while this process has room; one pass at a time. */
  private kick(): Promise<void> {
    if (this.kicking) return this.kicking;
    this.kicking = this.claimAll()
      .catch((error: unknown) => this.onError(error, null))
      .finally(() => {
        this.kicking = null;
        this.settleIdle();
      });
    return this.kicking;
  }

  private async claimAll(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.store.prune(now - JOB_TTL_MS);
    }
    if (this.closing || !(await this.store.pending())) return;
    for (const job of await this.store.running()) {
      if (job.claimedBy && deadOnThisHost(job.claimedBy, this.workerId)) await this.store.requeue(job.id, job.claimedBy);
    }
    while (!this.closing && this.running < MAX_RUNNING_JOBS) {
      const job = await this.store.claim(this.workerId, Date.now(), Date.now() - JOB_STALE_MS);
      if (!job) return;
      if (job.attempts > MAX_JOB_ATTEMPTS) {
        await this.store.fail(job.id, this.workerId, FAILED_MESSAGE, Date.now());
        continue;
      }
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        if (!this.closing) void this.kick();
        this.settleIdle();
      });
    }
  }

  private settleIdle(): void {
    if (this.running > 0 || this.kicking) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }

  /** Runs one claimed job to its end, writing progress (throttled) and a heartbeat while it works. */
  private async run(job: StoredJob): Promise<void> {
    let lastWrite = 0;
    let latest = { fraction: 0, message: 'starting' };
    let writing: Promise<unknown> = Promise.resolve();
    const write = () => {
      const { fraction, message } = latest;
      lastWrite = Date.now();
      writing = writing.then(() => this.store.progress(job.id, this.workerId, fraction, message, Date.now())).catch(() => false);
    };
    const progress: JobProgress = (fraction, message) => {
      latest = { fraction: Math.min(1, Math.max(0, fraction)), message };
      if (Date.now() - lastWrite >= PROGRESS_WRITE_MS) write();
    };
    const heartbeat = setInterval(write, JOB_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const work = this.kinds[job.kind];
      if (!work) throw new RangeError(`unknown export job kind ${job.kind}`);
      const prepared = await work.prepare(job.format, progress);
      if (!(await this.store.hasFile(prepared.inputKey))) {
        const file = await prepared.render(progress);
        await this.store.putFile(prepared.inputKey, file, Date.now());
      }
      clearInterval(heartbeat);
      await writing;
      await this.store.finish(job.id, this.workerId, prepared.inputKey, Date.now());
    } catch (error) {
      clearInterval(heartbeat);
      await writing;
      await this.store.fail(job.id, this.workerId, FAILED_MESSAGE, Date.now()).catch(() => undefined);
      this.onError(error, job.id);
    }
  }
}
