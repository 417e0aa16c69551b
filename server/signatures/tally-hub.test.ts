import { afterEach, describe, expect, it, vi } from 'vitest';
import { TALLY_EVENT_DELAY_MS, TallyHub } from './tally-hub';

afterEach(() => vi.useRealTimers());

describe('the tally hub', () => {
  it('gathers a burst of changes into one delivery and recounts each document once', async () => {
    vi.useFakeTimers();
    const count = vi.fn(async (id: string) => ({ id }));
    const hub = new TallyHub(count);
    const seen: string[][] = [];
    hub.subscribe((changed, countOf) => seen.push([...changed].map((id) => countOf(id)!.id)));
    hub.subscribe((changed, countOf) => [...changed].forEach((id) => countOf(id)));
    for (let i = 0; i < 50; i++) hub.notify(['doc1']);
    hub.notify(['doc2']);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(TALLY_EVENT_DELAY_MS);
    expect(seen).toEqual([['doc1', 'doc2']]);
    expect(count).toHaveBeenCalledTimes(2);
  });

  it('recounts only what someone listens to, and delivers one change after the other even when the first recount is slower', async () => {
    let calls = 0;
    const count = vi.fn(async (id: string) => {
      const n = ++calls;
      if (n === 1) await new Promise((resolve) => setTimeout(resolve, 30));
      return { id, n };
    });
    const hub = new TallyHub(count);
    const seen: number[] = [];
    hub.subscribe((_changed, countOf) => seen.push(countOf('watched')!.n), { documentId: 'watched' });
    hub.notify(['watched', 'nobody-listens']);
    const first = hub.flush();
    hub.notify(['watched']);
    await Promise.all([first, hub.flush()]);
    expect(count.mock.calls.map(([id]) => id)).toEqual(['watched', 'watched']);
    expect(seen).toEqual([1, 2]);
    hub.close();
  });

  it('keeps delivering to others when one listener throws, and stops after unsubscribe and close', async () => {
    const errors: unknown[] = [];
    const hub = new TallyHub(async () => 1, (error) => errors.push(error));
    const calls: number[] = [];
    hub.subscribe(() => {
      throw new Error('broken stream');
    });
    const stop = hub.subscribe(() => calls.push(1));
    hub.notify(['a']);
    await hub.flush();
    expect(calls).toEqual([1]);
    expect(errors).toHaveLength(1);
    stop();
    hub.notify(['a']);
    await hub.flush();
    expect(calls).toEqual([1]);
    hub.close();
    expect(hub.size).toBe(0);
  });

  it('forwards what changed on this process to other processes once per delivery, and never echoes what a peer reported', async () => {
    const hub = new TallyHub(async () => 1);
    const forwarded: string[][] = [];
    const heard: string[][] = [];
    hub.forwardTo((ids) => forwarded.push(ids));
    hub.subscribe((changed) => heard.push([...changed]));
    hub.notify(['signed-here']);
    hub.notify(['signed-here']);
    hub.notifyFromPeer(['signed-elsewhere']);
    await hub.flush();
    expect(forwarded).toEqual([['signed-here']]);
    expect(heard).toEqual([['signed-here', 'signed-elsewhere']]);
    hub.notifyFromPeer(['signed-elsewhere']);
    await hub.flush();
    expect(forwarded).toHaveLength(1);
    hub.close();
  });
});
