import { readFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startServer, type TestServer } from './helpers/server';

/**
 * What a phone on the hall Wi-Fi is sent, over real HTTP: every asset
 * compressed (brotli when asked, else gzip), hashed assets cached for a year
 * and never asked about again, the page and the service worker revalidated on
 * every load, and JSON answers over 1 KB compressed. Needs the built client
 * (`npx vite build`, which `npm test` runs first).
 */

const CLIENT = fileURLToPath(new URL('../dist/client/', import.meta.url));

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly these headers; the body as sent (not decoded). */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The entry script the built page loads, e.g. `/assets/index-abc123.js`. */
function entryScript(): string {
  const html = readFileSync(`${CLIENT}index.html`, 'utf8');
  const match = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html);
  if (!match) throw new Error('the built page names no entry script');
  return match[1];
}

describe('compression and caching of what the browser loads', () => {
  let server: TestServer;

  beforeAll(async () => {
    if (!existsSync(`${CLIENT}index.html`)) throw new Error('dist/client is missing: run "npx vite build" first');
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('sends a hashed script as brotli to a browser that accepts it, cached for a year as immutable', async () => {
    const path = entryScript();
    const answer = await rawGet(server.url, path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(answer.headers.vary)).toMatch(/accept-encoding/i);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    const original = readFileSync(`${CLIENT}${path.slice(1)}`);
    expect(brotliDecompressSync(answer.body).equals(original)).toBe(true);
    expect(answer.body.length).toBeLessThan(original.length / 2);
  });

  it('sends gzip to a browser without brotli, and the file as it is to one that accepts neither', async () => {
    const path = entryScript();
    const gzipped = await rawGet(server.url, path, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(readFileSync(`${CLIENT}${path.slice(1)}`))).toBe(true);
    const plain = await rawGet(server.url, path, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(readFileSync(`${CLIENT}${path.slice(1)}`))).toBe(true);
  });

  it('compresses the stylesheet too', async () => {
    const html = readFileSync(`${CLIENT}index.html`, 'utf8');
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1];
    const answer = await rawGet(server.url, css, { 'accept-encoding': 'br' });
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the page and the service worker on every load, answering 304 when unchanged', async () => {
    for (const path of ['/', '/index.html', '/sw.js']) {
      const answer = await rawGet(server.url, path, { 'accept-encoding': 'br, gzip' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
      expect(answer.headers['content-encoding'], path).toBe('br');
      const etag = String(answer.headers.etag);
      const again = await rawGet(server.url, path, { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
      expect(again.status, path).toBe(304);
    }
  });

  it('compresses a JSON answer over 1 KB (a published text) and leaves a small one alone', async () => {
    const token = await login(server.url, 'delegate@demo.test');
    const list = await rawGet(server.url, '/api/documents', { authorization: `Bearer ${token}` });
    const documents = JSON.parse(list.body.toString('utf8')) as { id: string; code: string | null }[];
    const cr01 = documents.find((doc) => doc.code === 'CR01')!;
    const answer = await rawGet(server.url, `/api/documents/${cr01.id}/versions/1`, { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    const text = JSON.parse(brotliDecompressSync(answer.body).toString('utf8')) as { blocks: unknown[] };
    expect(text.blocks.length).toBeGreaterThan(10);
    const gz = await rawGet(server.url, `/api/documents/${cr01.id}/versions/1`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const health = await rawGet(server.url, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ ok: true });
  });
});
