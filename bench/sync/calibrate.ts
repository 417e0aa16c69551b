/**
 * What one journal commit costs on this machine, timed before the scenarios run.
 *
 * Plenary's latency against the reference is mostly this figure: a caucus-sized
 * room commits each update to SQLite before relaying it, and the reference keeps
 * it in memory. A WAL commit is about ten system calls (six `fcntl` locks on the
 * `-shm` file, four `pwrite`s of two WAL frames), so it varies with how dear system
 * calls are on the host: ~29 us at the median on one VM, where a similar
 * micro-benchmark gave 9-10 us on another (docs/performance.md, sixth round). Printing it beside the tables says which
 * kind of machine a run was made on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../server/db';
import { Journal } from '../../server/sync/journal';
import { Samples } from './stats';

/** Commits timed (after as many untimed ones to warm up). */
const COMMITS = 3_000;
/** Documents the commits go round, as in scenario b. */
const DOCUMENTS = 500;
/** A one-character keystroke's Yjs update is about this size. */
const UPDATE_BYTES = 30;

/** Microseconds per single-update journal commit as the server makes it (written at once), p50 and p95. */
export function journalCommitCost(): { p50: number; p95: number } {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-commit-'));
  const db = openDatabase(dataDir);
  try {
    // The server checkpoints in a worker thread; here none runs, so none stalls a timed commit either.
    db.pragma('wal_autocheckpoint = 0');
    const journal = new Journal(db);
    const update = new Uint8Array(UPDATE_BYTES).fill(7);
    const samples = new Samples();
    for (let i = 0; i < 2 * COMMITS; i++) {
      const start = performance.now();
      journal.enqueue({ docId: `doc-${i % DOCUMENTS}`, update, written: () => {}, failed: (error) => { throw error; } }, true);
      if (i >= COMMITS) samples.add((performance.now() - start) * 1000);
    }
    const [p50, p95] = samples.percentiles(50, 95);
    return { p50: p50!, p95: p95! };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
