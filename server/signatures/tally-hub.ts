/**
 * Tells open tally streams which documents' signatures changed. Changes are
 * gathered for a moment and delivered together, so fifty signatures in a
 * burst (or a roster import touching every text) cost one recount per
 * document, not fifty, and listeners share that recount through `countOf`.
 */

/** How long changes are gathered before listeners hear of them: short enough to feel live. */
export const TALLY_EVENT_DELAY_MS = 100;

/** What a listener hears: the changed ids, and a shared per-delivery recount. */
export type TallyListener<C> = (changed: ReadonlySet<string>, countOf: (documentId: string) => C | null) => void;

export class TallyHub<C> {
  private readonly listeners = new Set<TallyListener<C>>();
  private pending = new Set<string>();
  /** What this process changed since the last delivery: the part other processes are told of. */
  private pendingHere = new Set<string>();
  private forward: ((documentIds: string[]) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** `count` recounts one document (null when it is gone); it is called at most once per document per delivery. */
  constructor(
    private readonly count: (documentId: string) => C | null,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts delivering to `listener`; returns the function that stops it. */
  subscribe(listener: TallyListener<C>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.listeners.size;
  }

  /**
   * Also tells other processes (REDIS_URL, see `server/fanout/`): each delivery hands
   * `forward` the ids changed on this process since the last one (never those heard
   * from a peer, so nothing echoes).
   */
  forwardTo(forward: (documentIds: string[]) => void): void {
    this.forward = forward;
  }

  /** Marks documents as changed; listeners hear of them after `TALLY_EVENT_DELAY_MS`. */
  notify(documentIds: Iterable<string>): void {
    for (const id of documentIds) {
      this.pending.add(id);
      if (this.forward) this.pendingHere.add(id);
    }
    this.schedule();
  }

  /** Marks documents another process changed: listeners here hear of them as of a local change; nothing is forwarded. */
  notifyFromPeer(documentIds: Iterable<string>): void {
    for (const id of documentIds) this.pending.add(id);
    this.schedule();
  }

  private schedule(): void {
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => this.flush(), TALLY_EVENT_DELAY_MS);
    this.timer.unref();
  }

  /** Delivers what is pending now (tests, shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const changed = this.pending;
    this.pending = new Set();
    if (this.pendingHere.size > 0) {
      const here = [...this.pendingHere];
      this.pendingHere = new Set();
      try {
        this.forward?.(here);
      } catch (error) {
        this.onError(error);
      }
    }
    if (changed.size === 0) return;
    const counts = new Map<string, C | null>();
    const countOf = (documentId: string): C | null => {
      if (!counts.has(documentId)) counts.set(documentId, this.count(documentId));
      return counts.get(documentId)!;
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(changed, countOf);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Stops the timer and forgets every listener. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.pendingHere.clear();
    this.listeners.clear();
  }
}
