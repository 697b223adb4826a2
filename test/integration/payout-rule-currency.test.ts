import { afterAll, describe, expect, it } from 'vitest';
import { SEED_PAYOUT_RULES } from '../fixtures/dintero-billing-seed.js';
import { startDinteroStandInGateway, type DinteroStandInGateway } from '../helpers/dintero-stand-in.js';

/*
 * Issue 22: a payout rule's flat amounts are minor units, and the Billing API's rule has no
 * currency. Tally derives it from the account's settlements (every page read, once per request),
 * and answers null rather than a guess when there is none or several.
 */

const ACCOUNT = 'T12345678';
const settlement = (id: string, currency: string) => ({
  id,
  created_at: '2026-11-01T08:00:00Z',
  settled_at: '2026-11-01T08:00:00Z',
  provider: 'vipps',
  amounts: [{ amount: 1000, capture: 1000, refund: 0, fee: 0, currency }],
});

describe('PayoutRule.currency (derived from the settlements)', () => {
  let pages: Array<{ items: unknown[]; last_evaluated_key?: unknown }> = [];
  let settlementCalls = 0;
  let standIn: DinteroStandInGateway | undefined;
  // A gateway per case: its cache of settlement pages must not carry over to the next case.
  const start = async () => {
    await standIn?.close();
    standIn = await startDinteroStandInGateway(ACCOUNT, (req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname.replace(`/v1/accounts/${ACCOUNT}`, '');
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/auth/token') return send({ access_token: 'stand-in-token', token_type: 'Bearer', expires_in: 86400 });
      if (path === '/billing/payout-rules')
        return send({ payout_rules: [SEED_PAYOUT_RULES.payout_rules[0], { ...SEED_PAYOUT_RULES.payout_rules[0], id: 'second' }] });
      if (path === '/settlements') {
        settlementCalls++;
        return send(pages[url.searchParams.get('starting_after_id') === null ? 0 : 1]);
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not here"}}');
    });
  };
  afterAll(async () => {
    await standIn?.close();
  });

  const ask = async () => {
    await start();
    const res = await fetch(standIn!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ billingAccount(accountId: "${ACCOUNT}") { settlementCurrencies payoutRules(includeDeleted: true) { edges { node { payoutRuleId currency } } } } }`,
      }),
    });
    return (await res.json()) as {
      data: { billingAccount: { settlementCurrencies: string[]; payoutRules: { edges: Array<{ node: { currency: string | null } }> } } };
      errors?: unknown;
    };
  };

  it('answers the one currency of every settlement page, reading them once for all the rules', async () => {
    pages = [
      {
        items: [settlement('s1', 'NOK')],
        last_evaluated_key: { id: 's1', settled_at: '2026-11-01T08:00:00Z', created_at: '2026-11-01T08:00:00Z' },
      },
      { items: [settlement('s2', 'NOK')] },
    ];
    settlementCalls = 0;
    const r = await ask();
    expect(r.errors).toBeUndefined();
    expect(r.data.billingAccount.settlementCurrencies).toEqual(['NOK']);
    expect(r.data.billingAccount.payoutRules.edges.map((e) => e.node.currency)).toEqual(['NOK', 'NOK']);
    expect(settlementCalls).toBe(2);
  });

  it("answers null, not the first page's currency, when a later page settles in another", async () => {
    pages = [
      {
        items: [settlement('s3', 'NOK')],
        last_evaluated_key: { id: 's3', settled_at: '2026-11-02T08:00:00Z', created_at: '2026-11-02T08:00:00Z' },
      },
      { items: [settlement('s4', 'SEK')] },
    ];
    const r = await ask();
    expect(r.data.billingAccount.settlementCurrencies).toEqual(['NOK', 'SEK']);
    expect(r.data.billingAccount.payoutRules.edges.map((e) => e.node.currency)).toEqual([null, null]);
  });
});
