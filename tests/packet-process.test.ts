import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { typesetPacket } from '../server/exports/packet-process';
import type { PacketInput } from '../server/exports/packet-input';

/**
 * The convention packet is typeset in a process of its own (server/exports/packet-process.ts).
 * The packet jobs' tests run it end to end; this checks what a job learns when that process
 * cannot make the file.
 */
describe('typesetting the packet in a process of its own', () => {
  it("fails with the typesetter's own reason, and leaves no process behind", async () => {
    // A packet whose item has no text: comparing it fails inside the typesetting process.
    const broken = { items: [{ doc: { code: 'R99', title: 'Broken' } }], width: 72 } as unknown as PacketInput;
    const progress: string[] = [];
    await expect(typesetPacket(broken, 'pdf', (_fraction, message) => progress.push(message))).rejects.toThrow(/reading 'base'/);
    // It reported how far it got before it failed, as the progress bar shows it.
    expect(progress).toContain('comparing R99');
    // Test files run in processes of their own (vite.config.ts): any child of this one is the typesetter's.
    expect(readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim()).toBe('');
  }, 30_000);
});
