import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sandboxUpstreams } from '../../src/embedded-sandbox.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway } from '../../src/gateway.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts, VIPPS_SANDBOX_CREDENTIALS } from '../../src/sandbox/vipps/index.js';
import { CLOCK, countCalls, NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const QUIET = vippsLedgerGlobalId(facts.quietLedgerId);
const PARTIAL = `query($id: ID!) {
  ledgers(first: 3) { edges { node { ledgerId } } }
  ledger(id: $id) { ledgerId entries(date: "2026-11-18", first: 5) { edges { node { id } } } }
}`;

interface PartialData {
  ledgers: { edges: unknown[] } | null;
  ledger: { ledgerId: string; entries: unknown } | null;
}

describe('upstream failures null only their own field', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_UPSTREAM_TIMEOUT_MS: '400' } });
  });
  afterEach(() => {
    h.sandbox.faults.clear();
    h.clearCache();
  });
  afterAll(async () => {
    await h.close();
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['5xx', { serverErrorRate: 1 }, 'UPSTREAM_UNAVAILABLE'],
    ['a stalled upstream', { stallRate: 1 }, 'UPSTREAM_TIMEOUT'],
    ['a malformed body', { malformedRate: 1 }, 'UPSTREAM_BAD_RESPONSE'],
    ['429 with a long Retry-After', { rateLimitRate: 1, retryAfterSeconds: 120 }, 'UPSTREAM_RATE_LIMITED'],
  ];
  for (const [name, fault, code] of cases) {
    it(`${name} on the dates endpoint -> ${code} on entries, the rest intact`, async () => {
      h.sandbox.faults.set('vipps', { ...fault, endpoints: ['/dates/'] });
      const r = await h.gql<PartialData>(PARTIAL, { id: QUIET });
      expect(r.status).toBe(200);
      expect(r.data!.ledgers!.edges.length).toBe(3);
      expect(r.data!.ledger!.ledgerId).toBe(facts.quietLedgerId);
      expect(r.data!.ledger!.entries).toBeNull();
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.path).toEqual(['ledger', 'entries']);
      expect(r.errors![0]!.extensions).toMatchObject({ code, source: 'vipps-report' });
      if (code === 'UPSTREAM_RATE_LIMITED') expect(r.errors![0]!.extensions!.retryAfterSeconds).toBe(120);
      // A stall ends at the configured timeout (the attempt's own deadline, not undici's whole-second timers).
      if (code === 'UPSTREAM_TIMEOUT') expect(r.errors![0]!.message).toBe('vipps-report did not answer within 400 ms');
    });
  }

  it('retries idempotent reads after a 5xx, and a short Retry-After is waited out', async () => {
    await h.resetStats();
    h.sandbox.faults.set('vipps', { serverErrorRate: 1, endpoints: ['/dates/'] });
    await h.gql(PARTIAL, { id: QUIET });
    expect(countCalls(await h.stats(), '/dates/')).toBe(1 + h.config.limits.upstreamRetries);
    h.sandbox.faults.set('vipps', { rateLimitRate: 1, retryAfterSeconds: 0, endpoints: ['/dates/'] });
    await h.resetStats();
    const r = await h.gql<PartialData>(PARTIAL, { id: QUIET });
    expect(r.errors![0]!.extensions!.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(countCalls(await h.stats(), '/dates/')).toBe(1 + h.config.limits.upstreamRetries);
  });

  it('an unknown ledger is null with NOT_FOUND; bad input is BAD_USER_INPUT before any upstream call', async () => {
    await h.resetStats();
    const bad = await h.op(
      graphql(`query VippsErrorsLedger($id: ID!, $entry: ID!) {
      a: ledger(id: "not-a-global-id") { ledgerId }
      b: ledger(id: $entry) { ledgerId }
      c: ledger(id: $id) { entries(from: "2026-11-10", to: "2026-11-01") { final } }
      d: ledger(id: $id) { entries(from: "2025-01-01", to: "2026-11-01") { final } }
      e: ledger(id: $id) { entries(date: "2026-11-18", first: 0) { final } }
      f: ledger(id: $id) { entries(date: "2026-11-18", last: 5) { final } }
      h: ledger(id: $id) { entries(to: "2026-11-18") { final } }
      i: ledger(id: $id) { entries { final } }
    }`),
      { id: QUIET, entry: Buffer.from('Entry:vipps|1|FUNDS|2026-11-18|capture|1|x').toString('base64url') },
    );
    const codes = Object.fromEntries((bad.errors ?? []).map((e) => [e.path![0], e.extensions!.code]));
    expect(codes).toEqual({
      a: 'BAD_USER_INPUT',
      b: 'BAD_USER_INPUT',
      c: 'BAD_USER_INPUT',
      d: 'BAD_USER_INPUT',
      e: 'BAD_USER_INPUT',
      f: 'BAD_USER_INPUT',
      h: 'BAD_USER_INPUT',
      i: 'BAD_USER_INPUT',
    });
    expect(countCalls(await h.stats(), '/dates/')).toBe(0);
    // A forged cursor refuses the whole operation before anything runs (test/integration/safety.test.ts).
    const forged = await h.gql(
      `query($id: ID!) { ledger(id: $id) { entries(date: "2026-11-18", first: 5, after: "eyJ2IjoxfQ.AAAA") { final } } }`,
      { id: QUIET },
    );
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });

    const missing = await h.op(graphql(`query VippsErrorsLedger2($id: ID!) { ledger(id: $id) { ledgerId } }`), {
      id: vippsLedgerGlobalId('999999'),
    });
    expect(missing.data!.ledger).toBeNull();
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');

    const date = await h.gql(`{ ledgers(first: 1) { edges { node { ledgerId } } } x: node(id: "TGVkZ2Vy") { id } }`);
    expect(date.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const invalidDate = await h.gql(`query($id: ID!) { ledger(id: $id) { entries(date: "2026-02-30") { final } } }`, { id: QUIET });
    expect(invalidDate.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const invalidVar = await h.gql(`query($id: ID!, $d: Date) { ledger(id: $id) { entries(date: $d) { final } } }`, {
      id: QUIET,
      d: '20261118',
    });
    expect(invalidVar.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a cursor from another ledger or other arguments', async () => {
    const q = `query($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 2, after: $after) { pageInfo { endCursor } } } }`;
    const first = await h.gql<{ ledger: { entries: { pageInfo: { endCursor: string } } } }>(q, { id: QUIET, date: '2026-11-18' });
    const cursor = first.data!.ledger.entries.pageInfo.endCursor;
    const otherDate = await h.gql(q, { id: QUIET, date: '2026-11-17', after: cursor });
    expect(otherDate.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const otherLedger = await h.gql(q, { id: vippsLedgerGlobalId(facts.busy.ledgerId), date: '2026-11-18', after: cursor });
    expect(otherLedger.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const tampered = Buffer.from(cursor.split('.')[0]!, 'base64url').toString().replace('"o":2', '"o":1');
    const forged = `${Buffer.from(tampered).toString('base64url')}.${cursor.split('.')[1]}`;
    const forgedResult = await h.gql(q, { id: QUIET, date: '2026-11-18', after: forged });
    expect(forgedResult.errors![0]!.message).toContain('signature');
  });

  it('rejects queries over the depth or cost limit before any upstream call', async () => {
    await h.resetStats();
    const costly = await h.gql(
      `{ ledgers(first: 1000) { edges { node { entries(date: "2026-11-18", first: 1000) { edges { node { id amount { amount } } } } } } } }`,
    );
    expect(costly.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(costly.errors![0]!.message).toContain('complexity');
    expect(await h.stats()).toEqual({});
  });
});

describe('Vipps MobilePay tokens', () => {
  it('fetches one token for concurrent requests, refreshes it before expiry, and retries once after a 401', async () => {
    // Real time is injected and moved by hand: the sandbox's clock runs on it (so the gateway's,
    // which follows the sandbox's, does too) and the sandbox's tokens expire by it.
    let real = Date.parse('2030-01-01T00:00:00Z');
    const h = await startHarness({
      sandbox: { clock: 'run', timeSource: () => real, vendors: { vipps: { accountingTokenTtlSeconds: 2 } } },
    });
    try {
      const q = `{ ledgers(first: 1) { edges { node { ledgerId } } } }`;
      const results = await Promise.all(Array.from({ length: 8 }, () => h.gql(q)));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(countCalls(await h.stats(), '/miami/v1/token')).toBe(1);
      // Past the refresh point (a fifth of a short lifetime before expiry), before the sandbox expires it.
      real += 1_700;
      h.clearCache();
      await h.resetStats();
      const later = await h.gql(q);
      expect(later.errors).toBeUndefined();
      expect(countCalls(await h.stats(), '/miami/v1/token')).toBe(1);
      // Refreshed in time: the upstream never saw the old token rejected.
      expect(countCalls(await h.stats(), '/settlement/v1/ledgers')).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('recovers when the upstream expires a token earlier than it said', async () => {
    let real = Date.parse('2030-01-01T00:00:00Z');
    const start = real;
    // The gateway's clock runs ten times slower than the sandbox's tokens: it keeps using a token
    // the sandbox has already expired, gets a 401, and must fetch a new token and repeat the call.
    const h = await startHarness({
      sandbox: { timeSource: () => real, vendors: { vipps: { accountingTokenTtlSeconds: 1 } } },
      gateway: { clock: clockAt(() => Date.parse(NOW) + (real - start) / 10) },
    });
    try {
      const q = `{ ledgers(first: 1) { edges { node { ledgerId } } } }`;
      expect((await h.gql(q)).errors).toBeUndefined();
      real += 1_200;
      h.clearCache();
      await h.resetStats();
      const r = await h.gql(q);
      expect(r.errors).toBeUndefined();
      expect(countCalls(await h.stats(), '/miami/v1/token')).toBe(1);
      // The call with the expired token was refused, then repeated once with the new one.
      expect(countCalls(await h.stats(), '/settlement/v1/ledgers')).toBe(2);
    } finally {
      await h.close();
    }
  });

  it("works with merchant keys through /accesstoken/get, seeing only the merchant's ledger", async () => {
    const h = await startHarness({ vippsKeyType: 'merchant' });
    try {
      const r = await h.op(graphql(`query VippsErrorsLedgers { ledgers(first: 50) { edges { node { ledgerId provider } } } }`));
      expect(r.errors).toBeUndefined();
      expect(r.data!.ledgers!.edges.filter((e) => e!.node.provider === 'VIPPS_MOBILEPAY').map((e) => e!.node.ledgerId)).toEqual([
        facts.merchantLedgerId,
      ]);
      expect(countCalls(await h.stats(), '/accesstoken/get')).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('wrong credentials are UPSTREAM_AUTH_FAILED and the secret appears nowhere in the response', async () => {
    const sandbox = await startSandbox({ port: 0, now: NOW });
    try {
      const upstreams = sandboxUpstreams(sandbox.origin);
      const secret = 'wrong-secret-that-must-not-leak';
      upstreams.vipps = { ...upstreams.vipps!, clientId: VIPPS_SANDBOX_CREDENTIALS.accounting.clientId, clientSecret: secret };
      const gateway = createGateway({ ...loadConfig({ LOG_LEVEL: 'silent' }), upstreams }, { clock: CLOCK });
      const res = await gateway.fetch('http://tally/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ledgers(first: 1) { edges { node { ledgerId } } } }' }),
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text).errors[0].extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', source: 'vipps-token' });
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(`${VIPPS_SANDBOX_CREDENTIALS.accounting.clientId}:${secret}`).toString('base64'));
    } finally {
      await sandbox.close();
    }
  });
});

describe('client API keys', () => {
  const key = 'tally-test-key-0123456789';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true, env: { TALLY_API_KEY_SHA256: createHash('sha256').update(key).digest('hex') } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('requires a known key on GraphQL requests, as a bearer token or x-api-key', async () => {
    const q = '{ ledgers(first: 1) { edges { node { ledgerId } } } }';
    const none = await h.gql(q);
    expect(none.status).toBe(401);
    expect(none.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const wrong = await h.gql(q, undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await h.gql(q, undefined, { authorization: `Bearer ${key}` })).errors).toBeUndefined();
    expect((await h.gql(q, undefined, { 'x-api-key': key })).errors).toBeUndefined();
  });

  it('still serves the GraphiQL page, which holds no data', async () => {
    const res = await fetch(h.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Tally');
  });
});
