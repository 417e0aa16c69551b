import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { startServer, login, makeDataDir, TEST_BACKEND, type TestServer } from './helpers/server';
import { DATABASE_FILE, openDatabase } from '../server/db';
import { migrations } from '../server/db/migrations';
import { appendAudit, sha256Hex } from '../server/signatures/audit';
import { sqliteAuditOps } from '../server/signatures/sqlite';
import { sqliteRunner } from '../server/storage/sqlite';
import { sql } from './helpers/sql';
import { readEvents } from './helpers/event-stream';

/** The columns of an audit entry, as `AuditEntry` names them (quoted: PostgreSQL folds unquoted names). */
const AUDIT_ENTRY_COLUMNS = `seq, at, event, convention_id AS "conventionId", document_id AS "documentId", member_id AS "memberId",
  actor_id AS "actorId", reason, prev_hash AS "prevHash", hash`;

/** A test server's audit log as stored, in order. */
async function serverEntries(server: TestServer): Promise<AuditEntry[]> {
  return (await sql<AuditEntry>(server.app, `SELECT ${AUDIT_ENTRY_COLUMNS} FROM signature_audit ORDER BY seq`)).rows;
}

/** Lets rows of the audit log be changed, as someone with the database's owner rights could (the guard against updates goes). */
async function dropUpdateGuard(server: TestServer): Promise<void> {
  await sql(server.app, TEST_BACKEND === 'postgres' ? 'DROP TRIGGER signature_audit_no_update ON signature_audit' : 'DROP TRIGGER signature_audit_no_update');
}

/** `plenary audit verify --data` reads a SQLite data folder: the PostgreSQL run checks the log over HTTP only. */
const WITH_CLI = TEST_BACKEND === 'sqlite';

/** The audit log of a SQLite file as stored, in order. */
function storedEntries(db: Database.Database): AuditEntry[] {
  return db
    .prepare(
      `SELECT seq, at, event, convention_id AS conventionId, document_id AS documentId, member_id AS memberId,
              actor_id AS actorId, reason, prev_hash AS prevHash, hash FROM signature_audit ORDER BY seq`,
    )
    .all() as AuditEntry[];
}
import { canonicalEntry, verifyChain, type AuditEntry, type AuditEvent } from '../shared/signatures/audit-chain';
import { getJson, sendJson, findDocument } from './helpers/api';
import { loadDemoConvention } from '../fixtures/index';
import type { Convention, DocumentSummary } from '../shared/api';
import type { AuditVerification, ConventionTally, DocumentTally, SignatureList } from '../shared/signatures-api';

/**
 * Signing on, over real HTTP against a listening server with the demo
 * convention: amendments need 20 delegates, resolutions 100 members in good
 * standing, and the deadline is in the future.
 */
let s: TestServer;
const tokens: Record<string, string> = {};
const roster = loadDemoConvention().roster;

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'drafter4', 'delegate', 'member', 'lapsed']) tokens[who] = await login(s.url, `${who}@demo.test`);
});
afterAll(() => s.close());

const doc = (code: string) => findDocument(s.url, tokens.staff, (d) => d.code === code, code);
/**
 * A new amendment of CR01 drafted by `drafter`'s caucus and submitted, with no
 * signatures: each test that signs, strikes or changes a status makes its own,
 * so it passes alone and in any order.
 */
async function freshAmendment(drafter = 'drafter'): Promise<DocumentSummary> {
  const consensus = await doc('CR01');
  const draft = await sendJson<DocumentSummary>(s.url, 'POST', `/api/documents/${consensus.id}/amendments`, { title: 'An amendment to sign' }, tokens[drafter]);
  if (draft.status !== 201) throw new Error(`creating an amendment as ${drafter}: ${draft.status}`);
  const submitted = await sendJson<DocumentSummary>(s.url, 'POST', `/api/documents/${draft.body.id}/submit`, {}, tokens[drafter]);
  if (submitted.status !== 200) throw new Error(`submitting an amendment as ${drafter}: ${submitted.status}`);
  return submitted.body;
}
const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const sign = (id: string, who: string) => sendJson<DocumentTally>(s.url, 'POST', `/api/documents/${id}/signatures`, undefined, tokens[who]);
const withdraw = (id: string, who: string) => fetch(`${s.url}/api/documents/${id}/signatures`, { method: 'DELETE', headers: auth(who) });
const tally = async (id: string, who = 'staff') => (await getJson<DocumentTally>(s.url, `/api/documents/${id}/tally`, tokens[who])).body;
const status = async (id: string) => (await getJson<DocumentSummary>(s.url, `/api/documents/${id}`, tokens.staff)).body.status;
const paper = (id: string, memberId: string, extra: Record<string, string> = {}) =>
  sendJson<DocumentTally>(s.url, 'POST', `/api/documents/${id}/signatures/paper`, { memberId, ...extra }, tokens.staff);
