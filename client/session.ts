import type { User } from './api-types';

/** localStorage key of the bearer token (a contract with tests and other tabs). */
export const TOKEN_KEY = 'plenary.token';
/** localStorage key of the last known user, so the app can start while offline. */
const USER_KEY = 'plenary.user';

/** Why the session ended, shown on the sign-in page. */
export type SignOutReason = 'signed-out' | 'expired';

type Listener = (user: User | null) => void;

function readUser(): User | null {
  const raw = safeGet(USER_KEY);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as User;
  } catch {
    return null;
  }
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the session then lasts for this page only.
  }
}

/**
 * Who is signed in. Keeps the token in localStorage under `plenary.token` and
 * the user beside it; tells listeners when either changes, also when another
 * tab signs in or out.
 */
export class Session {
  private token: string | null = safeGet(TOKEN_KEY);
  private current: User | null = this.token ? readUser() : null;
  private readonly listeners = new Set<Listener>();
  /** Set when the session ended on its own, read once by the sign-in page. */
  endedBecause: SignOutReason | null = null;

  constructor() {
    window.addEventListener('storage', (event) => {
      if (event.key !== TOKEN_KEY && event.key !== USER_KEY) return;
      this.token = safeGet(TOKEN_KEY);
      this.current = this.token ? readUser() : null;
      this.emit();
    });
  }

  /** The bearer token, or null when signed out. */
  getToken(): string | null {
    return this.token;
  }

  /** The signed-in user as last seen (possibly from an earlier visit). */
  get user(): User | null {
    return this.current;
  }

  /** True when a token is held (it may still turn out to be expired). */
  get signedIn(): boolean {
    return this.token !== null;
  }

  /** Stores a fresh sign-in. */
  start(token: string, user: User): void {
    this.token = token;
    this.current = user;
    this.endedBecause = null;
    safeSet(TOKEN_KEY, token);
    safeSet(USER_KEY, JSON.stringify(user));
    this.emit();
  }

  /** Updates the user details (after `/api/auth/me`). */
  refresh(user: User): void {
    this.current = user;
    safeSet(USER_KEY, JSON.stringify(user));
    this.emit();
  }

  /** Forgets the token and user. Offline edits stay in IndexedDB, keyed by user. */
  end(reason: SignOutReason): void {
    this.token = null;
    this.current = null;
    this.endedBecause = reason;
    safeSet(TOKEN_KEY, null);
    safeSet(USER_KEY, null);
    this.emit();
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
