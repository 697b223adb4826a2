import { LRUCache } from 'lru-cache';
import { gcraStep, type ThrottleRequest } from './gcra.js';
import type { KeyValueStore } from './key-value.js';

type Stored = string | Buffer;

/** The key-value store of a single replica: an LRU bounded in bytes, with a TTL per key. */
export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly lru: LRUCache<string, Stored>;

  constructor(options: { maxBytes?: number } = {}) {
    this.lru = new LRUCache<string, Stored>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (value, key) => key.length + (typeof value === 'string' ? value.length * 2 : value.byteLength),
      ttlAutopurge: false,
    });
  }

  /** One process is its own truth: nothing to coordinate with. */
  coordinated(): KeyValueStore {
    return this;
  }

  isShared(): boolean {
    return false;
  }

  async get(key: string): Promise<string | undefined> {
    const v = this.lru.get(key);
    return v === undefined ? undefined : typeof v === 'string' ? v : v.toString('utf8');
  }

  async getBytes(key: string): Promise<Buffer | undefined> {
    const v = this.lru.get(key);
    return v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  }

  async set(key: string, value: Stored, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    this.lru.set(key, value, { ttl: ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    // JavaScript runs this check and the write without a yield in between: atomic in one process.
    if (this.lru.has(key)) return false;
    this.lru.set(key, value, { ttl: Math.max(1, ttlMs) });
    return true;
  }

  async throttle(key: string, request: ThrottleRequest): Promise<{ allowed: boolean; retryAfterUs: number }> {
    // Read, step and write without a yield in between: atomic in one process.
    const stored = this.lru.get(key);
    const { allowed, retryAfterUs, next } = gcraStep(stored === undefined ? undefined : Number(stored), request);
    if (next) this.lru.set(key, String(next.tatUs), { ttl: Math.max(1, Math.ceil(next.ttlUs / 1000)) });
    return { allowed, retryAfterUs };
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async ping(): Promise<void> {}

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
