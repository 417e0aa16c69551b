import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Db } from '../db';
import { CHECKPOINT_INTERVAL_MS, FALLBACK_AUTOCHECKPOINT_PAGES } from './limits';

/**
 * The checkpointer's code, run in a worker thread with its own connection to the
 * same file: a PASSIVE checkpoint copies committed WAL frames into the database
 * and fsyncs it without waiting for (or blocking) the server's writes.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker (the final checkpoint happens when the server's connection closes). */
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. With `synchronous = NORMAL`
 * a commit (every journal append) only writes to the WAL, but the automatic
 * checkpoint that every ~1,000 pages runs inside a commit fsyncs the database,
 * stalling the event loop, and with it every room, for tens of milliseconds.
 * Here a worker thread checkpoints every `CHECKPOINT_INTERVAL_MS`; the server's
 * own connection checkpoints only every `FALLBACK_AUTOCHECKPOINT_PAGES` (under
 * steady writes the WAL can only start over after a checkpoint in the writing
 * thread; by then the worker has copied nearly every page), back to SQLite's
 * default if the worker fails. Durability is unchanged: a commit is in the WAL
 * before it returns, and the WAL is what recovery replays.
 */
export function startCheckpointer(db: Db, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, intervalMs: CHECKPOINT_INTERVAL_MS } });
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let stopped = false;
  const fallBack = (message: string) => {
    if (stopped) return;
    onError(`WAL checkpointer: ${message}; checkpointing in the server thread again`);
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(`WAL checkpoint failed: ${message.error}`);
  });
  worker.on('error', (error) => fallBack(error.message));
  worker.on('exit', (code) => {
    if (!stopped) fallBack(`worker exited with ${code}`);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        stopped = true;
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2_000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('stop');
      }),
  };
}
