/**
 * Signing in and out in-process, on the small convention
 * (tests/helpers/small-convention.ts): the session cookie, the two sign-in
 * limits, and which token a request is taken to carry. Fast enough for the
 * mutation run (npm run test:mutation) to repeat per mutant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type PlenaryApp } from '../app';
import { hashPassword } from './passwords';
import { SESSION_COOKIE, SESSION_TTL_MS } from './sessions';
import { smallConvention, type SmallConvention } from '../../tests/helpers/small-convention';

/** The sign-in limits this file runs under: small, so a test reaches them in a few requests. */
const PER_EMAIL = 3;
const PER_ADDRESS = 6;

let c: SmallConvention;
let app: PlenaryApp;
let secureApp: PlenaryApp;

beforeAll(async () => {
  c = smallConvention();
  const hash = hashPassword('correct horse');
  c.db.prepare('UPDATE users SET password_hash = ?').run(hash);
  const options = { dataDir: c.dataDir, demo: false, logger: false, clientDir: '/nonexistent', loginAttemptsPerMinute: PER_EMAIL, loginAttemptsPerAddressPerMinute: PER_ADDRESS };
  app = await build(options);
  secureApp = await build({ ...options, secureCookies: true });
});
afterAll(async () => {
  await app?.close();
  await secureApp?.close();
  await c?.close();
});

/** Each test signs in from its own address, so the limits of one never reach another. */
let addresses = 0;
const nextAddress = () => `10.0.0.${++addresses}`;
const login = (email: string, password: string, remoteAddress: string, on = app) =>
  on.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/auth/me', headers });
const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('signing in', () => {
  it('answers the right password with a token, the user, and an http-only session cookie for 30 days', async () => {
    const response = await login('ana@small.test', 'correct horse', nextAddress());
    expect(response.statusCode).toBe(200);
    const body = response.json() as { token: string; user: { id: string; memberId: string | null; isDelegate: boolean } };
    expect(body.user).toMatchObject({ id: c.users.ana.id, memberId: 'M1', isDelegate: true });
    const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ value: body.token, path: '/', httpOnly: true, sameSite: 'Lax', maxAge: SESSION_TTL_MS / 1000 });
    expect(cookie.secure).toBeFalsy();
    expect((await me({ authorization: `Bearer ${body.token}` })).json()).toMatchObject({ user: { id: c.users.ana.id } });
    expect((await me({ cookie: `${SESSION_COOKIE}=${body.token}` })).json()).toMatchObject({ user: { id: c.users.ana.id } });
  });

  it('marks the cookie secure when the server is told to', async () => {
    const response = await login('ben@small.test', 'correct horse', nextAddress(), secureApp);
    expect(response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)).toMatchObject({ secure: true });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const address = nextAddress();
    const wrong = await login('ana@small.test', 'correct horsf', address);
    const unknown = await login('nobody@small.test', 'correct horse', address);
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(errorOf('INVALID_CREDENTIALS'));
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.cookies).toEqual([]);
  });

  it(`takes ${PER_EMAIL} attempts a minute per address and email, whatever the email's case`, async () => {
    const address = nextAddress();
    const statuses = [];
    for (const email of ['cy@small.test', 'CY@small.test', 'cy@small.test', 'Cy@Small.test']) statuses.push((await login(email, 'wrong', address)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login('cy@small.test', 'correct horse', address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual(errorOf('RATE_LIMITED'));
    expect((await login('cy@small.test', 'correct horse', nextAddress())).statusCode).toBe(200);
    expect((await login('dee@small.test', 'correct horse', address)).statusCode).toBe(200);
  });

  it(`takes ${PER_ADDRESS} attempts a minute from one address over all emails`, async () => {
    const address = nextAddress();
    const statuses = [];
    for (const account of ['ana', 'ben', 'cy', 'dee', 'staff', 'drafter', 'ana']) statuses.push((await login(`${account}@small.test`, 'wrong', address)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });
});

describe('signing out', () => {
  it('ends the session on the server and clears the cookie', async () => {
    const token = ((await login('dee@small.test', 'correct horse', nextAddress())).json() as { token: string }).token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((candidate) => candidate.name === SESSION_COOKIE)).toMatchObject({ value: '', path: '/' });
    expect(await me(bearer)).toMatchObject({ statusCode: 401 });
    expect((await me(bearer)).json()).toEqual(errorOf('UNAUTHENTICATED'));
  });

  it('with no session is still a clean sign-out', async () => {
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((candidate) => candidate.name === SESSION_COOKIE)?.value).toBe('');
  });

  it('with a cookie ends the session the cookie carries', async () => {
    const token = ((await login('ana@small.test', 'correct horse', nextAddress())).json() as { token: string }).token;
    const cookie = { cookie: `${SESSION_COOKIE}=${token}` };
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookie })).statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe('the signed-in user', () => {
  it('is unknown without a session, with a forged token, and with a token of another scheme', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer forged' }, { cookie: `${SESSION_COOKIE}=forged` }, { authorization: 'Basic YW5hOmNvcnJlY3QgaG9yc2U=' }];
    for (const headers of attempts) {
      const response = await me(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json()).toEqual(errorOf('UNAUTHENTICATED'));
    }
  });
});
