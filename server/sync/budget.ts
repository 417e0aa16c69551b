import { performance } from 'node:perf_hooks';
import { FULL_STATE_REQUEST_COST } from './limits';

/**
 * A token bucket for the messages one socket sends: `perSecond` refill, at
 * most `burst` saved up. The server spends from it as it handles each message
 * and, once it is overdrawn, stops reading that socket for as long as the
 * refill takes (see the sync plugin).
 */
export class MessageBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends `cost`; returns 0 while the budget lasts, else the milliseconds until it is back above zero. */
  spend(cost: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000) - cost;
    this.last = now;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }
}

/**
 * What a y-websocket message costs from the budget: a request the server answers
 * with the whole document (sync step 1: `[0, 0, ...]`) or everyone's presence
 * (query awareness: `[3]`) costs `FULL_STATE_REQUEST_COST`, anything else 1.
 */
export function messageCost(message: Uint8Array): number {
  if ((message[0] === 0 && message[1] === 0) || message[0] === 3) return FULL_STATE_REQUEST_COST;
  return 1;
}
