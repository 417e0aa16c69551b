/** One server-sent event as a client reads it. */
export interface ServerEvent {
  event: string;
  data: unknown;
}

/** Reads a `text/event-stream` response event by event, as EventSource would. */
export interface EventReader {
  /** Every event read so far, oldest first. */
  readonly seen: readonly ServerEvent[];
  /** Resolves with the first event (from now, or already read and not yet taken) that `match` accepts; rejects if the stream ends first. */
  next(match?: (event: ServerEvent) => boolean): Promise<ServerEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Stops reading (the client goes away). */
  cancel(): Promise<void>;
}

export function readEvents(response: Response): EventReader {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: ServerEvent[] = [];
  let taken = 0;
  let waiters: (() => void)[] = [];
  let finished = false;
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === undefined || data === undefined) continue;
          seen.push({ event, data: JSON.parse(data) as unknown });
          wake();
        }
      }
    } catch {
      // Cancelled by the client, or the connection dropped: the stream has ended either way.
    } finally {
      finished = true;
      wake();
    }
  })();
  return {
    seen,
    ended,
    async next(match = () => true) {
      for (;;) {
        for (let i = taken; i < seen.length; i++) {
          if (match(seen[i]!)) {
            taken = i + 1;
            return seen[i]!;
          }
        }
        if (finished) throw new Error(`the stream ended before the event the test waits for; it sent ${JSON.stringify(seen)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async cancel() {
      await reader.cancel().catch(() => {});
      await ended;
    },
  };
}
