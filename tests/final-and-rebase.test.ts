/**
 * The paths no test walked: which amendments a final text may be made from,
 * the hand-resolved collision, another caucus deciding a rebase, dismissing
 * one, what a rebase does to collected signatures, changing a draft's title
 * and rationale, and a forged caucus on create. Each test builds its own texts
 * through the API and the sync socket, and would fail were its guard removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { login, startServer, type TestServer } from './helpers/server';
import { getJson, sendJson } from './helpers/api';
import { connect, synced, until } from './helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';
import type { DocumentSummary, DocumentText, VersionSummary } from '../shared/api';

let s: TestServer;
const token: Record<string, string> = {};
const CLAUSE = 'Resolved, that the committee meet monthly and report to every chapter.';

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'committee', 'delegate']) token[who] = await login(s.url, `${who}@demo.test`);
});
afterAll(() => s.close());

const post = <T = unknown>(who: string, path: string, body: unknown = {}) => sendJson<T>(s.url, 'POST', path, body, token[who]);
const get = <T>(who: string, path: string) => getJson<T>(s.url, path, token[who]);
type ErrorReply = { error: { code: string; message: string } };

/** Edits a text's live copy over the socket as `who` (replacing `from` by `to` in its first clause) and waits until the server has it. */
async function edit(who: string, id: string, from: string, to: string): Promise<void> {
  const client = connect(s.wsUrl, id, token[who]);
  await synced(client);
  const fragment = client.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const clause = fragment.toArray().find((node) => node instanceof Y.XmlElement && node.toString().includes(from)) as Y.XmlElement;
  const text = clause.get(0) as Y.XmlText;
  const at = text.toString().indexOf(from);
  client.doc.transact(() => {
    text.delete(at, from.length);
    text.insert(at, to);
  });
  await until(async () => JSON.stringify((await get(who, `/api/documents/${id}/text`)).body).includes(to), 'the edit to reach the server');
  client.destroy();
}

/** A consensus text of the committee with one clause, submitted as v1. */
async function consensus(): Promise<DocumentSummary> {
  const created = await post<DocumentSummary>('committee', '/api/documents', { kind: 'consensus', title: 'On meeting often' });
  const client = connect(s.wsUrl, created.body.id, token.committee);
  await synced(client);
  const paragraph = new Y.XmlElement('resolved');
  paragraph.insert(0, [new Y.XmlText(CLAUSE)]);
  client.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).push([paragraph]);
  const stateVector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
  await until(async () => (await post('committee', `/api/documents/${created.body.id}/submit`, { stateVector })).status === 200, 'the consensus text to be submitted');
  client.destroy();
  return (await get<DocumentSummary>('committee', `/api/documents/${created.body.id}`)).body;
}

/** An amendment of `base` by `who`'s caucus, optionally changing `from` to `to`, submitted unless `draft`. */
async function amendment(base: DocumentSummary, who: string, change?: [string, string], options: { draft?: boolean } = {}): Promise<DocumentSummary> {
  const fork = await post<DocumentSummary>(who, `/api/documents/${base.id}/amendments`, { title: `${who}'s amendment` });
  expect(fork.status).toBe(201);
  if (change) await edit(who, fork.body.id, ...change);
  if (!options.draft) expect((await post(who, `/api/documents/${fork.body.id}/submit`)).status).toBe(200);
  return (await get<DocumentSummary>(who, `/api/documents/${fork.body.id}`)).body;
}

