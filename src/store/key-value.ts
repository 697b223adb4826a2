import type { ThrottleRequest } from './gcra.js';

/**
 * State that replicas of the gateway must share to act as one gateway: idempotency records of
 * writes, rate-limit buckets (per client, and failed authentications per address), and the second level of the upstream response cache.
 * `MemoryStore` keeps it in this process (one replica); `RedisStore` shares it through Redis
 * (`REDIS_URL`) and falls back to its own in-process copy, with a warning, while Redis is down, so
 * an outage of the shared store degrades a replica to "one gateway on its own" and never becomes an
 * error for a client.
 *
 * Keys are namespaced by the caller (`idempotency:...`, `rate:...`, `page:...`); every key must
 * already carry whatever separates one client's or credential's data from another's.
 */
export interface KeyValueStore {
  /** `memory` (this process only) or `redis` (shared by every replica configured with the same `REDIS_URL`). */
  readonly kind: 'memory' | 'redis';
  /** Whether what is written now is seen by the other replicas (Redis configured and answering). */
  isShared(): boolean;
  get(key: string): Promise<string | undefined>;
  getBytes(key: string): Promise<Buffer | undefined>;
  /** Stores `value` for `ttlMs` milliseconds (overwrites). */
  set(key: string, value: string | Buffer, ttlMs: number): Promise<void>;
  /** Stores `value` only if `key` holds nothing; true when this call stored it (an atomic claim). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * One step of a smoothed rate limit (GCRA, `gcra.ts`): spends one request of `key`'s bucket, or
   * with `peek` only asks whether one would pass, atomically (one Lua script on Redis), so every
   * replica spends from the same bucket.
   */
  throttle(key: string, request: ThrottleRequest): Promise<{ allowed: boolean; retryAfterUs: number }>;
  delete(key: string): Promise<void>;
  /**
   * The same store for state that is only correct when every replica sees it (write claims,
   * idempotency records): reads may degrade, writes may not. A store shared through Redis answers
   * from Redis or fails with `COORDINATION_UNAVAILABLE`, never from its in-process fallback, where
   * two replicas would each grant the same claim. A store of one process returns itself.
   */
  coordinated(): KeyValueStore;
  /** Resolves when the shared store answers; rejects with the reason otherwise (for `/ready`). */
  ping(): Promise<void>;
  /** Bytes the store holds for this process (the in-process part; Redis' own memory is Redis' to report). */
  readonly bytes: number;
  close(): Promise<void>;
}
