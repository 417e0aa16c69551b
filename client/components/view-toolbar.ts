import { h } from '../dom';

/**
 * The toolbar area of a view's header, where view-wide actions go: the export
 * menu (added by the exports work) and the view's own buttons. It carries what
 * the view shows as data attributes, so a component placed here knows what to
 * act on without asking the view: `data-view` (`text`, `redline`, `compare`,
 * `conflicts`, `final`), `data-document`, and for a comparison `data-left`,
 * `data-right`, `data-left-version`, `data-right-version`, `data-layout`.
 */
export function viewToolbar(view: string, data: Record<string, string | number | null | undefined> = {}): HTMLElement {
  const dataset: Record<string, string> = { seam: 'toolbar', view };
  for (const [key, value] of Object.entries(data)) if (value !== null && value !== undefined && value !== '') dataset[key] = String(value);
  return h('div', { class: 'view-toolbar', dataset });
}
