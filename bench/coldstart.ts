/**
 * Cold start: how long the sync server takes to load a document from its
 * journal when nobody has it open, with 100,000 small updates in the journal
 * (a long night of typing without compaction, e.g. after repeated crashes) and
 * again after compaction folds them into one snapshot; and how much database
 * each takes. Loading is what the first client's connect waits for, and it runs
 * on the event loop, so every other document waits too.
 *
 * Uses the server's own `Journal` and `Room` over a real SQLite file; run with
 * `npm run bench` (or `npx tsx bench/coldstart.ts` alone).
 */
import * as Y from 'yjs';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DATABASE_FILE, openDatabase, type Db } from '../server/db';
import { Journal, SqliteJournalStore } from '../server/sync/journal';
import { Room, type RoomHooks } from '../server/sync/room';
import { blocksOf, updateFromBlocks } from '../server/sync/content';
import { addsToDocument } from '../server/sync/adds';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';
import type { TextBlock } from '../shared/text';

/** Updates in the uncompacted journal. */
const UPDATES = 100_000;
/** Paragraphs of the seed text (about 30 words each, ~6,000 words in all). */
const PARAGRAPHS = 200;
/** Loads timed per state; the median is reported. */
const REPEATS = 5;
const DOC_ID = 'coldstart';

const noHooks: RoomHooks = { onChanged: () => {}, onEmpty: () => {}, onBroken: () => {}, onError: () => {} };

function seedBlocks(): TextBlock[] {
  const blocks: TextBlock[] = [{ kind: 'title', text: 'Resolution on the organisation of the convention' }];
  for (let i = 0; i < PARAGRAPHS; i++) {
    blocks.push({
      kind: i % 3 === 0 ? 'whereas' : 'paragraph',
      text: `Clause ${i + 1}: the chapters agree that the national body shall publish the agenda, the minutes and every adopted text within thirty days, in plain language, with line numbers that match the packet.`,
    });
  }
  return blocks;
}

/** Fills the journal with the seed and `UPDATES` keystrokes: bursts of typing at random places, a few deletions. */
function writeJournal(db: Db, journal: Journal): void {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  Y.applyUpdate(doc, updateFromBlocks(seedBlocks()));
  journal.append(DOC_ID, Y.encodeStateAsUpdate(doc), true);
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  let text: Y.XmlText | null = null;
  let cursor = 0;
  for (let i = 0; i < UPDATES; i++) {
    if (i % 40 === 0) {
      text = (fragment.get(1 + Math.floor(random() * PARAGRAPHS)) as Y.XmlElement).get(0) as Y.XmlText;
      cursor = Math.floor(random() * text.length);
    }
    if (i % 10 === 9 && cursor > 0) text!.delete(--cursor, 1);
    else text!.insert(cursor++, String.fromCharCode(97 + Math.floor(random() * 26)));
  }
  db.transaction(() => {
    for (const update of updates) journal.append(DOC_ID, update);
  })();
  doc.destroy();
}

/** Bytes the database file takes after a checkpoint and VACUUM, less those of the same database without the document. */
function documentBytes(db: Db, dataDir: string, emptyBytes: number): number {
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(join(dataDir, DATABASE_FILE)).size - emptyBytes;
}

