import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_CACHE_MAX_BYTES, HEAP_BYTES_PER_JSON_BYTE, ResponseCache } from '../../src/sources/http/response-cache.js';

describe('ResponseCache', () => {
  it('serves what it stored until its time is up, and nothing with a zero lifetime', () => {
    const cache = new ResponseCache();
    cache.set('k|GET /a', { items: [1, 2, 3] }, 60_000);
    cache.set('k|GET /b', { items: [] }, 0);
    expect(cache.get('k|GET /a')).toEqual({ items: [1, 2, 3] });
    expect(cache.get('k|GET /b')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBeGreaterThan(0);
  });

  it('counts a page as the heap its mapped objects take, estimated from the JSON length its caller gives, without measuring the value', () => {
    const cache = new ResponseCache({ maxBytes: 3000 });
    const page = { items: Array.from({ length: 50 }, (_, i) => ({ i, text: 'x'.repeat(40) })) };
    cache.set('k|GET /a', page, 60_000, 300);
    expect(cache.bytes).toBe('k|GET /a'.length + 300 * HEAP_BYTES_PER_JSON_BYTE);
    cache.set('k|GET /b', page, 60_000, 300);
    cache.set('k|GET /c', page, 60_000, 300);
    // The cap holds by the estimated sizes: the oldest page makes room for the fourth.
    cache.set('k|GET /d', page, 60_000, 300);
    expect(cache.get('k|GET /a')).toBeUndefined();
    expect(cache.get('k|GET /d')).toBe(page);
    expect(cache.bytes).toBeLessThanOrEqual(3000);
  });

  it('never holds more than its cap while a long walk stores page after page, and keeps the most recent pages', () => {
    const cache = new ResponseCache({ maxBytes: 100_000 });
    const sizes = [9_000, 250, 12_345, 1, 4_000, 39_999];
    for (let i = 0; i < 2_000; i++) {
      cache.set(`k|GET /feed?cursor=${i}`, { items: [i] }, 60_000, sizes[i % sizes.length]);
      expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    }
    expect(cache.get('k|GET /feed?cursor=1999')).toEqual({ items: [1999] });
    expect(cache.get('k|GET /feed?cursor=0')).toBeUndefined();
    expect(cache.size).toBeLessThan(100);
  });

  it('does not store a page larger than its whole cap (it would evict everything and still not fit)', () => {
    const cache = new ResponseCache({ maxBytes: 10_000 });
    cache.set('k|GET /small', { items: [1] }, 60_000, 100);
    cache.set('k|GET /huge', { items: [2] }, 60_000, 10_000);
    expect(cache.get('k|GET /huge')).toBeUndefined();
    expect(cache.get('k|GET /small')).toEqual({ items: [1] });
  });

  it('lets expired pages go without being read, so an idle gateway gives their memory back', async () => {
    const cache = new ResponseCache();
    cache.set('k|GET /a', { items: [1] }, 20, 1_000);
    cache.set('k|GET /b', { items: [2] }, 60_000, 1_000);
    await vi.waitFor(() => expect(cache.size).toBe(1), { timeout: 5_000, interval: 10 });
    expect(cache.bytes).toBe('k|GET /b'.length + 1_000 * HEAP_BYTES_PER_JSON_BYTE);
  });

  it("in the benchmark's cold mode misses every read but still stores and counts the pages", () => {
    const cache = new ResponseCache({ readsMiss: true });
    cache.set('k|GET /a', { items: [1, 2, 3] }, 60_000);
    expect(cache.get('k|GET /a')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBeGreaterThan(0);
  });

  it('TALLY_BENCH_COLD_CACHE turns the cold mode on only when it is 1', () => {
    expect(loadConfig({}).benchColdCache).toBe(false);
    expect(loadConfig({ TALLY_BENCH_COLD_CACHE: '1' }).benchColdCache).toBe(true);
    expect(() => loadConfig({ TALLY_BENCH_COLD_CACHE: 'yes' })).toThrow(/TALLY_BENCH_COLD_CACHE/);
  });

  it('TALLY_CACHE_MAX_MB sets the cap in MB of memory, 32 by default, and must be a positive whole number', () => {
    expect(loadConfig({}).cacheMaxBytes).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(DEFAULT_CACHE_MAX_BYTES).toBe(32 * 1024 * 1024);
    expect(loadConfig({ TALLY_CACHE_MAX_MB: '8' }).cacheMaxBytes).toBe(8 * 1024 * 1024);
    expect(new ResponseCache({ maxBytes: loadConfig({ TALLY_CACHE_MAX_MB: '8' }).cacheMaxBytes }).maxBytes).toBe(8 * 1024 * 1024);
    expect(() => loadConfig({ TALLY_CACHE_MAX_MB: '0' })).toThrow(/TALLY_CACHE_MAX_MB/);
    expect(() => loadConfig({ TALLY_CACHE_MAX_MB: '1.5' })).toThrow(/TALLY_CACHE_MAX_MB/);
  });
});

describe('TALLY_HEAP_GROWING_PERCENT', () => {
  it("is 100 unless set (0: V8's own heuristic), and a whole percentage up to 1000", () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100);
    expect(loadConfig({ TALLY_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ TALLY_HEAP_GROWING_PERCENT: '30' }).heapGrowingPercent).toBe(30);
    expect(() => loadConfig({ TALLY_HEAP_GROWING_PERCENT: '-1' })).toThrow(/TALLY_HEAP_GROWING_PERCENT/);
    expect(() => loadConfig({ TALLY_HEAP_GROWING_PERCENT: '2.5' })).toThrow(/TALLY_HEAP_GROWING_PERCENT/);
  });
});
