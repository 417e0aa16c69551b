import type { ApiClient } from './api';
import type { Convention } from './api-types';
import type { Session } from './session';

/** What every view can use: the API, the session and the convention's settings. */
export interface AppContext {
  api: ApiClient;
  session: Session;
  /** The convention's settings once loaded; null before or when offline. */
  convention: Convention | null;
}

/** What a view is given when its route is shown. */
export interface ViewContext {
  app: AppContext;
  /** Route parameters, e.g. `{ id }` for `/documents/:id`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Aborted when the user leaves the view; check it after every await. */
  signal: AbortSignal;
}

/** A shown view. `destroy` releases sockets, editors and listeners. */
export interface MountedView {
  element: HTMLElement;
  /** The page title (the tab text), without the app name. */
  title: string;
  /** Wider layout for views with side panels (the editor). */
  wide?: boolean;
  destroy?(): void;
}

/** A view: builds its element at once and fills it as data arrives. */
export type View = (context: ViewContext) => MountedView;
