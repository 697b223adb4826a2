/**
 * State that replicas of the gateway must share to act as one gateway: idempotency records of
 * writes, per-client rate-limit counters, and the second level of the upstream response cache.
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
  /** Adds one and returns the new count; the TTL starts when the counter is created (a fixed window). */
  increment(key: string, ttlMs: number): Promise<number>;
  delete(key: string): Promise<void>;
  /** Resolves when the shared store answers; rejects with the reason otherwise (for `/ready`). */
  ping(): Promise<void>;
  /** Bytes the store holds for this process (the in-process part; Redis' own memory is Redis' to report). */
  readonly bytes: number;
  close(): Promise<void>;
}
