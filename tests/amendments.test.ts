import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startServer, type TestServer } from './helpers/server';
import { documentsOf, getJson, sendJson } from './helpers/api';
import type { DocumentSummary, DocumentText } from '../shared/api';

let s: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  s = await startServer({ loginAttemptsPerMinute: 1000 });
  for (const who of ['staff', 'drafter', 'drafter2', 'delegate', 'member']) token[who] = await login(s.url, `${who}@demo.test`);
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
