import type { DocumentKind, DocumentStatus, DocumentSummary } from './api-types';
import { h } from './dom';

/** The words the convention uses for each document kind, singular and plural. */
export const KIND_LABELS: Record<DocumentKind, { one: string; many: string }> = {
  consensus: { one: 'Consensus text', many: 'Consensus texts' },
  resolution: { one: 'Resolution', many: 'Resolutions' },
  amendment: { one: 'Amendment', many: 'Amendments' },
};

/** Status names as delegates read them. */
export const STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  qualified: 'Qualified',
  adopted: 'Adopted',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
  final: 'Final',
};

/** The code a document is known by, or "Draft" before it has one. */
export function codeOf(doc: Pick<DocumentSummary, 'code'>): string {
  return doc.code ?? 'Draft';
}

/** A status badge; the colour is decoration, the word carries the meaning. */
export function statusBadge(status: DocumentStatus): HTMLElement {
  return h('span', { class: `badge badge--${status}` }, STATUS_LABELS[status]);
}

/** A code chip (`CR02-A01`), or a dashed "Draft" chip when uncoded. */
export function codeChip(doc: Pick<DocumentSummary, 'code'>): HTMLElement {
  return h('span', { class: doc.code ? 'code-chip' : 'code-chip code-chip--draft' }, codeOf(doc));
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "5 minutes ago", "yesterday", or a date for anything older than a week. */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return RELATIVE.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return RELATIVE.format(Math.round(seconds / 86_400), 'day');
  return ABSOLUTE.format(time);
}

/** A full date and time for `title` / `datetime` attributes. */
export function formatExact(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : ABSOLUTE.format(time);
}
