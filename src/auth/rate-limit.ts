import type { KeyValueStore } from '../store/index.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Requests per minute, smoothed (GCRA, a token bucket kept as one timestamp per key in the
 * gateway's key-value store: this process, or Redis shared by every replica). A key that has been
 * idle may send `perMinute` requests at once; after that one more every `60 / perMinute` seconds.
 * There are no windows, so a burst at the end of one minute and another at the start of the next
 * cannot add up to twice the rate: within any stretch of `d` seconds at most
 * `perMinute × (1 + d / 60)` requests pass, whatever the clock says.
 */
export class RateLimiter {
  constructor(
    private readonly store: Pick<KeyValueStore, 'throttle'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one request of `key` (or, with `peek`, only asks whether one more would pass). */
  async take(key: string, perMinute: number, options: { peek?: boolean } = {}): Promise<RateDecision> {
    let result: { allowed: boolean; retryAfterUs: number };
    try {
      result = await this.store.throttle(key, {
        intervalUs: Math.ceil(60_000_000 / perMinute),
        burst: perMinute,
        nowUs: Math.round(this.now() * 1000),
        peek: options.peek,
      });
    } catch {
      // A shared store that fails must not take the gateway down with it.
      return { allowed: true };
    }
    if (result.allowed) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterUs / 1_000_000)) };
  }
}
