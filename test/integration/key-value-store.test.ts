import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, RedisStore, type KeyValueStore } from '../../src/store/index.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer;
const opened: KeyValueStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
});

async function redisStore(log?: (level: 'warn' | 'info', message: string) => void): Promise<RedisStore> {
  const store = new RedisStore(redis.url, { log });
  opened.push(store);
  expect(await store.connected()).toBe(true);
  return store;
}

let n = 0;
const key = (name: string) => `test:${name}:${++n}`;

describe.each([
  ['memory', async () => new MemoryStore() as KeyValueStore],
  ['redis', async () => (await redisStore()) as KeyValueStore],
])('%s store', (_kind, make) => {
  it('stores strings and bytes, overwrites, deletes', async () => {
    const store = await make();
    const k = key('value');
    expect(await store.get(k)).toBeUndefined();
    await store.set(k, 'first', 60_000);
    await store.set(k, 'second', 60_000);
    expect(await store.get(k)).toBe('second');
    const bytes = Buffer.from([0, 255, 1, 254]);
    await store.set(`${k}:b`, bytes, 60_000);
    expect(Buffer.compare((await store.getBytes(`${k}:b`))!, bytes)).toBe(0);
    await store.delete(k);
    expect(await store.get(k)).toBeUndefined();
  });

  it('set-if-absent lets exactly one of many concurrent claims win', async () => {
    const store = await make();
    const k = key('claim');
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.setIfAbsent(k, `claimant-${i}`, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get(k)).toBe(`claimant-${results.indexOf(true)}`);
  });

  it('throttle spends exactly the burst of many concurrent calls, then says how long until the next one', async () => {
    const store = await make();
    const k = key('burst');
    const request = { intervalUs: 1_500_000, burst: 40, nowUs: Date.now() * 1000 };
    const results = await Promise.all(Array.from({ length: 55 }, () => store.throttle(k, request)));
    expect(results.filter((r) => r.allowed)).toHaveLength(40);
    // Every refused call waits for one interval to drain, none longer.
    for (const r of results.filter((x) => !x.allowed)) expect(r.retryAfterUs).toBe(1_500_000);
  });

  it('a bucket refills at its rate, a peek spends nothing, and the state ends with its TTL', async () => {
    const store = await make();
    const k = key('refill');
    const t0 = Date.now() * 1000;
    const at = (us: number, peek = false) => store.throttle(k, { intervalUs: 1_000_000, burst: 2, nowUs: t0 + us, peek });
    expect(await at(0)).toEqual({ allowed: true, retryAfterUs: 0 });
    expect(await at(0, true)).toEqual({ allowed: true, retryAfterUs: 0 });
    expect(await at(0)).toEqual({ allowed: true, retryAfterUs: 0 });
    expect(await at(250_000, true)).toEqual({ allowed: false, retryAfterUs: 750_000 });
    expect(await at(250_000)).toEqual({ allowed: false, retryAfterUs: 750_000 });
    expect(await at(1_000_000)).toEqual({ allowed: true, retryAfterUs: 0 });
    expect(await at(1_000_000)).toEqual({ allowed: false, retryAfterUs: 1_000_000 });
    // An idle key's bucket is full again and its state is gone once the TTL (time to drain) ends.
    const short = key('short');
    expect((await store.throttle(short, { intervalUs: 20_000, burst: 1, nowUs: Date.now() * 1000 })).allowed).toBe(true);
    expect(await store.get(short)).toBeDefined();
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.get(short)).toBeUndefined();
  });
});

describe('redis store shared by two replicas', () => {
  it('one claim and one count across both', async () => {
    const a = await redisStore();
    const b = await redisStore();
    const k = key('shared-claim');
    const claims = await Promise.all([a, b, a, b].map((s, i) => s.setIfAbsent(k, `r${i}`, 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const c = key('shared-bucket');
    const request = { intervalUs: 20_000_000, burst: 3, nowUs: Date.now() * 1000 };
    const spent = await Promise.all([a, b, a, b].map((s) => s.throttle(c, request)));
    expect(spent.filter((r) => r.allowed)).toHaveLength(3);
    expect((await b.throttle(c, request)).allowed).toBe(false);
    // The bucket lives as long as it takes to drain: three intervals.
    const ttl = await a.client.pttl(c); // the client adds the `tally:` prefix
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('falls back to the process with one warning while Redis is down, and shares again when it is back', async () => {
    const logs: string[] = [];
    const store = await redisStore((level, message) => logs.push(`${level}: ${message}`));
    const k = key('outage');
    await store.set(k, 'before', 60_000);
    await redis.stop();
    // No error reaches the caller: the replica's own memory answers.
    expect(await store.get(k)).toBeUndefined();
    expect(await store.setIfAbsent(k, 'during', 60_000)).toBe(true);
    expect(await store.throttle(`${k}:n`, { intervalUs: 60_000_000, burst: 1, nowUs: Date.now() * 1000 })).toEqual({
      allowed: true,
      retryAfterUs: 0,
    });
    await expect(store.ping()).rejects.toThrow(/not connected/);
    expect(logs.filter((l) => l.startsWith('warn:'))).toHaveLength(1);
    expect(logs[0]).toMatch(/Redis is unavailable/);
    expect(logs.join('\n')).not.toContain(redis.url);

    await redis.start();
    expect(await store.connected(10_000)).toBe(true);
    await store.ping();
    expect(logs.at(-1)).toMatch(/^info: Redis answers again/);
    // Shared again (the restarted server is empty: nothing is persisted).
    const other = await redisStore();
    expect(await other.setIfAbsent(k, 'after', 60_000)).toBe(true);
    expect(await store.get(k)).toBe('after');
  });
});
