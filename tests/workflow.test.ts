import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startServer, type TestServer } from './helpers/server';
import { documentsOf, getJson, sendJson } from './helpers/api';
import * as Y from 'yjs';
import { appendParagraph, connect, editRefused, synced, until } from './helpers/yclient';
import type { Convention, DocumentSummary, DocumentText, VersionSummary } from '../shared/api';

let s: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'drafter3', 'delegate', 'member', 'committee']) token[who] = await login(s.url, `${who}@demo.test`);
});
afterAll(() => s.close());

const post = <T = unknown>(who: string, path: string, body: unknown = {}) => sendJson<T>(s.url, 'POST', path, body, token[who]);
const byCode = async (who: string, code: string) => (await documentsOf(s.url, token[who])).find((d) => d.code === code)!;

/** A new private resolution of the drafter's caucus (Common Ground). */
async function newDraft(title = 'For a Convention Child-Care Fund'): Promise<DocumentSummary> {
  const created = await post<DocumentSummary>('drafter', '/api/documents', { kind: 'resolution', title });
  expect(created.status).toBe(201);
  return created.body;
}

/** A resolution of the drafter's caucus, submitted with one resolved clause. */
async function newSubmitted(clause: string): Promise<DocumentSummary> {
  const draft = await newDraft();
  const client = connect(s.wsUrl, draft.id, token.drafter);
  await synced(client);
  appendParagraph(client.doc, clause);
  const stateVector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
  await until(async () => (await post('drafter', `/api/documents/${draft.id}/submit`, { stateVector })).status === 200, 'the clause to arrive and the submission to pass');
  client.destroy();
  return (await getJson<DocumentSummary>(s.url, `/api/documents/${draft.id}`, token.drafter)).body;
}

