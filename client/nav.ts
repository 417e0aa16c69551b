import type { User } from './api-types';

/**
 * The header's navigation. Later views (compare, conflict map, staff
 * dashboard, exports) add an entry here; `visible` hides it from users it is
 * not for (e.g. `user.isStaff`).
 */
export interface NavItem {
  /** The route path the link goes to, e.g. `/documents`. */
  path: string;
  label: string;
  /** Route paths that count as "this section" for `aria-current`. */
  matches: (path: string) => boolean;
  visible?: (user: User) => boolean;
}

/** The navigation entries, in header order. */
export const NAV_ITEMS: NavItem[] = [
  {
    path: '/documents',
    label: 'Documents',
    matches: (path) => path === '/documents' || path.startsWith('/documents/'),
  },
  {
    path: '/compare',
    label: 'Compare',
    matches: (path) => path === '/compare',
  },
  {
    path: '/staff/signatures',
    label: 'Signatures',
    matches: (path) => path.startsWith('/staff/signatures'),
    visible: (user) => user.isStaff,
  },
];
