import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary, DocumentText } from '../shared/api';
import { numberLines } from '../shared/redline';
import type { PMNodeJSON, TextBlock } from '../shared/text';
import { MAX_IMPORT_BYTES } from '../server/import/limits';
import { documentsOf, findDocument, getJson } from './helpers/api';
import { login, startServer, type TestServer } from './helpers/server';
import { wordLikeResolution, wordWithoutText } from './helpers/word-fixtures';

type Imported = DocumentSummary & { warnings: string[] };
type ImportedAmendment = Imported & { applied: number; unmatched: { original: string; changed: string; reason: string }[] };

let server: TestServer;
let drafter: string;

/** POSTs a file (and fields) as multipart/form-data, as the browser's form does. */
async function upload<T>(path: string, token: string | null, fileName: string, bytes: Uint8Array | string, fields: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]), fileName);
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as T };
}

const importText = (token: string | null, fileName: string, bytes: Uint8Array | string, fields?: Record<string, string>) =>
  upload<Imported>('/api/documents/import', token, fileName, bytes, fields);

async function blocksOf(id: string, token: string): Promise<{ blocks: TextBlock[]; content: unknown }> {
  const { status, body } = await getJson<DocumentText>(server.url, `/api/documents/${id}/text`, token);
  expect(status).toBe(200);
  return { blocks: body.blocks, content: body.content };
}

/** The texts in a ProseMirror JSON document that carry `mark`, in order. */
function marked(content: unknown, mark: string): string[] {
  const out: string[] = [];
  const walk = (node: PMNodeJSON) => {
    if (node.type === 'text' && node.marks?.some((m) => m.type === mark)) out.push(node.text ?? '');
    node.content?.forEach(walk);
  };
  walk(content as PMNodeJSON);
  return out;
}

async function download(path: string, token: string): Promise<Uint8Array> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

beforeAll(async () => {
  server = await startServer();
  drafter = await login(server.url, 'drafter@demo.test');
});
afterAll(async () => server.close());