describe('a caucus drafts and submits a resolution', () => {
  it('starts a private draft that only the caucus sees', async () => {
    const draft = await newDraft();
    expect(draft).toMatchObject({ status: 'draft', code: null, canEdit: true, title: 'For a Convention Child-Care Fund' });
    expect((await documentsOf(s.url, token.drafter3)).some((d) => d.id === draft.id)).toBe(true);
    expect((await documentsOf(s.url, token.drafter2)).some((d) => d.id === draft.id)).toBe(false);
    const text = await getJson<DocumentText>(s.url, `/api/documents/${draft.id}/text`, token.drafter);
    expect(text.body.blocks[0]).toEqual({ kind: 'title', text: 'For a Convention Child-Care Fund' });
  });

  it('does not let staff, another caucus or a member submit for the caucus (to them the draft does not exist)', async () => {
    const draft = await newDraft();
    expect((await post('staff', `/api/documents/${draft.id}/submit`)).status).toBe(404);
    expect((await post('drafter2', `/api/documents/${draft.id}/submit`)).status).toBe(404);
    expect((await post('member', `/api/documents/${draft.id}/submit`)).status).toBe(404);
    expect((await getJson<DocumentSummary>(s.url, `/api/documents/${draft.id}`, token.drafter)).body.status).toBe('draft');
  });

  it('submits: the text gets the next code, a frozen v1, and everyone can read it', async () => {
    const draft = await newDraft();
    // No snapshot of the private draft before submission: it would become a v1 everyone reads, and the submitted text v2.
    const early = await post<{ error: { code: string; message: string } }>('drafter', `/api/documents/${draft.id}/versions`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('submitting freezes it as v1');
    const client = connect(s.wsUrl, draft.id, token.drafter);
    await synced(client);
    const clause = 'Resolved, that the convention fund child care for every delegate who asks.';
    appendParagraph(client.doc, clause);
    await until(async () => JSON.stringify((await getJson(s.url, `/api/documents/${draft.id}/text`, token.drafter)).body).includes(clause), 'the clause to reach the server');
    const taken = (await documentsOf(s.url, token.staff)).map((d) => d.code).filter((code): code is string => /^R\d+$/.test(code ?? ''));
    const next = `R${String(Math.max(...taken.map((code) => Number(code.slice(1)))) + 1).padStart(2, '0')}`;
    const submitted = await post<DocumentSummary>('drafter', `/api/documents/${draft.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', code: next, canEdit: false });
    const versions = await getJson<VersionSummary[]>(s.url, `/api/documents/${draft.id}/versions`, token.delegate);
    expect(versions.body.map((v) => v.version)).toEqual([1]);
    const v1 = await getJson<DocumentText>(s.url, `/api/documents/${draft.id}/versions/1`, token.delegate);
    expect(v1.body.blocks.at(-1)?.text).toBe(clause);
    client.destroy();
  });

  it('refuses to freeze a text that has not yet received the drafter\'s last edits', async () => {
    const created = await post<DocumentSummary>('drafter', '/api/documents', { kind: 'resolution', title: 'Sent in a hurry' });
    const client = connect(s.wsUrl, created.body.id, token.drafter);
    await synced(client);
    client.provider.disconnect();
    appendParagraph(client.doc, 'Resolved, that the last sentence arrives before the freeze.');
    const stateVector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
    const early = await post<{ error: { code: string } }>('drafter', `/api/documents/${created.body.id}/submit`, { stateVector });
    expect(early.status).toBe(409);
    client.provider.connect();
    await until(async () => (await post('drafter', `/api/documents/${created.body.id}/submit`, { stateVector })).status === 200, 'the edit to arrive and the submission to pass');
    const v1 = await getJson<DocumentText>(s.url, `/api/documents/${created.body.id}/versions/1`, token.drafter);
    expect(v1.body.blocks.at(-1)?.text).toBe('Resolved, that the last sentence arrives before the freeze.');
    expect((await post('drafter', `/api/documents/${created.body.id}/submit`, { stateVector: '%%%' })).status).toBe(400);
    client.destroy();
  });

  it('refuses to submit twice and drops edits to the submitted text over the socket', async () => {
    const submitted = await newSubmitted('Resolved, that a text is submitted once.');
    expect((await post('drafter', `/api/documents/${submitted.id}/submit`)).status).toBe(409);
    const client = connect(s.wsUrl, submitted.id, token.drafter);
    await synced(client);
    const before = client.text();
    const refused = editRefused(client);
    appendParagraph(client.doc, 'An edit after submission.');
    await refused;
    const live = await getJson<DocumentText>(s.url, `/api/documents/${submitted.id}/text`, token.drafter);
    expect(live.body.blocks.map((b) => b.text).join('\n')).toBe(before);
    client.destroy();
  });

  it('logs every step with who and when', async () => {
    const submitted = await newSubmitted('Resolved, that the history names who did what.');
    const events = await getJson<{ action: string; actorName: string; toStatus: string }[]>(s.url, `/api/documents/${submitted.id}/events`, token.delegate);
    expect(events.body.map((e) => e.toStatus)).toEqual(['draft', 'submitted']);
    expect(events.body[1]).toMatchObject({ action: `submitted as ${submitted.code} (v1)`, actorName: 'Dana Whitfield' });
  });
});

describe('deadlines and outcomes', () => {
  it('lets staff close submissions and reopen them: no draft is submitted, nor amendment proposed, while they are closed', async () => {
    const rules = (body: object, who = 'staff') => sendJson<Convention>(s.url, 'PUT', '/api/convention/rules', body, token[who]);
    const original = (await getJson<Convention>(s.url, '/api/convention', token.staff)).body.submissionDeadline;
    const created = await post<DocumentSummary>('drafter2', '/api/documents', { kind: 'resolution', title: 'Too late' });
    expect((await rules({ submissionDeadline: '2020-01-01T23:59' }, 'drafter2')).status).toBe(403);
    expect((await rules({ submissionDeadline: 'tomorrow' })).status).toBe(400);
    const closed = await rules({ submissionDeadline: '2020-01-01T23:59' });
    expect(closed.status).toBe(200);
    expect(closed.body.submissionDeadline).toBe('2020-01-02T05:59:00.000Z'); // 23:59 in Chicago
    expect(closed.body.signatureDeadline).not.toBeNull(); // the other deadline is untouched
    try {
      const late = await post<{ error: { code: string; message: string } }>('drafter2', `/api/documents/${created.body.id}/submit`);
      expect(late.status).toBe(403);
      expect(late.body.error).toEqual({ code: 'DEADLINE_PASSED', message: expect.stringMatching(/^The submission deadline passed on Jan 1, 2020, 11:59\sPM CST\.$/) });
      expect((await documentsOf(s.url, token.drafter2)).find((d) => d.id === created.body.id)?.status).toBe('draft');
      const cr01 = await byCode('drafter2', 'CR01');
      const amendment = await post<{ error: { code: string } }>('drafter2', `/api/documents/${cr01.id}/amendments`, { title: 'After hours' });
      expect(amendment.status).toBe(403);
      expect(amendment.body.error.code).toBe('DEADLINE_PASSED');
    } finally {
      expect((await rules({ submissionDeadline: original })).body.submissionDeadline).toBe(original);
    }
    expect((await post('drafter2', `/api/documents/${created.body.id}/submit`)).status).toBe(200);
  });

  it('lets only staff record outcomes, along the workflow', async () => {
    const qualified = await byCode('staff', 'CR01-A01');
    expect(qualified.status).toBe('qualified');
    expect((await post('drafter2', `/api/documents/${qualified.id}/status`, { status: 'adopted' })).status).toBe(403);
    expect((await post('staff', `/api/documents/${qualified.id}/status`, { status: 'draft' })).status).toBe(409);
    const adopted = await post<DocumentSummary>('staff', `/api/documents/${qualified.id}/status`, { status: 'adopted', note: 'Carried on the floor.' });
    expect(adopted.body.status).toBe('adopted');
    const invalid = await post('staff', `/api/documents/${qualified.id}/status`, { status: 'bogus' });
    expect(invalid.status).toBe(400);
  });

  it('lets staff correct an outcome recorded by mistake, on the record, until a final text is made from it', async () => {
    const base = await newSubmitted('Resolved, that outcomes can be corrected until the final text.');
    const fork = await post<DocumentSummary>('drafter2', `/api/documents/${base.id}/amendments`, { title: 'An amendment voted on' });
    expect((await post('drafter2', `/api/documents/${fork.body.id}/submit`)).status).toBe(200);
    const adopted = await post<DocumentSummary>('staff', `/api/documents/${fork.body.id}/status`, { status: 'adopted', note: 'Carried on the floor.' });
    expect(adopted.body.status).toBe('adopted');
    const amendment = adopted.body;
    expect((await post('drafter', `/api/documents/${amendment.id}/status`, { status: 'failed' })).status).toBe(403);
    const corrected = await post<DocumentSummary>('staff', `/api/documents/${amendment.id}/status`, { status: 'failed', note: 'Recorded on the wrong amendment.' });
    expect(corrected.body.status).toBe('failed');
    expect((await post<DocumentSummary>('staff', `/api/documents/${amendment.id}/status`, { status: 'adopted' })).body.status).toBe('adopted');
    const events = await getJson<{ fromStatus: string; toStatus: string; note: string | null }[]>(s.url, `/api/documents/${amendment.id}/events`, token.delegate);
    expect(events.body.slice(-3).map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual(['submitted>adopted', 'adopted>failed', 'failed>adopted']);
    expect(events.body.at(-2)?.note).toBe('Recorded on the wrong amendment.');
    // Once the base's final text is made from it, the outcome stands.
    const final = await post<DocumentSummary>('staff', `/api/documents/${base.id}/final`, { amendmentIds: [amendment.id] });
    expect(final.status).toBe(201);
    expect(final.body.status).toBe('final');
    const late = await post<{ error: { code: string } }>('staff', `/api/documents/${amendment.id}/status`, { status: 'failed' });
    expect(late.status).toBe(409);
    expect((await getJson<DocumentSummary>(s.url, `/api/documents/${amendment.id}`, token.staff)).body.status).toBe('adopted');
  });

  it('lets a caucus withdraw its own submitted text, not another caucus', async () => {
    const a02 = await byCode('staff', 'CR01-A03');
    expect((await post('drafter', `/api/documents/${a02.id}/status`, { status: 'withdrawn' })).status).toBe(403);
    const withdrawn = await post<DocumentSummary>('drafter2', `/api/documents/${a02.id}/status`, { status: 'withdrawn' });
    expect(withdrawn.body.status).toBe('withdrawn');
  });
});

describe('versions of a consensus text', () => {
  it('lets the committee publish v2 without changing v1 or the live text', async () => {
    const cr01 = await byCode('committee', 'CR01');
    expect(cr01.canEdit).toBe(true);
    const v1Before = await getJson<DocumentText>(s.url, `/api/documents/${cr01.id}/versions/1`, token.delegate);
    // Nothing changed since v1: publishing again would make a copy of it.
    const unchanged = await post<{ error: { message: string } }>('committee', `/api/documents/${cr01.id}/versions`);
    expect(unchanged.status).toBe(409);
    expect(unchanged.body.error.message).toBe('Nothing to publish: the text is the same as v1.');
    await s.app.rooms.edit(cr01.id, (ydoc) => appendParagraph(ydoc, 'Resolved, that the committee report twice a year.'));
    const published = await post<VersionSummary>('committee', `/api/documents/${cr01.id}/versions`);
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(2);
    const v1After = await getJson<DocumentText>(s.url, `/api/documents/${cr01.id}/versions/1`, token.delegate);
    expect(v1After.body).toEqual(v1Before.body);
    expect((await post('delegate', `/api/documents/${cr01.id}/versions`)).status).toBe(403);
  });
});
