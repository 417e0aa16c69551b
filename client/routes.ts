import type { View } from './app-context';
import type { RoutePattern } from './router';
import { documentsView } from './views/documents';
import { editorView } from './views/editor';
import { loginView } from './views/login';
import { staffSignaturesView } from './views/staff-signatures';

/**
 * The app's routes, first match wins. Later views add a line here, e.g.
 * `{ path: '/documents/:id/compare/:otherId', view: compareView, auth: 'user' }`
 * or `{ path: '/staff', view: staffView, auth: 'staff' }`.
 */
export interface AppRoute extends RoutePattern {
  view: View;
  /** Who may see it: anyone, any signed-in user, or staff only. */
  auth: 'public' | 'user' | 'staff';
}

/** The route table. */
export const ROUTES: AppRoute[] = [
  { path: '/login', view: loginView, auth: 'public' },
  { path: '/documents', view: documentsView, auth: 'user' },
  { path: '/documents/:id', view: editorView, auth: 'user' },
  { path: '/staff/signatures', view: staffSignaturesView, auth: 'staff' },
];
