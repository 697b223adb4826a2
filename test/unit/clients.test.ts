import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientDirectory, granted } from '../../src/auth/clients.js';
import { RateLimiter } from '../../src/auth/rate-limit.js';
import { MemoryStore } from '../../src/store/index.js';
import { loadConfig } from '../../src/config.js';
import { configProblems } from '../helpers/config-problems.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const UPSTREAM = { VIPPS_CLIENT_ID: 'id', VIPPS_CLIENT_SECRET: 'secret', TALLY_PUBLIC_URL: 'https://tally.example.com' };

function clientsFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-clients-'));
  const path = join(dir, 'clients.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const problems = configProblems;

describe('clients file (TALLY_CLIENTS)', () => {
  it('loads each client with its grants, scopes and rate', () => {
    const path = clientsFile({
      clients: [
        {
          name: 'books',
          keySha256: KEY_A.toUpperCase(),
          ledgers: ['VIPPS_MOBILEPAY:302321', 'EASYPAY:acc-1'],
          dinteroAccounts: ['T12345678'],
          scopes: ['read'],
          requestsPerMinute: 30,
        },
        { name: 'ops', keySha256: KEY_B, ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read', 'gdpr', 'write'] },
      ],
    });
    const c = loadConfig({ ...UPSTREAM, TALLY_CLIENTS: path, TALLY_RATE_LIMIT_PER_MINUTE: '90' });
    const [books, ops] = c.clients;
    expect(books).toMatchObject({ name: 'books', keySha256: KEY_A, requestsPerMinute: 30 });
    expect(granted(books!.ledgers, 'VIPPS_MOBILEPAY:302321')).toBe(true);
    expect(granted(books!.ledgers, 'VIPPS_MOBILEPAY:999')).toBe(false);
    expect(granted(books!.dinteroAccounts, 'T12345678')).toBe(true);
    expect(granted(books!.dinteroAccounts, 'T87654321')).toBe(false);
    expect([...books!.scopes]).toEqual(['read']);
    expect(ops!.requestsPerMinute).toBe(90);
    expect(granted(ops!.ledgers, 'EASYPAY:anything')).toBe(true);
  });

  it('names the bad entry in every problem, all at once, and never echoes a key digest', () => {
    const path = clientsFile({
      clients: [
        { name: 'good', keySha256: KEY_A, scopes: ['read'] },
        { name: 'typo', keySha256: 'not-a-digest', ledgers: ['VIPPS:1'], dinteroAccounts: ['X1'], scopes: ['admin'] },
        { name: 'good', keySha256: KEY_A, scopes: ['read'] },
        { keySha256: KEY_B, scopes: [] },
        { name: 'extra', keySha256: KEY_B.replace('b', 'c'), scopes: ['read'], colour: 'blue' },
      ],
    });
    const p = problems({ ...UPSTREAM, TALLY_CLIENTS: path }).join('\n');
    expect(p).toContain('clients[1] "typo": keySha256');
    expect(p).toContain('clients[1] "typo": ledgers.0');
    expect(p).toContain('clients[1] "typo": dinteroAccounts.0');
    expect(p).toContain('clients[1] "typo": scopes.0');
    expect(p).toContain('clients[2] "good": the name is used by an earlier client');
    expect(p).toContain('clients[2] "good": keySha256 is the same as an earlier client\'s');
    expect(p).toContain('clients[3]: name');
    expect(p).toContain('clients[3]: scopes');
    expect(p).toContain('clients[4] "extra"');
    expect(p).toContain('colour');
    expect(p).not.toContain(KEY_A);
  });

  it('refuses a file that is missing, not JSON or not a list of clients', () => {
    expect(problems({ TALLY_CLIENTS: '/nonexistent/clients.json' }).join('\n')).toMatch(
      /TALLY_CLIENTS: cannot read \/nonexistent\/clients.json \(ENOENT\)/,
    );
    expect(problems({ TALLY_CLIENTS: clientsFile('{"clients": [') }).join('\n')).toContain('not valid JSON');
    expect(problems({ TALLY_CLIENTS: clientsFile([{ name: 'x' }]) }).join('\n')).toContain('expected {"clients": [...]}');
    expect(problems({ TALLY_CLIENTS: clientsFile({ clients: [] }) }).join('\n')).toContain('lists no clients');
  });

  it('keeps TALLY_API_KEY_SHA256 working: every ledger, every account, every scope', () => {
    const c = loadConfig({ ...UPSTREAM, TALLY_API_KEY_SHA256: `${KEY_A},${KEY_B}` });
    expect(c.clients.map((x) => x.name)).toEqual(['api-key-1', 'api-key-2']);
    for (const client of c.clients) {
      expect(client.ledgers).toEqual({ all: true });
      expect(client.dinteroAccounts).toEqual({ all: true });
      expect([...client.scopes].sort()).toEqual(['gdpr', 'read', 'write']);
      expect(client.requestsPerMinute).toBe(600);
    }
    const path = clientsFile({ clients: [{ name: 'dup', keySha256: KEY_A, scopes: ['read'] }] });
    expect(problems({ ...UPSTREAM, TALLY_API_KEY_SHA256: KEY_A, TALLY_CLIENTS: path }).join('\n')).toContain(
      'client "dup": its keySha256 is also in TALLY_API_KEY_SHA256',
    );
  });

  it('needs clients and a public URL with real upstreams; browser features off there unless turned on', () => {
    const p = problems({ VIPPS_CLIENT_ID: 'id', VIPPS_CLIENT_SECRET: 's' }).join('\n');
    expect(p).toContain('TALLY_CLIENTS or TALLY_API_KEY_SHA256 is required');
    expect(p).toContain('TALLY_PUBLIC_URL is required');
    const upstream = loadConfig({ ...UPSTREAM, TALLY_API_KEY_SHA256: KEY_A });
    expect(upstream.browser).toMatchObject({ introspection: false, graphiql: false, allowedOrigins: [], trustedDocumentsOnly: false });
    expect(
      loadConfig({ ...UPSTREAM, TALLY_API_KEY_SHA256: KEY_A, TALLY_INTROSPECTION: 'on', TALLY_GRAPHIQL: 'true' }).browser,
    ).toMatchObject({ introspection: true, graphiql: true });
    expect(loadConfig({}).browser).toMatchObject({ introspection: true, graphiql: true });
    expect(loadConfig({}).limits.maxBodyBytes).toBe(1_048_576);
  });

  it('limits failed authentications to 30 a minute per address by default, without trusting X-Forwarded-For', () => {
    expect(loadConfig({})).toMatchObject({ authFailuresPerMinute: 30, trustedProxyHops: 0 });
    expect(loadConfig({ TALLY_AUTH_FAILURES_PER_MINUTE: '5', TALLY_TRUSTED_PROXY_HOPS: '2' })).toMatchObject({
      authFailuresPerMinute: 5,
      trustedProxyHops: 2,
    });
    expect(problems({ TALLY_AUTH_FAILURES_PER_MINUTE: '0' }).join('\n')).toContain('TALLY_AUTH_FAILURES_PER_MINUTE');
    expect(problems({ TALLY_TRUSTED_PROXY_HOPS: '-1' }).join('\n')).toContain('TALLY_TRUSTED_PROXY_HOPS');
  });

  it('takes allowed origins as exact origins only', () => {
    expect(loadConfig({ TALLY_ALLOWED_ORIGINS: 'https://books.example.com, http://localhost:5173' }).browser.allowedOrigins).toEqual([
      'https://books.example.com',
      'http://localhost:5173',
    ]);
    const p = problems({ TALLY_ALLOWED_ORIGINS: '*,https://x.example/path,notaurl' }).join('\n');
    expect(p).toContain('"*" is not an origin');
    expect(p).toContain('"https://x.example/path" is not an origin');
    expect(p).toContain('"notaurl" is not an origin');
    expect(problems({ TALLY_TRUSTED_DOCUMENTS_ONLY: 'on' }).join('\n')).toContain('needs TALLY_TRUSTED_DOCUMENTS');
  });
});

describe('client directory', () => {
  it('finds a client by its key and nobody by another key', () => {
    const sha = (k: string) => createHash('sha256').update(k).digest('hex');
    const c = loadConfig({ ...UPSTREAM, TALLY_API_KEY_SHA256: `${sha('key-one')},${sha('key-two')}` });
    const dir = new ClientDirectory(c.clients);
    expect(dir.open).toBe(false);
    expect(dir.find('key-two')?.name).toBe('api-key-2');
    expect(dir.find('key-one')?.name).toBe('api-key-1');
    expect(dir.find('key-three')).toBeUndefined();
    expect(new ClientDirectory([]).open).toBe(true);
  });
});

describe('rate limiter', () => {
  const MINUTE = 60_000;
  const T0 = 1_200_000_000_000; // a whole minute (epoch ms)

  it('lets an idle client send its rate at once, then one request every 60/rate seconds, with Retry-After until the next', async () => {
    let now = T0 + 15_000;
    const limiter = new RateLimiter(new MemoryStore(), () => now);
    for (let i = 0; i < 5; i++) expect(await limiter.take('rate:books', 5)).toEqual({ allowed: true });
    // 5 a minute: one more every 12 s.
    expect(await limiter.take('rate:books', 5)).toEqual({ allowed: false, retryAfterSeconds: 12 });
    now += 11_500;
    expect(await limiter.take('rate:books', 5)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another client has its own bucket.
    expect(await limiter.take('rate:ops', 5)).toEqual({ allowed: true });
    now += 500;
    expect(await limiter.take('rate:books', 5)).toEqual({ allowed: true });
    expect(await limiter.take('rate:books', 5)).toEqual({ allowed: false, retryAfterSeconds: 12 });
  });

  it('a burst at the end of one minute and another at the start of the next do not add up to twice the rate', async () => {
    let now = T0 + MINUTE - 500; // half a second before the minute turns
    const limiter = new RateLimiter(new MemoryStore(), () => now);
    let passed = 0;
    for (let i = 0; i < 60; i++) if ((await limiter.take('rate:books', 60)).allowed) passed++;
    now = T0 + MINUTE + 500; // half a second after
    for (let i = 0; i < 60; i++) if ((await limiter.take('rate:books', 60)).allowed) passed++;
    // A fixed one-minute window let all 120 through; one second of refill at 60 a minute is one request.
    expect(passed).toBe(61);
  });

  it('a client sending as fast as it may never gets more than rate × (1 + d/60 s) through in any d seconds', async () => {
    let now = T0 + 37_000;
    const limiter = new RateLimiter(new MemoryStore(), () => now);
    const rate = 30;
    const times: number[] = [];
    // Ten requests a second for five minutes, starting from an idle (full) bucket.
    for (let step = 0; step < 3000; step++, now += 100) if ((await limiter.take('rate:greedy', rate)).allowed) times.push(now);
    for (const seconds of [1, 10, 60, 120]) {
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= seconds * 1000) j++;
        most = Math.max(most, i - j + 1);
      }
      expect(most, `${seconds} s`).toBeLessThanOrEqual(Math.floor(rate * (1 + seconds / 60)));
    }
    // And the steady rate is the configured one: after the first burst, 30 a minute.
    expect(times.length).toBe(rate + Math.floor((300_000 - 100) / 2_000));
  });

  it('a peek spends nothing', async () => {
    const now = T0;
    const limiter = new RateLimiter(new MemoryStore(), () => now);
    for (let i = 0; i < 3; i++) expect(await limiter.take('auth-failures:10.0.0.1', 1, { peek: true })).toEqual({ allowed: true });
    expect(await limiter.take('auth-failures:10.0.0.1', 1)).toEqual({ allowed: true });
    expect(await limiter.take('auth-failures:10.0.0.1', 1, { peek: true })).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('lets requests through when the shared store fails', async () => {
    const limiter = new RateLimiter({ throttle: () => Promise.reject(new Error('redis down')) });
    expect(await limiter.take('rate:books', 1)).toEqual({ allowed: true });
  });
});
