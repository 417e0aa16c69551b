import type { View } from '../app-context';
import { h } from '../dom';
import { href } from '../router';

/** The page for an address the app does not know. */
export const notFoundView: View = () => ({
  title: 'Page not found',
  element: h(
    'div',
    { class: 'page' },
    h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, 'Page not found'),
    h('p', {}, 'There is nothing at this address. It may have been mistyped, or the link may be old.'),
    h('p', {}, h('a', { class: 'btn btn--secondary', attrs: { href: href('/documents') } }, 'Go to documents')),
  ),
});
