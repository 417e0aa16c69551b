/** Export jobs over HTTP: start the convention packet, poll a job until its file is done, download it. */
import { expect } from 'vitest';
import { getJson, sendJson } from './api';

export interface JobState {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  message: string;
  downloadUrl: string | null;
}

/** Polls a job on `baseUrl` until it is done (failing on 'failed'), and returns its last state. */
export async function untilDone(baseUrl: string, jobId: string, token: string): Promise<JobState> {
  for (let i = 0; i < 1200; i++) {
    const { status, body } = await getJson<JobState>(baseUrl, `/api/exports/jobs/${jobId}`, token);
    expect(status).toBe(200);
    expect(body.status).not.toBe('failed');
    if (body.status === 'done') return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** Starts the convention packet's job as `token` (staff); expects it accepted. */
export async function startPacket(baseUrl: string, format: 'pdf' | 'docx', token: string): Promise<JobState> {
  const started = await sendJson<JobState>(baseUrl, 'POST', '/api/exports/packet', { format }, token);
  expect(started.status).toBe(202);
  return started.body;
}

/** Downloads a file (a job's `downloadUrl`) as `token`; expects 200. */
export async function downloadBytes(baseUrl: string, path: string, token: string): Promise<Buffer> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
