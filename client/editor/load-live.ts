/**
 * Loading the live editor's chunk (`live-text.ts`: ProseMirror's view and
 * state, y-prosemirror, Yjs, the sync socket) on demand, once. The Text page
 * loads it for a text that can still change; the documents list starts it
 * early when it shows a text the person may edit, so opening one waits for
 * nothing more. A failed load is forgotten, so the next try fetches again.
 */

/** The live editor's module. */
export type LiveEditor = typeof import('./live-text');

let loading: Promise<LiveEditor> | null = null;

/** The live editor's module, fetched on first call. */
export function loadLiveEditor(): Promise<LiveEditor> {
  loading ??= import('./live-text').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Starts fetching the live editor without waiting for it (a failure is retried when it is needed). */
export function prefetchLiveEditor(): void {
  loadLiveEditor().catch(() => undefined);
}
