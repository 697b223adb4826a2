import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts, type VippsLedgerFact } from '../../src/sandbox/vipps/index.js';
import { startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

/**
 * Joint settlement: the Report API FAQ says several MSNs can be settled in one ledger (a point of
 * sale in several stores, or an old and a new integration, sharing one payout series). The
 * sandbox's kiosk ledger settles two sales units; its entries carry the unit they belong to, and
 * its payouts and retained fees settle the ledger as a whole.
 */

const NOW = '2026-11-20T14:30:00Z';
const facts = vippsSandboxFacts(undefined, { now: NOW, historyDays: 10 });
const joint = facts.ledgers.find((l) => l.ledgerId === facts.cutoffLedgerId) as VippsLedgerFact;
const [first, second] = joint.recipientHandles as [string, string];
const id = vippsLedgerGlobalId(joint.ledgerId);
const DATE = '2026-11-18';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { now: NOW, vendors: { vipps: { historyDays: 10 } } } });
});
afterAll(async () => {
  await h.close();
});

type Summary = { count: number; net: { minorUnits: number } };
type Entries = {
  edges: Array<{ node: { recipientHandle: string | null; entryType: string } }>;
  pageInfo: { hasNextPage: boolean };
  summary: Summary;
};

async function entries(args: string, topic = 'FUNDS'): Promise<Entries> {
  const r = await h.gql<{ ledger: { entries: Entries } }>(
    `query($id: ID!) { ledger(id: $id) { entries(date: "${DATE}", topic: ${topic}, first: 1000 ${args}) { edges { node { recipientHandle entryType } } pageInfo { hasNextPage } summary { count net { minorUnits } } } } }`,
    { id },
  );
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(r.data!.ledger.entries.pageInfo.hasNextPage).toBe(false);
  return r.data!.ledger.entries;
}

describe('a ledger that settles two sales units jointly', () => {
  it('lists both units, and is found by either handle', async () => {
    expect(joint.recipientHandles).toHaveLength(2);
    const r = await h.op(
      graphql(
        `query JointSettlementLedger($id: ID!) { ledger(id: $id) { settlesForRecipientHandles salesUnits { recipientHandle name } } }`,
      ),
      { id },
    );
    expect(r.data!.ledger!.settlesForRecipientHandles).toEqual([first, second]);
    expect(r.data!.ledger!.salesUnits.map((u) => u.recipientHandle)).toEqual([first, second]);
    expect(new Set(r.data!.ledger!.salesUnits.map((u) => u.name)).size).toBe(2);
    for (const handle of [first, second]) {
      const found = await h.op(
        graphql(
          `query JointSettlementLedgers($h: String) { ledgers(first: 50, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }`,
        ),
        { h: handle },
      );
      expect(found.errors).toBeUndefined();
      expect(
        found.data!.ledgers!.edges.map((e) => e!.node.ledgerId),
        handle,
      ).toEqual([joint.ledgerId]);
    }
  });

  it("filters entries by unit on both books, and the units' totals add up to the ledger's", async () => {
    for (const topic of ['FUNDS', 'FEES']) {
      const all = await entries('', topic);
      const a = await entries(`, recipientHandle: "${first}"`, topic);
      const b = await entries(`, recipientHandle: "${second}"`, topic);
      expect(a.edges.length, topic).toBeGreaterThan(0);
      expect(b.edges.length, topic).toBeGreaterThan(0);
      for (const e of a.edges) expect(e.node.recipientHandle).toBe(first);
      for (const e of b.edges) expect(e.node.recipientHandle).toBe(second);
      const unitless = all.edges.filter((e) => e.node.recipientHandle === null);
      expect(
        unitless.map((e) => e.node.entryType).every((t) => /fees-retained|payout|correction|top-up|adjustment/.test(t)),
        topic,
      ).toBe(true);
      // Counts and totals: each unit's, plus the entries of no unit, make the whole.
      expect(a.summary.count + b.summary.count + unitless.length, topic).toBe(all.summary.count);
      expect(a.summary.count).toBe(a.edges.length);
      expect(b.summary.count).toBe(b.edges.length);
      const unitlessNet = await entries(`, kinds: [FEES_RETAINED, PAYOUT, CORRECTION, TOP_UP, OTHER]`, topic);
      expect(unitlessNet.summary.count, topic).toBe(unitless.length);
      expect(a.summary.net.minorUnits + b.summary.net.minorUnits + unitlessNet.summary.net.minorUnits, topic).toBe(
        all.summary.net.minorUnits,
      );
    }
  });

  it('pays both units in one payout, whose entries split by unit and add up to it', async () => {
    type Payout = {
      amount: { minorUnits: number };
      balanceBefore: { minorUnits: number };
      previous: { retained: { minorUnits: number } } | null;
      all: { summary: Summary; edges: Array<{ node: { recipientHandle: string | null } }> };
      a: { summary: Summary };
      b: { summary: Summary };
    };
    const sums = (handle: string, alias: string) =>
      `${alias}: entries(first: 1, recipientHandle: "${handle}") { summary { count net { minorUnits } } }`;
    const r = await h.gql<{ ledger: { payouts: { edges: Array<{ node: Payout }> } } }>(
      `query($id: ID!) { ledger(id: $id) { payouts(from: "${DATE}", to: "${DATE}", first: 5) { edges { node {
        amount { minorUnits } balanceBefore { minorUnits } previous { retained { minorUnits } }
        all: entries(first: 1000) { summary { count net { minorUnits } } edges { node { recipientHandle } } }
        ${sums(first, 'a')} ${sums(second, 'b')} } } } } }`,
      { id },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const payouts = r.data!.ledger.payouts.edges.map((e) => e.node);
    expect(payouts).toHaveLength(1);
    const p = payouts[0] as Payout;
    const handles = new Set(p.all.edges.map((e) => e.node.recipientHandle));
    expect(handles.has(first) && handles.has(second)).toBe(true);
    // The payout identity holds on the joint ledger: previous.retained + settled net = balanceBefore.
    expect((p.previous?.retained.minorUnits ?? 0) + p.all.summary.net.minorUnits).toBe(p.balanceBefore.minorUnits);
    expect(p.a.summary.count).toBeGreaterThan(0);
    expect(p.b.summary.count).toBeGreaterThan(0);
    const unitless = p.all.edges.filter((e) => e.node.recipientHandle === null).length;
    expect(p.a.summary.count + p.b.summary.count + unitless).toBe(p.all.summary.count);
    // Each unit's share is positive money paid out together.
    expect(p.a.summary.net.minorUnits).toBeGreaterThan(0);
    expect(p.b.summary.net.minorUnits).toBeGreaterThan(0);
    expect(p.a.summary.net.minorUnits + p.b.summary.net.minorUnits).toBeGreaterThanOrEqual(p.all.summary.net.minorUnits);
  });
});
