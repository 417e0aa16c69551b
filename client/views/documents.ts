import { ApiError } from '../api';
import type { DocumentSummary } from '../api-types';
import type { View } from '../app-context';
import { announce } from '../announce';
import { h, replaceChildren, uniqueId } from '../dom';
import { KIND_LABELS, codeChip, formatExact, formatWhen, statusBadge } from '../format';
import { icon } from '../icons';
import { prefetchLiveEditor } from '../editor/load-live';
import { cachedDocuments, rememberDocuments } from '../offline-cache';
import { currentLocation, href } from '../router';
import { countDocuments, filterGroups, groupDocuments, type DocumentGroup, type DocumentNode } from './document-tree';
import { importTextPanel } from './import-text';

/** How long typing may pause before the result count is announced. */
const ANNOUNCE_DELAY_MS = 600;

/** Whether the user can edit, as an icon and words. */
function accessLabel(doc: DocumentSummary): HTMLElement {
  return doc.canEdit
    ? h('span', { class: 'access access--edit' }, icon('pencil'), 'You can edit')
    : h('span', { class: 'access access--read' }, icon('eye'), 'Read only');
}

/** One document row; its amendments follow in a nested list. */
function documentItem(node: DocumentNode, depth: number): HTMLLIElement {
  const doc = node.document;
  const titleId = uniqueId('doc-title');
  const meta = h(
    'div',
    { class: 'doc-card__meta' },
    statusBadge(doc.status),
    doc.kind === 'amendment' && doc.baseVersion !== null ? h('span', { class: 'meta-item' }, `to v${doc.baseVersion}`) : null,
    doc.caucusName ? h('span', { class: 'meta-item' }, doc.caucusName) : null,
    accessLabel(doc),
    h('time', { class: 'meta-item meta-item--muted', attrs: { datetime: doc.updatedAt, title: formatExact(doc.updatedAt) } }, `Updated ${formatWhen(doc.updatedAt)}`),
  );
  const card = h(
    'article',
    { class: `doc-card doc-card--${doc.kind}${depth > 0 ? ' doc-card--nested' : ''}${doc.canEdit ? ' doc-card--editable' : ''}`, attrs: { 'aria-labelledby': titleId } },
    h(
      'h3',
      { class: 'doc-card__heading', attrs: { id: titleId } },
      h('a', { class: 'doc-card__link', attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}`) } }, codeChip(doc), h('span', { class: 'doc-card__title' }, doc.title || 'Untitled')),
    ),
    meta,
  );
  const item = h('li', { class: 'doc-list__item' }, card);
  if (node.amendments.length > 0) {
    const labelId = uniqueId('amendments');
    const n = node.amendments.length;
    item.append(
      h('p', { class: 'amendments-label', attrs: { id: labelId } }, `${n} ${n === 1 ? 'amendment' : 'amendments'} to ${doc.code ?? 'this draft'}`),
      h('ul', { class: 'doc-list doc-list--amendments', attrs: { 'aria-labelledby': labelId } }, ...node.amendments.map((child) => documentItem(child, depth + 1))),
    );
  }
  return item;
}

/** One kind's section with its heading and count. */
function groupSection(group: DocumentGroup): HTMLElement {
  const headingId = uniqueId('group');
  // The count is of texts; their amendments are counted under each text.
  const total = group.nodes.length;
  const heading = group.kind === 'amendment' ? 'Other amendments' : KIND_LABELS[group.kind].many;
  return h(
    'section',
    { class: 'doc-group', attrs: { 'aria-labelledby': headingId } },
    h('h2', { class: 'doc-group__heading', attrs: { id: headingId } }, heading, ' ', h('span', { class: 'count-pill', attrs: { 'aria-label': `${total} ${total === 1 ? 'text' : 'texts'}` } }, String(total))),
    group.kind === 'amendment' ? h('p', { class: 'help-text' }, 'Amendments to texts that are not shown to you.') : null,
    h('ul', { class: 'doc-list' }, ...group.nodes.map((node) => documentItem(node, 0))),
  );
}

/**
 * The document list: every text the caller may read, grouped by kind, with
 * amendments under their base; a filter box narrows it by code, title, caucus
 * or status. When the server is unreachable the last list seen is shown with
 * a note.
 */
export const documentsView: View = ({ app, query, signal }) => {
  const filterId = uniqueId('filter');
  const filter = h('input', {
    class: 'input input--search',
    attrs: { id: filterId, type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: 'Code, title, caucus or status', value: query.get('q') ?? '' },
  });
  // The visible count follows each keystroke; screen readers hear it once typing pauses (via `announce`).
  const status = h('p', { class: 'list-count' });
  const notice = h('div', { class: 'alert', attrs: { hidden: true } });
  const results = h('div', { class: 'doc-groups', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'loading' }, 'Loading documents…'));

  let groups: DocumentGroup[] = [];
  let announceTimer = 0;

  const render = (announceNow: boolean) => {
    const text = filter.value.trim();
    const shown = filterGroups(groups, text);
    const total = countDocuments(groups);
    const visible = countDocuments(shown);
    results.setAttribute('aria-busy', 'false');
    const summary = text ? `${visible} of ${total} documents match “${text}”` : `${total} ${total === 1 ? 'document' : 'documents'}`;
    status.textContent = summary;
    window.clearTimeout(announceTimer);
    if (!announceNow) announceTimer = window.setTimeout(() => announce(summary), ANNOUNCE_DELAY_MS);
    if (total === 0) {
      replaceChildren(results, h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, 'No documents yet'), h('p', {}, 'Texts your caucus drafts, and texts submitted to the convention, will appear here.')));
      return;
    }
    if (visible === 0) {
      replaceChildren(
        results,
        h(
          'div',
          { class: 'empty' },
          h('p', { class: 'empty__title' }, `Nothing matches “${text}”`),
          h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => { filter.value = ''; onFilter(); filter.focus(); } } }, 'Clear filter'),
        ),
      );
      return;
    }
    replaceChildren(results, ...shown.map(groupSection));
  };

  const onFilter = () => {
    const { path } = currentLocation();
    const q = filter.value.trim();
    history.replaceState(null, '', href(path, q ? { q } : undefined));
    render(false);
  };
  filter.addEventListener('input', onFilter);

  const showNotice = (kind: 'error' | 'warning', message: string) => {
    notice.className = `alert alert--${kind}`;
    notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    replaceChildren(notice, icon(kind === 'error' ? 'alert' : 'cloudOff'), h('span', {}, message));
    notice.hidden = false;
  };

  const load = async () => {
    const user = app.session.user;
    try {
      const documents = await app.api.documents();
      if (signal.aborted) return;
      if (user) rememberDocuments(user.id, documents);
      // Someone who may edit a text here is likely to open one: fetch the editor now, not on the click.
      if (documents.some((doc) => doc.canEdit)) prefetchLiveEditor();
      notice.hidden = true;
      groups = groupDocuments(documents);
      render(true);
    } catch (caught) {
      if (signal.aborted) return;
      const cached = user ? cachedDocuments(user.id) : null;
      if (caught instanceof ApiError && caught.isNetwork && cached) {
        showNotice('warning', 'You are offline. This is the list as it was when you were last connected.');
        groups = groupDocuments(cached);
        render(true);
        return;
      }
      showNotice('error', caught instanceof Error ? caught.message : 'The documents could not be loaded.');
      results.setAttribute('aria-busy', 'false');
      replaceChildren(results, h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void load() } }, 'Try again'));
    }
  };
  void load();

  const convention = app.convention;
  const element = h(
    'div',
    { class: 'page documents' },
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, 'Documents'),
      h('p', { class: 'page-lede' }, convention ? `${convention.name}: the texts you can read and draft.` : 'The texts you can read and draft.'),
    ),
    importTextPanel(app),
    h(
      'div',
      { class: 'filter-bar', attrs: { role: 'search' } },
      h('label', { class: 'label', attrs: { for: filterId } }, 'Filter documents'),
      h('div', { class: 'input-with-icon' }, icon('search', 'input-with-icon__icon'), filter),
      status,
    ),
    notice,
    results,
  );
  return { element, title: 'Documents', destroy: () => window.clearTimeout(announceTimer) };
};