describe('a final text is made only from submitted amendments of that text, on its newest version', () => {
  it('refuses draft, withdrawn and failed amendments, and another text\'s, and changes nothing', async () => {
    const base = await consensus();
    const other = await consensus();
    const draft = await amendment(base, 'drafter', undefined, { draft: true });
    const withdrawn = await amendment(base, 'drafter');
    expect((await post('drafter', `/api/documents/${withdrawn.id}/status`, { status: 'withdrawn' })).status).toBe(200);
    const failed = await amendment(base, 'drafter2');
    expect((await post('staff', `/api/documents/${failed.id}/status`, { status: 'failed' })).status).toBe(200);
    const elsewhere = await amendment(other, 'drafter');
    for (const [what, id, status] of [['a draft', draft.id, 409], ['a withdrawn amendment', withdrawn.id, 409], ['a failed amendment', failed.id, 409], ["another text's amendment", elsewhere.id, 400]] as const) {
      const refused = await post<ErrorReply>('staff', `/api/documents/${base.id}/final`, { amendmentIds: [id] });
      expect(refused.status, what).toBe(status);
      expect(refused.body.error.code, what).toEqual(expect.any(String));
    }
    expect((await get<DocumentSummary>('staff', `/api/documents/${base.id}`)).body.status).toBe('submitted');
    expect((await get<VersionSummary[]>('staff', `/api/documents/${base.id}/versions`)).body).toHaveLength(1);
  });

  it('refuses an amendment drafted on an older version until its caucus accepts the rebase', async () => {
    const base = await consensus();
    const old = await amendment(base, 'drafter', ['monthly', 'weekly']);
    await edit('committee', base.id, 'every chapter', 'every chapter and caucus');
    expect((await post('committee', `/api/documents/${base.id}/versions`)).status).toBe(201);
    const refused = await post<ErrorReply>('staff', `/api/documents/${base.id}/final`, { amendmentIds: [old.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('drafted against v1');
    expect((await post('drafter', `/api/documents/${old.id}/rebase/accept`)).status).toBe(200);
    const final = await post<DocumentSummary>('staff', `/api/documents/${base.id}/final`, { amendmentIds: [old.id] });
    expect(final.status).toBe(201);
    const text = await get<DocumentText>('delegate', `/api/documents/${base.id}/versions/3`);
    expect(text.body.blocks.at(-1)?.text).toBe('Resolved, that the committee meet weekly and report to every chapter and caucus.');
  });

  it('takes a collision only resolved by hand, as Markdown, and records that it was', async () => {
    const base = await consensus();
    const weekly = await amendment(base, 'drafter', ['monthly', 'weekly']);
    const yearly = await amendment(base, 'drafter2', ['monthly', 'yearly']);
    const both = { amendmentIds: [weekly.id, yearly.id] };
    const collision = await post<ErrorReply>('staff', `/api/documents/${base.id}/final`, both);
    expect(collision.status).toBe(409);
    expect(collision.body.error.message).toContain('Resolve these by hand');
    const markdown = '# On meeting often\n\nResolved, that the committee meet every other week and report to every chapter.\n';
    const preview = await post<{ blocks: { text: string }[]; conflicts: unknown[] }>('staff', `/api/documents/${base.id}/final/preview`, { ...both, markdown });
    expect(preview.body.conflicts.length).toBeGreaterThan(0);
    expect(preview.body.blocks.at(-1)?.text).toContain('every other week');
    const final = await post<DocumentSummary>('staff', `/api/documents/${base.id}/final`, { ...both, markdown });
    expect(final.status).toBe(201);
    expect(final.body.status).toBe('final');
    const v2 = await get<DocumentText>('delegate', `/api/documents/${base.id}/versions/2`);
    expect(v2.body.blocks.map((b) => b.text)).toEqual(['On meeting often', 'Resolved, that the committee meet every other week and report to every chapter.']);
    const events = await get<{ action: string; note: string | null }[]>('delegate', `/api/documents/${base.id}/events`);
    expect(events.body.at(-1)).toMatchObject({ action: 'final text (v2)', note: 'merged 2 amendment(s), conflicts resolved by hand' });
    for (const id of both.amendmentIds) expect((await get<DocumentSummary>('staff', `/api/documents/${id}`)).body.status).toBe('adopted');
  });
});

describe('rebasing a submitted amendment onto a new version', () => {
  async function pendingRebase(): Promise<{ base: DocumentSummary; amendment: DocumentSummary }> {
    const base = await consensus();
    const submitted = await amendment(base, 'drafter', ['monthly', 'weekly']);
    await edit('committee', base.id, 'every chapter', 'every chapter and caucus');
    expect((await post('committee', `/api/documents/${base.id}/versions`)).status).toBe(201);
    await until(async () => (await get<{ status: string } | null>('drafter', `/api/documents/${submitted.id}/rebase`)).body?.status === 'pending', 'the rebase to be proposed');
    return { base, amendment: submitted };
  }

  it('lets only the drafting caucus decide: another caucus, staff and a delegate are refused and nothing changes', async () => {
    const { amendment: submitted } = await pendingRebase();
    for (const who of ['drafter2', 'staff', 'delegate']) {
      for (const decision of ['accept', 'dismiss']) expect((await post(who, `/api/documents/${submitted.id}/rebase/${decision}`)).status, `${who} ${decision}`).toBe(403);
    }
    expect((await get<{ status: string }>('drafter', `/api/documents/${submitted.id}/rebase`)).body.status).toBe('pending');
    expect((await get<DocumentSummary>('drafter', `/api/documents/${submitted.id}`)).body.baseVersion).toBe(1);
  });

  it('dismissing keeps the amendment on the version it was drafted on, and there is then nothing left to decide', async () => {
    const { amendment: submitted } = await pendingRebase();
    const dismissed = await post<DocumentSummary>('drafter', `/api/documents/${submitted.id}/rebase/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.baseVersion).toBe(1);
    expect((await get<{ status: string }>('drafter', `/api/documents/${submitted.id}/rebase`)).body.status).toBe('dismissed');
    expect((await get<VersionSummary[]>('drafter', `/api/documents/${submitted.id}/versions`)).body).toHaveLength(1);
    expect((await post('drafter', `/api/documents/${submitted.id}/rebase/accept`)).status).toBe(409);
  });

  it('keeps the signatures collected before the rebase (the rule in README: kept), and the signers still count', async () => {
    const { amendment: submitted } = await pendingRebase();
    expect((await post('delegate', `/api/documents/${submitted.id}/signatures`)).status).toBe(201);
    expect((await post('drafter2', `/api/documents/${submitted.id}/signatures`)).status).toBe(201);
    const before = (await get<{ count: number }>('staff', `/api/documents/${submitted.id}/tally`)).body.count;
    expect(before).toBe(2);
    const accepted = await post<DocumentSummary>('drafter', `/api/documents/${submitted.id}/rebase/accept`);
    expect(accepted.body.baseVersion).toBe(2);
    expect((await get<VersionSummary[]>('drafter', `/api/documents/${submitted.id}/versions`)).body.map((v) => v.version)).toEqual([2, 1]);
    const after = await get<{ count: number; signedByMe: boolean }>('delegate', `/api/documents/${submitted.id}/tally`);
    expect(after.body).toMatchObject({ count: before, signedByMe: true });
    // A signer may still withdraw, as before the rebase.
    expect((await sendJson(s.url, 'DELETE', `/api/documents/${submitted.id}/signatures`, undefined, token.delegate)).status).toBe(200);
    expect((await get<{ count: number }>('staff', `/api/documents/${submitted.id}/tally`)).body.count).toBe(before - 1);
  });
});

describe('a draft\'s title and rationale, and its caucus', () => {
  it("lets the caucus rename its amendment and change its rationale; a resolution's title lives in its text", async () => {
    const base = await consensus();
    const draft = await amendment(base, 'drafter', undefined, { draft: true });
    const renamed = await sendJson<DocumentSummary>(s.url, 'PATCH', `/api/documents/${draft.id}`, { title: 'A better name', rationale: 'Because.' }, token.drafter);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'A better name', rationale: 'Because.' });
    expect((await get<DocumentSummary>('drafter', `/api/documents/${draft.id}`)).body.title).toBe('A better name');
    const resolution = await post<DocumentSummary>('drafter', '/api/documents', { kind: 'resolution', title: 'Named in its text' });
    const refused = await sendJson<ErrorReply>(s.url, 'PATCH', `/api/documents/${resolution.body.id}`, { title: 'Renamed' }, token.drafter);
    expect(refused.status).toBe(400);
    expect((await get<DocumentSummary>('drafter', `/api/documents/${resolution.body.id}`)).body.title).toBe('Named in its text');
  });

  it('refuses a draft started for a caucus the drafter does not belong to, and creates nothing', async () => {
    const me = await get<{ user: { caucuses: { id: string }[] } }>('drafter2', '/api/auth/me');
    const theirs = me.body.user.caucuses[0]!.id;
    const before = (await get<DocumentSummary[]>('drafter2', '/api/documents')).body.length;
    for (const body of [{ kind: 'resolution', title: 'Forged', caucusId: theirs }, { kind: 'consensus', title: 'Forged', caucusId: theirs }]) {
      const forged = await post<ErrorReply>('drafter', '/api/documents', body);
      expect(forged.status, body.kind).toBe(403);
      expect(forged.body.error.code).toBe('FORBIDDEN');
    }
    const base = await consensus();
    expect((await post('drafter', `/api/documents/${base.id}/amendments`, { title: 'Forged', caucusId: theirs })).status).toBe(403);
    expect((await get<DocumentSummary[]>('drafter2', '/api/documents')).body.length).toBe(before + 1); // only the consensus text made here
  });
});
