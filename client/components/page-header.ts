import type { DocumentSummary, User } from '../api-types';
import { h, replaceChildren, type Child } from '../dom';
import { codeChip, statusBadge } from '../format';
import { icon } from '../icons';
import { href } from '../router';
import { documentTabs, type DocumentViewName } from './doc-tabs';

/**
 * The header of a view of one text (redline, conflict map, final text):
 * breadcrumb, heading, the text's code and status, a line saying what the
 * view shows, the text's view tabs and the toolbar area.
 */
export function documentPageHeader(options: {
  doc: DocumentSummary;
  user: User | null;
  current: DocumentViewName;
  heading: string;
  lede?: Child[];
  toolbar: HTMLElement;
  crumb: string;
}): HTMLElement {
  const { doc } = options;
  return h(
    'div',
    { class: 'doc-header view-header' },
    h(
      'nav',
      { class: 'breadcrumb', attrs: { 'aria-label': 'Breadcrumb' } },
      h(
        'ol',
        {},
        h('li', {}, h('a', { attrs: { href: href('/documents') } }, icon('arrowLeft'), 'Documents')),
        h('li', {}, h('a', { attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}`) } }, doc.code ?? 'Draft')),
        h('li', { attrs: { 'aria-current': 'page' } }, options.crumb),
      ),
    ),
    h('h1', { class: 'doc-header__title', attrs: { tabindex: '-1' } }, options.heading),
    h('div', { class: 'doc-header__meta' }, codeChip(doc), statusBadge(doc.status), ...(options.lede ?? [])),
    h('div', { class: 'doc-header__bar' }, documentTabs(doc, options.current, options.user), h('div', { class: 'doc-header__actions' }), options.toolbar),
  );
}

/** A view's root element while it loads, and the one way to settle it. */
export interface LoadingPage {
  element: HTMLElement;
  /** Replaces the loading line with `content` (the view, or a `pageError`) and clears the busy mark. */
  show(...content: Child[]): void;
}

/**
 * The root of a view that loads before it can show anything: a loading line,
 * marked `aria-busy` so screen readers wait for the content instead of reading
 * the placeholder.
 */
export function loadingPage(className: string, message: string): LoadingPage {
  const element = h('div', { class: className, attrs: { 'aria-busy': 'true' } }, h('p', { class: 'loading' }, message));
  return {
    element,
    show(...content) {
      replaceChildren(element, ...content);
      element.setAttribute('aria-busy', 'false');
    },
  };
}

/** A page-level error with a way back. */
export function pageError(title: string, message: string, back: { label: string; target: string } = { label: 'Back to documents', target: href('/documents') }): HTMLElement {
  return h(
    'div',
    { class: 'page' },
    h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('div', {}, h('h1', { class: 'alert__title', attrs: { tabindex: '-1' } }, title), h('p', {}, message))),
    h('p', {}, h('a', { class: 'btn btn--secondary', attrs: { href: back.target } }, back.label)),
  );
}
