/**
 * Registers the service worker (`/sw.js`, built from `service-worker.ts`),
 * which keeps the app shell so the app opens without a connection. Where
 * service workers are unavailable (not a secure context, or disabled), the
 * app works as before, online only for the shell.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Offline reading of the shell is an extra; the app itself does not depend on it.
  });
}
