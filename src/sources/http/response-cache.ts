import { LRUCache } from 'lru-cache';

/**
 * What a stored page costs in memory per byte of the JSON body it was parsed from. Pages are kept
 * as mapped domain objects, so a hit is not parsed, validated and mapped again; those objects take
 * more heap than their JSON text: 2.0x for the Vipps date and Sales pages of the load benchmark's
 * W2, 2.5x for a Report API feed page (heap held by the cache with and without the pages, after a
 * full GC). The cap counts this estimate, so it bounds the memory the cache holds rather than the
 * JSON it was read from.
 */
export const HEAP_BYTES_PER_JSON_BYTE = 2.5;

/** The default cap: 32 MB of heap, about 13 MB of upstream JSON (`TALLY_CACHE_MAX_MB`). */
export const DEFAULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Upstream responses kept across requests. Keys always begin with the fingerprint of the
 * credential set that fetched them, so one caller's data can never answer another caller's request,
 * and only what the caller marks as final (a closed ledger date, an immutable page) is stored, for
 * as long as the caller says. Bounded by the memory its values take (estimated, see
 * HEAP_BYTES_PER_JSON_BYTE), least recently used first out; an expired value leaves on its own
 * timer, so an idle gateway gives the memory back.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, { value: unknown }>;

  private readonly readsMiss: boolean;

  /** `readsMiss`: every `get` misses while `set` still stores (the benchmark's cold mode, `TALLY_BENCH_COLD_CACHE`). */
  constructor(options: { maxEntries?: number; maxBytes?: number; readsMiss?: boolean } = {}) {
    this.readsMiss = options.readsMiss ?? false;
    this.lru = new LRUCache<string, { value: unknown }>({
      max: options.maxEntries ?? 5_000,
      maxSize: options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES,
      sizeCalculation: (_v, key) => key.length + approximateSize(_v.value),
      ttlAutopurge: true,
    });
  }

  get<T>(key: string): T | undefined {
    if (this.readsMiss) return undefined;
    return this.lru.get(key)?.value as T | undefined;
  }

  /**
   * `jsonBytes`: the length of the JSON the value was parsed from, when the caller has it (an
   * upstream page); the value then counts as that times HEAP_BYTES_PER_JSON_BYTE. Otherwise the
   * value is measured, which costs a serialisation: only for small values such as aggregates. A
   * value larger than the whole cap is not stored.
   */
  set(key: string, value: unknown, ttlMs: number, jsonBytes?: number): void {
    if (ttlMs <= 0) return;
    this.lru.set(
      key,
      { value },
      jsonBytes === undefined
        ? { ttl: ttlMs }
        : { ttl: ttlMs, size: key.length + Math.max(1, Math.ceil(jsonBytes * HEAP_BYTES_PER_JSON_BYTE)) },
    );
  }

  clear(): void {
    this.lru.clear();
  }

  /** Estimated bytes of memory held (what the cap bounds). */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /** The cap on `bytes`. */
  get maxBytes(): number {
    return this.lru.maxSize;
  }

  get size(): number {
    return this.lru.size;
  }
}

/** A cheap estimate for values without a body length: their JSON, weighed like a page's. */
function approximateSize(value: unknown): number {
  try {
    return Math.max(1, Math.ceil((JSON.stringify(value)?.length ?? 1) * HEAP_BYTES_PER_JSON_BYTE));
  } catch {
    return 1024;
  }
}
