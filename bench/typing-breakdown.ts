/**
 * Where the time of each keystroke goes, read from a Chromium trace of the
 * typing benchmark (categories `devtools.timeline`, `disabled-by-default-
 * devtools.timeline`): the Event Timing phases of each keystroke unrounded
 * (Chromium's own `EventTiming` trace events, not the 8 ms-rounded
 * `duration` the page sees) and the page's main-thread work from one keydown
 * to the next, by kind. Less noisy than input-to-next-paint on a shared
 * machine: the main thread's busy time does not include waiting for the CPU.
 */

/** A Chromium trace event, as far as this reads it. */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** One `EventTiming` trace event's data (times in ms since the page's time origin). */
interface EventTimingData {
  type: string;
  interactionId: number;
  timeStamp: number;
  processingStart: number;
  processingEnd: number;
  commitFinishTime?: number;
  duration: number;
}

/** Main-thread work of one keystroke, by kind (ms). */
const KINDS: { label: string; names: readonly string[] }[] = [
  { label: 'key events (browser editing + handlers)', names: ['EventDispatch'] },
  { label: 'microtasks (ProseMirror reads the DOM change, y-prosemirror, Yjs)', names: ['RunMicrotasks'] },
  { label: 'animation frame callbacks', names: ['FireAnimationFrame'] },
  { label: 'style and layout', names: ['UpdateLayoutTree', 'Layout'] },
  { label: 'pre-paint, paint, layerize, commit', names: ['PrePaint', 'Paint', 'Layerize', 'Commit'] },
  { label: 'hover hit test', names: ['HitTest'] },
  { label: 'timers, worker messages, idle callbacks', names: ['TimerFire', 'HandlePostMessage', 'FireIdleCallback'] },
  { label: 'garbage collection', names: ['MinorGC', 'MajorGC'] },
];
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const ms = (value: number) => value.toFixed(1).padStart(5);

/** The page's main thread: the renderer main thread that dispatched the key events. */
function mainThread(events: readonly TraceEvent[]): string {
  const names = new Map<string, string>();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, String(event.args?.name));
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.name !== 'EventDispatch') continue;
    const thread = `${event.pid}:${event.tid}`;
    if (names.get(thread) === 'CrRendererMain') counts.set(thread, (counts.get(thread) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) throw new Error('the trace has no key events on a renderer main thread');
  return best[0];
}

/** Lines describing the keystrokes in `trace` (the JSON Chromium wrote). */
export function typingBreakdown(trace: { traceEvents?: TraceEvent[] } | TraceEvent[]): string[] {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const out: string[] = [];

  // Event Timing phases, per keystroke (its keydown and keypress: the interaction that inserts the character).
  const timings = events
    .filter((event) => event.name === 'EventTiming' && event.ph === 'b')
    .map((event) => event.args?.data as unknown as EventTimingData)
    .filter((data) => data && data.interactionId && (data.type === 'keydown' || data.type === 'keypress'));
  const byInteraction = new Map<number, EventTimingData[]>();
  for (const data of timings) byInteraction.set(data.interactionId, [...(byInteraction.get(data.interactionId) ?? []), data]);
  const phases = { delay: [] as number[], processing: [] as number[], frame: [] as number[], present: [] as number[], total: [] as number[] };
  for (const entries of byInteraction.values()) {
    const start = Math.min(...entries.map((e) => e.timeStamp));
    const processingStart = Math.min(...entries.map((e) => e.processingStart));
    const processingEnd = Math.max(...entries.map((e) => e.processingEnd));
    const end = Math.max(...entries.map((e) => e.timeStamp + e.duration));
    const commit = Math.max(...entries.map((e) => e.commitFinishTime ?? processingEnd));
    phases.delay.push(processingStart - start);
    phases.processing.push(processingEnd - processingStart);
    phases.frame.push(commit - processingEnd);
    phases.present.push(end - commit);
    phases.total.push(end - start);
  }
  if (phases.total.length > 0) {
    out.push(`  keystroke phases, unrounded (ms, p50 / p95 of ${phases.total.length}; Chromium's EventTiming trace events):`);
    out.push(`    input delay ${ms(percentile(phases.delay, 50))} / ${ms(percentile(phases.delay, 95))}    processing ${ms(percentile(phases.processing, 50))} / ${ms(percentile(phases.processing, 95))}`);
    out.push(`    to frame commit ${ms(percentile(phases.frame, 50))} / ${ms(percentile(phases.frame, 95))}    commit to paint ${ms(percentile(phases.present, 50))} / ${ms(percentile(phases.present, 95))}    input to paint ${ms(percentile(phases.total, 50))} / ${ms(percentile(phases.total, 95))}`);
  }

  // Main-thread work from one keydown to the next, by kind (outermost events of each kind only).
  const thread = mainThread(events);
  const slices = events
    .filter((event) => `${event.pid}:${event.tid}` === thread && event.ph === 'X' && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const keydowns = slices.filter((event) => event.name === 'EventDispatch' && event.args?.data?.type === 'keydown').map((event) => event.ts);
  if (keydowns.length < 2) return out;
  const perKey = keydowns.slice(0, -1).map(() => ({ busy: 0, kinds: KINDS.map(() => 0) }));
  const kindOf = (event: TraceEvent) => KINDS.findIndex((kind) => kind.names.includes(event.name));
  // Each kind's own time: an event of another kind inside it (a forced layout inside a key event) counts there instead.
  const open: { event: TraceEvent; kind: number }[] = [];
  let key = 0;
  for (const event of slices) {
    while (key < keydowns.length - 1 && event.ts >= keydowns[key + 1]) key++;
    if (event.ts < keydowns[0] || event.ts >= keydowns[keydowns.length - 1]) continue;
    while (open.length && open[open.length - 1].event.ts + open[open.length - 1].event.dur! <= event.ts) open.pop();
    const row = perKey[key];
    const duration = event.dur! / 1000;
    if (TASKS.has(event.name) && !open.some((o) => TASKS.has(o.event.name))) row.busy += duration;
    const kind = kindOf(event);
    const owner = [...open].reverse().find((o) => o.kind >= 0);
    if (kind >= 0 && owner?.kind !== kind) {
      row.kinds[kind] += duration;
      if (owner) row.kinds[owner.kind] -= duration;
    }
    open.push({ event, kind });
  }
  const busy = perKey.map((row) => row.busy);
  out.push(`  main thread per keystroke (ms, p50 / p95 of ${perKey.length}, keydown to next keydown): busy ${ms(percentile(busy, 50))} / ${ms(percentile(busy, 95))}, of which`);
  KINDS.forEach((kind, i) => {
    const values = perKey.map((row) => row.kinds[i]);
    out.push(`    ${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}  ${kind.label}`);
  });
  const other = perKey.map((row) => row.busy - row.kinds.reduce((a, b) => a + b, 0));
  out.push(`    ${ms(percentile(other, 50))} / ${ms(percentile(other, 95))}  other tasks`);
  return out;
}
