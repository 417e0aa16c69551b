/**
 * Export jobs are stored in the database: a restart (even a crash) does not lose
 * them, another server sharing the database answers their poll and download, and
 * the same input is served the file already made for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { login, makeDataDir, startServer, type TestServer } from './helpers/server';
import { spawnServer, type ServerProcess } from './helpers/process';
import { documentsOf, getJson, sendJson } from './helpers/api';
import { downloadBytes, startPacket, untilDone, type JobState } from './helpers/export-jobs';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('export jobs kept in the database', () => {
  it('finishes a job that was queued when its server was killed, once the server is back', async () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let server: ServerProcess = await spawnServer(dataDir);
    cleanups.push(() => server.kill());
    const staff = await login(server.url, 'staff@demo.test');
    const first = await startPacket(server.url, 'pdf', staff);
    const second = await startPacket(server.url, 'docx', staff);
    // One export runs at a time: the DOCX waits behind the PDF.
    const before = await getJson<JobState>(server.url, `/api/exports/jobs/${second.jobId}`, staff);
    expect(before.body.status).not.toBe('done');
    await server.kill();

    server = await spawnServer(dataDir);
    const pdf = await untilDone(server.url, first.jobId, staff);
    const docx = await untilDone(server.url, second.jobId, staff);
    expect((await downloadBytes(server.url, pdf.downloadUrl!, staff)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await downloadBytes(server.url, docx.downloadUrl!, staff)).subarray(0, 2).toString()).toBe('PK');
  }, 240_000);

  it('answers the poll and the download of a job started on another server sharing the database', async () => {
    const a: TestServer = await startServer();
    cleanups.push(() => a.close({ keepData: true }));
    const b: TestServer = await startServer({ dataDir: a.dataDir });
    cleanups.push(() => b.close());
    const staff = await login(a.url, 'staff@demo.test');
    const started = await startPacket(a.url, 'pdf', staff);
    // The session is a stored row: server B accepts the token server A issued.
    const done = await untilDone(b.url, started.jobId, staff);
    const fromB = await downloadBytes(b.url, done.downloadUrl!, staff);
    expect(fromB.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fromB.equals(await downloadBytes(a.url, done.downloadUrl!, staff))).toBe(true);
    // Only the staff member who started it sees it, on either server.
    const delegate = await login(b.url, 'delegate@demo.test');
    expect((await getJson(b.url, `/api/exports/jobs/${started.jobId}`, delegate)).status).toBe(403);
  }, 120_000);

  it('serves the same input the file already made for it, and a new one once the input changed', async () => {
    const s = await startServer();
    cleanups.push(() => s.close());
    const staff = await login(s.url, 'staff@demo.test');
    const first = await untilDone(s.url, (await startPacket(s.url, 'pdf', staff)).jobId, staff);
    const again = await untilDone(s.url, (await startPacket(s.url, 'pdf', staff)).jobId, staff);
    expect(again.jobId).not.toBe(first.jobId);
    const firstBytes = await downloadBytes(s.url, first.downloadUrl!, staff);
    expect((await downloadBytes(s.url, again.downloadUrl!, staff)).equals(firstBytes)).toBe(true);

    // A new signature changes a tally printed in the packet: the next packet is made anew.
    const delegate = await login(s.url, 'delegate@demo.test');
    const unsigned = (await documentsOf(s.url, delegate)).filter((d) => d.kind === 'amendment' && d.status === 'submitted');
    let signed = false;
    for (const doc of unsigned) {
      if ((await sendJson(s.url, 'POST', `/api/documents/${doc.id}/signatures`, undefined, delegate)).status === 201) {
        signed = true;
        break;
      }
    }
    expect(signed).toBe(true);
    const changed = await untilDone(s.url, (await startPacket(s.url, 'pdf', staff)).jobId, staff);
    expect((await downloadBytes(s.url, changed.downloadUrl!, staff)).equals(firstBytes)).toBe(false);
  }, 120_000);
});
