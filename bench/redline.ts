/**
 * Redline engine benchmark: a 10,000-word base with 200 amendments of mixed
 * size, then a 50,000-word base with 1,000 amendments (an organisation's
 * platform with every chapter's amendments), each generated from a fixed seed.
 * Prints the time to number lines, diff all amendments, build all
 * instructions, find conflicts and merge half of them as adopted, against a
 * 500 ms target, the first (cold) run too, and the same diffs done naively
 * with one whole-document `diffWords` each, for comparison.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { diffWords } from 'diff';
import type { TextBlock } from '../shared/text';
import {
  amendmentInstructions,
  conflictMap,
  countWords,
  diffBlocks,
  documentText,
  findConflicts,
  mergeAmendments,
  numberLines,
  redlineFromDiff,
  touchedLines,
  type BlockDiff,
} from '../shared/redline';

/** One benchmarked size: words in the generated base, amendments against it, adopted ones merged. */
export interface Size {
  baseWords: number;
  amendments: number;
  adopted: number;
  /** Whether to time the naive whole-document diff and every redline structure too (minutes at the platform's size). */
  extras: boolean;
}
/** A convention resolution with every caucus's amendments (issue 5's target). */
export const RESOLUTION: Size = { baseWords: 10_000, amendments: 200, adopted: 100, extras: true };
/** An organisation's platform with every chapter's amendments (issue 23's target). */
export const PLATFORM: Size = { baseWords: 50_000, amendments: 1_000, adopted: 500, extras: false };
/** The sizes `npm run bench` measures, in order. */
export const SIZES: Size[] = [RESOLUTION, PLATFORM];
/** The budget for numbering, diffing, instructions, conflicts and merge together. */
export const TARGET_MS = 500;
const SEED = 20_260_301;

