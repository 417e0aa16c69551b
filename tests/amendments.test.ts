import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startServer, type TestServer } from './helpers/server';
import { documentsOf, getJson, sendJson } from './helpers/api';
import * as Y from 'yjs';
import { appendParagraph, connect, synced, until } from './helpers/yclient';
import type { RebaseProposal, CompareResponse, ConflictMapResponse, DocumentSummary, DocumentText, FinalPreview } from '../shared/api';

let s: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'delegate', 'member', 'committee']) token[who] = await login(s.url, `${who}@demo.test`);
});
afterAll(() => s.close());

const post = <T = unknown>(who: string, path: string, body: unknown = {}) => sendJson<T>(s.url, 'POST', path, body, token[who]);
const byCode = async (who: string, code: string) => (await documentsOf(s.url, token[who])).find((d) => d.code === code)!;
const textOf = async (who: string, path: string) => (await getJson<DocumentText>(s.url, path, token[who])).body;

describe('starting an amendment', () => {
  it('copies the published version into a private caucus draft', async () => {
    const cr01 = await byCode('drafter', 'CR01');
    const fork = await post<DocumentSummary>('drafter', `/api/documents/${cr01.id}/amendments`, { title: 'Name the languages', rationale: 'Members read in many languages.' });
    expect(fork.status).toBe(201);
    expect(fork.body).toMatchObject({ kind: 'amendment', status: 'draft', baseId: cr01.id, baseVersion: 1, canEdit: true, title: 'Name the languages' });
    const v1 = await textOf('drafter', `/api/documents/${cr01.id}/versions/1`);
    const live = await textOf('drafter', `/api/documents/${fork.body.id}/text`);
    expect(live.blocks).toEqual(v1.blocks);
    expect((await getJson(s.url, `/api/documents/${fork.body.id}/text`, token.drafter2)).status).toBe(404);
    expect((await post('drafter2', `/api/documents/${fork.body.id}/amendments`, { title: 'Sneaky' })).status).toBe(404);
    expect((await post('drafter', `/api/documents/${fork.body.id}/amendments`, { title: 'Of a draft' })).status).toBe(409);
  });

  it('is for caucus drafters only', async () => {
    const cr01 = await byCode('member', 'CR01');
    const refused = await post<{ error: { code: string } }>('member', `/api/documents/${cr01.id}/amendments`, { title: 'Mine' });
    expect(refused.status).toBe(403);
    const unknownVersion = await post('drafter', `/api/documents/${cr01.id}/amendments`, { title: 'Old', version: 9 });
    expect(unknownVersion.status).toBe(404);
  });

  it('gives a secondary amendment a code under its amendment', async () => {
    const a02 = await byCode('drafter', 'CR01-A02');
    const secondary = await post<DocumentSummary>('drafter', `/api/documents/${a02.id}/amendments`, { title: 'Narrow the exchanges' });
    expect(secondary.status).toBe(201);
    const submitted = await post<DocumentSummary>('drafter', `/api/documents/${secondary.body.id}/submit`);
    expect(submitted.body.code).toBe('CR01-A02-S01');
    const list = await getJson<DocumentSummary[]>(s.url, `/api/documents/${a02.id}/amendments`, token.delegate);
    expect(list.body.map((d) => d.code)).toContain('CR01-A02-S01');
  });
});

