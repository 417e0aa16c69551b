import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startServer, login, type TestServer } from './helpers/server';
import { getJson, sendJson, findDocument } from './helpers/api';
import type { User } from '../shared/api';
import type { DocumentTally, RosterErrorBody, RosterImportReport, RosterSummary } from '../shared/signatures-api';

/** Importing the roster: all or nothing, by line, updating in place by member id. */
let s: TestServer;
const tokens: Record<string, string> = {};
const FIXTURE = readFileSync(new URL('../fixtures/roster.csv', import.meta.url), 'utf8');
const HEADER = 'member_id,name,email,chapter,good_standing,delegate';

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'delegate', 'member']) tokens[who] = await login(s.url, `${who}@demo.test`);
});
afterAll(() => s.close());

/** Posts a CSV body as text/csv (or JSON `{csv}`) and returns status and body (to the file's server unless `on` says otherwise). */
async function importCsv<T = RosterImportReport>(csv: string, options: { as?: 'csv' | 'json'; dryRun?: boolean; who?: string; on?: { url: string; tokens: Record<string, string> } } = {}) {
  const who = options.who ?? 'staff';
  const on = options.on ?? { url: s.url, tokens };
  const response = await fetch(`${on.url}/api/roster${options.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${on.tokens[who]}`, 'content-type': options.as === 'json' ? 'application/json' : 'text/csv' },
    body: options.as === 'json' ? JSON.stringify({ csv }) : csv,
  });
  return { status: response.status, body: (await response.json()) as T };
}
const summary = async (on = { url: s.url, tokens }) => (await getJson<RosterSummary>(on.url, '/api/roster', on.tokens.staff)).body;
/** The fixture's lines (line 1 is the header). */
const fixtureLines = () => FIXTURE.trimEnd().split('\n');

describe('importing the roster', () => {
  it('re-imports the demo roster unchanged', async () => {
    const { status, body } = await importCsv(FIXTURE);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: false, members: 2000, added: 0, updated: 0, unchanged: 2000, notInFile: 0, changes: [] });
    expect(body.linkedUsers).toBe(9);
  });

  it('imports nothing from a broken file and names every bad line', async () => {
    const before = await summary();
    const lines = fixtureLines();
    lines.push('M900001,New Person,new.person@example.org,Chicago,yes,no'); // a good line that must not land
    lines[4] = lines[4].replace(/^M\d+/, ''); // line 5: no member id
    lines[7] = lines[7].replace(/^M\d+/, lines[1].split(',')[0]); // line 8: a duplicate of line 2's id
    lines[11] = lines[11].replace(/,[^,]+@[^,]+,/, ',not-an-email,'); // line 12: malformed email
    const { status, body } = await importCsv<RosterErrorBody>(lines.join('\n'));
    expect(status).toBe(422);
    expect(body.error.code).toBe('ROSTER_INVALID');
    expect(body.error.lines.map((l) => l.line)).toEqual([5, 8, 12]);
    expect(body.error.lines[0].message).toMatch(/missing member id/i);
    expect(body.error.lines[1].message).toMatch(/duplicate member id .* \(first on line 2\)/i);
    expect(body.error.lines[2].message).toMatch(/malformed email "not-an-email"/i);
    expect(body.error.message).toMatch(/line 5:.*line 8:.*line 12:/);
    expect(await summary()).toEqual(before);
  });

  it('refuses unknown and missing columns on line 1', async () => {
    const unknown = await importCsv<RosterErrorBody>(`${HEADER},shoe_size\nM1,Ana,ana@example.org,Chicago,yes,no,9\n`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.lines).toEqual([{ line: 1, message: expect.stringContaining('Unknown column "shoe_size"') }]);
    const missing = await importCsv<RosterErrorBody>('member_id,name,email\nM1,Ana,ana@example.org\n');
    expect(missing.body.error.lines[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Missing columns: chapter, good standing, delegate/) });
  });

  it('reports a file the CSV parser cannot read at the line it stopped', async () => {
    const { status, body } = await importCsv<RosterErrorBody>(`${HEADER}\nM1,Ana,ana@example.org,Chicago,yes,no\nM2,"Bo,bo@example.org,Boston,yes,no\n`);
    expect(status).toBe(422);
    expect(body.error.lines).toHaveLength(1);
    expect(body.error.lines[0].message).toMatch(/cannot be read as CSV/);
  });

  it('reads quoted fields with commas and quotes through the CSV parser', async () => {
    const { status, body } = await importCsv(`${HEADER}\r\nQ000001,"O'Neil, ""Red"" Ana",red.ana@example.org,"St. Louis",yes,no\r\n`, { dryRun: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, added: 1, changes: [{ memberId: 'Q000001', line: 2, kind: 'added' }] });
  });

  it('updates members in place by id, reports what changed, and changes eligibility', async () => {
    // Its own server: the roster it leaves behind (a lapsed member, a new one) is not the demo's the other tests import against.
    const own = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    try {
      const ownTokens: Record<string, string> = {};
      for (const who of ['staff', 'delegate', 'member']) ownTokens[who] = await login(own.url, `${who}@demo.test`);
      await updateInPlace({ url: own.url, tokens: ownTokens });
    } finally {
      await own.close();
    }
  });

  it('accepts only staff, and only CSV or JSON bodies', async () => {
    expect((await importCsv(FIXTURE, { who: 'delegate' })).status).toBe(403);
    const anonymous = await fetch(`${s.url}/api/roster`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FIXTURE });
    expect(anonymous.status).toBe(401);
    const xml = await fetch(`${s.url}/api/roster`, { method: 'POST', headers: { authorization: `Bearer ${tokens.staff}`, 'content-type': 'application/xml' }, body: '<roster/>' });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    const empty = await importCsv(' ');
    expect(empty.status).toBe(400);
    const wrongJson = await sendJson(s.url, 'POST', '/api/roster', { roster: 'x' }, tokens.staff);
    expect(wrongJson.status).toBe(400);
    expect((await getJson(s.url, '/api/roster', tokens.member)).status).toBe(403);
  });

  it('refuses a file over the size limit with 413', async () => {
    const huge = `${HEADER}\n${'M1,A,a@example.org,C,yes,no\n'.repeat(700_000)}`;
    const { status } = await importCsv(huge);
    expect(status).toBe(413);
  });
});

