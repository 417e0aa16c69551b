/**
 * Whether the app can reach the server, as the last API call found, and how
 * old the texts on screen may be: "Offline, as of 14:32" is the time this
 * device last heard from the server (kept across reloads, so a page reopened
 * offline still says it). The API client reports every answer and failure;
 * the shell's banner and the sign panel listen.
 */

/** Where the time of the last answer from the server is kept. */
const LAST_ONLINE_KEY = 'plenary.lastOnlineAt';

/** What listeners are told. */
export interface Connectivity {
  offline: boolean;
  /** When this device last heard from the server (ms since epoch), or null when never. */
  asOf: number | null;
}

type Listener = (state: Connectivity) => void;

const listeners = new Set<Listener>();
let state: Connectivity = { offline: false, asOf: readLastOnline() };

function readLastOnline(): number | null {
  try {
    const raw = localStorage.getItem(LAST_ONLINE_KEY);
    return raw === null ? null : Number(raw) || null;
  } catch {
    return null;
  }
}

function publish(next: Connectivity): void {
  const changed = next.offline !== state.offline || next.asOf !== state.asOf;
  state = next;
  if (changed) for (const listener of listeners) listener(state);
}

/** The server answered (with anything: an error status is still an answer). */
export function reportOnline(): void {
  const now = Date.now();
  try {
    localStorage.setItem(LAST_ONLINE_KEY, String(now));
  } catch {
    // The banner then says "offline" without a time; nothing else depends on it.
  }
  // Listeners care about going on- and offline, not about every answer's time.
  if (state.offline) publish({ offline: false, asOf: now });
  else state = { offline: false, asOf: now };
}

/** A request never reached the server. `keptAt`: when the copy shown instead was stored, if one was. */
export function reportOffline(keptAt: number | null = null): void {
  const known = [state.asOf, keptAt].filter((time): time is number => time !== null);
  publish({ offline: true, asOf: known.length ? Math.min(...known) : null });
}

/** The state now. */
export function connectivity(): Connectivity {
  return state;
}

/** Calls `listener` on every change between online and offline; returns the unsubscribe function. */
export function onConnectivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** "14:32" (today), or "3 Dec, 14:32", for the banner. */
export function asOfLabel(time: number, now: number = Date.now()): string {
  const at = new Date(time);
  const clock = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === at.toDateString() ? clock : `${at.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${clock}`;
}
