import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clockAt } from '../../src/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { vippsLedgerGlobalId } from '../helpers/harness.js';

/**
 * The gateway's parsing against the user's own document, not against our sandbox: a loopback
 * stand-in answers with the seed's response examples verbatim (test/fixtures/seeds/vipps-report-000.json,
 * transcribed from seeds/000_7b92e0d6cec3d751.txt), and the gateway must read every field of
 * them. Paired with test/sandbox/vipps-seed-shapes.test.ts, which holds the sandbox to the same
 * fixture, so that the sandbox and the client can never agree on a guess.
 */
const seed = JSON.parse(readFileSync(new URL('../fixtures/seeds/vipps-report-000.json', import.meta.url), 'utf8')) as {
  ledgers: { cursor: string; items: unknown[] };
  dates: Record<string, unknown>;
  feed: { cursor: string } & Record<string, unknown>;
};

const requests: string[] = [];
let upstream: http.Server;
let server: http.Server;
let gateway: Gateway;
let url: string;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://upstream');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    if (u.pathname === '/miami/v1/token') {
      return json(res, 200, { access_token: `${'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9'}.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl`, token_type: 'Bearer', expires_in: 900 });
    }
    if (u.pathname === '/settlement/v1/ledgers') {
      // The example's cursor leads to the end of the list.
      if (u.searchParams.get('cursor') === seed.ledgers.cursor) return json(res, 200, { items: [], cursor: '' });
      return json(res, 200, seed.ledgers);
    }
    if (u.pathname === '/report/v2/ledgers/302321/funds/dates/2020-10-05') return json(res, 200, seed.dates);
    if (u.pathname === '/report/v2/ledgers/302321/funds/feed') {
      // Past the example's page: the live end, the same cursor with tryLater (seed prose).
      if (u.searchParams.get('cursor') === seed.feed.cursor) return json(res, 200, { items: [], cursor: seed.feed.cursor, tryLater: true });
      return json(res, 200, seed.feed);
    }
    json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such ledgerId' });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const base = loadConfig({ LOG_LEVEL: 'silent', TALLY_SIGNING_SECRET: 'integration-test-signing-secret-0123456789' });
  gateway = createGateway(
    { ...base, upstreams: { vipps: { baseUrl: origin, keyType: 'accounting', clientId: 'seed-client', clientSecret: 'seed-secret' } } },
    { clock: clockAt(() => Date.parse('2026-11-20T14:30:00Z')) },
  );
  server = http.createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await gateway.dispose?.();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

const ENTRY = `pspReference time ledgerDate entryType kind reference recipientHandle
  amount { minorUnits amount currency } balanceBefore { minorUnits } balanceAfter { minorUnits }
  payer { name maskedPhoneNo message }`;

/** What the seed's example entry must read as, field by field. */
const EXAMPLE_ENTRY = {
  pspReference: '3343121302',
  time: '2020-10-05T00:00:00.000000Z',
  ledgerDate: '2020-10-05',
  entryType: 'capture',
  kind: 'CAPTURE',
  reference: 'acme-shop-123-order123abc',
  recipientHandle: 'NO:123455',
  amount: { minorUnits: 49900, amount: '499.00', currency: 'NOK' },
  balanceBefore: { minorUnits: 49900 },
  balanceAfter: { minorUnits: 49900 },
  payer: { name: 'John Doe', maskedPhoneNo: 'xxxx 5678', message: 'Order 123ABC' },
};

describe('the gateway reads the seed\'s response examples', () => {
  it('reads the ledger list, and follows its cursor to the end', async () => {
    const r = await gql<{ ledgers: { edges: Array<{ node: unknown }> } }>(`{
      ledgers { edges { node { ledgerId currency provider payoutBankAccount { scheme id } owner { scheme id }
        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledgers.edges.map((e) => e.node)).toEqual([
      {
        ledgerId: '302321',
        currency: 'NOK',
        provider: 'VIPPS_MOBILEPAY',
        payoutBankAccount: { scheme: 'BBAN:NO', id: '86011117947' },
        owner: { scheme: 'business:NO:ORG', id: '987654321' },
        settlesForRecipientHandles: ['NO:123455'],
        salesUnits: [{ name: 'ACME Fitness', recipientHandle: 'NO:123455', businessIdentifier: { scheme: 'business:NO:ORG', id: '987654321' } }],
      },
    ]);
    expect(requests.filter((q) => q.startsWith('GET /settlement/v1/ledgers'))).toContain(`GET /settlement/v1/ledgers?cursor=${seed.ledgers.cursor}`);
  });

  it('reads the dates example as a closed date, ignoring the cursor that comes with hasMore false', async () => {
    requests.length = 0;
    const r = await gql<{ ledger: { entries: { edges: Array<{ node: unknown }>; final: boolean; tryLater: boolean; pageInfo: { hasNextPage: boolean } } } }>(
      `query($id: ID!) { ledger(id: $id) { entries(date: "2020-10-05", first: 10) { edges { node { ${ENTRY} } } final tryLater pageInfo { hasNextPage } } } }`,
      { id: vippsLedgerGlobalId('302321') },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.entries.edges.map((e) => e.node)).toEqual([EXAMPLE_ENTRY]);
    expect(r.data?.ledger.entries).toMatchObject({ final: true, tryLater: false, pageInfo: { hasNextPage: false } });
    expect(requests.filter((q) => q.includes('/dates/')).every((q) => !q.includes('cursor='))).toBe(true);
    expect(requests.some((q) => q.includes('includeGDPRSensitiveData=true'))).toBe(true);
  });

  it('reads the feed example (with the hasMore its prose says is omitted), then waits at the live end', async () => {
    const q = `query($id: ID!, $after: String) { ledger(id: $id) { feed(first: 10, after: $after) { edges { node { ${ENTRY} } } tryLater pageInfo { hasNextPage endCursor } } } }`;
    const r = await gql<{ ledger: { feed: { edges: Array<{ node: unknown }>; tryLater: boolean; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(q, {
      id: vippsLedgerGlobalId('302321'),
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.feed.edges.map((e) => e.node)).toEqual([EXAMPLE_ENTRY]);
    expect(r.data?.ledger.feed.tryLater).toBe(true);
    expect(r.data?.ledger.feed.pageInfo.hasNextPage).toBe(false);
  });
});