/** A re-import that lapses member@, moves delegate@ to Evanston and adds a member, on a server with the demo roster. */
async function updateInPlace(on: { url: string; tokens: Record<string, string> }): Promise<void> {
  const lines = fixtureLines();
  const memberLine = lines.findIndex((line) => line.includes(',member@demo.test,'));
  const delegateLine = lines.findIndex((line) => line.includes(',delegate@demo.test,'));
  lines[memberLine] = lines[memberLine].replace(/,yes,no$/, ',no,no'); // member@demo.test lapses
  lines[delegateLine] = lines[delegateLine].replace(',Chicago,', ',Evanston,');
  lines.push('M900002,Nadia Okafor-Test,nadia.okafor.test@example.net,Chicago,yes,yes');

  const preview = await importCsv(lines.join('\n'), { dryRun: true, as: 'json', on });
  expect(preview.body).toMatchObject({ dryRun: true, added: 1, updated: 2 });
  expect((await summary(on)).members).toBe(2000);

  const { status, body } = await importCsv(lines.join('\n'), { on });
  expect(status).toBe(200);
  expect(body).toMatchObject({ dryRun: false, members: 2001, added: 1, updated: 2, unchanged: 1998, notInFile: 0 });
  expect(body.changes).toEqual(
    expect.arrayContaining([
      { memberId: expect.any(String), line: memberLine + 1, kind: 'updated', fields: ['goodStanding'] },
      { memberId: expect.any(String), line: delegateLine + 1, kind: 'updated', fields: ['chapter'] },
      { memberId: 'M900002', line: lines.length, kind: 'added', fields: [] },
    ]),
  );
  expect((await summary(on)).members).toBe(2001);

  const me = (await getJson<{ user: User }>(on.url, '/api/auth/me', on.tokens.member)).body.user;
  expect(me).toMatchObject({ goodStanding: false });
  const resolution = await findDocument(on.url, on.tokens.member, (d) => d.code === 'R01', 'R01');
  const refused = await sendJson(on.url, 'POST', `/api/documents/${resolution.id}/signatures`, undefined, on.tokens.member);
  expect(refused.status).toBe(403);

  const qualified = await findDocument(on.url, on.tokens.delegate, (d) => d.code === 'CR01-A01', 'CR01-A01');
  const tally = (await getJson<DocumentTally>(on.url, `/api/documents/${qualified.id}/tally`, on.tokens.delegate)).body;
  expect(tally.byChapter.Evanston).toBe(1);
}
