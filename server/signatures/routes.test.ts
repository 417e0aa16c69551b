/**
 * The signature routes in-process, on the small convention
 * (tests/helpers/small-convention.ts: amendments need 3 delegates): who may
 * call each, what the answer says, and the live tally streams over a real
 * socket. One app per file, texts made per test, so tests pass in any order;
 * fast enough for the mutation run (npm run test:mutation) to repeat per mutant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type PlenaryApp } from '../app';
import { smallConvention, type Account, type SmallConvention } from '../../tests/helpers/small-convention';
import { readEvents, type ServerEvent } from '../../tests/helpers/event-stream';
import { MAX_STREAMS_PER_USER } from './plugin';
import { until } from '../../tests/helpers/yclient';
import { sql } from '../../tests/helpers/sql';
import { safeStem } from '../exports/names';

let c: SmallConvention;
let app: PlenaryApp;
let base: string;
const tokens = {} as Record<Account, string>;

beforeAll(async () => {
  c = smallConvention();
  app = await build({ dataDir: c.dataDir, demo: false, logger: false, clientDir: '/nonexistent' });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const account of Object.keys(c.users) as Account[]) tokens[account] = await app.storage.sessions.create(c.users[account].id);
});
afterAll(async () => {
  await app?.close();
  await c?.close();
});

type Who = Account | 'anonymous';
const headers = (who: Who): Record<string, string> => (who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` });
async function call(method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, who: Who, body?: unknown) {
  const response = await app.inject({ method, url, headers: headers(who), ...(body === undefined ? {} : { payload: body as object }) });
  return { status: response.statusCode, body: response.body ? (response.json() as Record<string, unknown>) : null, headers: response.headers, text: response.body };
}
const errorOf = (code: string, message?: string | RegExp) => ({ error: { code, message: message === undefined ? expect.any(String) : typeof message === 'string' ? message : expect.stringMatching(message) } });
const sign = (id: string, who: Who) => call('POST', `/api/documents/${id}/signatures`, who);
const paper = (id: string, body: Record<string, string>, who: Who = 'staff') => call('POST', `/api/documents/${id}/signatures/paper`, who, body);
const staffAction = (id: string, memberId: string, action: 'strike' | 'restore', reason: string, who: Who = 'staff') =>
  call('POST', `/api/documents/${id}/signatures/${memberId}/${action}`, who, { reason });
const stream = (path: string, who: Who) => fetch(`${base}${path}`, { headers: headers(who) });

describe('signing over HTTP', () => {
  it('answers the signer with their tally, and a withdrawal with the new one', async () => {
    const id = await c.text('amendment');
    const signed = await sign(id, 'ana');
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ documentId: id, count: 1, threshold: 3, signedByMe: true, eligible: true, byChapter: { Chicago: 1 } });
    expect(signed.body).not.toHaveProperty('overTime');
    const withdrawn = await call('DELETE', `/api/documents/${id}/signatures`, 'ana');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ count: 0, withdrawn: 1, signedByMe: false });
    expect(withdrawn.body).not.toHaveProperty('overTime');
  });

  it('refuses the signed-out, texts the caller cannot read, and an unreadable body', async () => {
    const draft = await c.text('amendment', 'draft');
    const id = await c.text('amendment');
    expect(await sign(id, 'anonymous')).toMatchObject({ status: 401, body: errorOf('UNAUTHENTICATED') });
    expect(await call('DELETE', `/api/documents/${id}/signatures`, 'anonymous')).toMatchObject({ status: 401 });
    expect(await sign(draft, 'ana')).toMatchObject({ status: 404, body: errorOf('NOT_FOUND', 'No such document.') });
    expect(await call('DELETE', `/api/documents/${draft}/signatures`, 'ana')).toMatchObject({ status: 404, body: errorOf('NOT_FOUND', 'No such document.') });
    expect(await sign(draft, 'drafter')).toMatchObject({ status: 409, body: errorOf('NOT_OPEN_FOR_SIGNATURES') });
    const garbled = await app.inject({ method: 'POST', url: `/api/documents/${id}/signatures`, headers: { ...headers('ana'), 'content-type': 'application/json' }, payload: '{not json' });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json()).toEqual(errorOf('BAD_REQUEST', 'The request body is not valid JSON.'));
    const empty = await app.inject({ method: 'POST', url: `/api/documents/${id}/signatures`, headers: { ...headers('ana'), 'content-type': 'application/json' }, payload: '  ' });
    expect(empty.statusCode).toBe(201);
    const withBody = await app.inject({ method: 'DELETE', url: `/api/documents/${id}/signatures`, headers: { ...headers('ana'), 'content-type': 'application/json' }, payload: '{}' });
    expect(withBody.statusCode).toBe(200);
  });

  it('gives a tally to anyone signed in who can read the text, with the line over time unless asked not to', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ben');
    const full = await call('GET', `/api/documents/${id}/tally`, 'cy');
    expect(full).toMatchObject({ status: 200, body: { count: 1, signedByMe: false, eligible: false, ineligibleReason: 'not-a-delegate', overTime: [{ count: 1 }] } });
    const short = await call('GET', `/api/documents/${id}/tally?overTime=false`, 'ben');
    expect(short.body).toMatchObject({ count: 1, signedByMe: true });
    expect(short.body).not.toHaveProperty('overTime');
    expect(await call('GET', `/api/documents/${id}/tally`, 'anonymous')).toMatchObject({ status: 401 });
    expect(await call('GET', `/api/documents/${await c.text('amendment', 'draft')}/tally`, 'ben')).toMatchObject({ status: 404 });
  });
});

describe("staff's signature routes", () => {
  it('list every row to staff only', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ana');
    expect(await call('GET', `/api/documents/${id}/signatures`, 'ana')).toMatchObject({ status: 403, body: errorOf('FORBIDDEN', 'Only convention staff may do that.') });
    expect(await call('GET', `/api/documents/${id}/signatures`, 'anonymous')).toMatchObject({ status: 401 });
    expect(await call('GET', `/api/documents/${id}/signatures`, 'staff')).toMatchObject({ status: 200, body: { signatures: [{ memberId: 'M1', counted: true }] } });
  });

  it('enter a paper signature with its date read in convention time, its note and member id trimmed', async () => {
    const id = await c.text('amendment');
    expect(await paper(id, { memberId: 'M5' }, 'ben')).toMatchObject({ status: 403 });
    expect(await paper(id, { memberId: 'M5', signedAt: 'last tuesday' })).toMatchObject({ status: 400, body: errorOf('BAD_REQUEST', /^signedAt must be a date and time/) });
    const lastJanuary = `${new Date().getUTCFullYear() - 1}-01-15`;
    const entered = await paper(id, { memberId: ' M5 ', signedAt: `${lastJanuary}T09:30`, note: '   ' });
    expect(entered).toMatchObject({ status: 201, body: { count: 1, signedByMe: false } });
    expect(entered.body).not.toHaveProperty('overTime');
    const { rows } = await sql(app, 'SELECT member_id AS "memberId", signed_at AS "signedAt", note FROM signatures WHERE document_id = ?', [id]);
    expect(rows).toEqual([{ memberId: 'M5', signedAt: `${lastJanuary}T15:30:00.000Z`, note: null }]);
    expect(await paper(id, { memberId: 'M6', note: '  Form 9 ' })).toMatchObject({ status: 201, body: { count: 2 } });
    expect((await sql(app, "SELECT note FROM signatures WHERE member_id = 'M6' AND document_id = ?", [id])).rows).toEqual([{ note: 'Form 9' }]);
  });

  it('strike and restore only with a reason of three letters or more, staff only', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ana');
    expect(await staffAction(id, 'M1', 'strike', '  ab  ')).toMatchObject({ status: 400, body: errorOf('BAD_REQUEST', 'Give a reason for striking the signature.') });
    expect(await staffAction(id, 'M1', 'strike', 'Dup', 'ana')).toMatchObject({ status: 403 });
    const struck = await staffAction(id, 'M1', 'strike', ' Dup ');
    expect(struck).toMatchObject({ status: 200, body: { count: 0, struck: 1 } });
    expect(struck.body).not.toHaveProperty('overTime');
    expect((await sql(app, "SELECT struck_reason FROM signatures WHERE member_id = 'M1' AND document_id = ?", [id])).rows).toEqual([{ struck_reason: 'Dup' }]);
    expect(await staffAction(id, 'M1', 'restore', ' ok ')).toMatchObject({ status: 400, body: errorOf('BAD_REQUEST', 'Give a reason for restoring the signature.') });
    expect(await staffAction(id, 'M1', 'restore', 'Valid', 'anonymous')).toMatchObject({ status: 401 });
    expect(await staffAction(id, 'M1', 'restore', 'Valid')).toMatchObject({ status: 200, body: { count: 1, struck: 0 } });
    expect(await staffAction(await c.text('amendment', 'draft'), 'M1', 'strike', 'A draft of a caucus')).toMatchObject({ status: 404 });
  });

  it('change the rules only as staff, refuse bad rules, and move the texts the change qualifies', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ana');
    expect(await call('PUT', '/api/convention/rules', 'ana', { rules: { amendment: { signers: 'delegates', threshold: 1 } } })).toMatchObject({ status: 403 });
    expect(await call('PUT', '/api/convention/rules', 'staff', { timezone: 'Mars/Olympus' })).toMatchObject({ status: 400, body: errorOf('BAD_REQUEST', /is not a time zone/) });
    try {
      const changed = await call('PUT', '/api/convention/rules', 'staff', { rules: { amendment: { signers: 'delegates', threshold: 1 } } });
      expect(changed).toMatchObject({ status: 200, body: { rules: { amendment: { threshold: 1 } } } });
      expect((await call('GET', `/api/documents/${id}`, 'ana')).body).toMatchObject({ status: 'qualified' });
    } finally {
      await call('PUT', '/api/convention/rules', 'staff', { rules: { amendment: { signers: 'delegates', threshold: 3 } } });
    }
    expect((await call('GET', `/api/documents/${id}`, 'ana')).body).toMatchObject({ status: 'submitted' });
  });
});

describe('the signature exports', () => {
  it("list a text's counted signatures as CSV, oldest first, under a file name of safe characters", async () => {
    const id = await c.text('amendment', 'submitted', `A#${Date.now()} / x`);
    const lastJanuary = `${new Date().getUTCFullYear() - 1}-01`;
    await paper(id, { memberId: 'M5', signedAt: `${lastJanuary}-15T09:30`, note: 'Form, "17"' });
    await sign(id, 'ana');
    await paper(id, { memberId: 'M6', signedAt: `${lastJanuary}-14T09:30` });
    await sign(id, 'ben');
    await call('DELETE', `/api/documents/${id}/signatures`, 'ben');
    const response = await app.inject({ method: 'GET', url: `/api/documents/${id}/signatures.csv`, headers: headers('staff') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="A-\d+-x-signatures\.csv"$/);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('member_id,name,email,chapter,delegate,source,signed_at,entered_by,note');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['M6', 'M5', 'M1']);
    expect(lines[2]).toBe(`M5,Eve Paper,eve@small.test,Denver,yes,paper,${lastJanuary}-15T15:30:00.000Z,Sam Staff,"Form, ""17"""`);
    expect(await call('GET', `/api/documents/${id}/signatures.csv`, 'ana')).toMatchObject({ status: 403 });
    const uncoded = await c.text('amendment');
    const named = await app.inject({ method: 'GET', url: `/api/documents/${uncoded}/signatures.csv`, headers: headers('staff') });
    // A text without a code is named by its id (random: it may end in a dash, which stays inside the name).
    expect(named.headers['content-disposition']).toBe(`attachment; filename="${safeStem(`${uncoded}-signatures`)}.csv"`);
  });

  it('give the convention-wide tally as JSON and CSV to staff only', async () => {
    const id = await c.text('amendment', 'submitted', `T${Date.now()}`);
    await sign(id, 'ana');
    const json = await call('GET', '/api/tallies', 'staff');
    expect(json.status).toBe(200);
    expect((json.body!.documents as { documentId?: string; code: string; count: number }[]).find((d) => d.code.startsWith('T'))).toMatchObject({ count: 1 });
    const csv = await app.inject({ method: 'GET', url: '/api/tallies.csv', headers: headers('staff') });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="tallies.csv"');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toMatch(/^code,title,kind,status/);
    for (const url of ['/api/tallies', '/api/tallies.csv']) {
      expect(await call('GET', url, 'ana')).toMatchObject({ status: 403 });
      expect(await call('GET', url, 'anonymous')).toMatchObject({ status: 401 });
    }
  });

  it('verify the audit log for staff only, with an anchor if given', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ana');
    const report = await call('GET', '/api/audit/verify', 'staff');
    expect(report).toMatchObject({ status: 200, body: { ok: true, anchor: null } });
    const anchor = `${report.body!.entries as number}:${report.body!.headHash as string}`;
    expect(await call('GET', `/api/audit/verify?anchor=${anchor}`, 'staff')).toMatchObject({ status: 200, body: { ok: true, anchor: { ok: true } } });
    expect(await call('GET', '/api/audit/verify?anchor=12', 'staff')).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/audit/verify', 'ana')).toMatchObject({ status: 403 });
  });
});

describe('live tallies', () => {
  it("stream a text's tally now and after every change, and end when the session does", async () => {
    const id = await c.text('amendment');
    const token = await app.storage.sessions.create(c.users.cy.id);
    const events = readEvents(await fetch(`${base}/api/documents/${id}/tally/events`, { headers: { authorization: `Bearer ${token}` } }));
    try {
      expect(await events.next()).toMatchObject({ event: 'tally', data: { documentId: id, count: 0, signedByMe: false, eligible: false } });
      await sign(id, 'ana');
      const changed = await events.next();
      expect(changed).toMatchObject({ event: 'tally', data: { count: 1 } });
      expect(changed.data).not.toHaveProperty('overTime');
      await app.storage.sessions.delete(token);
      await sign(id, 'ben');
      expect(await events.next()).toEqual({ event: 'end', data: { reason: 'signed-out' } });
      await events.ended;
      expect(events.seen.filter((event) => event.event === 'tally')).toHaveLength(2);
    } finally {
      await events.cancel();
    }
  });

  it("stream the tally after staff's changes and a withdrawal too", async () => {
    const id = await c.text('amendment');
    const events = readEvents(await stream(`/api/documents/${id}/tally/events`, 'cy'));
    try {
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 0 } });
      expect((await paper(id, { memberId: 'M5' })).status).toBe(201);
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 1 } });
      await sign(id, 'ana');
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 2 } });
      expect((await call('DELETE', `/api/documents/${id}/signatures`, 'ana')).status).toBe(200);
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 1, withdrawn: 1 } });
      expect((await staffAction(id, 'M5', 'strike', 'Not their hand')).status).toBe(200);
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 0, struck: 1 } });
      expect((await staffAction(id, 'M5', 'restore', 'It was after all')).status).toBe(200);
      expect(await events.next()).toMatchObject({ event: 'tally', data: { count: 1, struck: 0 } });
    } finally {
      await events.cancel();
    }
  });

  it('tell every viewer of the texts a rules change moved', async () => {
    const id = await c.text('amendment');
    await sign(id, 'ana');
    const ben = readEvents(await stream('/api/tally/events', 'ben'));
    try {
      expect((await ben.next()).event).toBe('ready');
      expect((await call('PUT', '/api/convention/rules', 'staff', { rules: { amendment: { signers: 'delegates', threshold: 1 } } })).status).toBe(200);
      const moved = await ben.next((event) => event.event === 'tally' && (event.data as { documentId?: string }).documentId === id);
      expect(moved.data).toMatchObject({ documentId: id, count: 1, threshold: 1, qualified: true, status: 'qualified' });
      expect((await call('PUT', '/api/convention/rules', 'staff', { rules: { amendment: { signers: 'delegates', threshold: 3 } } })).status).toBe(200);
      // Heard back, so no later test's stream hears this change.
      const back = await ben.next((event) => event.event === 'tally' && (event.data as { documentId?: string }).documentId === id);
      expect(back.data).toMatchObject({ threshold: 3, qualified: false, status: 'submitted' });
    } finally {
      await ben.cancel();
    }
  });

  it('refuse a stream to the signed-out and on a text the caller cannot read, as JSON', async () => {
    const draft = await c.text('amendment', 'draft');
    const refused = await stream(`/api/documents/${draft}/tally/events`, 'ana');
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual(errorOf('NOT_FOUND'));
    const anonymous = await stream('/api/tally/events', 'anonymous');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual(errorOf('UNAUTHENTICATED'));
  });

  it("announce the convention's changes to each viewer, only on texts they can read", async () => {
    const draft = await c.text('amendment', 'draft');
    const id = await c.text('amendment');
    const ana = readEvents(await stream('/api/tally/events', 'ana'));
    const drafter = readEvents(await stream('/api/tally/events', 'drafter'));
    try {
      expect((await ana.next()).event).toBe('ready');
      expect((await drafter.next()).event).toBe('ready');
      app.tallies.notify([draft, id]);
      // Each text is recounted on its own: their announcements may come in either order.
      const about = (documentId: string) => (event: ServerEvent) => (event.data as { documentId?: string }).documentId === documentId;
      expect(await drafter.next(about(draft))).toEqual({ event: 'tally', data: { documentId: draft, count: 0, threshold: 3, qualified: false, status: 'draft' } });
      expect(await ana.next(about(id))).toEqual({ event: 'tally', data: { documentId: id, count: 0, threshold: 3, qualified: false, status: 'submitted' } });
      expect(ana.seen.map((event) => (event.data as { documentId?: string }).documentId)).not.toContain(draft);
      await sign(id, 'ben');
      expect(await ana.next(about(id))).toMatchObject({ event: 'tally', data: { documentId: id, count: 1 } });
    } finally {
      await ana.cancel();
      await drafter.cancel();
    }
  });

  it(`hold at most ${MAX_STREAMS_PER_USER} streams per user, and free a place when one closes`, async () => {
    const id = await c.text('amendment');
    const token = await app.storage.sessions.create(c.users.dee.id);
    const open = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const streams = [];
    try {
      for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
        const events = readEvents(await open(i % 2 ? '/api/tally/events' : `/api/documents/${id}/tally/events`));
        streams.push(events);
        await events.next();
      }
      const refused = await open('/api/tally/events');
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual(errorOf('RATE_LIMITED', `You have ${MAX_STREAMS_PER_USER} live tally views open; close some tabs and try again.`));
      const other = readEvents(await stream('/api/tally/events', 'ben'));
      streams.push(other);
      expect((await other.next()).event).toBe('ready');
      const listening = app.tallies.size;
      await streams.shift()!.cancel();
      await until(() => app.tallies.size === listening - 1, 'the server to hear the stream close');
      const reopened = await open('/api/tally/events');
      expect(reopened.status).toBe(200);
      streams.push(readEvents(reopened));
      const full = await open(`/api/documents/${id}/tally/events`);
      expect(full.status).toBe(429);
      await full.text();
    } finally {
      await Promise.all(streams.map((events) => events.cancel()));
    }
  });
});
