import type { View } from './app-context';
import type { RoutePattern } from './router';
import { amendView } from './views/amend';
import { compareView } from './views/compare';
import { conflictsView } from './views/conflicts';
import { documentsView } from './views/documents';
import { editorView } from './views/editor';
import { finalTextView } from './views/final-text';
import { loginView } from './views/login';
import { redlineView } from './views/redline';
import { staffSignaturesView } from './views/staff-signatures';

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
