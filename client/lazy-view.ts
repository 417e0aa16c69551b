import type { MountedView, View, ViewContext } from './app-context';
import { loadingPage, pageError } from './components/page-header';

/**
 * A route whose view lives in its own chunk, fetched when the route is first
 * shown: staff pages, the comparison and the conflict map are not what a
 * delegate opening a text needs, so they do not weigh on that first load.
 * Until the chunk arrives the page shows a loading line (marked busy); then
 * the view is built and takes its place. Leaving before it arrives builds
 * nothing.
 */

/** What the route table knows before the chunk arrives. */
export interface LazyViewSpec {
  /** The page title while loading (the view's own replaces it). */
  title: string;
  wide?: boolean;
  load(): Promise<View>;
}

/** A `View` that loads `spec.load()` on first use (once; a failed load is tried again next time). */
export function lazyView(spec: LazyViewSpec): View {
  let loading: Promise<View> | null = null;
  const load = () => {
    loading ??= spec.load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return (context: ViewContext): MountedView => {
    const page = loadingPage('lazy-page', 'Loading…');
    let inner: MountedView | null = null;
    let destroyed = false;
    void load().then(
      (view) => {
        if (destroyed || context.signal.aborted) return;
        inner = view(context);
        page.element.replaceWith(inner.element);
        document.title = `${inner.title} · Plenary`;
      },
      () => {
        if (destroyed || context.signal.aborted) return;
        page.show(pageError('Could not open the page', 'This page could not be loaded. Check your connection and try again.'));
      },
    );
    return {
      element: page.element,
      title: spec.title,
      wide: spec.wide,
      destroy() {
        destroyed = true;
        inner?.destroy?.();
      },
    };
  };
}
