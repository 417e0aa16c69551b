import type { View } from '../app-context';
import { h } from '../dom';
import { href } from '../router';

/** A page that only says why there is nothing to show here, with the way back to the documents. */
function deadEnd(title: string, text: string): View {
  return () => ({
    title,
    element: h(
      'div',
      { class: 'page' },
      h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, title),
      h('p', {}, text),
      h('p', {}, h('a', { class: 'btn btn--secondary', attrs: { href: href('/documents') } }, 'Go to documents')),
    ),
  });
}

/** The page for an address the app does not know. */
export const notFoundView = deadEnd('Page not found', 'There is nothing at this address. It may have been mistyped, or the link may be old.');

/** The page for a staff address opened by someone signed in who is not staff. */
export const staffOnlyView = deadEnd('For convention staff', 'This page is for convention staff only. If you need something from it, ask the convention staff.');
