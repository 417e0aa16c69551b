import * as Y from 'yjs';
import { afterNextPaint } from '../after-paint';

/**
 * Hands a text's updates to their writers just after each keystroke is painted
 * instead of while the keystroke waits for its frame. Two writers listen to every
 * update of a Y.Doc: y-indexeddb, which opens an IndexedDB transaction for this
 * device's copy (about half a millisecond on the main thread), and y-websocket,
 * which frames the update and sends it on the sync socket (about a third of a
 * millisecond). Each is taken over here: the updates typed in one frame are
 * merged and handed over once, after that frame (see `afterNextPaint`, within
 * 100 ms in a hidden tab), and at once when the page is hidden or the session
 * ends. Collaborators and the server get the keystroke one frame later; the
 * server still stores each update before it relays it.
 */
export interface DeferredUpdates {
  /** Hands over what waits now. */
  flush(): void;
  /** Forgets what waits (the local copy is being deleted). */
  drop(): void;
  /** Hands over what waits and stops deferring. */
  stop(): void;
}

/** An update listener as y-indexeddb and y-websocket register them on the doc. */
type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * Takes over `listener` (removed from `ydoc`'s update listeners) and calls it after
 * the next paint with that frame's updates merged. Updates whose origin is
 * `ownOrigin` (what the writer itself read: from IndexedDB, from the server) are
 * not handed back to it, as the writer's own listener skips them.
 */
export function deferUpdateListener(ydoc: Y.Doc, listener: UpdateListener, ownOrigin: unknown): DeferredUpdates {
  let waiting: Uint8Array[] = [];
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    if (waiting.length === 0) return;
    const update = waiting.length === 1 ? waiting[0] : Y.mergeUpdates(waiting);
    waiting = [];
    listener(update, null);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ownOrigin) return;
    waiting.push(update);
    cancel ??= afterNextPaint(flush);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  ydoc.off('update', listener);
  ydoc.on('update', onUpdate);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', flush);
  return {
    flush,
    drop() {
      cancel?.();
      cancel = null;
      waiting = [];
    },
    stop() {
      flush();
      ydoc.off('update', onUpdate);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', flush);
    },
  };
}
