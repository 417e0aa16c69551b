import type { User } from './api-types';
import { announcerElement } from './announce';
import { h, replaceChildren } from './dom';
import { NAV_ITEMS } from './nav';
import { href } from './router';

/** The page frame: skip link, header with brand, navigation and account, and the main landmark. */
export interface Shell {
  root: HTMLElement;
  /** The `<main>` landmark views render into. */
  main: HTMLElement;
  /** Redraws the header for `user` (null: signed out) and the current route path. */
  update(user: User | null, path: string, conventionName: string | null): void;
  /** Shows `view` in `<main>`. */
  show(view: HTMLElement, options: { wide?: boolean }): void;
}

/** What the header's sign-out button does. */
export interface ShellActions {
  signOut(): void;
}

/** A user's role, in the words the convention uses, for the header. */
export function roleOf(user: User): string {
  if (user.isStaff) return 'Convention staff';
  if (user.caucuses.length > 0) return user.caucuses.map((caucus) => caucus.name).join(', ');
  if (user.isDelegate) return 'Delegate';
  return 'Member';
}

/** Builds the page frame once; `update` keeps it in step with the session and route. */
export function createShell(actions: ShellActions): Shell {
  const skip = h('a', { class: 'skip-link', attrs: { href: '#main' }, on: { click: (event) => {
    event.preventDefault();
    main.focus();
  } } }, 'Skip to content');
  const brandName = h('span', { class: 'brand__convention' });
  const brand = h(
    'a',
    { class: 'brand', attrs: { href: href('/documents') } },
    h('span', { class: 'brand__mark', attrs: { 'aria-hidden': 'true' } }, 'P'),
    h('span', { class: 'brand__text' }, h('span', { class: 'brand__name' }, 'Plenary'), brandName),
  );
  const nav = h('nav', { class: 'site-nav', attrs: { 'aria-label': 'Main' } });
  const account = h('div', { class: 'account' });
  const header = h('header', { class: 'site-header' }, h('div', { class: 'site-header__inner' }, brand, nav, account));
  const main = h('main', { class: 'site-main', attrs: { id: 'main', tabindex: '-1' } });
  const root = h('div', { class: 'app' }, skip, header, main, announcerElement());

  return {
    root,
    main,
    update(user, path, conventionName) {
      brandName.textContent = conventionName ?? '';
      brandName.hidden = !conventionName;
      header.classList.toggle('site-header--signed-out', user === null);
      if (user === null) {
        replaceChildren(nav);
        replaceChildren(account);
        return;
      }
      const items = NAV_ITEMS.filter((item) => item.visible?.(user) ?? true);
      replaceChildren(
        nav,
        h(
          'ul',
          { class: 'site-nav__list' },
          ...items.map((item) =>
            h(
              'li',
              {},
              h('a', { class: 'site-nav__link', attrs: { href: href(item.path), 'aria-current': item.matches(path) ? 'page' : null } }, item.label),
            ),
          ),
        ),
      );
      replaceChildren(
        account,
        h(
          'div',
          { class: 'account__who' },
          h('span', { class: 'account__name' }, user.name),
          h('span', { class: 'account__role' }, roleOf(user)),
        ),
        h('button', { class: 'btn btn--quiet btn--small', attrs: { type: 'button' }, on: { click: () => actions.signOut() } }, 'Sign out'),
      );
    },
    show(view, { wide = false }) {
      main.classList.toggle('site-main--wide', wide);
      replaceChildren(main, view);
    },
  };
}
