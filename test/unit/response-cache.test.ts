import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ResponseCache } from '../../src/sources/http/response-cache.js';

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

  it('counts a page by the byte length its caller gives, without measuring the value', () => {
    const cache = new ResponseCache({ maxBytes: 1000 });
    const page = { items: Array.from({ length: 50 }, (_, i) => ({ i, text: 'x'.repeat(40) })) };
    cache.set('k|GET /a', page, 60_000, 300);
    expect(cache.bytes).toBe('k|GET /a'.length + 300);
    cache.set('k|GET /b', page, 60_000, 300);
    cache.set('k|GET /c', page, 60_000, 300);
    // The cap holds by the given sizes: the oldest page makes room for the fourth.
    cache.set('k|GET /d', page, 60_000, 300);
    expect(cache.get('k|GET /a')).toBeUndefined();
    expect(cache.get('k|GET /d')).toBe(page);
    expect(cache.bytes).toBeLessThanOrEqual(1000);
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
});
