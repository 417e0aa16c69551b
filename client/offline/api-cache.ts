/**
 * The answers a reader was last sent, kept in the browser's Cache Storage so
 * a text opened once reads again offline: its summary, versions, each
 * published version, the tally, the documents list. Only `GET`s of JSON, only
 * while signed in, and keyed by a hash of the session token, so one person's
 * copies are never shown to another on a shared device (and signing out
 * deletes them all). The service worker keeps the app shell; this keeps the
 * texts, because only the page knows who is signed in.
 *
 * Where Cache Storage is missing (a page served over plain HTTP from another
 * machine is not a secure context), nothing is kept and nothing breaks.
 */

const API_CACHE = 'plenary-api-v1';
/** Kept with each answer: when it was stored (ms since epoch). */
const STORED_AT_HEADER = 'x-plenary-stored-at';
/** What is worth keeping: reading data, not sign-in or exports (files, CSV, the audit log). */
const KEEPABLE = /^\/api\/(?:documents(?:\/[^/?]+(?:\/(?:versions(?:\/\d+)?|tally|text|redline|amendments|conflicts|events))?)?|convention|auth\/me)(?:\?.*)?$/;

/** Answers that never change once given: a published version. */
const IMMUTABLE = /^\/api\/documents\/[^/?]+\/versions\/\d+$/;

/** Whether the answer to `GET path` never changes, so a kept copy may be used without asking the server. */
export function isImmutable(path: string): boolean {
  return IMMUTABLE.test(path);
}

/** A kept answer. */
export interface KeptAnswer {
  text: string;
  storedAt: number;
}

function available(): boolean {
  return typeof caches !== 'undefined' && typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

/** Whether `path` (a GET) is kept. */
export function isKeepable(path: string): boolean {
  return KEEPABLE.test(path);
}

async function keyFor(token: string, path: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const user = [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return new URL(`/__kept/${user}${path}`, location.origin).href;
}

/** Keeps `text`, the answer to `GET path` for the holder of `token`. Never fails (a full disk only loses the copy). */
export async function keepAnswer(token: string, path: string, text: string): Promise<void> {
  if (!available()) return;
  try {
    const cache = await caches.open(API_CACHE);
    await cache.put(await keyFor(token, path), new Response(text, { headers: { 'content-type': 'application/json', [STORED_AT_HEADER]: String(Date.now()) } }));
  } catch {
    // Quota or a private window: the copy is a convenience only.
  }
}

/** The kept answer to `GET path` for the holder of `token`, or null. */
export async function keptAnswer(token: string, path: string): Promise<KeptAnswer | null> {
  if (!available()) return null;
  try {
    const cache = await caches.open(API_CACHE);
    const response = await cache.match(await keyFor(token, path));
    if (!response) return null;
    return { text: await response.text(), storedAt: Number(response.headers.get(STORED_AT_HEADER)) || Date.now() };
  } catch {
    return null;
  }
}

/** Deletes every kept answer (on signing out). */
export async function forgetAnswers(): Promise<void> {
  if (!available()) return;
  try {
    await caches.delete(API_CACHE);
  } catch {
    // Nothing kept, or storage unavailable.
  }
}
