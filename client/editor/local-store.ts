import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { afterNextPaint } from '../after-paint';

/**
 * Writes this device's copy of a text to IndexedDB just after each keystroke
 * is painted instead of while the keystroke waits for its frame: y-indexeddb
 * opens an IndexedDB transaction for every update the moment it happens, about
 * half a millisecond on the main thread per keystroke. The updates typed in
 * one frame are merged and written in one transaction, after that frame (see
 * `afterNextPaint`, within 100 ms in a hidden tab), and at once when the page
 * is hidden or the session ends. The sync socket still sends every update at
 * once: only the local copy waits, for a frame.
 */
export interface LocalStoreWrites {
  /** Writes what waits now. */
  flush(): void;
  /** Forgets what waits (the local copy is being deleted). */
  drop(): void;
  /** Writes what waits and stops deferring. */
  stop(): void;
}

/** Takes over `store`'s writes of `ydoc`'s updates (y-indexeddb's own listener is removed) and defers them to after the next paint. */
export function deferLocalStoreWrites(store: IndexeddbPersistence, ydoc: Y.Doc): LocalStoreWrites {
  let waiting: Uint8Array[] = [];
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    if (waiting.length === 0) return;
    const update = waiting.length === 1 ? waiting[0] : Y.mergeUpdates(waiting);
    waiting = [];
    // y-indexeddb's own writer: one transaction, and its periodic compaction.
    store._storeUpdate(update, null);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates read from IndexedDB itself are not written back (as y-indexeddb does).
    if (origin === store) return;
    waiting.push(update);
    cancel ??= afterNextPaint(flush);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  ydoc.off('update', store._storeUpdate);
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
