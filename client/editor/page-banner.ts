import { h, replaceChildren, uniqueId, type Child } from '../dom';
import { icon, type IconName } from '../icons';

/**
 * A banner above the editor bar, where the Text page says something about the
 * whole text (a revised base, unpublished changes, a newer version). It is
 * placed on the page when first shown; `show` fills it with a heading, what to
 * know, anything more, and the buttons that act on it.
 */
export interface PageBanner {
  element: HTMLElement;
  show(content: { icon: IconName; title: string; body: Child[]; more?: Child[]; buttons: Child[] }): void;
  hide(): void;
  remove(): void;
}

/** Places a banner of `tone` above the editor bar of the page `gutter` is on; null when there is no bar (not the Text page). */
export function pageBanner(gutter: HTMLElement, tone: 'info' | 'warning', name: string): PageBanner | null {
  const page = gutter.closest('.editor-page');
  const bar = page?.querySelector('.editor-bar');
  if (!page || !bar) return null;
  const headingId = uniqueId(name);
  const element = h('section', { class: `banner banner--${tone} ${name}-banner`, attrs: { 'aria-labelledby': headingId } });
  return {
    element,
    show({ icon: iconName, title, body, more = [], buttons }) {
      replaceChildren(
        element,
        h('div', { class: 'banner__head' }, icon(iconName), h('div', {}, h('h2', { class: 'banner__title', attrs: { id: headingId } }, title), ...body)),
        ...more,
        h('div', { class: 'banner__buttons' }, ...buttons),
      );
      element.hidden = false;
      if (!element.isConnected) page.insertBefore(element, bar);
    },
    hide() {
      element.hidden = true;
    },
    remove() {
      element.remove();
    },
  };
}
