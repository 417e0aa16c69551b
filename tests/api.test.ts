import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import type { DocumentSummary, LoginResponse } from '../shared/api';

let s: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'delegate', 'member', 'lapsed']) {
    const response = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `${who}@demo.test`, password: 'demo' } });
    expect(response.statusCode, who).toBe(200);
    tokens[who] = response.json<LoginResponse>().token;
  }
});
afterAll(() => s.close());

function get(url: string, who?: string) {
  return s.app.inject({ method: 'GET', url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
}


async function listDocuments(who: string): Promise<DocumentSummary[]> {
  const response = await get('/api/documents', who);
  expect(response.statusCode).toBe(200);
  return response.json<DocumentSummary[]>();
}

describe('signing in', () => {
  it('answers health without signing in', async () => {
    const response = await get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
  });

  it('returns a token, the user and a session cookie for the right password', async () => {
    const response = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'Delegate@Demo.test', password: 'demo' } });
    expect(response.statusCode).toBe(200);
    const body = response.json<LoginResponse>();
    expect(body.user).toMatchObject({ email: 'delegate@demo.test', isStaff: false, isDelegate: true, goodStanding: true });
    expect(body.token.length).toBeGreaterThan(30);
    const cookie = response.cookies.find((c) => c.name === 'plenary_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { plenary_session: cookie!.value } });
    expect(me.json<{ user: { email: string } }>().user.email).toBe('delegate@demo.test');
  });

  it('refuses a wrong password or unknown email with 401 and the error shape', async () => {
    for (const payload of [{ email: 'delegate@demo.test', password: 'nope' }, { email: 'nobody@demo.test', password: 'demo' }]) {
      const response = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    }
  });

  it('knows the roles: staff, lapsed member, member who is not a delegate', async () => {
    const me = async (who: string) => (await get('/api/auth/me', who)).json<LoginResponse>().user;
    expect((await me('staff')).isStaff).toBe(true);
    expect(await me('lapsed')).toMatchObject({ goodStanding: false });
    expect(await me('member')).toMatchObject({ goodStanding: true, isDelegate: false });
    expect((await me('drafter')).caucuses.length).toBeGreaterThan(0);
  });

  it('ends the session on logout: the token stops working', async () => {
    const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member@demo.test', password: 'demo' } });
    const token = login.json<LoginResponse>().token;
    const out = await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(204);
    const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(401);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const limited = await startServer({ loginAttemptsPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'staff@demo.test', password: 'guess' + i } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const other = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'delegate@demo.test', password: 'demo' } });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits one address cycling through many emails', async () => {
    const limited = await startServer({ loginAttemptsPerAddressPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `guess${i}@demo.test`, password: 'demo' } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('who sees which documents', () => {
  it('refuses the list without a session', async () => {
    const response = await get('/api/documents');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const forged = await s.app.inject({ method: 'GET', url: '/api/documents', headers: { authorization: 'Bearer forged' } });
    expect(forged.statusCode).toBe(401);
  });

  it('lists documents with the contract fields', async () => {
    const docs = await listDocuments('delegate');
    const consensus = docs.find((d) => d.kind === 'consensus')!;
    expect(consensus).toMatchObject({ code: expect.stringMatching(/^CR\d+$/), status: 'submitted', canEdit: false });
    const amendment = docs.find((d) => d.kind === 'amendment')!;
    expect(amendment.baseId).toBe(consensus.id);
    expect(amendment.baseVersion).toBe(1);
    expect(docs.some((d) => d.kind === 'resolution')).toBe(true);
  });

  it("shows a caucus's draft to that caucus alone, staff included among the outsiders", async () => {
    const drafts = (await listDocuments('drafter')).filter((d) => d.status === 'draft');
    expect(drafts.length).toBeGreaterThan(0);
    const draft = drafts[0];
    expect(draft.canEdit).toBe(true);
    for (const outsider of ['staff', 'drafter2', 'delegate', 'member', 'lapsed']) {
      expect((await listDocuments(outsider)).some((d) => d.id === draft.id), outsider).toBe(false);
      expect((await get(`/api/documents/${draft.id}`, outsider)).statusCode, outsider).toBe(404);
      expect((await get(`/api/documents/${draft.id}/text`, outsider)).statusCode, outsider).toBe(404);
    }
  });

  it('lets everyone signed in read submitted texts, and nobody edit them', async () => {
    for (const who of ['drafter2', 'delegate', 'member', 'lapsed']) {
      const submitted = (await listDocuments(who)).filter((d) => d.status === 'submitted' && d.kind !== 'consensus');
      expect(submitted.length).toBeGreaterThan(0);
      expect(submitted.every((d) => !d.canEdit)).toBe(true);
    }
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('answers malformed JSON with 400 and the error shape', async () => {
    const response = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "staff@demo.test", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBeTypeOf('string');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers a body that breaks the schema with 400 naming the problem', async () => {
    const response = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42 } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('body') } });
  });

  it('answers a huge body with 413', async () => {
    const response = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'x@demo.test', password: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toMatch(/too large/);
  });

  it('answers unknown routes and ids with 404 JSON', async () => {
    expect((await get('/api/nothing-here', 'staff')).json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    expect((await get('/api/documents/does-not-exist', 'staff')).statusCode).toBe(404);
    expect((await get('/api/documents/..%2F..%2Fetc', 'staff')).statusCode).toBe(400);
  });

  it("sends a browser asking for a page address without the app's # to that page in the app", async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const page = await s.app.inject({ method: 'GET', url: '/documents/abc123?tab=redline', headers: html });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/#/documents/abc123?tab=redline');
    // What is not a page keeps its JSON 404: the API, the sync socket's address, a missing file, another method.
    for (const request of [
      { method: 'GET' as const, url: '/api/nothing-here', headers: html },
      { method: 'GET' as const, url: '/assets/missing.js', headers: html },
      { method: 'GET' as const, url: '/favicon-missing.png', headers: html },
      { method: 'POST' as const, url: '/documents/abc123', headers: html },
      { method: 'GET' as const, url: '/documents/abc123', headers: { accept: 'application/json' } },
    ]) {
      const response = await s.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });
});

describe('the API describes itself', () => {
  it('serves an OpenAPI document listing the routes', async () => {
    const response = await get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const spec = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/documents', '/api/documents/{id}', '/api/health']));
  });
});

describe('the document list', () => {
  it('keeps drafts of the same title in the order they were made, whichever of them changed last', async () => {
    const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      s.app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens.drafter}` } });
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await send('POST', '/api/documents', { kind: 'resolution', title: 'Same title in the list' });
      expect(created.statusCode).toBe(201);
      made.push(created.json<DocumentSummary>().id);
    }
    const order = async () => (await listDocuments('drafter')).filter((d) => made.includes(d.id)).map((d) => d.id);
    expect(await order()).toEqual(made);
    // Changing a draft rewrites its row (on PostgreSQL it moves in the table): the list must not follow.
    for (const id of [made[0]!, made[2]!, made[1]!]) {
      expect((await send('PATCH', `/api/documents/${id}`, { rationale: `Changed ${id}` })).statusCode).toBe(200);
      expect(await order()).toEqual(made);
    }
  });
});
