/**
 * `plenary import FILE`, run for real (node bin/plenary.js) against a real
 * server: the draft is the token's user's caucus's, notes go to standard
 * error, and a file the server cannot read is one line and a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentText } from '../../shared/api';
import { documentsOf, getJson } from '../helpers/api';
import { login, startServer, type TestServer } from '../helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'plenary.js');

function plenary(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let server: TestServer;
let dir: string;
let token: string;

beforeAll(async () => {
  server = await startServer();
  token = await login(server.url, 'drafter@demo.test');
  dir = mkdtempSync(join(tmpdir(), 'plenary-import-cli-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

describe('plenary import', () => {
  it("imports a file as a draft of the token's caucus, with the notes on standard error", async () => {
    const file = join(dir, 'page.html');
    writeFileSync(file, '<h1>Solidarity Funds</h1><p><b>Whereas</b> strikes need funds;</p><p>Resolved, that we raise them.</p><img src="x.png">');
    const run = await plenary({ PLENARY_TOKEN: token }, 'import', file, '--server', server.url);
    expect(run.stderr).toBe("note: 1 image was left out: a resolution's text is words only.\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Imported “Solidarity Funds” as a resolution draft of Common Ground Caucus: http:\/\/127\.0\.0\.1:\d+\/#\/documents\/[\w-]+\n$/);
    const id = /documents\/([\w-]+)/.exec(run.stdout)![1];
    const text = await getJson<DocumentText>(server.url, `/api/documents/${id}/text`, token);
    expect(text.body.blocks).toEqual([
      { kind: 'title', text: 'Solidarity Funds' },
      { kind: 'whereas', text: 'Whereas strikes need funds;' },
      { kind: 'resolved', text: 'Resolved, that we raise them.' },
    ]);
  });

  it('says in one line why a file was not imported, and creates nothing', async () => {
    const before = (await documentsOf(server.url, token)).length;
    const file = join(dir, 'binary.md');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    const run = await plenary({}, 'import', file, '--server', server.url, '--token', token);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('plenary: binary.md: “binary.md” is not a text file (it holds binary data).\n');
    expect((await documentsOf(server.url, token)).length).toBe(before);
    const noToken = await plenary({ PLENARY_TOKEN: '' }, 'import', file, '--server', server.url);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^plenary: plenary import needs --token TOKEN/);
  });
});
