/**
 * Tells open tally streams which documents' signatures changed. Changes are
 * gathered for a moment and delivered together, so fifty signatures in a
 * burst (or a roster import touching every text) cost one recount per
 * document, not fifty, and listeners share that recount through `countOf`.
 * Only the documents someone listens to are recounted: a listener names its
 * document, or listens to all of them.
 */

/** How long changes are gathered before listeners hear of them: short enough to feel live. */
export const TALLY_EVENT_DELAY_MS = 100;

/** What a listener hears: the changed ids, and the delivery's shared recount (null for a document gone, or one nobody here listens to). */
export type TallyListener<C> = (changed: ReadonlySet<string>, countOf: (documentId: string) => C | null) => void;

interface Subscription<C> {
  listener: TallyListener<C>;
  /** The one document it listens to; undefined for all. */
  documentId?: string;
}

export class TallyHub<C> {
  private readonly subscriptions = new Set<Subscription<C>>();
  private pending = new Set<string>();
  /** What this process changed since the last delivery: the part other processes are told of. */
  private pendingHere = new Set<string>();
  private forward: ((documentIds: string[]) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The delivery under way: the next waits for it, so listeners hear counts in the order they were made. */
  private delivering: Promise<void> = Promise.resolve();

  /** `count` recounts one document (null when it is gone); it is called at most once per document per delivery. */
  constructor(
    private readonly count: (documentId: string) => Promise<C | null>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts delivering to `listener` (about `options.documentId` only, when given: then only it is recounted for this listener); returns the function that stops it. */
  subscribe(listener: TallyListener<C>, options: { documentId?: string } = {}): () => void {
    const subscription = { listener, documentId: options.documentId };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.subscriptions.size;
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
    this.timer = setTimeout(() => void this.flush(), TALLY_EVENT_DELAY_MS);
    this.timer.unref();
  }

  /** Delivers what is pending now (tests, shutdown); resolves once listeners have heard it. */
  flush(): Promise<void> {
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
    if (changed.size === 0) return this.delivering;
    this.delivering = this.delivering.then(() => this.deliver(changed));
    return this.delivering;
  }

  /** Recounts the changed documents someone listens to, then tells every listener. */
  private async deliver(changed: ReadonlySet<string>): Promise<void> {
    const subscriptions = [...this.subscriptions];
    const everything = subscriptions.some((s) => s.documentId === undefined);
    const wanted = [...changed].filter((id) => everything || subscriptions.some((s) => s.documentId === id));
    const counts = new Map<string, C | null>();
    await Promise.all(
      wanted.map(async (id) => {
        try {
          counts.set(id, await this.count(id));
        } catch (error) {
          this.onError(error);
        }
      }),
    );
    const countOf = (documentId: string): C | null => counts.get(documentId) ?? null;
    for (const { listener } of subscriptions) {
      if (!this.subscriptions.size) return; // closed meanwhile
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
    this.subscriptions.clear();
  }
}
