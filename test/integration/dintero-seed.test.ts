import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDinteroStandInGateway, type DinteroStandInGateway } from '../helpers/dintero-stand-in.js';
import {
  SEED_BILLING_REPORTS,
  SEED_COSTS,
  SEED_PAYOUT_RULE,
  SEED_PAYOUT_RULE_REQUEST,
  SEED_PAYOUT_RULES,
  SEED_SUBSCRIPTIONS,
  shapeDifferences,
} from '../fixtures/dintero-billing-seed.js';

/*
 * The gateway's parsing held to the seed (seed 001 (docs/upstreams/dintero.md)): a stand-in
 * Dintero on a loopback port answers every billing endpoint with the seed's example body, verbatim,
 * and the GraphQL values below are what those examples must become. The sandbox is held to the same
 * fixture in test/sandbox/dintero.test.ts, so sandbox and client cannot agree on a guess.
 */

const ACCOUNT = 'T12345678';
const AT = '2019-08-24T14:15:22.000Z';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** What each seed example parses to, field for field (the closing note of issue 8 lists these). */
const EXPECTED_COST = {
  costId: 'string',
  startAt: AT,
  endAt: AT,
  totalCount: 0,
  totalAmount: '0.1',
  totalMetricValue: '0',
  currency: 'NOK',
  namespace: 'checkout',
  metricName: 'capture',
  type: 'checkout/capture',
  dimensions: [{ name: 'payment_product_type', value: 'vipps' }],
  plan: { planId: 'string', prices: [{ currency: 'NOK', type: 'unit_amount', amount: '0.0125', upTo: '0' }] },
};

const EXPECTED_REPORT = { reportId: 'string', createdAt: AT, createdBy: 'string', updatedAt: AT, startAt: AT, endAt: AT };

const leaf = (type: string, value: string | null, destination: string | null, destinations: unknown[] = []) => ({
  type,
  value,
  destination,
  destinations,
});
const EXPECTED_DESTINATIONS = [
  leaf('PERCENTAGE', '10', null, [
    leaf('FLAT_AMOUNT', '500', 'account-a'),
    leaf('REMAINING_AMOUNT', null, null, [leaf('PERCENTAGE', '5', 'account-b')]),
  ]),
  leaf('FLAT_AMOUNT', '500', 'account-a'),
  leaf('REMAINING_AMOUNT', null, null, [leaf('PERCENTAGE', '5', 'account-b'), leaf('PERCENTAGE', '95', 'account-c')]),
];

const EXPECTED_RULE = {
  payoutRuleId: 'string',
  accountId: ACCOUNT,
  ruleType: 'order.items.store.id',
  ruleId: 'sc029',
  ruleVersion: 1,
  createdAt: AT,
  createdBy: 'string',
  updatedAt: AT,
  deletedAt: AT,
  deletedBy: '1c92f7e1-2897-4d46-bdcc-c127a914fb4e',
  isDeleted: true,
  metadata: [],
  destinations: EXPECTED_DESTINATIONS,
};

const EXPECTED_SUBSCRIPTION = {
  subscriptionId: 'string',
  createdAt: AT,
  createdBy: 'string',
  updatedAt: AT,
  description: 'checkout/capture',
  namespace: 'checkout',
  metricName: 'capture',
  dimensions: [{ name: 'payment_product_type', value: 'vipps' }],
  prices: [{ currency: 'NOK', type: 'unit_amount', amount: '0.0125', upTo: '0' }],
};

const DESTINATION = 'type value destination';
const RULE_FIELDS = `payoutRuleId accountId ruleType ruleId ruleVersion createdAt createdBy updatedAt deletedAt deletedBy isDeleted metadata { key value }
  destinations { ${DESTINATION} destinations { ${DESTINATION} destinations { ${DESTINATION} destinations { ${DESTINATION} } } } }`;
const PRICE = 'currency type amount upTo';

