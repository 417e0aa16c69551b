import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { logFormatFromEnv } from '../server/logging';
import { startServer, type TestServer } from './helpers/server';
import { connect, synced } from './helpers/yclient';

/** Every line the server logs, as written (pino's JSON, at trace level so nothing is left out). */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('server logs never carry a credential', () => {
  const logs = new LogCapture();
  let server: TestServer;
  let token = '';
  let cookie = '';

  beforeAll(async () => {
    server = await startServer({ logger: { level: 'trace', stream: logs } });
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'drafter@demo.test', password: 'demo' }),
    });
    expect(response.status).toBe(200);
    token = ((await response.json()) as { token: string }).token;
    cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  });

  afterAll(() => server?.close());

  it('hides the password of a sign-in, the bearer token, the session cookie and the sync socket token', async () => {
    const documents = (await (await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; code: string | null }[];
    expect((await fetch(`${server.url}/api/documents`, { headers: { cookie } })).status).toBe(200);
    const failed = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'drafter@demo.test', password: 'not-the-password-7f3k' }),
    });
    expect(failed.status).toBe(401);
    const r01 = documents.find((doc) => doc.code === 'R01')!;
    const client = connect(server.wsUrl, r01.id, token);
    try {
      await synced(client);
    } finally {
      client.destroy();
    }

    // The requests were logged (so the check below reads real lines), by path only.
    expect(logs.text).toContain('/api/auth/login');
    expect(logs.text).toContain(`/sync/${r01.id}?token=[Redacted]`);
    const sessionValue = cookie.slice(cookie.indexOf('=') + 1);
    for (const secret of [token, sessionValue, 'not-the-password-7f3k', '"demo"']) expect(logs.text).not.toContain(secret);
  });
});

describe('LOG_FORMAT', () => {
  it('is readable lines at a terminal and JSON otherwise, unless set', () => {
    expect(logFormatFromEnv({}, true)).toBe('pretty');
    expect(logFormatFromEnv({}, false)).toBe('json');
    expect(logFormatFromEnv({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatFromEnv({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('refuses a format it does not know, naming the variable', () => {
    expect(() => logFormatFromEnv({ LOG_FORMAT: 'xml' }, true)).toThrow(/LOG_FORMAT/);
  });
});