describe('reading amendments against their base', () => {
  it("shows an amendment's redline and the instructions that name base lines", async () => {
    const a04 = await byCode('delegate', 'CR01-A04');
    const { status, body } = await getJson<CompareResponse>(s.url, `/api/documents/${a04.id}/redline`, token.delegate);
    expect(status).toBe(200);
    expect(body.left).toMatchObject({ code: 'CR01', version: 1 });
    expect(body.redline.instructions.length).toBeGreaterThan(0);
    const strike = body.redline.instructions[0];
    expect(strike.text).toMatch(/[Ss]trike/);
    expect(strike.fromLine).toBeGreaterThan(0);
    const v1 = await textOf('delegate', `/api/documents/${body.left.documentId}/versions/1`);
    const baseText = body.redline.segments.filter((seg) => seg.type !== 'insert').map((seg) => seg.text).join('');
    expect(baseText).toBe(v1.blocks.map((b) => b.text).join('\n'));
  });

  it('compares two versions and two amendments, and refuses what the reader may not see', async () => {
    const a05 = await byCode('delegate', 'CR01-A05');
    const a07 = await byCode('delegate', 'CR01-A07');
    const both = await getJson<CompareResponse>(s.url, `/api/compare?left=${a05.id}&right=${a07.id}`, token.delegate);
    expect(both.status).toBe(200);
    expect(both.body.redline.segments.some((seg) => seg.type !== 'equal')).toBe(true);
    const draft = (await documentsOf(s.url, token.drafter)).find((d) => d.status === 'draft' && d.kind === 'amendment')!;
    expect((await getJson(s.url, `/api/compare?left=${a05.id}&right=${draft.id}`, token.delegate)).status).toBe(404);
    expect((await getJson(s.url, `/api/compare?left=${a05.id}&right=x;DROP TABLE documents`, token.delegate)).status).toBe(400);
  });

  it('maps which amendments touch which lines, and names the pair that fights over the delegations clause', async () => {
    const cr01 = await byCode('delegate', 'CR01');
    const { body } = await getJson<ConflictMapResponse>(s.url, `/api/documents/${cr01.id}/conflicts`, token.delegate);
    const code = new Map(body.amendments.map((a) => [a.id, a.code]));
    expect(body.amendments.length).toBeGreaterThanOrEqual(6);
    const pairs = body.conflicts.map((c) => [code.get(c.a), code.get(c.b)].sort().join(' & '));
    expect(pairs).toContain('CR01-A05 & CR01-A07');
    const a05 = body.amendments.find((a) => a.code === 'CR01-A05')!;
    for (const line of body.lines.filter((l) => l.line >= a05.ranges[0].from && l.line <= a05.ranges[0].to)) {
      expect(line.amendments).toContain(a05.id);
    }
  });
});

describe('from consensus text to final text', () => {
  it('merges adopted amendments into the final version, and refuses colliding ones unless resolved by hand', async () => {
    // Its own server: a final CR01 takes no new amendments, which the other tests here start.
    const own = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    try {
      const t = { staff: await login(own.url, 'staff@demo.test'), delegate: await login(own.url, 'delegate@demo.test') };
      await mergeIntoFinal(own, t);
    } finally {
      await own.close();
    }
  });
});

/** Staff merge CR01-A04 and A05 into CR01's final version on `s`; A07 collides with A05 and is refused. */
async function mergeIntoFinal(s: TestServer, token: Record<'staff' | 'delegate', string>): Promise<void> {
  const post = <T = unknown>(who: keyof typeof token, path: string, body: unknown = {}) => sendJson<T>(s.url, 'POST', path, body, token[who]);
  const byCode = async (who: keyof typeof token, code: string) => (await documentsOf(s.url, token[who])).find((d) => d.code === code)!;
  const textOf = async (who: keyof typeof token, path: string) => (await getJson<DocumentText>(s.url, path, token[who])).body;
  const cr01 = await byCode('staff', 'CR01');
  const a05 = await byCode('staff', 'CR01-A05');
  const a07 = await byCode('staff', 'CR01-A07');
  const a04 = await byCode('staff', 'CR01-A04');
  expect((await post('delegate', `/api/documents/${cr01.id}/final/preview`, { amendmentIds: [a04.id] })).status).toBe(403);
  const preview = await post<FinalPreview>('staff', `/api/documents/${cr01.id}/final/preview`, { amendmentIds: [a04.id, a05.id, a07.id] });
  expect(preview.status).toBe(200);
  expect(preview.body.merged).toEqual(['CR01-A04', 'CR01-A05']);
  expect(preview.body.conflicts[0]).toMatchObject({ amendment: 'CR01-A07', conflictsWith: 'CR01-A05' });
  const refused = await post<{ error: { message: string } }>('staff', `/api/documents/${cr01.id}/final`, { amendmentIds: [a04.id, a05.id, a07.id] });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toMatch(/CR01-A07/);

  const final = await post<DocumentSummary>('staff', `/api/documents/${cr01.id}/final`, { amendmentIds: [a04.id, a05.id] });
  expect(final.status).toBe(201);
  expect(final.body.status).toBe('final');
  const versions = await getJson<{ version: number }[]>(s.url, `/api/documents/${cr01.id}/versions`, token.delegate);
  const finalText = await textOf('delegate', `/api/documents/${cr01.id}/versions/${versions.body[0].version}`);
  expect(finalText.blocks).toEqual(preview.body.blocks);
  expect((await byCode('delegate', 'CR01-A05')).status).toBe('adopted');
  const map = await getJson<ConflictMapResponse>(s.url, `/api/documents/${cr01.id}/conflicts`, token.delegate);
  expect(map.body.version).toBe(1);
  expect(map.body.amendments.length).toBeGreaterThan(0);
}

