import 'prosemirror-view/style/prosemirror.css';
import './styles/index.css';
import { announce } from './announce';
import { ApiClient, ApiError } from './api';
import type { AppContext, MountedView } from './app-context';
import { ROUTES, type AppRoute } from './routes';
import { currentLocation, listen, navigate, resolve } from './router';
import { Session } from './session';
import { createShell } from './shell';
import { focusMainHeading } from './focus-heading';
import { notFoundView, staffOnlyView } from './views/not-found';
import { forgetAnswers } from './offline/api-cache';
import { createOfflineBanner } from './offline/offline-banner';
import { registerServiceWorker } from './offline/register';

/**
 * Starts the app: session, API client, page frame and router. Each route
 * change destroys the previous view (closing its sockets and editor) before
 * the next one is shown, moves focus to the new page's heading and announces
 * its title.
 */

const APP_NAME = 'Plenary';

const session = new Session();
const app: AppContext = {
  session,
  convention: null,
  api: new ApiClient({
    getToken: () => session.getToken(),
    // The session subscription below takes the user to the sign-in page.
    onUnauthorized: () => {
      if (session.signedIn) session.end('expired');
    },
  }),
};

const shell = createShell({
  async signOut() {
    try {
      await app.api.logout();
    } catch {
      // Signing out locally is what matters; the server session expires on its own.
    }
    session.end('signed-out');
    // What this person read stays on this device only while they are signed in.
    void forgetAnswers();
    announce('Signed out');
  },
});
document.getElementById('app')?.replaceWith(shell.root);
shell.root.insertBefore(createOfflineBanner(), shell.main);

let mounted: { view: MountedView; controller: AbortController } | null = null;
let firstRender = true;

function allowed(route: AppRoute): boolean {
  if (route.auth === 'public') return true;
  const user = session.user;
  if (!session.signedIn || !user) return false;
  return route.auth === 'user' || user.isStaff;
}

function render(): void {
  const { path, query } = currentLocation();
  if (path === '/') {
    navigate(session.signedIn ? '/documents' : '/login', { replace: true });
    return;
  }
  const match = resolve(ROUTES);
  if (match && match.route.auth !== 'public' && !session.signedIn) {
    navigate('/login', { replace: true, query: { next: path } });
    return;
  }
  if (match && match.route.path === '/login' && session.signedIn) {
    navigate('/documents', { replace: true });
    return;
  }
  mounted?.controller.abort();
  mounted?.view.destroy?.();
  const controller = new AbortController();
  const context = { app, params: match?.params ?? {}, query: match?.query ?? query, signal: controller.signal };
  const view = !match ? notFoundView(context) : allowed(match.route) ? match.route.view(context) : staffOnlyView(context);
  mounted = { view, controller };
  shell.update(session.user, path, app.convention?.name ?? null);
  shell.show(view.element, { wide: view.wide });
  document.title = `${view.title} · ${APP_NAME}`;
  if (!firstRender) {
    focusMainHeading(view.element, shell.main, controller.signal);
    announce(view.title);
  }
  firstRender = false;
}

session.subscribe((user) => {
  shell.update(user, currentLocation().path, app.convention?.name ?? null);
  // Signed out elsewhere (another tab, an expired session): leave pages that need a user.
  const match = resolve(ROUTES);
  if (!user && match && match.route.auth !== 'public') {
    navigate('/login', { replace: true, query: session.endedBecause === 'signed-out' ? {} : { next: match.path } });
  }
});

async function loadConvention(): Promise<void> {
  if (!session.signedIn) return;
  try {
    app.convention = await app.api.convention();
    shell.update(session.user, currentLocation().path, app.convention.name);
  } catch {
    // The name is decoration; views report their own errors.
  }
}

async function refreshUser(): Promise<void> {
  if (!session.signedIn) return;
  try {
    session.refresh(await app.api.me());
  } catch (caught) {
    // Offline: keep the cached user so documents on this device still open.
    if (!(caught instanceof ApiError) || caught.isNetwork) return;
  }
}

session.subscribe((user) => {
  if (user && !app.convention) void loadConvention();
});
void refreshUser();
void loadConvention();
listen(render);
registerServiceWorker();