const strike = (id: string, memberId: string, reason: string | undefined, who = 'staff') =>
  sendJson<DocumentTally>(s.url, 'POST', `/api/documents/${id}/signatures/${memberId}/strike`, reason === undefined ? {} : { reason }, tokens[who]);
const restore = (id: string, memberId: string, reason: string | undefined, who = 'staff') =>
  sendJson<DocumentTally>(s.url, 'POST', `/api/documents/${id}/signatures/${memberId}/restore`, reason === undefined ? {} : { reason }, tokens[who]);
const setRules = (body: object) => sendJson<Convention>(s.url, 'PUT', '/api/convention/rules', body, tokens.staff);

/** Delegates in good standing who have not signed `documentId`, from the demo roster. */
async function unsignedDelegates(documentId: string, n: number): Promise<string[]> {
  const { body } = await getJson<SignatureList>(s.url, `/api/documents/${documentId}/signatures`, tokens.staff);
  const signed = new Set(body.signatures.map((row) => row.memberId));
  const accounts = new Set(['delegate@demo.test', 'drafter@demo.test', 'drafter2@demo.test', 'drafter3@demo.test', 'drafter4@demo.test', 'committee@demo.test']);
  return roster.filter((m) => m.delegate && m.goodStanding && !signed.has(m.memberId) && !accounts.has(m.email)).slice(0, n).map((m) => m.memberId);
}
/** Runs `plenary audit verify --data DIR [...extra]` as a user would. */
function auditVerifyCli(dataDir: string, ...extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, ['bin/plenary.js', 'audit', 'verify', '--data', dataDir, ...extra], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const memberIdOf = (email: string) => roster.find((m) => m.email === email)!.memberId;

describe('signing on', () => {
  it('counts one signature per member under 50 concurrent sign requests from one account', async () => {
    const amendment = await freshAmendment();
    const before = await tally(amendment.id);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${s.url}/api/documents/${amendment.id}/signatures`, { method: 'POST', headers: auth('delegate') })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((code) => code === 201)).toHaveLength(1);
    expect(statuses.filter((code) => code === 409)).toHaveLength(49);
    const refused = await responses.find((r) => r.status === 409)!.json();
    expect(refused).toEqual({ error: { code: 'ALREADY_SIGNED', message: expect.any(String) } });
    const after = await tally(amendment.id, 'delegate');
    expect(after.count).toBe(before.count + 1);
    expect(after.signedByMe).toBe(true);
    const rows = (await getJson<SignatureList>(s.url, `/api/documents/${amendment.id}/signatures`, tokens.staff)).body.signatures;
    expect(rows.filter((row) => row.memberId === memberIdOf('delegate@demo.test'))).toHaveLength(1);
  });

  it('answers a second sign with 409 and the tally has the contract fields', async () => {
    const amendment = await freshAmendment();
    const first = await sign(amendment.id, 'delegate');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ count: 1, threshold: 20, qualified: false, byChapter: { Chicago: 1 }, signedByMe: true, eligible: true });
    expect((await sign(amendment.id, 'delegate')).status).toBe(409);
  });

  it('lets a member withdraw before the deadline and sign again, counting once', async () => {
    const amendment = await freshAmendment();
    expect((await sign(amendment.id, 'delegate')).status).toBe(201);
    const out = await withdraw(amendment.id, 'delegate');
    expect(out.status).toBe(200);
    expect(await out.json()).toMatchObject({ count: 0, withdrawn: 1, signedByMe: false });
    const again = await withdraw(amendment.id, 'delegate');
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: { code: 'NOT_SIGNED', message: expect.any(String) } });
    const back = await sign(amendment.id, 'delegate');
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ count: 1, withdrawn: 0, signedByMe: true });
    expect((await tally(amendment.id)).overTime!.map((p) => p.count)).toEqual([1, 0, 1]);
  });

  it('refuses ineligible signers with 403: a non-delegate on an amendment, a lapsed member, staff off the roster', async () => {
    const amendment = await freshAmendment();
    const resolution = await doc('R01');
    for (const [documentId, who] of [[amendment.id, 'member'], [resolution.id, 'lapsed'], [amendment.id, 'lapsed'], [resolution.id, 'staff']] as const) {
      const response = await sign(documentId, who);
      expect(response.status, who).toBe(403);
      expect(response.body, who).toEqual({ error: { code: 'NOT_ELIGIBLE', message: expect.any(String) } });
    }
    expect(await tally(amendment.id, 'member')).toMatchObject({ eligible: false, ineligibleReason: 'not-a-delegate', count: 0 });
    expect(await tally(resolution.id, 'lapsed')).toMatchObject({ eligible: false, ineligibleReason: 'not-in-good-standing' });
    const before = (await tally(resolution.id, 'member')).count;
    const member = await sign(resolution.id, 'member');
    expect(member.status).toBe(201);
    expect(member.body.count).toBe(before + 1);
    expect((await tally(resolution.id, 'delegate')).count).toBe(before + 1);
  });

  it("counts a caucus's drafters' own signatures on their text like anyone else's", async () => {
    const own = await freshAmendment('drafter4');
    expect(own.caucusName).toBe('Millstone Caucus');
    const signed = await sign(own.id, 'drafter4');
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ count: 1, signedByMe: true });
    expect((await tally(own.id)).count).toBe(1);
  });

  it('refuses texts that do not collect signatures, drafts and unknown documents', async () => {
    const consensus = await doc('CR01');
    expect((await sign(consensus.id, 'delegate')).body).toEqual({ error: { code: 'NOT_OPEN_FOR_SIGNATURES', message: expect.any(String) } });
    const draft = await findDocument(s.url, tokens.drafter, (d) => d.status === 'draft', 'a draft');
    expect((await sign(draft.id, 'drafter')).status).toBe(409);
    expect((await sign(draft.id, 'delegate')).status).toBe(404);
    expect((await sign('no-such-doc', 'delegate')).status).toBe(404);
    expect((await sign('bad id!', 'delegate')).status).toBe(400);
    const anonymous = await fetch(`${s.url}/api/documents/${consensus.id}/signatures`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${s.url}/api/documents/${consensus.id}/tally`)).status).toBe(401);
  });
});

