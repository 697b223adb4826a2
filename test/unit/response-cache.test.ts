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