describe('importing a text', () => {
  it('reads a Word file: Title, headings by level, clauses, Word numbering as lists, bold and italic; comments, pictures and fields are named', async () => {
    const { status, body } = await importText(drafter, 'Housing.docx', await wordLikeResolution());
    expect(status).toBe(201);
    expect(body).toMatchObject({ kind: 'resolution', status: 'draft', title: 'Housing Justice Now', caucusName: 'Common Ground Caucus', canEdit: true, code: null });
    expect(body.warnings.join(' ')).toMatch(/1 comment was left out/);
    expect(body.warnings.join(' ')).toMatch(/1 image was left out/);
    expect(body.warnings.join(' ')).toMatch(/1 field was left out/);
    const { blocks, content } = await blocksOf(body.id, drafter);
    expect(blocks).toEqual([
      { kind: 'title', text: 'Housing Justice Now' },
      { kind: 'whereas', text: 'Whereas, rents rose faster than wages;' },
      { kind: 'whereas', text: 'WHEREAS tenants organise in forty chapters;' },
      { kind: 'heading', text: 'What We Will Do', level: 2 },
      { kind: 'resolved', text: 'Be it resolved, that the League backs tenant unions;' },
      { kind: 'heading', text: 'First steps', level: 3 },
      { kind: 'ordered', text: 'Train organisers', level: 0 },
      { kind: 'ordered', text: 'Fund a legal clinic', level: 0 },
      { kind: 'bullet', text: 'In every region', level: 0 },
      { kind: 'bullet', text: 'Starting in the north', level: 1 },
      { kind: 'resolved', text: 'Be it further resolved, that this is reviewed in .' },
    ]);
    expect(marked(content, 'em')).toEqual(['faster']);
    // The lead word is styled by the editor (small capitals), so its own bold is not kept.
    expect(marked(content, 'strong')).toEqual(['Fund']);
    // The draft is the caucus's own, as one started in the browser.
    const other = await login(server.url, 'drafter2@demo.test');
    expect((await getJson(server.url, `/api/documents/${body.id}`, other)).status).toBe(404);
  });

  it('reads Markdown: # is the title, ## and ### headings, nested lists, emphasis', async () => {
    const { status, body } = await importText(drafter, 'tenants.md', readFileSync('fixtures/import/tenants.md'));
    expect(status).toBe(201);
    expect(body.warnings).toEqual([]);
    const { blocks, content } = await blocksOf(body.id, drafter);
    expect(blocks).toEqual([
      { kind: 'title', text: 'Tenant Power in Every Chapter' },
      { kind: 'whereas', text: 'Whereas rents in most of our cities have risen twice as fast as wages;' },
      { kind: 'whereas', text: 'Whereas tenant unions have won where they organised building by building;' },
      { kind: 'heading', text: 'What the League Will Do', level: 2 },
      { kind: 'resolved', text: 'Be it resolved, that every chapter name a tenant organiser;' },
      { kind: 'resolved', text: 'Be it further resolved, that the League fund:' },
      { kind: 'ordered', text: 'a legal defence clinic;', level: 0 },
      { kind: 'ordered', text: 'organiser training, with', level: 0 },
      { kind: 'bullet', text: 'one weekend school a year', level: 1 },
      { kind: 'bullet', text: 'a mentor for each new organiser', level: 1 },
      { kind: 'heading', text: 'Review', level: 3 },
      { kind: 'paragraph', text: 'The National Committee reports on this work at the next convention.' },
    ]);
    expect(marked(content, 'strong')).toEqual(['twice as fast']);
    expect(marked(content, 'em')).toEqual(['building by building']);
  });

  it('reads a web page: its h1 is the title, h5 a level-4 heading, scripts and navigation are not text, the picture is named', async () => {
    const { status, body } = await importText(drafter, 'web-page.html', readFileSync('fixtures/import/web-page.html'), { title: 'Transit workers' });
    expect(status).toBe(201);
    expect(body.title).toBe('Transit workers');
    expect(body.warnings).toEqual(["1 image was left out: a resolution's text is words only."]);
    const { blocks } = await blocksOf(body.id, drafter);
    expect(blocks).toEqual([
      { kind: 'title', text: 'Transit workers' },
      { kind: 'paragraph', text: 'Home' },
      { kind: 'whereas', text: 'WHEREAS public transit cuts emissions and carries the working class;' },
      { kind: 'whereas', text: "Whereas transit workers' unions have asked for our support;" },
      { kind: 'heading', text: 'Resolutions', level: 2 },
      { kind: 'resolved', text: 'Resolved, that the League campaign for free fares;' },
      { kind: 'bullet', text: 'in every city with a chapter', level: 0 },
      { kind: 'bullet', text: 'starting with buses', level: 0 },
      { kind: 'heading', text: 'A note on funding', level: 4 },
      { kind: 'paragraph', text: 'Funding comes from the campaign budget.' },
    ]);
  });

  it('reads plain text: a short first line is the title, blank lines part paragraphs', async () => {
    const { status, body } = await importText(drafter, 'notes.txt', 'On Childcare at Meetings\r\n\r\nWhereas parents miss meetings\r\nfor want of childcare;\r\n\r\nResolved, that chapters provide it.\r\n');
    expect(status).toBe(201);
    expect((await blocksOf(body.id, drafter)).blocks).toEqual([
      { kind: 'title', text: 'On Childcare at Meetings' },
      { kind: 'whereas', text: 'Whereas parents miss meetings for want of childcare;' },
      { kind: 'resolved', text: 'Resolved, that chapters provide it.' },
    ]);
  });

  it('starts a consensus text only for a committee member, and asks who is calling', async () => {
    expect((await importText(null, 'a.md', '# A\n\ntext')).status).toBe(401);
    const member = await login(server.url, 'member@demo.test');
    expect((await importText(member, 'a.md', '# A\n\ntext')).body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await importText(drafter, 'a.md', '# A\n\ntext', { kind: 'consensus' })).status).toBe(403);
    expect((await importText(drafter, 'a.md', '# A\n\ntext', { kind: 'amendment' })).status).toBe(400);
    const committee = await login(server.url, 'committee@demo.test');
    const { status, body } = await importText(committee, 'a.md', '# A consensus\n\ntext', { kind: 'consensus' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ kind: 'consensus', caucusName: 'International Committee' });
  });
});