describe('Dintero billing as the seed publishes it, parsed by the gateway', () => {
  const seen: Seen[] = [];
  let standIn: DinteroStandInGateway;
  let url: string;

  beforeAll(async () => {
    standIn = await startDinteroStandInGateway(ACCOUNT, (req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://stub');
        const path = u.pathname.replace(`/v1/accounts/${ACCOUNT}`, '');
        seen.push({ method: req.method ?? '', path, query: u.searchParams, body: raw ? JSON.parse(raw) : undefined });
        const send = (body: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (path === '/auth/token') return send({ access_token: 'seed-token', token_type: 'Bearer', expires_in: 86400 });
        // The seed's one item is named "string", and nothing follows it: the page after it is empty, in each list's form.
        if (req.method === 'GET' && u.searchParams.get('starting_after') === 'string') {
          if (path === '/billing/costs' || path === '/billing/subscriptions') return send([]);
          if (path === '/billing/reports') return send({ reports: [] });
          if (path === '/billing/payout-rules') return send({ payout_rules: [] });
        }
        if (path === '/billing/costs') return send(SEED_COSTS);
        if (path === '/billing/reports') return send(SEED_BILLING_REPORTS);
        if (path === '/billing/subscriptions') return send(SEED_SUBSCRIPTIONS);
        if (path === '/billing/payout-rules' && req.method === 'GET') return send(SEED_PAYOUT_RULES);
        if (path.startsWith('/billing/payout-rules')) return send(SEED_PAYOUT_RULE);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not in the seed"}}');
      });
    });
    url = standIn.url;
  });

  afterAll(async () => {
    await standIn?.close();
  });

  async function gql<T>(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  }

  const edges = <T>(c: { edges: Array<{ node: T }> } | undefined) => c?.edges.map((e) => e.node);

  it('parses each example of the seed into exactly these GraphQL values', async () => {
    const res = await gql<{
      billingAccount: Record<string, { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean } }>;
    }>(`{ billingAccount(accountId: "${ACCOUNT}") {
      costs(year: 2019, month: 8) { edges { node { costId startAt endAt totalCount totalAmount totalMetricValue currency namespace metricName type dimensions { name value } plan { planId prices { ${PRICE} } } } } pageInfo { hasNextPage } }
      billingReports { edges { node { reportId createdAt createdBy updatedAt startAt endAt } } pageInfo { hasNextPage } }
      payoutRules(includeDeleted: true) { edges { node { ${RULE_FIELDS} } } pageInfo { hasNextPage } }
      active: payoutRules { edges { node { payoutRuleId } } pageInfo { hasNextPage } }
      subscriptions { edges { node { subscriptionId createdAt createdBy updatedAt description namespace metricName dimensions { name value } prices { ${PRICE} } } } pageInfo { hasNextPage } }
    } }`);
    expect(res.errors).toBeUndefined();
    const account = res.data?.billingAccount ?? {};
    expect(edges(account.costs)).toEqual([EXPECTED_COST]);
    expect(edges(account.billingReports)).toEqual([EXPECTED_REPORT]);
    expect(edges(account.payoutRules)).toEqual([EXPECTED_RULE]);
    expect(edges(account.subscriptions)).toEqual([EXPECTED_SUBSCRIPTION]);
    // The seed's list example is fetched without include_deleted and still holds a deleted rule: the schema promises
    // no deleted rule without includeDeleted, so the gateway leaves it out itself.
    expect(edges(account.active)).toEqual([]);
    // A page shorter than `limit` is not the end while it names where to continue: every list followed its cursor
    // (the envelope's starting_after, or the last id of a bare array) to the empty page after the seed's one item.
    for (const list of ['costs', 'billingReports', 'payoutRules', 'active', 'subscriptions'])
      expect(account[list]?.pageInfo.hasNextPage).toBe(false);
    const reads = seen.filter((s) => s.method === 'GET');
    const paths = ['/billing/costs', '/billing/payout-rules', '/billing/payout-rules', '/billing/reports', '/billing/subscriptions'];
    expect(
      reads
        .filter((r) => !r.query.has('starting_after'))
        .map((s) => s.path)
        .sort(),
    ).toEqual(paths);
    expect(
      reads
        .filter((r) => r.query.get('starting_after') === 'string')
        .map((s) => s.path)
        .sort(),
    ).toEqual(paths);
    for (const r of reads) expect(r.query.get('limit')).toBe('100');
    expect(reads.find((r) => r.path === '/billing/costs')?.query.get('year')).toBe('2019');
  });

  it("sends the seed's create request shape and reads the rule it answers", async () => {
    seen.length = 0;
    const res = await gql<{ createPayoutRule: { payoutRule: unknown } }>(
      `mutation($input: CreatePayoutRuleInput!) { createPayoutRule(input: $input) { payoutRule { ${RULE_FIELDS} } } }`,
      {
        input: {
          accountId: ACCOUNT,
          ruleType: 'order.items.store.id',
          ruleId: 'sc029',
          destinations: [
            {
              type: 'PERCENTAGE',
              value: 10,
              destinations: [
                { type: 'FLAT_AMOUNT', value: '500', destination: 'account-a' },
                { type: 'REMAINING_AMOUNT', destinations: [{ type: 'PERCENTAGE', value: '5.0', destination: 'account-b' }] },
              ],
            },
            { type: 'FLAT_AMOUNT', value: '500', destination: 'account-a' },
            {
              type: 'REMAINING_AMOUNT',
              destinations: [
                { type: 'PERCENTAGE', value: '5', destination: 'account-b' },
                { type: 'PERCENTAGE', value: '95.0', destination: 'account-c' },
              ],
            },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.createPayoutRule.payoutRule).toEqual(EXPECTED_RULE);
    const post = seen.find((s) => s.method === 'POST' && s.path === '/billing/payout-rules');
    expect(shapeDifferences(SEED_PAYOUT_RULE_REQUEST, post?.body)).toEqual([]);
    // Values go up exact, as decimal strings the seed accepts (`"500"`, `"5.0"`): no float between the client and Dintero.
    expect((post?.body as typeof SEED_PAYOUT_RULE_REQUEST).destinations.map((d) => d.value ?? null)).toEqual(['10', '500', null]);
  });

  it('refuses a decimal that is not one, or a fractional JSON number, before anything is sent', async () => {
    seen.length = 0;
    for (const value of ['ten', '1e3', 12.5, '']) {
      const res = await gql(
        `query($d: [PayoutDestinationInput!]!) { payoutSplitPreview(destinations: $d, amount: 100, currency: "NOK") { allocated { minorUnits } } }`,
        {
          d: [{ type: 'PERCENTAGE', value, destination: 'a' }],
        },
      );
      expect(res.errors?.[0]?.extensions?.code, String(value)).toBe('BAD_USER_INPUT');
    }
    const literal = await gql<{ payoutSplitPreview: { allocated: { minorUnits: number } } }>(
      '{ payoutSplitPreview(destinations: [{ type: PERCENTAGE, value: 12.5, destination: "a" }], amount: 1000, currency: "NOK") { allocated { minorUnits } } }',
    );
    expect(literal.data?.payoutSplitPreview.allocated.minorUnits).toBe(125);
    expect(seen).toEqual([]);
  });
});
