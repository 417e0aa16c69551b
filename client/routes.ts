import type { View } from './app-context';
import type { RoutePattern } from './router';
import { amendView } from './views/amend';
import { lazyView } from './lazy-view';
import { documentsView } from './views/documents';
import { editorView } from './views/editor';
import { loginView } from './views/login';
import { redlineView } from './views/redline';

/** Views in their own chunks: staff pages, and the reader's pages that are not the text itself. */
const compareView = lazyView({ title: 'Compare texts', wide: true, load: () => import('./views/compare').then((m) => m.compareView) });
const conflictsView = lazyView({ title: 'Conflict map', wide: true, load: () => import('./views/conflicts').then((m) => m.conflictsView) });
const finalTextView = lazyView({ title: 'Final text', wide: true, load: () => import('./views/final-text').then((m) => m.finalTextView) });
const staffSignaturesView = lazyView({ title: 'Signatures', load: () => import('./views/staff-signatures').then((m) => m.staffSignaturesView) });

/**
 * The app's routes, first match wins. Later views add a line here, e.g.
 * `{ path: '/staff', view: staffView, auth: 'staff' }`.
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
  { path: '/documents/:id/amend', view: amendView, auth: 'user' },
  { path: '/documents/:id/redline', view: redlineView, auth: 'user' },
  { path: '/documents/:id/conflicts', view: conflictsView, auth: 'user' },
  { path: '/documents/:id/final', view: finalTextView, auth: 'staff' },
  // A shareable comparison: ?left=ID&right=ID&leftVersion=N&rightVersion=N&layout=inline|side
  { path: '/compare', view: compareView, auth: 'user' },
  { path: '/staff/signatures', view: staffSignaturesView, auth: 'staff' },
];
