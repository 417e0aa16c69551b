import { h } from './dom';

/**
 * One polite live region for the whole app. Views announce what changed
 * ("Signed in", "12 documents shown") without moving focus. The region is
 * visually hidden; visible status lines carry their own `role="status"`.
 */
const region = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true', id: 'announcer' } });

/** The live region element, to be placed in the page once. */
export function announcerElement(): HTMLElement {
  return region;
}

/** Says `message` to screen readers. Repeating the same message announces it again. */
export function announce(message: string): void {
  region.textContent = '';
  // A fresh text node on the next frame makes screen readers read repeats too.
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
