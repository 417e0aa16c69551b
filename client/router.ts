/**
 * A hash router: `#/documents/abc` matches the pattern `/documents/:id` with
 * `{ id: 'abc' }`. Query strings after the path (`#/login?next=/documents`) are
 * parsed into `query`. Routes are tried in order; the first match wins.
 */

/** A matched location. */
export interface RouteMatch<R> {
  route: R;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** Anything with a `path` pattern can be routed. */
export interface RoutePattern {
  /** `/documents/:id`; `:name` matches one path segment. */
  path: string;
}

/** The current hash as `{ path, query }`, with `''` and `'#'` read as `/`. */
export function currentLocation(hash: string = window.location.hash): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

/** Matches `path` against one pattern; null when it does not fit. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

/** Finds the first route matching the hash, or null. */
export function resolve<R extends RoutePattern>(routes: readonly R[], hash: string = window.location.hash): RouteMatch<R> | null {
  const { path, query } = currentLocation(hash);
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, path, params, query };
  }
  return null;
}

/** The hash for a path with optional query, e.g. `href('/documents/' + id)`. */
export function href(path: string, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Navigates to `path`. `replace` keeps the browser history free of the hop (for redirects). */
export function navigate(path: string, options: { replace?: boolean; query?: Record<string, string> } = {}): void {
  const target = href(path, options.query);
  if (options.replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

/** Calls `onChange` now and on every hash change; returns a stop function. */
export function listen(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => window.removeEventListener('hashchange', onChange);
}

/** Shows the current route again from scratch (after an action changed what the page should show). */
export function reload(): void {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
