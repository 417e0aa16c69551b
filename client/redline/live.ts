import type { TextBlock } from '../../shared/text';
import { afterNextPaint } from '../after-paint';
import { computeLiveRedline, type LiveRedline } from './live-model';
import type { LiveWorkerRequest } from './live-worker';

/**
 * Keeps an amendment's redline against its base up to date while people type,
 * without getting in the way of typing: changes are collected until typing
 * pauses (`PAUSE_MS`), or at the latest every `MAX_WAIT_MS` during a long
 * burst, and the redline is computed in a Web Worker (on the main thread only
 * where workers are unavailable, or with `worker: false` for a text that
 * cannot change: its worker chunk is then never downloaded). Results older
 * than one already shown are dropped.
 *
 * Showing a result redraws the panel and the gutter, and in a long amendment
 * the layout that follows can take a few frames' time. So a result that
 * arrives while someone is typing (a change less than `PAUSE_MS` ago) waits
 * for their next keystroke and is shown just after that keystroke is painted,
 * in the gap before the next one: the redraw does not hold up a keystroke.
 * When typing pauses instead, it is shown `PAUSE_MS` after the last change.
 */

/** A pause in typing this long triggers a new redline. */
export const PAUSE_MS = 300;
/** During non-stop typing, the redline still refreshes this often. */
export const MAX_WAIT_MS = 1500;

type Listener = (result: LiveRedline) => void;

export class LiveRedlineSession {
  private worker: Worker | null = null;
  private seq = 0;
  /** The amendment's blocks as the worker has them (see `LiveWorkerRequest`). */
  private posted: readonly TextBlock[] = [];
  private shownSeq = -1;
  private timer = 0;
  private firstChangeAt = 0;
  private lastChangeAt = -Infinity;
  /** A result that waits for the next keystroke's paint. */
  private held: LiveRedline | null = null;
  private heldTimer = 0;
  private cancelHeldPaint: (() => void) | null = null;
  private readonly listeners = new Set<Listener>();
  private destroyed = false;
  /** The newest result shown, or null before the first. */
  latest: LiveRedline | null = null;

  constructor(
    private readonly base: TextBlock[],
    private readonly width: number,
    private readonly readBlocks: () => TextBlock[],
    options: { worker?: boolean } = {},
  ) {
    if (options.worker === false) return;
    try {
      this.worker = new Worker(new URL('./live-worker.ts', import.meta.url), { type: 'module', name: 'live-redline' });
      this.worker.onmessage = (event: MessageEvent<{ type: 'result'; result: LiveRedline } | { type: 'error'; seq: number; message: string }>) => {
        if (event.data.type === 'result') this.deliver(event.data.result);
        else this.computeHere(event.data.seq);
      };
      this.worker.onerror = () => {
        // The worker could not start (or crashed): carry on without it.
        this.worker?.terminate();
        this.worker = null;
        this.computeHere(this.seq);
      };
      this.post({ type: 'base', blocks: base, width });
    } catch {
      this.worker = null;
    }
  }

  /** Computes now (on open), without waiting for a pause. */
  refreshNow(): void {
    window.clearTimeout(this.timer);
    this.timer = 0;
    this.firstChangeAt = 0;
    this.compute();
  }

  /** Notes a change of the text; the redline follows after a pause. */
  changed(): void {
    const now = performance.now();
    this.lastChangeAt = now;
    if (this.held && !this.cancelHeldPaint) {
      // Shown right after this keystroke's frame is painted.
      window.clearTimeout(this.heldTimer);
      this.cancelHeldPaint = afterNextPaint(() => this.showHeld());
    }
    if (this.firstChangeAt === 0) this.firstChangeAt = now;
    window.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(PAUSE_MS, this.firstChangeAt + MAX_WAIT_MS - now));
    this.timer = window.setTimeout(() => this.refreshNow(), wait);
  }

  /** Calls `listener` with every new result (and at once with the newest, if any). */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.heldTimer);
    this.cancelHeldPaint?.();
    this.held = null;
    this.worker?.terminate();
    this.listeners.clear();
  }

  private compute(): void {
    if (this.destroyed) return;
    this.seq += 1;
    if (!this.worker) {
      this.computeHere(this.seq);
      return;
    }
    // Only what changed since the last post goes to the worker: `readBlocks` returns the same block objects for unchanged text.
    const blocks = this.readBlocks();
    const last = this.posted;
    let from = 0;
    while (from < blocks.length && from < last.length && blocks[from] === last[from]) from++;
    let end = 0;
    while (end < blocks.length - from && end < last.length - from && blocks[blocks.length - 1 - end] === last[last.length - 1 - end]) end++;
    this.post({ type: 'amended', seq: this.seq, from, remove: last.length - from - end, blocks: blocks.slice(from, blocks.length - end) });
    this.posted = blocks;
  }

  private computeHere(seq: number): void {
    if (this.destroyed) return;
    // Off the current event at least, so a keystroke never waits for it.
    window.setTimeout(() => {
      if (this.destroyed || seq < this.seq) return;
      this.deliver(computeLiveRedline(this.base, this.readBlocks(), this.width, seq));
    }, 0);
  }

  private post(message: LiveWorkerRequest): void {
    this.worker?.postMessage(message);
  }

  private deliver(result: LiveRedline): void {
    if (this.destroyed || result.seq <= this.shownSeq) return;
    if (this.held && result.seq <= this.held.seq) return;
    const sinceChange = performance.now() - this.lastChangeAt;
    if (this.latest && sinceChange < PAUSE_MS) {
      // Someone is typing: wait for their next keystroke (see `changed`), or for typing to pause.
      const waiting = this.held === null;
      this.held = result;
      if (waiting) this.heldTimer = window.setTimeout(() => this.showHeld(), PAUSE_MS - sinceChange);
      return;
    }
    this.show(result);
  }

  private showHeld(): void {
    const result = this.held;
    this.held = null;
    this.heldTimer = 0;
    this.cancelHeldPaint = null;
    if (result && !this.destroyed && result.seq > this.shownSeq) this.show(result);
  }

  private show(result: LiveRedline): void {
    this.shownSeq = result.seq;
    this.latest = result;
    for (const listener of this.listeners) listener(result);
  }
}
