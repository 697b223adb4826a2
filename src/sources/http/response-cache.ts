import { LRUCache } from 'lru-cache';

/**
 * Upstream responses kept across requests. Keys always begin with the fingerprint of the
 * credential set that fetched them, so one caller's data can never answer another caller's request,
 * and only what the caller marks as final (a closed ledger date, an immutable page) is stored, for
 * as long as the caller says.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, { value: unknown }>;

  private readonly readsMiss: boolean;

  /** `readsMiss`: every `get` misses while `set` still stores (the benchmark's cold mode, `TALLY_BENCH_COLD_CACHE`). */
  constructor(options: { maxEntries?: number; maxBytes?: number; readsMiss?: boolean } = {}) {
    this.readsMiss = options.readsMiss ?? false;
    this.lru = new LRUCache<string, { value: unknown }>({
      max: options.maxEntries ?? 5_000,
      maxSize: options.maxBytes ?? 256 * 1024 * 1024,
      sizeCalculation: (_v, key) => key.length + approximateSize(_v.value),
      ttlAutopurge: false,
    });
  }

  get<T>(key: string): T | undefined {
    if (this.readsMiss) return undefined;
    return this.lru.get(key)?.value as T | undefined;
  }

  /**
   * `bytes`: what the value weighs, when the caller knows it without measuring (an upstream page:
   * the length of the body it was parsed from). Otherwise the value is measured, which costs a
   * serialisation: only for small values such as aggregates.
   */
  set(key: string, value: unknown, ttlMs: number, bytes?: number): void {
    if (ttlMs <= 0) return;
    this.lru.set(key, { value }, bytes === undefined ? { ttl: ttlMs } : { ttl: ttlMs, size: Math.max(1, key.length + bytes) });
  }

  clear(): void {
    this.lru.clear();
  }

  /** Approximate bytes held (what bounds the cache). */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get size(): number {
    return this.lru.size;
  }
}

/** A cheap size estimate: the cache bounds memory, it does not need an exact byte count. */
function approximateSize(value: unknown): number {
  if (value && typeof value === 'object' && 'byteSize' in value && typeof value.byteSize === 'number') return value.byteSize;
  try {
    return Math.max(1, JSON.stringify(value)?.length ?? 1);
  } catch {
    return 1024;
  }
}
