import type { KeyValueStore } from '../store/index.js';

/**
 * Counts requests per client in fixed windows (the gateway's key-value store: this process, or
 * Redis shared by every replica).
 */
export interface RateCounter {
  /** Adds one hit to `key` in the current window of `windowMs`; the hits so far and when the window ends (epoch ms). */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

/** Counts in the gateway's key-value store: in process, or in Redis so the rate holds across replicas. */
export class StoreRateCounter implements RateCounter {
  constructor(private readonly store: Pick<KeyValueStore, 'increment'>, private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = this.now();
    const start = now - (now % windowMs);
    const count = await this.store.increment(`${key}:${start}`, windowMs);
    return { count, resetAt: start + windowMs };
  }
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;

/** A client's `requestsPerMinute`, counted per one-minute window. */
export class RateLimiter {
  constructor(private readonly counter: RateCounter, private readonly now: () => number = Date.now) {}

  async check(clientName: string, requestsPerMinute: number): Promise<RateDecision> {
    let hit: { count: number; resetAt: number };
    try {
      hit = await this.counter.hit(`rate:${clientName}`, WINDOW_MS);
    } catch {
      // A shared counter that is down must not take the gateway down with it.
      return { allowed: true };
    }
    const { count, resetAt } = hit;
    if (count <= requestsPerMinute) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - this.now()) / 1000)) };
  }
}
