import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { login, makeDataDir } from './helpers/server';
import { spawnServer, type ServerProcess } from './helpers/process';
import { appendParagraph, connect, hasParagraph, synced, until, type Client } from './helpers/yclient';
import { findDocument } from './helpers/api';

const clients: Client[] = [];
const processes: ServerProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of processes.splice(0)) await p.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('nothing another client has seen is lost', () => {
  it('an edit relayed to another client survives SIGKILL of the server right after', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    let server = await spawnServer(dataDir);
    processes.push(server);
    const token = await login(server.url, 'drafter@demo.test');
    const draft = await findDocument(server.url, token, (d) => d.status === 'draft' && d.canEdit, 'an editable draft');
    const writer = connect(server.wsUrl, draft.id, token);
    const observer = connect(server.wsUrl, draft.id, token);
    clients.push(writer, observer);
    await Promise.all([synced(writer), synced(observer)]);

    appendParagraph(writer.doc, 'Typed seconds before the crash.');
    await until(() => hasParagraph(observer, 'Typed seconds before the crash.'), 'the observer to see the edit', 5_000);
    await server.kill();
    writer.provider.disconnect();
    observer.provider.disconnect();
    const seen = observer.text();

    server = await spawnServer(dataDir);
    processes.push(server);
    const fresh = connect(server.wsUrl, draft.id, await login(server.url, 'drafter@demo.test'));
    clients.push(fresh);
    await synced(fresh);
    expect(fresh.text()).toBe(seen);
  });
});