/** A small deterministic PRNG (mulberry32), so every run measures the same texts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = (
  'the of and to a in that for on with by as at from this our which shall be is are will its their all each ' +
  'League members workers union unions solidarity international committee convention chapter chapters delegates ' +
  'movement movements party parties organisation organising campaign campaigns exchange exchanges delegation ' +
  'delegations budget term year years political education working class labour strike struck employer employers ' +
  'peace war sanctions blockade military pressure government governments rank-and-file industry abroad country ' +
  'countries host invitation open conference network networks sister comrades translation languages training ' +
  'report reports account accountable membership democratic socialist socialism capital firms ideas principles ' +
  'support build fund organise invite publish hold elect review adopt refuse join found convene send receive'
).split(' ');

interface Generated {
  base: TextBlock[];
  amendments: { id: string; blocks: TextBlock[] }[];
}

/** The base text and its amendments (a mix of word edits, new, struck, rewritten and moved clauses), always the same for the seed. */
export function generate(size: Size = RESOLUTION): Generated {
  const random = prng(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const words = (n: number) => Array.from({ length: n }, () => pick(VOCABULARY)).join(' ');
  const sentence = (n: number) => {
    const text = words(n);
    return text[0].toUpperCase() + text.slice(1) + '.';
  };

  const base: TextBlock[] = [{ kind: 'title', text: 'Internationalism from Below: Consensus Resolution on International Work' }];
  let total = countWords(base[0].text);
  let section = 0;
  while (total < size.baseWords) {
    const blocks: TextBlock[] = [{ kind: 'heading', text: `${++section}. ${sentence(int(3, 7)).slice(0, -1)}`, level: 2 }];
    for (let i = int(1, 3); i > 0; i--) blocks.push({ kind: 'whereas', text: `Whereas ${words(int(15, 40))};` });
    blocks.push({ kind: 'paragraph', text: Array.from({ length: int(2, 5) }, () => sentence(int(8, 20))).join(' ') });
    for (let i = int(2, 5); i > 0; i--) blocks.push({ kind: 'resolved', text: `Resolved, that ${words(int(15, 50))}.` });
    if (random() < 0.5) for (let i = int(2, 4); i > 0; i--) blocks.push({ kind: 'bullet', text: sentence(int(4, 14)), level: 0 });
    for (const block of blocks) {
      if (total >= size.baseWords) break;
      base.push(block);
      total += countWords(block.text);
    }
  }

  const editWords = (text: string): string => {
    const parts = text.split(' ');
    const at = int(1, Math.max(1, parts.length - 2));
    switch (int(0, 2)) {
      case 0:
        parts[at] = pick(VOCABULARY);
        break;
      case 1:
        parts.splice(at, 0, words(int(1, 6)));
        break;
      default:
        parts.splice(at, int(1, 4));
    }
    return parts.join(' ');
  };
  const amendments: { id: string; blocks: TextBlock[] }[] = [];
  for (let n = 1; n <= size.amendments; n++) {
    const blocks = base.map((block) => ({ ...block }));
    const body = () => int(1, blocks.length - 1);
    const kind = random();
    if (kind < 0.4) {
      for (let i = int(1, 3); i > 0; i--) {
        const b = body();
        blocks[b].text = editWords(blocks[b].text);
      }
    } else if (kind < 0.55) {
      blocks.splice(body() + 1, 0, { kind: 'resolved', text: `Be it further resolved, that ${words(int(15, 45))}.` });
    } else if (kind < 0.65) {
      blocks.splice(body(), 1);
    } else if (kind < 0.75) {
      const b = body();
      blocks[b] = { kind: blocks[b].kind === 'heading' ? 'paragraph' : blocks[b].kind, text: `Resolved, that ${words(int(15, 45))}.` };
    } else if (kind < 0.85) {
      for (let i = int(5, 15); i > 0; i--) {
        const b = body();
        blocks[b].text = editWords(blocks[b].text);
      }
    } else if (kind < 0.9) {
      const [moved] = blocks.splice(body(), 1);
      blocks.splice(body(), 0, moved);
    } else {
      const from = body();
      const count = Math.min(int(3, 8), blocks.length - from);
      const rewritten = Array.from({ length: int(2, 6) }, () => ({ kind: 'resolved' as const, text: `Resolved, that ${words(int(15, 45))}.` }));
      blocks.splice(from, count, ...rewritten);
    }
    amendments.push({ id: `CR01-A${String(n).padStart(3, '0')}`, blocks });
  }
  return { base, amendments };
}

/** Wall time and this process's CPU time of `work`: on a shared machine the CPU time says what the wall time lost to other jobs. */
function time<T>(work: () => T): { ms: number; cpuMs: number; value: T } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = work();
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Times every phase once; the redline structures are timed apart, as they are built one at a time in the app. */
export function measure(generated: Generated, adoptedCount: number) {
  const { base, amendments } = generated;
  const numbering = time(() => numberLines(base));
  const lines = numbering.value;
  const diffing = time(() => amendments.map((amendment) => diffBlocks(base, amendment.blocks)));
  const diffs: BlockDiff[] = diffing.value;
  const instructing = time(() => diffs.map((diff) => amendmentInstructions(diff, lines)));
  const conflicting = time(() => {
    const touched = diffs.map((diff, i) => ({ id: amendments[i].id, ranges: touchedLines(diff, lines) }));
    return { pairs: findConflicts(touched), map: conflictMap(touched) };
  });
  const adopted = amendments.slice(0, adoptedCount).map((amendment, i) => ({ ...amendment, diff: diffs[i] }));
  const merging = time(() => mergeAmendments(base, adopted));
  return { numbering, diffing, instructing, conflicting, merging, diffs, lines };
}

type Phase = 'numbering' | 'diffing' | 'instructing' | 'conflicting' | 'merging';
const PHASES: Phase[] = ['numbering', 'diffing', 'instructing', 'conflicting', 'merging'];
/** Timed runs after the first; the table shows each phase's median, so one garbage collection does not decide it. */
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function row(label: string, ms: number, note = ''): string {
  return `  ${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms${note ? `  ${note}` : ''}`;
}

/** Runs the benchmark for every size and prints its tables. */
export function run(): void {
  for (const size of SIZES) runSize(size);
}

/** Measures one size and prints its table. */
function runSize(size: Size): void {
  const ADOPTED = size.adopted;
  const generated = generate(size);
  const { base, amendments } = generated;
  const cold = measure(generated, ADOPTED); // the first run, before the JIT has seen this size
  const coldTotal = PHASES.reduce((sum, phase) => sum + cold[phase].ms, 0);
  const timings: Record<Phase, number>[] = [];
  const cpuTotals: number[] = [];
  let m = cold;
  for (let i = 0; i < RUNS; i++) {
    m = measure(generated, ADOPTED); // keep only the last run's results, so old ones do not load the garbage collector
    timings.push(Object.fromEntries(PHASES.map((phase) => [phase, m[phase].ms])) as Record<Phase, number>);
    cpuTotals.push(PHASES.reduce((sum, phase) => sum + m[phase].cpuMs, 0));
  }
  const ms = Object.fromEntries(PHASES.map((phase) => [phase, median(timings.map((t) => t[phase]))])) as Record<Phase, number>;
  const total = PHASES.reduce((sum, phase) => sum + ms[phase], 0);
  const instructionCount = m.instructing.value.reduce((n, list) => n + list.length, 0);
  const baseText = documentText(base);
  console.log(`\nredline: ${countWords(baseText).toLocaleString('en')}-word base (${base.length} blocks, ${m.lines.lineCount} lines at ${m.lines.width}), ${amendments.length} amendments; median of ${RUNS} runs`);
  console.log(row('number lines', ms.numbering));
  console.log(row(`diff all ${amendments.length} amendments (blocks, then words)`, ms.diffing));
  console.log(row('build all instructions', ms.instructing, `${instructionCount} instructions`));
  console.log(row('find conflicts (touched lines, pairs, map)', ms.conflicting, `${m.conflicting.value.pairs.length} conflicting pairs`));
  console.log(row(`merge ${ADOPTED} adopted amendments`, ms.merging, `${m.merging.value.merged.length} merged, ${ADOPTED - m.merging.value.merged.length} left out (${m.merging.value.conflicts.length} collisions reported)`));
  console.log(row('total', total, `target < ${TARGET_MS} ms: ${total < TARGET_MS ? 'met' : 'MISSED'}`));
  console.log(row('  its CPU time (this process, all threads)', median(cpuTotals), `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`));
  console.log(row('total of the first (cold) run', coldTotal, coldTotal < TARGET_MS ? 'also under target' : 'over target'));
  if (!size.extras) return;
  // One at a time, as the app builds them when a delegate opens an amendment.
  const redlineAll = () => m.diffs.reduce((rows, diff, i) => rows + redlineFromDiff(diff, m.lines, numberLines(amendments[i].blocks)).rows.length, 0);
  const redlining = median([time(redlineAll).ms, time(redlineAll).ms, time(redlineAll).ms]);
  const naive = time(() => amendments.map((amendment) => diffWords(baseText, documentText(amendment.blocks))));
  console.log(row(`redline structures for all ${amendments.length} (extra)`, redlining, 'numbering each amended text too'));
  console.log(row(`naive: whole-document diffWords × ${amendments.length}`, naive.ms, `${(naive.ms / ms.diffing).toFixed(0)}× the block-first diff`));
}
