import { h } from './dom';

/**
 * A polite live region for a value that changes by itself (a live tally).
 * Screen readers hear the first change at once, then at most one message per
 * interval: the newest, when the interval ends. Messages in between are
 * replaced, never queued, so a burst of signatures is one announcement of
 * where the count stands, not a count read out for every signer.
 */

/**
 * The quietest a live tally is spoken: a caucus asking its delegates to sign
 * brings a burst of signatures in seconds; ten seconds keeps a screen reader
 * reading the text instead of the count, and still tells of progress.
 */
export const TALLY_ANNOUNCE_INTERVAL_MS = 10_000;

/** A throttled live region: place `element` in the page once; `stop` when the view goes. */
export interface ThrottledStatus {
  /** Visually hidden `role="status"` region, `aria-live="polite"`. */
  element: HTMLElement;
  /** Says `message` now if nothing was said within the interval, else once it ends (unless a newer message replaces it). */
  say(message: string): void;
  /** Drops a message still waiting and stops the timer. */
  stop(): void;
}

/** A throttled polite status region; `intervalMs` is the least time between two messages. */
export function throttledStatus(intervalMs: number = TALLY_ANNOUNCE_INTERVAL_MS): ThrottledStatus {
  const element = h('p', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  let lastSpokenAt = -Infinity;
  let waiting: string | null = null;
  let timer = 0;

  const speak = (message: string) => {
    lastSpokenAt = performance.now();
    waiting = null;
    if (element.textContent !== message) element.textContent = message;
  };

  return {
    element,
    say(message) {
      const since = performance.now() - lastSpokenAt;
      if (since >= intervalMs && !timer) {
        speak(message);
        return;
      }
      waiting = message;
      if (timer) return;
      timer = window.setTimeout(() => {
        timer = 0;
        if (waiting !== null) speak(waiting);
      }, Math.max(0, intervalMs - since));
    },
    stop() {
      window.clearTimeout(timer);
      timer = 0;
      waiting = null;
    },
  };
}
