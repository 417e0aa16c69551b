import type { DocumentSummary } from '../../shared/api';

/** GET a JSON resource with a bearer token; returns status and parsed body. */
export async function getJson<T = unknown>(baseUrl: string, path: string, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as T };
}

/** Sends JSON with a bearer token; returns status and parsed body (null when empty). */
export async function sendJson<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The documents a token's user may see. */
export async function documentsOf(baseUrl: string, token: string): Promise<DocumentSummary[]> {
  const { status, body } = await getJson<DocumentSummary[]>(baseUrl, '/api/documents', token);
  if (status !== 200) throw new Error(`GET /api/documents answered ${status}`);
  return body;
}

/** The first document matching `predicate`, or a clear failure. */
export async function findDocument(
  baseUrl: string,
  token: string,
  predicate: (doc: DocumentSummary) => boolean,
  what: string,
): Promise<DocumentSummary> {
  const doc = (await documentsOf(baseUrl, token)).find(predicate);
  if (!doc) throw new Error(`no document: ${what}`);
  return doc;
}
