/**
 * The service worker: keeps the app shell (the page and the scripts and
 * styles it loads) so the app opens with no connection. The texts themselves
 * are kept by the page (`api-cache.ts`), which knows who is signed in.
 *
 * - The page (`/`, any navigation): network first, so a new build shows at
 *   once; the copy kept is used only when the network fails.
 * - Hashed assets (`/assets/...`): never change under their name, so the copy
 *   kept is used first; the first fetch of each is kept.
 * - Everything else (the API, the sync socket, `sw.js`): left to the network.
 *
 * On install it fetches the page and keeps every asset the page names (its
 * entry script, preloads and styles), so the shell works offline even when
 * the first visit ended before the worker took control.
 */

/** Set by the build (vite.config.ts `define`): a new build is a new worker, which drops the previous build's copies on activation. */
declare const __PLENARY_BUILD__: string;
/** The shell's cache, one per build. */
const SHELL_CACHE = `plenary-shell-${__PLENARY_BUILD__}`;
/** The key the page is kept under, whatever address it was opened at. */
const PAGE_KEY = '/';
/** Asset addresses in the page (`src="/assets/..."`, `href="/assets/..."`). */
const ASSET_IN_PAGE = /(?:src|href)="(\/assets\/[^"]+)"/g;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const scope = self as unknown as WorkerScope;

async function precacheShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const page = await fetch(PAGE_KEY, { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put(PAGE_KEY, page);
  const assets = [...html.matchAll(ASSET_IN_PAGE)].map((match) => match[1]);
  await Promise.all(assets.map(async (asset) => {
    if (!(await cache.match(asset))) await cache.add(asset);
  }));
}

async function pageNetworkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(PAGE_KEY, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(PAGE_KEY);
    if (kept) return kept;
    throw error;
  }
}

async function assetCacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

scope.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().catch(() => undefined).then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('plenary-shell-') && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate' || url.pathname === '/' || url.pathname === '/index.html') {
    event.respondWith(pageNetworkFirst(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(assetCacheFirst(request));
  }
});
