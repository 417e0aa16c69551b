/**
 * Export benchmark: the demo convention's packet, as PDF and as DOCX, read
 * from a freshly seeded data folder exactly as `plenary export packet --data`
 * reads it. Prints the wall time of reading and diffing every text
 * (collecting) and of typesetting each format, the file sizes, and the peak
 * memory of the process while it ran (resident set, sampled every 5 ms, and
 * the JavaScript heap above the starting point).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../server/app';
import { collectPacket, renderPacketDocx, renderPacketPdf } from '../server/exports/packet';
import { databaseSource, openDataFolder } from '../server/exports/source';
import { sqliteStorage } from '../server/storage';

/** How often memory is sampled while an export runs. */
const SAMPLE_MS = 5;
/** The packet of a convention this size should take seconds, not minutes (the issue: "in minutes, not days"). */
export const TARGET_MS = 5_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** Runs `work`, returning its result, wall time, and peak RSS and heap growth while it ran. */
async function measure<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number; peakHeap: number }> {
  globalThis.gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = 0;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed - heapStart);
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    const value = await work();
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed - heapStart);
    return { value, ms: performance.now() - started, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

const row = (label: string, ms: number, note: string) => `  ${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms  ${note}`;

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-exports-'));
  try {
    const app = await build({ dataDir, demo: true, logger: false, clientDir: join(dataDir, 'no-client') });
    await app.close();
    const db = openDataFolder(dataDir);
    const source = databaseSource(sqliteStorage(db));
    const collected = await measure(() => collectPacket(source));
    const packet = collected.value;
    const pdf = await measure(() => renderPacketPdf(packet));
    const docx = await measure(() => renderPacketDocx(packet));
    db.close();
    const bases = packet.items.filter((item) => item.depth === 0);
    const words = bases.reduce((sum, item) => sum + item.piece.redline.amended.blocks.reduce((n, block) => n + block.text.split(/\s+/).filter(Boolean).length, 0), 0);
    console.log(`\nexports: the demo convention's packet from a data folder: ${bases.length} texts in full (${words.toLocaleString('en')} words), ${packet.items.length - bases.length} amendments with redlines`);
    console.log(row('collect (read and diff every text)', collected.ms, `peak RSS ${mb(collected.peakRss)}, heap +${mb(collected.peakHeap)}`));
    console.log(row('packet PDF (typeset)', pdf.ms, `${kb(pdf.value.byteLength)}, peak RSS ${mb(pdf.peakRss)}, heap +${mb(pdf.peakHeap)}`));
    console.log(row('packet DOCX (build and zip)', docx.ms, `${kb(docx.value.byteLength)}, peak RSS ${mb(docx.peakRss)}, heap +${mb(docx.peakHeap)}`));
    const total = collected.ms + Math.max(pdf.ms, docx.ms);
    console.log(row('collect + slower format', total, `target < ${TARGET_MS} ms: ${total < TARGET_MS ? 'met' : 'MISSED'}`));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