describe('a revised base text', () => {
  it('rebases open amendments onto v2; the caucus sees what changed and accepts', async () => {
    // Its own server: publishing v2 here must not disturb the merge test, which merges into v1.
    const own = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
    const t = { drafter: await login(own.url, 'drafter@demo.test'), drafter2: await login(own.url, 'drafter2@demo.test'), committee: await login(own.url, 'committee@demo.test') };
    const post = <T = unknown>(who: keyof typeof t, path: string, body: unknown = {}) => sendJson<T>(own.url, 'POST', path, body, t[who]);
    const token = t;
    const byCode = async (who: keyof typeof t, code: string) => (await documentsOf(own.url, t[who])).find((d) => d.code === code)!;
    const s = own;
    const cr01 = await byCode('committee', 'CR01');
    const fork = await post<DocumentSummary>('drafter', `/api/documents/${cr01.id}/amendments`, { title: 'Add a reporting duty' });
    const drafting = connect(s.wsUrl, fork.body.id, token.drafter);
    await synced(drafting);
    appendParagraph(drafting.doc, 'Resolved, that the committee report to every chapter twice a year.');

    const committee = connect(s.wsUrl, cr01.id, token.committee);
    await synced(committee);
    const first = committee.doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(0, 'Revised: ');
    const serverHas = async (id: string, who: keyof typeof t, words: string) => JSON.stringify((await getJson(s.url, `/api/documents/${id}/text`, t[who])).body).includes(words);
    await until(() => serverHas(cr01.id, 'committee', 'Revised: '), 'the committee edit to reach the server');
    await until(() => serverHas(fork.body.id, 'drafter', 'twice a year'), "the drafter's edit to reach the server");
    const v2 = await post<{ version: number }>('committee', `/api/documents/${cr01.id}/versions`);
    expect(v2.body.version).toBe(2);

    const proposal = await getJson<RebaseProposal>(s.url, `/api/documents/${fork.body.id}/rebase`, token.drafter);
    expect(proposal.body).toMatchObject({ status: 'pending', fromVersion: 1, toVersion: 2, unapplied: [] });
    const rebasedText = proposal.body.blocks.map((b) => b.text).join('\n');
    expect(rebasedText).toContain('Revised: ');
    expect(rebasedText).toContain('Resolved, that the committee report to every chapter twice a year.');
    expect((await post('drafter2', `/api/documents/${fork.body.id}/rebase/accept`)).status).toBe(404);

    const accepted = await post<DocumentSummary>('drafter', `/api/documents/${fork.body.id}/rebase/accept`);
    expect(accepted.body.baseVersion).toBe(2);
    await until(() => drafting.text() === rebasedText, 'the open editor to receive the rebased text');
    const redline = await getJson<CompareResponse>(s.url, `/api/documents/${fork.body.id}/redline`, token.drafter);
    expect(redline.body.left.version).toBe(2);
    expect(redline.body.redline.instructions).toHaveLength(1);

    // A submitted amendment (of drafter2's caucus): accepting gives it a new version, and its text
    // (what its page and every live reader show) is that version, not the one it was submitted with.
    const submitted = await byCode('drafter2', 'CR01-A03');
    expect(submitted.status).toBe('submitted');
    const reader = connect(s.wsUrl, submitted.id, token.drafter);
    await synced(reader);
    const pending = await getJson<RebaseProposal>(s.url, `/api/documents/${submitted.id}/rebase`, token.drafter2);
    expect(pending.body).toMatchObject({ status: 'pending', toVersion: 2 });
    expect((await post('drafter2', `/api/documents/${submitted.id}/rebase/accept`)).status).toBe(200);
    const versions = await getJson<{ version: number; baseVersion: number | null }[]>(s.url, `/api/documents/${submitted.id}/versions`, token.drafter);
    // Each version names the base version it amends: the first still amends v1.
    expect(versions.body.map((v) => [v.version, v.baseVersion])).toEqual([[2, 2], [1, 1]]);
    const history = await getJson<{ action: string }[]>(s.url, `/api/documents/${submitted.id}/events`, token.drafter);
    expect(history.body.map((event) => event.action)).toContain('rebased from base v1 to v2, now v2 of this text');
    const newest = await getJson<{ blocks: { text: string }[] }>(s.url, `/api/documents/${submitted.id}/versions/${versions.body[0]!.version}`, token.drafter);
    const live = await getJson<{ blocks: { text: string }[] }>(s.url, `/api/documents/${submitted.id}/text`, token.drafter);
    const newestText = newest.body.blocks.map((b) => b.text).join('\n');
    expect(newestText).toContain('Revised: ');
    expect(live.body.blocks.map((b) => b.text).join('\n')).toBe(newestText);
    await until(() => reader.text() === newestText, 'a reader of the submitted amendment to receive its new version');
    reader.destroy();
    drafting.destroy();
    committee.destroy();
    await own.close();
  });
});
