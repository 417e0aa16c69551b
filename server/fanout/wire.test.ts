import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeFrame, encodeFrame, FRAME_UPDATE, SENDER_BYTES } from './wire';

describe('the messages processes exchange', () => {
  it('a frame carries its kind, sender, journal row id and update bytes unchanged', () => {
    const sender = Buffer.alloc(SENDER_BYTES, 7);
    const update = new Uint8Array([1, 2, 3, 250]);
    const frame = decodeFrame(encodeFrame(FRAME_UPDATE, sender, 9_007_199_254_740_991, update))!;
    expect(frame.kind).toBe(FRAME_UPDATE);
    expect(frame.sender.equals(sender)).toBe(true);
    expect(frame.journalId).toBe(9_007_199_254_740_991);
    expect([...frame.payload]).toEqual([...update]);
  });

  it('what is too short to be a frame, or an event of the wrong shape, is ignored', () => {
    expect(decodeFrame(Buffer.from([0, 1, 2]))).toBeNull();
    expect(decodeEvent('not json')).toBeNull();
    expect(decodeEvent(JSON.stringify({ sender: 'a', type: 'tallies', documentIds: [1] }))).toBeNull();
    expect(decodeEvent(JSON.stringify({ sender: 'a', type: 'evict', docId: 'd' }))).toBeNull();
    expect(decodeEvent(JSON.stringify({ sender: 'a', type: 'tallies', documentIds: ['d'] }))).toEqual({ sender: 'a', type: 'tallies', documentIds: ['d'] });
  });
});
