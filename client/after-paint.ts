/**
 * Runs work just after the browser has painted the next frame, so that it does
 * not stand between an input and the frame that shows it: the frame's
 * `requestAnimationFrame` callback runs before its paint, and a task posted
 * from there runs after it. In a hidden tab frames stop; the work then runs
 * after `FALLBACK_MS` instead.
 */

/** A hidden tab paints no frames: the work runs this long after being asked for at the latest. */
const FALLBACK_MS = 100;

/** Calls `work` once, after the next paint (or `FALLBACK_MS` without one). Returns a function that cancels it. */
export function afterNextPaint(work: () => void): () => void {
  let done = false;
  let task = 0;
  const cancel = () => {
    done = true;
    window.clearTimeout(fallback);
    window.cancelAnimationFrame(frame);
    window.clearTimeout(task);
  };
  const run = () => {
    if (done) return;
    cancel();
    work();
  };
  const fallback = window.setTimeout(run, FALLBACK_MS);
  const frame = window.requestAnimationFrame(() => {
    task = window.setTimeout(run, 0);
  });
  return cancel;
}
