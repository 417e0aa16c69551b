import type { DocumentSummary, User } from '../api-types';
import { h } from '../dom';
import { href } from '../router';

/**
 * The views of one text, as a row of links under its heading: the text
 * itself, an amendment's redline, the conflict map of a text with amendments,
 * a comparison, and (staff) the final text. The current one is marked
 * `aria-current="page"`. Links only: every view has its own URL to share.
 */
export type DocumentViewName = 'text' | 'redline' | 'conflicts' | 'compare' | 'final';

interface Tab {
  name: DocumentViewName;
  label: string;
  target: string;
}

/** Whether a text can carry amendments (and so a conflict map): anything past draft. */
export function canHaveAmendments(doc: DocumentSummary): boolean {
  return doc.status !== 'draft';
}

/**
 * The Text page of a document: a published version (read only, with that
 * version's line numbers) when `version` is given, else what the reader is
 * shown by default (the newest version, or the live text for its editors).
 */
export function textHref(documentId: string, version?: number | null): string {
  const path = `/documents/${encodeURIComponent(documentId)}`;
  return version ? href(path, { version: String(version) }) : href(path);
}

/** The compare permalink's hash for two texts (versions optional). */
export function compareHref(options: { left: string; right?: string; leftVersion?: number | null; rightVersion?: number | null; layout?: 'inline' | 'side' }): string {
  const query: Record<string, string> = { left: options.left };
  if (options.right) query.right = options.right;
  if (options.leftVersion) query.leftVersion = String(options.leftVersion);
  if (options.rightVersion) query.rightVersion = String(options.rightVersion);
  if (options.layout) query.layout = options.layout;
  return href('/compare', query);
}

function tabsFor(doc: DocumentSummary, user: User | null): Tab[] {
  const id = encodeURIComponent(doc.id);
  const tabs: Tab[] = [{ name: 'text', label: 'Text', target: href(`/documents/${id}`) }];
  if (doc.kind === 'amendment' && doc.baseId) tabs.push({ name: 'redline', label: 'Redline', target: href(`/documents/${id}/redline`) });
  if (canHaveAmendments(doc)) tabs.push({ name: 'conflicts', label: 'Conflict map', target: href(`/documents/${id}/conflicts`) });
  const compare = doc.kind === 'amendment' && doc.baseId
    ? compareHref({ left: doc.baseId, leftVersion: doc.baseVersion, right: doc.id, layout: 'side' })
    : compareHref({ left: doc.id });
  tabs.push({ name: 'compare', label: 'Compare', target: compare });
  if (user?.isStaff && doc.kind !== 'amendment' && canHaveAmendments(doc)) tabs.push({ name: 'final', label: 'Final text', target: href(`/documents/${id}/final`) });
  return tabs;
}

/** The tab row for `doc`, with `current` marked. */
export function documentTabs(doc: DocumentSummary, current: DocumentViewName, user: User | null): HTMLElement {
  return h(
    'nav',
    { class: 'doc-tabs', attrs: { 'aria-label': `Views of ${doc.code ?? 'this draft'}` } },
    h(
      'ul',
      { class: 'doc-tabs__list' },
      ...tabsFor(doc, user).map((tab) =>
        h('li', {}, h('a', { class: 'doc-tabs__link', attrs: { href: tab.target, 'aria-current': tab.name === current ? 'page' : null } }, tab.label)),
      ),
    ),
  );
}