describe('the deadline', () => {
  it('refuses late signatures and withdrawals with 403, and reads deadlines in the convention time zone', async () => {
    const amendment = await freshAmendment();
    const original = (await getJson<Convention>(s.url, '/api/convention', tokens.staff)).body.signatureDeadline;
    expect((await sign(amendment.id, 'drafter2')).status).toBe(201);
    const past = await setRules({ signatureDeadline: '2020-01-01T23:59' });
    expect(past.status).toBe(200);
    expect(past.body.signatureDeadline).toBe('2020-01-02T05:59:00.000Z'); // 23:59 in Chicago
    try {
      const late = await sign(amendment.id, 'delegate');
      expect(late.status).toBe(403);
      expect(late.body).toEqual({ error: { code: 'DEADLINE_PASSED', message: expect.stringMatching(/^The signature deadline passed on Jan 1, 2020, 11:59\sPM CST\.$/) } });
      expect((await withdraw(amendment.id, 'drafter2')).status).toBe(403);
      expect(await tally(amendment.id, 'delegate')).toMatchObject({ open: false, deadlinePassed: true });
      const latePaper = await paper(amendment.id, (await unsignedDelegates(amendment.id, 1))[0]);
      expect(latePaper.status).toBe(403);
      const inTimePaper = await paper(amendment.id, (await unsignedDelegates(amendment.id, 1))[0], { signedAt: '2019-12-31T12:00' });
      expect(inTimePaper.status).toBe(201);
    } finally {
      expect((await setRules({ signatureDeadline: original })).body.signatureDeadline).toBe(original);
    }
  });

  it('lets only staff change the rules, and refuses bad rules with 400', async () => {
    expect((await sendJson(s.url, 'PUT', '/api/convention/rules', { signatureDeadline: null }, tokens.delegate)).status).toBe(403);
    for (const body of [{ rules: { motion: { signers: 'members', threshold: 5 } } }, { rules: { resolution: { signers: 'everyone', threshold: 5 } } }, { signatureDeadline: 'soon' }, { timezone: 'Mars/Olympus' }, { surprise: 1 }]) {
      const response = await setRules(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    }
  });
});

describe('staff verification', () => {
  it('strikes an invalid signature with a reason: it stays on record, stops counting, and cannot be re-signed', async () => {
    const amendment = await freshAmendment();
    const delegateId = memberIdOf('delegate@demo.test');
    expect((await sign(amendment.id, 'delegate')).status).toBe(201);
    expect((await sign(amendment.id, 'drafter2')).status).toBe(201);
    const before = await tally(amendment.id);
    expect(before).toMatchObject({ count: 2, struck: 0 });
    expect((await strike(amendment.id, delegateId, undefined)).status).toBe(400);
    expect((await strike(amendment.id, delegateId, 'Duplicate of a paper form', 'delegate')).status).toBe(403);
    const struck = await strike(amendment.id, delegateId, 'Duplicate of a paper form');
    expect(struck.status).toBe(200);
    expect(struck.body).toMatchObject({ count: before.count - 1, struck: before.struck + 1 });
    expect((await strike(amendment.id, delegateId, 'Again')).status).toBe(409);
    const list = (await getJson<SignatureList>(s.url, `/api/documents/${amendment.id}/signatures`, tokens.staff)).body.signatures;
    expect(list.find((row) => row.memberId === delegateId)).toMatchObject({ struckReason: 'Duplicate of a paper form', struckBy: 'Miriam Castellanos', counted: false });
    expect(await tally(amendment.id, 'delegate')).toMatchObject({ signedByMe: false, myStruckReason: 'Duplicate of a paper form' });
    expect((await sign(amendment.id, 'delegate')).body).toEqual({ error: { code: 'SIGNATURE_STRUCK', message: expect.stringContaining('Duplicate of a paper form') } });
    expect((await withdraw(amendment.id, 'delegate')).status).toBe(409);
    const csv = await (await fetch(`${s.url}/api/documents/${amendment.id}/signatures.csv`, { headers: auth('staff') })).text();
    expect(csv).not.toContain(delegateId);
    expect((await strike(amendment.id, 'M999999', 'Not a signer')).status).toBe(404);
  });

  it('enters paper signatures by member id with the same rules as online', async () => {
    const amendment = await freshAmendment();
    const [fresh] = await unsignedDelegates(amendment.id, 1);
    const before = (await tally(amendment.id)).count;
    const entered = await paper(amendment.id, fresh, { note: 'Form 17' });
    expect(entered.status).toBe(201);
    expect(entered.body.count).toBe(before + 1);
    expect((await paper(amendment.id, fresh)).status).toBe(409);
    expect((await paper(amendment.id, 'M999999')).body).toEqual({ error: { code: 'UNKNOWN_MEMBER', message: expect.any(String) } });
    expect((await paper(amendment.id, memberIdOf('member@demo.test'))).status).toBe(403);
    expect((await paper(amendment.id, fresh, { signedAt: 'yesterday' })).status).toBe(400);
    expect((await sendJson(s.url, 'POST', `/api/documents/${amendment.id}/signatures/paper`, { memberId: fresh }, tokens.delegate)).status).toBe(403);
    const list = (await getJson<SignatureList>(s.url, `/api/documents/${amendment.id}/signatures`, tokens.staff)).body.signatures;
    expect(list.find((row) => row.memberId === fresh)).toMatchObject({ source: 'paper', enteredBy: 'Miriam Castellanos', note: 'Form 17', counted: true });
  });
  it('restores a signature struck by mistake, with a reason: it counts again, and the log says who restored it and why', async () => {
    const amendment = await freshAmendment();
    const [member] = await unsignedDelegates(amendment.id, 1);
    expect((await paper(amendment.id, member!, { note: 'Form 23' })).status).toBe(201);
    const counted = (await tally(amendment.id)).count;
    expect((await restore(amendment.id, member!, 'Nothing to restore')).body).toEqual({ error: { code: 'CONFLICT', message: expect.stringContaining('not struck') } });

    expect((await strike(amendment.id, member!, 'Looked like a duplicate form')).body.count).toBe(counted - 1);
    expect((await restore(amendment.id, member!, undefined)).status).toBe(400);
    expect((await restore(amendment.id, member!, '  x ')).status).toBe(400);
    expect((await restore(amendment.id, member!, 'Form 23 is not a duplicate', 'delegate')).status).toBe(403);
    expect((await restore(amendment.id, 'M999999', 'Form 23 is not a duplicate')).status).toBe(404);
    const restored = await restore(amendment.id, member!, 'Form 23 is not a duplicate');
    expect(restored.status).toBe(200);
    expect(restored.body.count).toBe(counted);
    expect((await restore(amendment.id, member!, 'Again')).status).toBe(409);

    const list = (await getJson<SignatureList>(s.url, `/api/documents/${amendment.id}/signatures`, tokens.staff)).body.signatures;
    expect(list.find((row) => row.memberId === member)).toMatchObject({
      counted: true,
      struckAt: null,
      struckReason: null,
      note: 'Form 23',
      staffActions: [
        { action: 'strike', at: expect.any(String), by: 'Miriam Castellanos', reason: 'Looked like a duplicate form' },
        { action: 'restore', at: expect.any(String), by: 'Miriam Castellanos', reason: 'Form 23 is not a duplicate' },
      ],
    });
    expect(list.filter((row) => row.memberId !== member).every((row) => row.staffActions.every((action) => action.action === 'strike'))).toBe(true);
    const csv = await (await fetch(`${s.url}/api/documents/${amendment.id}/signatures.csv`, { headers: auth('staff') })).text();
    expect(csv).toContain(member!);
    const { rows: log } = await sql<{ event: string; reason: string | null }>(s.app, 'SELECT event, reason FROM signature_audit WHERE document_id = ? AND member_id = ? ORDER BY seq', [
      amendment.id,
      member,
    ]);
    expect(log).toEqual([
      { event: 'paper', reason: 'Form 23' },
      { event: 'strike', reason: 'Looked like a duplicate form' },
      { event: 'restore', reason: 'Form 23 is not a duplicate' },
    ]);
    expect((await getJson<AuditVerification>(s.url, '/api/audit/verify', tokens.staff)).body).toMatchObject({ ok: true, stateMismatches: [] });
  });
});

describe('the threshold', () => {
  it('qualifies a text when signatures reach the threshold and moves it back when a withdrawal drops it below', async () => {
    const amendment = await freshAmendment();
    const start = await tally(amendment.id);
    expect(start).toMatchObject({ threshold: 20, qualified: false });
    expect(await status(amendment.id)).toBe('submitted');
    const needed = start.threshold - start.count;
    for (const memberId of await unsignedDelegates(amendment.id, needed - 1)) expect((await paper(amendment.id, memberId)).status).toBe(201);
    expect(await status(amendment.id)).toBe('submitted');

    const crossing = await sign(amendment.id, 'delegate');
    expect(crossing.body).toMatchObject({ count: 20, qualified: true, status: 'qualified' });
    expect(await status(amendment.id)).toBe('qualified');

    const back = await withdraw(amendment.id, 'delegate');
    expect(await back.json()).toMatchObject({ count: 19, qualified: false, status: 'submitted' });
    expect(await status(amendment.id)).toBe('submitted');

    const history = (await getJson<{ action: string; actorName: string | null }[]>(s.url, `/api/documents/${amendment.id}/events`, tokens.staff)).body;
    expect(history.filter((event) => event.actorName === null).map((event) => event.action)).toEqual(['threshold reached', 'fell below the threshold']);
  });

  it("leaves a move staff made by hand between submitted and qualified standing", async () => {
    const amendment = await freshAmendment();
    const moved = await sendJson<DocumentSummary>(s.url, 'POST', `/api/documents/${amendment.id}/status`, { status: 'qualified', note: 'Rules suspended by the floor' }, tokens.staff);
    expect(moved.body.status).toBe('qualified');
    const [memberId] = await unsignedDelegates(amendment.id, 1);
    expect((await paper(amendment.id, memberId)).body).toMatchObject({ qualified: false, status: 'qualified' });
    expect(await status(amendment.id)).toBe('qualified');
  });

  it('moves statuses when staff change a threshold, and back', async () => {
    const amendment = await freshAmendment();
    expect((await sign(amendment.id, 'delegate')).status).toBe(201);
    const count = (await tally(amendment.id)).count;
    expect(count).toBe(1);
    expect((await setRules({ rules: { amendment: { signers: 'delegates', threshold: count } } })).status).toBe(200);
    expect(await status(amendment.id)).toBe('qualified');
    expect((await setRules({ rules: { amendment: { signers: 'delegates', threshold: 20 } } })).status).toBe(200);
    expect(await status(amendment.id)).toBe('submitted');
  });
});

describe('exports', () => {
  it('lists every counted signature as CSV, for staff only', async () => {
    const amendment = await doc('CR01-A01');
    const response = await fetch(`${s.url}/api/documents/${amendment.id}/signatures.csv`, { headers: auth('staff') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('member_id,name,email,chapter,delegate,source,signed_at,entered_by,note');
    expect(lines.length - 1).toBe((await tally(amendment.id)).count);
    const refused = await fetch(`${s.url}/api/documents/${amendment.id}/signatures.csv`, { headers: auth('delegate') });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });

  it('exports the convention-wide tally as JSON and CSV, for staff only', async () => {
    const json = await getJson<{ documents: { code: string; count: number; threshold: number; qualified: boolean }[] }>(s.url, '/api/tallies', tokens.staff);
    expect(json.status).toBe(200);
    const a01 = await doc('CR01-A01');
    const own = await tally(a01.id);
    expect(json.body.documents.find((d) => d.code === 'CR01-A01')).toMatchObject({ count: own.count, threshold: 20, qualified: own.count >= 20 });
    expect(json.body.documents.find((d) => d.code === 'CR01-A01')!.count).toBeGreaterThan(0);
    expect(json.body.documents.some((d) => d.code === 'CR01')).toBe(false);
    const csv = await fetch(`${s.url}/api/tallies.csv`, { headers: auth('staff') });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('code,title,kind,status,signers,count,threshold,qualified,withdrawn,struck,ineligible,chapters,by_chapter');
    expect((await getJson(s.url, '/api/tallies', tokens.member)).status).toBe(403);
    expect((await fetch(`${s.url}/api/tallies.csv`, { headers: auth('drafter') })).status).toBe(403);
  });
});

describe('live tallies', () => {
  it('streams a document tally to a session cookie and pushes the change when someone signs', async () => {
    const amendment = await freshAmendment();
    const signIn = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'member@demo.test', password: 'demo' }) });
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('plenary_session='))!.split(';')[0];
    const stream = await fetch(`${s.url}/api/documents/${amendment.id}/tally/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const start = (await tally(amendment.id)).count;
    const events = readEvents(stream);
    // The first event is sent as the stream subscribes to changes.
    expect(await events.next()).toMatchObject({ event: 'tally', data: { count: start, documentId: amendment.id } });
    expect((await sign(amendment.id, 'drafter2')).status).toBe(201);
    const changed = await events.next((e) => e.event === 'tally' && (e.data as DocumentTally).count === start + 1);
    await events.cancel();
    expect(changed).toMatchObject({ event: 'tally', data: { count: start + 1, signedByMe: false } });
  });

  it('refuses a stream without a session, as JSON', async () => {
    const amendment = await doc('CR01-A02');
    const response = await fetch(`${s.url}/api/documents/${amendment.id}/tally/events`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    expect((await fetch(`${s.url}/api/tally/events`, { headers: { cookie: 'plenary_session=forged' } })).status).toBe(401);
  });

  it('announces changes on the convention-wide stream', async () => {
    const amendment = await freshAmendment();
    const stream = await fetch(`${s.url}/api/tally/events`, { headers: auth('staff') });
    const events = readEvents(stream);
    await events.next(); // the "ready" event is sent as the stream subscribes to changes
    expect((await sign(amendment.id, 'drafter4')).status).toBe(201);
    const changed = await events.next((e) => e.event === 'tally' && (e.data as { documentId: string }).documentId === amendment.id);
    await events.cancel();
    expect(changed.data).toMatchObject({ documentId: amendment.id, threshold: 20, status: 'submitted' });
  });
});

describe('the audit log', () => {
  it('records every signature event in a verified hash chain', async () => {
    const report = await getJson<AuditVerification>(s.url, '/api/audit/verify', tokens.staff);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ ok: true, firstBroken: null, stateMismatches: [] });
    expect(report.body.entries).toBe(report.body.total);
    expect((await getJson(s.url, '/api/audit/verify', tokens.delegate)).status).toBe(403);
  });

  it.skipIf(TEST_BACKEND === 'postgres')('keeps every entry and its chain when a SQLite database from before restores existed is upgraded', async () => {
    const dataDir = makeDataDir();
    try {
      const old = new Database(join(dataDir, DATABASE_FILE));
      for (const [version, sql] of migrations.slice(0, 4).entries()) {
        old.exec(sql);
        old.pragma(`user_version = ${version + 1}`);
      }
      const entry = (event: AuditEvent, memberId: string, day: number) =>
        ({ at: `2026-11-0${day}T12:00:00.000Z`, event, conventionId: 'c1', documentId: 'd1', memberId, actorId: 'u1', reason: event === 'strike' || event === 'restore' ? 'Checked the form' : null });
      const oldLog = sqliteRunner(old, sqliteAuditOps);
      await oldLog.write(appendAudit(entry('sign', 'M1', 1)));
      await oldLog.write(appendAudit(entry('paper', 'M2', 2)));
      await oldLog.write(appendAudit(entry('strike', 'M2', 3)));
      const hashes = old.prepare('SELECT hash FROM signature_audit ORDER BY seq').pluck().all();
      old.close();

      const db = openDatabase(dataDir);
      try {
        expect(db.prepare('SELECT hash FROM signature_audit ORDER BY seq').pluck().all()).toEqual(hashes);
        await sqliteRunner(db, sqliteAuditOps).write(appendAudit(entry('restore', 'M2', 4)));
        expect(verifyChain(storedEntries(db), sha256Hex)).toMatchObject({ ok: true, entries: 4 });
        expect(() => db.prepare('DELETE FROM signature_audit WHERE seq = 1').run()).toThrow(/append-only/);
        expect(() => db.prepare("UPDATE signature_audit SET reason = 'x' WHERE seq = 4").run()).toThrow(/append-only/);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an anchor kept from a tally export catches a log rewritten with fresh hashes, which the chain alone cannot', async () => {
    const rewritten = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    try {
      const staff = await login(rewritten.url, 'staff@demo.test');
      const verify = async (anchor?: string) =>
        (await getJson<AuditVerification>(rewritten.url, `/api/audit/verify${anchor ? `?anchor=${encodeURIComponent(anchor)}` : ''}`, staff)).body;
      const exported = (await getJson<ConventionTally>(rewritten.url, '/api/tallies', staff)).body;
      const before = await verify();
      expect(exported.auditAnchor).toBe(`${before.total}:${before.headHash}`);
      const anchor = exported.auditAnchor!;
      expect(await verify(anchor)).toMatchObject({ ok: true, anchor: { seq: before.total, ok: true } });
      if (WITH_CLI) {
        const kept = auditVerifyCli(rewritten.dataDir);
        expect(kept.status, kept.stderr).toBe(0);
        expect(kept.stdout).toContain(`keep this anchor: ${anchor}`);
      }

      // Backdate entry 2 and recompute every hash from there on, as someone with the database could.
      await dropUpdateGuard(rewritten);
      const entries = await serverEntries(rewritten);
      let prevHash = entries[0]!.hash;
      for (const entry of entries.slice(1)) {
        const forged = { ...entry, prevHash, at: entry.seq === 2 ? '2020-01-01T00:00:00.000Z' : entry.at };
        const hash = sha256Hex(canonicalEntry(forged));
        await sql(rewritten.app, 'UPDATE signature_audit SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?', [forged.at, prevHash, hash, entry.seq]);
        prevHash = hash;
      }

      expect(await verify()).toMatchObject({ ok: true, firstBroken: null, anchor: null });
      const caught = await verify(anchor);
      expect(caught).toMatchObject({ ok: false, firstBroken: null, stateMismatches: [], anchor: { seq: before.total, ok: false } });
      expect(caught.anchor!.message).toContain('rewritten');
      if (WITH_CLI) {
        const cli = auditVerifyCli(rewritten.dataDir, '--anchor', anchor);
        expect(cli.status).toBe(2);
        expect(cli.stdout).toContain(`ANCHOR BROKEN: Entry ${before.total} no longer has the hash recorded for it`);
        expect(cli.stderr).toContain(`no longer matches the anchor recorded for entry ${before.total}`);
      }

      // An anchor past the end of the log: entries were removed.
      const beyond = await verify(`${before.total + 5}:${before.headHash}`);
      expect(beyond).toMatchObject({ ok: false, anchor: { ok: false } });
      expect(beyond.anchor!.message).toContain('no longer in the log');

      // Malformed anchors are refused, not ignored.
      for (const bad of ['12', `0:${before.headHash}`, `12:${before.headHash.slice(1)}`, `12:${'g'.repeat(64)}`, `1:${before.headHash}' OR 1=1`]) {
        const answer = await getJson<{ error: { code: string } }>(rewritten.url, `/api/audit/verify?anchor=${encodeURIComponent(bad)}`, staff);
        expect(answer.status, bad).toBe(400);
        expect(answer.body.error.code).toBeTruthy();
      }
      if (WITH_CLI) {
        const badCli = auditVerifyCli(rewritten.dataDir, '--anchor', 'yesterday');
        expect(badCli.status).toBe(1);
        expect(badCli.stderr).toContain('--anchor must be an entry number and its hash');
      }
    } finally {
      await rewritten.close();
    }
  });

  it('is append-only in the database, and a tampered row is found as the first broken link', async () => {
    const tampered = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    try {
      const staff = await login(tampered.url, 'staff@demo.test');
      const before = (await getJson<AuditVerification>(tampered.url, '/api/audit/verify', staff)).body;
      expect(before.ok).toBe(true);
      if (WITH_CLI) {
        const intact = auditVerifyCli(tampered.dataDir);
        expect(intact.status, intact.stderr).toBe(0);
        expect(intact.stdout).toContain(`Chain intact: ${before.total} entries`);
      }
      await expect(sql(tampered.app, "UPDATE signature_audit SET member_id = 'M000001' WHERE seq = 5")).rejects.toThrow(/append-only/);
      await expect(sql(tampered.app, 'DELETE FROM signature_audit WHERE seq = 5')).rejects.toThrow(/append-only/);
      await dropUpdateGuard(tampered);
      await sql(tampered.app, "UPDATE signature_audit SET member_id = 'M000001' WHERE seq = 5");
      const after = await getJson<AuditVerification>(tampered.url, '/api/audit/verify', staff);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ ok: false, entries: 4, total: before.total, firstBroken: { seq: 5, reason: 'hash' } });
      expect(after.body.stateMismatches.length).toBeGreaterThan(0);
      if (WITH_CLI) {
        const broken = auditVerifyCli(tampered.dataDir);
        expect(broken.status).toBe(2);
        expect(broken.stdout).toContain('BROKEN at entry 5');
        expect(broken.stderr).toContain('plenary: the signature log is broken at entry 5');
      }
    } finally {
      await tampered.close();
    }
  });
});