function timeLoads(journal: Journal): { readMs: number; totalMs: number; text: string } {
  const totals: number[] = [];
  const reads: number[] = [];
  let text = '';
  for (let i = 0; i < REPEATS; i++) {
    const readStart = performance.now();
    journal.read(DOC_ID);
    reads.push(performance.now() - readStart);
    const start = performance.now();
    const room = new Room(DOC_ID, new SqliteJournalStore(journal), noHooks, journal.read(DOC_ID));
    totals.push(performance.now() - start);
    text = blocksOf(room.doc).map((b) => b.text).join('\n');
    room.destroy();
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { readMs: median(reads), totalMs: median(totals), text };
}

/**
 * What a reader reconnecting to this much-edited text costs the server: its sync
 * step 2 repeats the whole delete set, which the room compares with its own before
 * deciding the reader has edited nothing (see `server/sync/adds.ts`). Prints the
 * median of 20 checks, with the room's delete set computed each time (the first
 * reader after a change) and kept (every other reader).
 */
function reportReaderCheck(journal: Journal): void {
  const room = new Room(DOC_ID, new SqliteJournalStore(journal), noHooks, journal.read(DOC_ID));
  try {
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(room.doc));
    const step2 = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(room.doc));
    const ranges = [...Y.decodeUpdate(step2).ds.clients.values()].reduce((sum, list) => sum + list.length, 0);
    const kept = Y.createDeleteSetFromStructStore(room.doc.store);
    const medianOf = (check: () => boolean) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        if (check()) throw new Error('a reader that repeats the text was taken for an editor');
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[10]!;
    };
    const computed = medianOf(() => addsToDocument(room.doc, step2));
    const reused = medianOf(() => addsToDocument(room.doc, step2, () => kept));
    console.log(
      `A reader reconnecting (its sync step 2 repeats ${ranges.toLocaleString('en')} deleted ranges, ${(step2.byteLength / 1024).toFixed(0)} KB) is checked in ${reused.toFixed(2)} ms with the room's delete set kept, ${computed.toFixed(2)} ms when it is computed afresh (median of 20).`,
    );
  } finally {
    room.destroy();
  }
}

export interface ColdStartResult {
  updates: number;
  before: { rows: number; bytes: number; readMs: number; loadMs: number };
  compactMs: number;
  after: { rows: number; bytes: number; readMs: number; loadMs: number };
}

/** Runs the cold-start measurement and prints its table (for `npm run bench`). */
export async function run(): Promise<void> {
  await measureColdStart();
}

/** Measures cold start before and after compaction, prints the table and returns the figures. */
export async function measureColdStart(): Promise<ColdStartResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-coldstart-'));
  const db = openDatabase(dataDir);
  try {
    const journal = new Journal(db);
    const emptyBytes = documentBytes(db, dataDir, 0);
    const writeStart = performance.now();
    writeJournal(db, journal);
    const writeMs = performance.now() - writeStart;
    const rowsBefore = journal.count(DOC_ID);
    const bytesBefore = documentBytes(db, dataDir, emptyBytes);
    const before = timeLoads(journal);

    const room = new Room(DOC_ID, new SqliteJournalStore(journal), noHooks, journal.read(DOC_ID));
    const compactStart = performance.now();
    await room.compact();
    const compactMs = performance.now() - compactStart;
    room.destroy();
    const rowsAfter = journal.count(DOC_ID);
    const bytesAfter = documentBytes(db, dataDir, emptyBytes);
    const after = timeLoads(journal);
    if (after.text !== before.text) throw new Error('the compacted document differs from the journal it replaced');

    const result: ColdStartResult = {
      updates: UPDATES,
      before: { rows: rowsBefore, bytes: bytesBefore, readMs: before.readMs, loadMs: before.totalMs },
      compactMs,
      after: { rows: rowsAfter, bytes: bytesAfter, readMs: after.readMs, loadMs: after.totalMs },
    };
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    console.log(`\nCold start of one ~6,000-word document with ${UPDATES.toLocaleString('en')} small updates in its journal (written in ${(writeMs / 1000).toFixed(1)} s; median of ${REPEATS} loads)`);
    console.log('| journal               | rows    | database per document | read rows | load (read + apply) |');
    console.log('|-----------------------|---------|-----------------------|-----------|---------------------|');
    console.log(`| before compaction     | ${String(rowsBefore).padEnd(7)} | ${kb(bytesBefore).padEnd(21)} | ${before.readMs.toFixed(0).padStart(6)} ms | ${before.totalMs.toFixed(0).padStart(16)} ms |`);
    console.log(`| after compaction      | ${String(rowsAfter).padEnd(7)} | ${kb(bytesAfter).padEnd(21)} | ${after.readMs.toFixed(1).padStart(6)} ms | ${after.totalMs.toFixed(1).padStart(16)} ms |`);
    console.log(`Compaction itself took ${compactMs.toFixed(0)} ms; the text is identical before and after.`);
    reportReaderCheck(journal);
    return result;
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
