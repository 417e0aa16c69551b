import type { TextBlock } from '../../shared/text';
import { computeLiveRedline } from './live-model';

/**
 * The live redline, off the page's main thread: the editor posts the base
 * version once, then after each pause in typing what changed in the
 * amendment's blocks since its last post (a splice: typing changes one block,
 * and copying the whole text to the worker each time cost the page a
 * millisecond or two); the worker answers with `LiveRedline`. Only the newest
 * request waiting is computed, so a burst of requests costs one computation.
 */

/** Messages the page sends. */
export type LiveWorkerRequest =
  | { type: 'base'; blocks: TextBlock[]; width: number }
  /** The amendment's blocks now: the last ones posted with `remove` blocks from `from` replaced by `blocks`. */
  | { type: 'amended'; seq: number; from: number; remove: number; blocks: TextBlock[] };

const scope = self as unknown as { onmessage: ((event: MessageEvent<LiveWorkerRequest>) => void) | null; postMessage(message: unknown): void };

let base: TextBlock[] = [];
let width = 80;
let amended: TextBlock[] = [];
let pending: { seq: number; blocks: TextBlock[] } | null = null;
let scheduled = false;

function run(): void {
  scheduled = false;
  const request = pending;
  pending = null;
  if (!request) return;
  try {
    scope.postMessage({ type: 'result', result: computeLiveRedline(base, request.blocks, width, request.seq) });
  } catch (error) {
    scope.postMessage({ type: 'error', seq: request.seq, message: error instanceof Error ? error.message : String(error) });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'base') {
    base = message.blocks;
    width = message.width;
    return;
  }
  amended = [...amended.slice(0, message.from), ...message.blocks, ...amended.slice(message.from + message.remove)];
  pending = { seq: message.seq, blocks: amended };
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};
