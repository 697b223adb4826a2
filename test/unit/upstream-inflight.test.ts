import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResponseCache } from '../../src/sources/http/response-cache.js';
import { createDispatcher, UpstreamClient } from '../../src/sources/http/upstream-client.js';

/** A loopback upstream that answers after a while (so reads overlap) with who asked and its call number. */
let calls = 0;
let release: (() => void) | undefined;
const server = http.createServer((req, res) => {
  calls++;
  const n = calls;
  const answer = () =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ who: req.headers.authorization ?? '', n }));
  if (req.url?.includes('fail')) setTimeout(() => res.writeHead(500, { 'content-type': 'application/json' }).end('{}'), 60);
  else if (req.url?.includes('hold')) release = answer;
  else setTimeout(answer, 60);
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const Body = z.object({ who: z.string(), n: z.number() });
const client = () =>
  new UpstreamClient({
    source: 'vipps-report',
    baseUrl: base,
    dispatcher: createDispatcher(),
    cache: new ResponseCache({ readsMiss: true }),
    timeoutMs: 5000,
    retries: 0,
  });
const read = (
  c: UpstreamClient,
  opts: {
    key?: string;
    variant?: string;
    token?: string;
    path?: string;
    signal?: AbortSignal;
    map?: (d: z.output<typeof Body>) => unknown;
  } = {},
) =>
  c.request({
    path: opts.path ?? '/page',
    endpoint: 'GET /page',
    headers: { authorization: opts.token ?? 'Bearer a' },
    schema: Body,
    signal: opts.signal,
    map: opts.map ?? ((d) => d),
    cache: opts.key === undefined ? undefined : { key: opts.key, variant: opts.variant, ttlMs: () => 60_000 },
  });

describe('UpstreamClient: reads in flight are shared', () => {
  it('a read of what another request is reading right now waits for it: one upstream call, one answer', async () => {
    const c = client();
    calls = 0;
    const [a, b, d] = await Promise.all([read(c, { key: 'creds-a' }), read(c, { key: 'creds-a' }), read(c, { key: 'creds-a' })]);
    expect(calls).toBe(1);
    expect(b.data).toBe(a.data);
    expect(d.data).toBe(a.data);
    expect([a.cached, b.cached, d.cached]).toEqual([false, true, true]);
    // Once it is answered nothing is in flight: the next read is its own (the cache reads miss here).
    await read(c, { key: 'creds-a' });
    expect(calls).toBe(2);
  });

  it('never across credential sets or variants: requests differing only in that get their own answers', async () => {
    const c = client();
    calls = 0;
    const [a, b] = await Promise.all([read(c, { key: 'creds-a', token: 'Bearer a' }), read(c, { key: 'creds-b', token: 'Bearer b' })]);
    expect(calls).toBe(2);
    expect((a.data as { who: string }).who).toBe('Bearer a');
    expect((b.data as { who: string }).who).toBe('Bearer b');

    // One credential set, one request, read for two kinds of reader (e.g. without personal data).
    calls = 0;
    const [full, trimmed] = await Promise.all([
      read(c, { key: 'creds-a', map: (d) => ({ ...d, kind: 'full' }) }),
      read(c, { key: 'creds-a', variant: 'without-personal-data', map: (d) => ({ ...d, kind: 'trimmed' }) }),
    ]);
    expect(calls).toBe(2);
    expect((full.data as { kind: string }).kind).toBe('full');
    expect((trimmed.data as { kind: string }).kind).toBe('trimmed');
  });

  it("shares the upstream's failure too, each waiter with its own error object (one per failing field)", async () => {
    const c = client();
    calls = 0;
    const [a, b] = await Promise.allSettled([read(c, { key: 'creds-a', path: '/fail' }), read(c, { key: 'creds-a', path: '/fail' })]);
    expect(calls).toBe(1);
    const reasons = [a, b].map((r) => (r.status === 'rejected' ? (r.reason as { code: string; message: string }) : null));
    expect(reasons.map((r) => r?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(reasons[1]?.message).toBe(reasons[0]?.message);
    expect(reasons[1]).not.toBe(reasons[0]);
  });

  it('does not share what is not cacheable', async () => {
    const c = client();
    calls = 0;
    await Promise.all([read(c), read(c)]);
    expect(calls).toBe(2);
  });

  it('a request whose own client went away does not fail the others waiting on its read', async () => {
    const c = client();
    calls = 0;
    const gone = new AbortController();
    const first = read(c, { key: 'creds-a', path: '/hold', signal: gone.signal });
    await new Promise((r) => setTimeout(r, 30));
    const second = read(c, { key: 'creds-a', path: '/hold' });
    await new Promise((r) => setTimeout(r, 30));
    gone.abort();
    await expect(first).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    // The second reads for itself.
    for (let i = 0; i < 50 && calls < 2; i++) await new Promise((r) => setTimeout(r, 10));
    release?.();
    const answer = await second;
    expect(calls).toBe(2);
    expect(answer.cached).toBe(false);
    expect((answer.data as { n: number }).n).toBe(2);
  });
});