describe('bad files create nothing and get a clear 4xx', () => {
  const zipOf = async (files: Record<string, Uint8Array | string>) => {
    const zip = new JSZip();
    for (const [name, data] of Object.entries(files)) zip.file(name, data);
    return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
  };

  const cases: [string, () => Promise<[string, Uint8Array | string]>, number, string][] = [
    ['a truncated Word file', async () => ['cut.docx', (await wordLikeResolution()).slice(0, 3000)], 422, 'IMPORT_UNREADABLE'],
    ['a corrupt Word file (ZIP header, garbage after)', async () => ['corrupt.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)])], 422, 'IMPORT_UNREADABLE'],
    ['a ZIP that is not a Word file', async () => ['other.docx', await zipOf({ 'readme.txt': 'hello' })], 422, 'IMPORT_UNREADABLE'],
    ['a zip bomb', async () => ['bomb.docx', await zipOf({ 'word/document.xml': '<w:document/>', 'word/media/big.bin': new Uint8Array(66 * 1024 * 1024) })], 413, 'IMPORT_TOO_LARGE'],
    ['a Word file whose XML declares entities (a "billion laughs")', async () => ['laughs.docx', await zipOf({ 'word/document.xml': '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>' })], 422, 'IMPORT_UNREADABLE'],
    ['a file over the size limit', async () => ['huge.md', 'x'.repeat(MAX_IMPORT_BYTES + 1)], 413, 'IMPORT_TOO_LARGE'],
    ['a binary file renamed .md', async () => ['picture.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])], 422, 'IMPORT_UNREADABLE'],
    ['text that is not UTF-8', async () => ['latin1.txt', new Uint8Array([0x52, 0xe9, 0x73, 0x6f, 0x6c, 0x75, 0x74, 0x69, 0x6f, 0x6e])], 422, 'IMPORT_UNREADABLE'],
    ['an empty file', async () => ['empty.md', ''], 422, 'IMPORT_EMPTY'],
    ['a Word file with no text', async () => ['pictures.docx', await wordWithoutText()], 422, 'IMPORT_EMPTY'],
    ['a Markdown file of blank lines', async () => ['blank.md', '\n\n   \n'], 422, 'IMPORT_EMPTY'],
    ['a kind of file Plenary does not read', async () => ['sheet.xlsx', 'PK'], 415, 'IMPORT_UNSUPPORTED'],
  ];

  for (const [what, make, status, code] of cases) {
    it(`${what}: ${status} ${code}`, async () => {
      const before = (await documentsOf(server.url, drafter)).length;
      const [fileName, bytes] = await make();
      const response = await importText(drafter, fileName, bytes);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ error: { code } });
      expect((response.body as unknown as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
      expect((await documentsOf(server.url, drafter)).length).toBe(before);
      expect((await getJson(server.url, '/api/health')).status).toBe(200);
    });
  }

  it('a request that is not a multipart upload', async () => {
    const response = await fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { authorization: `Bearer ${drafter}`, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});

describe('a round trip through Word loses nothing', () => {
  it("importing the demo consensus text's own DOCX export gives back the same blocks and line numbers", async () => {
    const committee = await login(server.url, 'committee@demo.test');
    const consensus = await findDocument(server.url, committee, (doc) => doc.code === 'CR01', 'CR01');
    const original = await getJson<DocumentText>(server.url, `/api/documents/${consensus.id}/versions/1`, committee);
    const docx = await download(`/api/documents/${consensus.id}/export.docx?version=1`, committee);
    const { status, body } = await importText(committee, 'CR01.docx', docx, { kind: 'consensus' });
    expect(status).toBe(201);
    expect(body.warnings).toEqual([]);
    const imported = await blocksOf(body.id, committee);
    expect(imported.blocks).toEqual(original.body.blocks);
    expect(numberLines(imported.blocks).lines).toEqual(numberLines(original.body.blocks).lines);
  });
});

describe('a Word amendment read back', () => {
  const importAmendment = (baseId: string, token: string, fileName: string, bytes: Uint8Array, fields?: Record<string, string>) =>
    upload<ImportedAmendment>(`/api/documents/${baseId}/amendments/import`, token, fileName, bytes, fields);

  it("an amendment's DOCX redline (Word tracked changes) imported against its base gives back the amendment's text", async () => {
    const amendments = (await documentsOf(server.url, drafter)).filter((doc) => doc.kind === 'amendment' && doc.code?.startsWith('CR01-A'));
    expect(amendments.length).toBeGreaterThanOrEqual(5);
    for (const amendment of amendments) {
      const docx = await download(`/api/documents/${amendment.id}/redline.docx`, drafter);
      const { status, body } = await importAmendment(amendment.baseId!, drafter, `${amendment.code}.docx`, docx, { title: `Again: ${amendment.title}`, version: String(amendment.baseVersion) });
      expect(status, amendment.code!).toBe(201);
      expect(body).toMatchObject({ kind: 'amendment', status: 'draft', baseId: amendment.baseId, baseVersion: amendment.baseVersion, title: `Again: ${amendment.title}`, unmatched: [] });
      expect(body.applied, amendment.code!).toBeGreaterThan(0);
      const expected = (await getJson<DocumentText>(server.url, `/api/documents/${amendment.id}/versions/1`, drafter)).body.blocks;
      expect((await blocksOf(body.id, drafter)).blocks, amendment.code!).toEqual(expected);
    }
  });

  it('changes made to another text are listed, not applied', async () => {
    const amendment = await findDocument(server.url, drafter, (doc) => doc.code === 'CR01-A02', 'CR01-A02');
    const resolution = await findDocument(server.url, drafter, (doc) => doc.code === 'R01', 'R01');
    const docx = await download(`/api/documents/${amendment.id}/redline.docx`, drafter);
    const { status, body } = await importAmendment(resolution.id, drafter, 'wrong-base.docx', docx);
    expect(status).toBe(201);
    expect(body.applied).toBe(0);
    expect(body.unmatched.length).toBeGreaterThan(0);
    expect(body.unmatched[0].reason).toMatch(/not in this version/);
    expect(body.warnings.join(' ')).toMatch(/do(es)? not match R01 v1/);
    const base = (await getJson<DocumentText>(server.url, `/api/documents/${resolution.id}/versions/1`, drafter)).body.blocks;
    expect((await blocksOf(body.id, drafter)).blocks).toEqual(base);
  });

  it('a damaged file creates no amendment', async () => {
    const consensus = await findDocument(server.url, drafter, (doc) => doc.code === 'CR01', 'CR01');
    const before = (await documentsOf(server.url, drafter)).length;
    const response = await importAmendment(consensus.id, drafter, 'cut.docx', (await wordLikeResolution()).slice(0, 2000));
    expect(response.status).toBe(422);
    expect((await documentsOf(server.url, drafter)).length).toBe(before);
  });
});
