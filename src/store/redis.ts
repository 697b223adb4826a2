import { createRequire } from 'node:module';
import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import { TallyError } from '../domain/errors.js';
import type { ThrottleRequest } from './gcra.js';
import type { KeyValueStore } from './key-value.js';
import { MemoryStore } from './memory.js';

export interface RedisStoreOptions {
  /** Warnings when Redis goes away and comes back (never with the URL's password). */
  log?: (level: 'warn' | 'info', message: string) => void;
  /** Where keys live while Redis is down; a fresh MemoryStore by default. */
  fallback?: KeyValueStore;
  /** How long one command may take before this replica treats Redis as down (ms). */
  commandTimeoutMs?: number;
}

// gcraStep (gcra.ts) as one atomic step on the server. KEYS[1]: the bucket's TAT (epoch µs);
// ARGV: now (µs), interval (µs), burst, peek ("1"). Numbers go back as strings: Redis would cut a
// Lua number reply to an integer, and %.0f prints a whole double of up to 2^53 exactly.
const THROTTLE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then tat = math.max(tonumber(stored), now) end
local nxt = tat + interval
local over = nxt - now - tonumber(ARGV[3]) * interval
if over > 0 then return {0, string.format('%.0f', over)} end
if ARGV[4] ~= '1' then redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.max(1, math.ceil((nxt - now) / 1000))) end
return {1, '0'}`;

/**
 * The key-value store shared by every replica, on Redis (ioredis). Commands are never queued while
 * Redis is unreachable: each one fails fast and is served by the in-process fallback instead, with
 * one warning per outage; ioredis keeps reconnecting in the background and the shared store takes
 * over again as soon as Redis answers.
 */
export class RedisStore implements KeyValueStore {
  readonly kind = 'redis' as const;
  readonly client: Redis;
  private readonly fallback: KeyValueStore;
  private readonly log: NonNullable<RedisStoreOptions['log']>;
  private degraded = false;
  private closed = false;
  private strict: KeyValueStore | undefined;

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.fallback = options.fallback ?? new MemoryStore();
    this.log = options.log ?? (() => {});
    const commandTimeout = options.commandTimeoutMs ?? 1_000;
    // Loaded here, not at import: a gateway without REDIS_URL (the default) never loads ioredis,
    // whose modules cost the process about 10-20 MB of memory for nothing.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof IoRedis;
    this.client = new RedisClient(url, {
      keyPrefix: 'tally:',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout,
      // Reconnect for ever, at most every two seconds: Redis coming back must not need a restart.
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    this.client.on('error', (err: Error) => this.down(err));
    this.client.on('ready', () => {
      if (this.degraded)
        this.log('info', 'Redis answers again: shared cache, idempotency records and rate counters are shared by all replicas again');
      this.degraded = false;
    });
  }

  /** Resolves once the first connection is up, or after `timeoutMs` (then the fallback serves). */
  async connected(timeoutMs = 2_000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.once('ready', onReady);
    });
  }

  isShared(): boolean {
    return this.client.status === 'ready';
  }

  coordinated(): KeyValueStore {
    this.strict ??= new CoordinatedRedis(this);
    return this.strict;
  }

  /** Redis' `used_memory` (all of it: pages, idempotency records, counters), for the metrics. */
  async usedMemory(): Promise<number | undefined> {
    if (!this.isShared()) return undefined;
    try {
      const info = await this.client.info('memory');
      const m = /^used_memory:(\d+)/m.exec(info);
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  get(key: string): Promise<string | undefined> {
    return this.run(
      async () => (await this.client.get(key)) ?? undefined,
      () => this.fallback.get(key),
    );
  }

  getBytes(key: string): Promise<Buffer | undefined> {
    return this.run(
      async () => (await this.client.getBuffer(key)) ?? undefined,
      () => this.fallback.getBytes(key),
    );
  }

  set(key: string, value: string | Buffer, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return Promise.resolve();
    return this.run(
      async () => {
        await this.client.set(key, value, 'PX', Math.ceil(ttlMs));
      },
      () => this.fallback.set(key, value, ttlMs),
    );
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run(
      async () => (await this.client.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK',
      () => this.fallback.setIfAbsent(key, value, ttlMs),
    );
  }

  throttle(key: string, request: ThrottleRequest): Promise<{ allowed: boolean; retryAfterUs: number }> {
    return this.run(
      async () => {
        const [allowed, retryAfterUs] = (await this.client.eval(
          THROTTLE,
          1,
          key,
          request.nowUs,
          request.intervalUs,
          request.burst,
          request.peek ? '1' : '0',
        )) as [number, string];
        return { allowed: allowed === 1, retryAfterUs: Number(retryAfterUs) };
      },
      () => this.fallback.throttle(key, request),
    );
  }

  delete(key: string): Promise<void> {
    return this.run(
      async () => {
        await this.client.del(key);
      },
      () => this.fallback.delete(key),
    );
  }

  async ping(): Promise<void> {
    if (this.client.status !== 'ready') throw new Error(`Redis is not connected (${this.client.status})`);
    await this.client.ping();
  }

  get bytes(): number {
    return this.fallback.bytes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fallback.close();
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  /** `fn` on Redis, or `COORDINATION_UNAVAILABLE` (and the outage warning) when Redis does not answer it. */
  async onRedisOnly<T>(fn: (client: Redis) => Promise<T>): Promise<T> {
    if (this.client.status === 'ready') {
      try {
        return await fn(this.client);
      } catch (err) {
        this.down(err);
      }
    } else {
      this.down(new Error(`Redis is not connected (${this.client.status})`));
    }
    throw new TallyError(
      'COORDINATION_UNAVAILABLE',
      "This write needs the state the gateway's replicas share, and the shared store (Redis) does not answer: nothing was written. Try again shortly.",
      { details: { retryAfterSeconds: 2 } },
    );
  }

  private async run<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.client.status === 'ready') {
      try {
        return await shared();
      } catch (err) {
        this.down(err);
      }
    } else {
      this.down(new Error(`Redis is not connected (${this.client.status})`));
    }
    return local();
  }

  private down(err: unknown): void {
    if (this.degraded || this.closed) return;
    this.degraded = true;
    const reason = err instanceof Error ? ((err as { code?: string }).code ?? err.message) : String(err);
    this.log(
      'warn',
      `Redis is unavailable (${reason}): this replica uses its in-process cache, idempotency records and rate counters until Redis answers again`,
    );
  }
}

/**
 * `RedisStore.coordinated()`: every operation on Redis or refused. Its state (write claims,
 * idempotency records) must never live in one replica's memory, where another replica cannot see it.
 */
class CoordinatedRedis implements KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(private readonly redis: RedisStore) {}

  coordinated(): KeyValueStore {
    return this;
  }

  isShared(): boolean {
    return this.redis.isShared();
  }

  get(key: string): Promise<string | undefined> {
    return this.redis.onRedisOnly(async (c) => (await c.get(key)) ?? undefined);
  }

  getBytes(key: string): Promise<Buffer | undefined> {
    return this.redis.onRedisOnly(async (c) => (await c.getBuffer(key)) ?? undefined);
  }

  async set(key: string, value: string | Buffer, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.redis.onRedisOnly((c) => c.set(key, value, 'PX', Math.ceil(ttlMs)));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.redis.onRedisOnly(async (c) => (await c.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK');
  }

  throttle(key: string, request: ThrottleRequest): Promise<{ allowed: boolean; retryAfterUs: number }> {
    return this.redis.onRedisOnly(async (c) => {
      const [allowed, retryAfterUs] = (await c.eval(
        THROTTLE,
        1,
        key,
        request.nowUs,
        request.intervalUs,
        request.burst,
        request.peek ? '1' : '0',
      )) as [number, string];
      return { allowed: allowed === 1, retryAfterUs: Number(retryAfterUs) };
    });
  }

  async delete(key: string): Promise<void> {
    await this.redis.onRedisOnly((c) => c.del(key));
  }

  ping(): Promise<void> {
    return this.redis.ping();
  }

  get bytes(): number {
    return 0;
  }

  async close(): Promise<void> {
    // The store it views is closed by its owner.
  }
}
