/**
 * Focus after a route change: a keyboard or screen-reader user starts at the
 * new view's main heading (`h1[tabindex="-1"]`), as they would on a new page.
 * Views that load first show a loading line and their heading later, so the
 * heading is awaited: until then focus waits on `<main>`, and the heading
 * takes it when it appears, unless the user has moved focus meanwhile.
 */

/** The heading a view marks as the place focus starts. */
const HEADING = 'h1[tabindex="-1"]';

/**
 * Focuses `view`'s main heading now or as soon as it is shown, holding focus
 * on `main` meanwhile. Stops waiting when `signal` aborts (the user left the
 * view), or once the user moves focus elsewhere themselves.
 */
export function focusMainHeading(view: HTMLElement, main: HTMLElement, signal: AbortSignal): void {
  const now = view.querySelector<HTMLElement>(HEADING);
  if (now) {
    now.focus({ preventScroll: false });
    return;
  }
  main.focus({ preventScroll: false });
  // Focus still "waiting": on main, or dropped to the body when the loading line was replaced.
  const waiting = () => document.activeElement === main || document.activeElement === document.body || document.activeElement === null;
  const observer = new MutationObserver(() => {
    if (!waiting()) {
      observer.disconnect();
      return;
    }
    const heading = view.querySelector<HTMLElement>(HEADING);
    if (!heading) return;
    observer.disconnect();
    heading.focus({ preventScroll: true });
  });
  observer.observe(view, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
