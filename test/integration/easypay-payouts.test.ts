import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EASYPAY_SANDBOX_CREDENTIALS, easypaySandboxFacts } from '../../src/sandbox/easypay/index.js';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { NOW, startHarness, YESTERDAY, type Harness } from '../helpers/harness.js';
import { plusDays } from '../helpers/calendar.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection, type NodeOf } from '../helpers/connections.js';

/*
 * Easypay's ledger report documents two transaction types that settle with the merchant's bank:
 * `TF` ("a movement of funds from an Easypay account to a bank account") and `TB` (a "bank
 * transfer" between bank accounts). Both are payouts: listed by `payouts`, chained by `previous`,
 * found by `Entry.payout`, and the payout identity holds on each.
 */

const SHAPE = { entriesPerDay: 12 };
const facts = easypaySandboxFacts(undefined, { now: NOW, ...SHAPE });
const ACCOUNT = EASYPAY_SANDBOX_CREDENTIALS.accountId;
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${ACCOUNT}`).toString('base64url');
const sourceOptions = { now: () => Date.parse(NOW) };

const PAYOUTS =
  graphql(`query EasypayPayoutsWalk($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {
  edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits }
    entry { id entryType kind amount { minorUnits } }
    previous { id retained { minorUnits } }
    entries(first: 3) { summary { count net { minorUnits } } edges { node { id entryType payout { id } } } } } }
  pageInfo { hasNextPage endCursor } } } }`);
type P = NodeOf<NonNullable<NonNullable<ResultOf<typeof PAYOUTS>['ledger']>['payouts']>>;

describe('Easypay payouts: TF and TB', () => {
  let h: Harness;
  const payouts: P[] = [];

  beforeAll(async () => {
    h = await startHarness({ sandbox: { vendors: { easypay: SHAPE } }, gateway: { sourceOptions }, env: { TALLY_MAX_COST: '1000000' } });
    const walk = await walkConnection(async (after) => {
      const r = await h.op(PAYOUTS, { id: EASYPAY, from: plusDays(facts.historyStart, 7), to: YESTERDAY, after });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.ledger!.payouts!;
    }, 40);
    payouts.push(...walk.nodes);
  });

  afterAll(async () => {
    await h.close();
  });

  it('lists both payout types, each a PAYOUT of one transfer batch, oldest first', () => {
    const types = new Set(payouts.map((p) => p.entry.entryType));
    expect(types).toEqual(new Set(['TB', 'TF']));
    expect(payouts.length).toBeGreaterThan(60);
    for (const p of payouts) {
      expect(p.entry.kind).toBe('PAYOUT');
      expect(p.transferBatch).toMatch(/^\d+$/);
      expect(p.amount.minorUnits).toBe(-p.entry.amount.minorUnits);
      // TF moves funds out to the bank; the TB here collects a batch that came to less than nothing.
      if (p.entry.entryType === 'TF') expect(p.amount.minorUnits).toBeGreaterThanOrEqual(0);
      else expect(p.amount.minorUnits).toBeLessThan(0);
    }
    const dates = payouts.map((p) => p.ledgerDate);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(payouts.map((p) => p.transferBatch)).size).toBe(payouts.length);
  });

  it('holds the payout identity on each, and chains previous across the two types', () => {
    for (const [i, p] of payouts.entries()) {
      expect(p.entries!.summary!.count).toBeGreaterThan(0);
      expect(p.balanceBefore!.minorUnits).toBe(p.entries!.summary!.net.minorUnits);
      expect(p.balanceBefore!.minorUnits - p.amount.minorUnits).toBe(p.retained!.minorUnits);
      expect(p.retained!.minorUnits).toBe(0);
      expect(p.previous).not.toBeNull();
      if (i > 0) expect(p.previous?.id).toBe(payouts[i - 1]?.id);
      expect((p.previous?.retained!.minorUnits ?? NaN) + p.entries!.summary!.net.minorUnits).toBe(p.balanceBefore!.minorUnits);
    }
    // Somewhere a TF follows a TB and a TB follows a TF: previous looks at both.
    const pairs = new Set(payouts.slice(1).map((p, i) => `${payouts[i]?.entry.entryType}>${p.entry.entryType}`));
    expect(pairs).toContain('TB>TF');
    expect(pairs).toContain('TF>TB');
  });

  it("finds each settled entry's payout, TF or TB, and a payout entry's own", async () => {
    for (const type of ['TF', 'TB']) {
      const p = payouts.find((x) => x.entry.entryType === type)!;
      expect(p.entries!.edges.length).toBeGreaterThan(0);
      for (const e of p.entries!.edges) {
        expect(['TB', 'TF']).not.toContain(e.node.entryType);
        expect(e.node.payout?.id, type).toBe(p.id);
      }
      const own = await h.op(graphql(`query EasypayPayoutsNode($id: ID!) { node(id: $id) { ... on Entry { kind payout { id } } } }`), {
        id: p.entry.id,
      });
      expect(own.errors).toBeUndefined();
      expect(own.data?.node).toEqual({ kind: 'PAYOUT', payout: { id: p.id } });
      const byId = await h.op(graphql(`query EasypayPayoutsNode2($id: ID!) { node(id: $id) { ... on Payout { entry { entryType } } } }`), {
        id: p.id,
      });
      expect(byId.data?.node?.entry.entryType).toBe(type);
    }
  });
});
