import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { plusDays } from '../helpers/calendar.js';
import { countCalls, NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';

/*
 * Issue 22, missing facts: whether a sale exists behind an entry (known for free where the entry
 * decides it, the join's cost otherwise), and a currency's exponent without an amount.
 */

const facts = vippsSandboxFacts(undefined, { now: NOW });
const BUSY = facts.busy;
const NO_SALES_UNIT = facts.ledgers.find((l) => l.salesSolution === null)!.ledgerId;
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${EASYPAY_SANDBOX_CREDENTIALS.accountId}`).toString('base64url');

const ENTRIES = (fields: string) => `query($id: ID!, $date: Date!, $first: Int, $topic: LedgerTopic = FUNDS) {
  ledger(id: $id) { entries(date: $date, first: $first, topic: $topic) { edges { node { kind pspReference ${fields} } } } } }`;
interface Data {
  ledger: {
    entries: {
      edges: Array<{
        node: { kind: string; pspReference: string | null; salesEventPresence: string | null; salesEvent?: { id: string } | null };
      }>;
    } | null;
  } | null;
}

describe('Entry.salesEventPresence', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says PRESENT exactly where salesEvent finds the sale, for the upstream calls of salesEvent alone', async () => {
    const date = plusDays(BUSY.date, -1);
    const vars = { id: vippsLedgerGlobalId(BUSY.ledgerId), date, first: 40 };
    h.clearCache();
    await h.resetStats();
    const alone = await h.gql<Data>(ENTRIES('salesEvent { id }'), vars);
    expect(alone.errors).toBeUndefined();
    const salesAlone = countCalls(await h.stats(), '/sales/');

    h.clearCache();
    await h.resetStats();
    const both = await h.gql<Data>(ENTRIES('salesEvent { id } salesEventPresence'), vars);
    expect(both.errors).toBeUndefined();
    expect(countCalls(await h.stats(), '/sales/')).toBe(salesAlone);
    const nodes = both.data!.ledger!.entries!.edges.map((e) => e.node);
    expect(nodes.some((n) => n.salesEventPresence === 'PRESENT')).toBe(true);
    for (const n of nodes) expect(n.salesEventPresence).toBe(n.salesEvent ? 'PRESENT' : 'ABSENT');
  });

  it('says ABSENT for fees without any Sales API call, and for captures of a sales unit the Sales API does not cover', async () => {
    h.clearCache();
    await h.resetStats();
    const fees = await h.gql<Data>(ENTRIES('salesEventPresence'), {
      id: vippsLedgerGlobalId(BUSY.ledgerId),
      date: BUSY.date,
      first: 50,
      topic: 'FEES',
    });
    expect(fees.errors).toBeUndefined();
    expect(new Set(fees.data!.ledger!.entries!.edges.map((e) => e.node.salesEventPresence))).toEqual(new Set(['ABSENT']));
    expect(countCalls(await h.stats(), '/sales/')).toBe(0);

    const uncovered = await h.gql<Data>(ENTRIES('salesEventPresence'), {
      id: vippsLedgerGlobalId(NO_SALES_UNIT),
      date: plusDays(BUSY.date, -3),
      first: 50,
    });
    const captures = uncovered.data!.ledger!.entries!.edges.filter((e) => e.node.kind === 'CAPTURE');
    expect(captures.length).toBeGreaterThan(0);
    expect(captures.every((e) => e.node.salesEventPresence === 'ABSENT')).toBe(true);
  });

  it("is null with the Sales API's error when the Sales API fails, never a guessed ABSENT; the entries stand", async () => {
    h.clearCache();
    h.sandbox.faults.set('vipps', { serverErrorRate: 1, endpoints: ['/sales/'] });
    try {
      const r = await h.gql<Data>(ENTRIES('salesEventPresence'), {
        id: vippsLedgerGlobalId(BUSY.ledgerId),
        date: plusDays(BUSY.date, -2),
        first: 30,
      });
      const nodes = r.data!.ledger!.entries!.edges.map((e) => e.node);
      const sales = nodes.filter((n) => n.kind === 'CAPTURE' || n.kind === 'REFUND');
      expect(sales.length).toBeGreaterThan(10);
      for (const n of sales) expect(n.salesEventPresence).toBeNull();
      for (const n of nodes.filter((x) => x.kind !== 'CAPTURE' && x.kind !== 'REFUND')) expect(n.salesEventPresence).toBe('ABSENT');
      // One upstream failure is one error listing every field it nulled (useSharedUpstreamErrors).
      expect(r.errors).toHaveLength(1);
      const error = r.errors![0]!;
      expect(String(error.extensions!.code)).toMatch(/^UPSTREAM_/);
      const paths = error.extensions!.paths as Array<Array<string | number>>;
      expect(paths).toHaveLength(sales.length);
      for (const p of paths) expect(p.at(-1)).toBe('salesEventPresence');
    } finally {
      h.sandbox.faults.clear('vipps');
    }
  });

  it('says UNKNOWN on a provider without a sales source (Easypay), without calling anything for it', async () => {
    const r = await h.gql<Data>(ENTRIES('salesEventPresence'), { id: EASYPAY, date: plusDays(NOW.slice(0, 10), -2), first: 20 });
    expect(r.errors).toBeUndefined();
    const values = new Set(r.data!.ledger!.entries!.edges.map((e) => e.node.salesEventPresence));
    expect(values).toEqual(new Set(['UNKNOWN']));
  });
});

describe("Query.currency: a currency's exponent without an amount", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers ISO 4217 minor units exactly, null where the standard gives none, and refuses a code not on the list', async () => {
    const q = `query($c: String!) { currency(code: $c) { code exponent } }`;
    const exponent = async (c: string) =>
      (await h.gql<{ currency: { code: string; exponent: number | null } | null }>(q, { c })).data?.currency?.exponent;
    expect(await exponent('NOK')).toBe(2);
    expect(await exponent('JPY')).toBe(0);
    expect(await exponent('ISK')).toBe(0);
    expect(await exponent('KWD')).toBe(3);
    expect(await exponent('CLF')).toBe(4);
    expect(await exponent('XAU')).toBeNull();
    const unknown = await h.gql<{ currency: unknown }>(q, { c: 'ABC' });
    expect(unknown.data?.currency).toBeNull();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const all = await h.gql<{ currencies: Array<{ code: string; exponent: number | null }> }>('{ currencies { code exponent } }');
    const codes = all.data!.currencies.map((c) => c.code);
    expect(codes).toContain('EUR');
    expect(new Set(codes).size).toBe(codes.length);
  });
});
