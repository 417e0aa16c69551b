import type { ApiErrorBody, Convention, DocumentSummary, LoginResponse, User } from './api-types';
import { isImmutable, isKeepable, keepAnswer, keptAnswer } from './offline/api-cache';
import { reportOffline, reportOnline } from './offline/connectivity';

/**
 * A failed API call, in words a person can act on. `status` is the HTTP status,
 * or 0 when the server could not be reached at all (`code` is then `network`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request never reached the server (offline, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** What the client needs from its surroundings. */
export interface ApiClientOptions {
  /** Prefix for every path; '' talks to the page's own origin. */
  baseUrl?: string;
  /** The bearer token to send, or null when signed out. */
  getToken(): string | null;
  /** Called when an authenticated call answers 401 (the session ended). */
  onUnauthorized?(): void;
}

const NETWORK_MESSAGE = "Can't reach the Plenary server. Check your connection; we'll keep trying.";

/** Messages for statuses whose body carries no usable error. */
const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Please sign in again.',
  403: "You don't have permission to do that.",
  404: 'That was not found. It may have been removed, or you may not have access.',
  409: 'That conflicts with a change someone else made.',
  413: 'The file is too large.',
  429: 'Too many requests. Wait a moment and try again.',
};

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * The Plenary HTTP API. Every call sends `Authorization: Bearer <token>` when
 * signed in, and either resolves with the parsed body or rejects with an
 * `ApiError` whose message can be shown to the user as is.
 *
 * Reading answers (`GET` of texts, versions, tallies; see `api-cache.ts`) are
 * kept on the device; when the server cannot be reached, the answer last kept
 * is returned instead and the app is told it is offline (`connectivity.ts`),
 * so the page can say how old it is. A published version, which never
 * changes, is read from the copy first. Nothing else is ever answered from
 * the copy: a signature, or any other change, fails plainly when offline.
 */
export class ApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl ?? '';
  }

  /** Sends one request (JSON, or multipart when `body` is a FormData). A 204 resolves with `undefined`. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    // A FormData body (a file upload) goes as multipart, with the boundary the browser sets.
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    // A published version never changes: a copy kept on this device saves a round trip on the hall's Wi-Fi.
    if (method === 'GET' && token && isImmutable(path)) {
      const kept = await keptAnswer(token, path);
      if (kept) return JSON.parse(kept.text) as T;
    }
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
    } catch {
      const kept = method === 'GET' && token && isKeepable(path) ? await keptAnswer(token, path) : null;
      reportOffline(kept?.storedAt ?? null);
      if (kept) return JSON.parse(kept.text) as T;
      throw new ApiError(0, 'network', NETWORK_MESSAGE);
    }
    reportOnline();
    if (response.status === 204) return undefined as T;
    let parsed: unknown = undefined;
    const text = await response.text().catch(() => '');
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) {
      if (response.status === 401 && token) this.options.onUnauthorized?.();
      if (isErrorBody(parsed)) throw new ApiError(response.status, parsed.error.code ?? 'error', parsed.error.message);
      const fallback = STATUS_MESSAGES[response.status] ?? `The server could not do that (error ${response.status}). Try again in a moment.`;
      throw new ApiError(response.status, `http_${response.status}`, fallback);
    }
    if (method === 'GET' && token && isKeepable(path) && parsed !== undefined) void keepAnswer(token, path, text);
    return parsed as T;
  }

  /** Signs in; a wrong email or password rejects with status 401. */
  login(email: string, password: string): Promise<LoginResponse> {
    return this.request<LoginResponse>('POST', '/api/auth/login', { email, password });
  }

  /** Ends the session on the server. */
  logout(): Promise<void> {
    return this.request<void>('POST', '/api/auth/logout');
  }

  /** The signed-in user. */
  async me(): Promise<User> {
    const body = await this.request<{ user: User }>('GET', '/api/auth/me');
    return body.user;
  }

  /** Every document the caller may read. */
  documents(): Promise<DocumentSummary[]> {
    return this.request<DocumentSummary[]>('GET', '/api/documents');
  }

  /** One document's summary. */
  document(id: string): Promise<DocumentSummary> {
    return this.request<DocumentSummary>('GET', `/api/documents/${encodeURIComponent(id)}`);
  }

  /** The convention's settings (name, deadlines, line width). */
  convention(): Promise<Convention> {
    return this.request<Convention>('GET', '/api/convention');
  }
}
