import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, YESTERDAY, type GqlResult, type Harness } from '../helpers/harness.js';

/**
 * `payouts(first: n)` answers n payouts, or says why not: a page never stops short at the
 * upstream-call budget looking complete (a monthly ledger's first page read "no payouts" with the
 * month's payout on the next page). Newest first is offered, with cursors bound to their order.
 */
const facts = vippsSandboxFacts(undefined, { now: NOW });
const monthly = facts.ledgers.find((l) => l.payout === 'monthly')!;
const daily = facts.ledgers.find((l) => l.payout === 'daily' && l.ledgerId === facts.busy.ledgerId)!;
const FROM = '2026-09-01';

interface PayoutPage {
  edges: Array<{ node: { id: string; ledgerDate: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string };
  stoppedAtBudget: boolean;
}

async function page(h: Harness, ledgerId: string, args: string, after?: string): Promise<GqlResult<{ ledger: { payouts: PayoutPage } }>> {
  return h.gql(
    `query($id: ID!, $after: String) { ledger(id: $id) { payouts(${args}, after: $after) { edges { node { id ledgerDate } } pageInfo { hasNextPage endCursor } stoppedAtBudget } } }`,
    {
      id: vippsLedgerGlobalId(ledgerId),
      after,
    },
  );
}

async function everyPage(h: Harness, ledgerId: string, args: string): Promise<PayoutPage[]> {
  const pages: PayoutPage[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const r = await page(h, ledgerId, args, after);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    pages.push(r.data!.ledger.payouts);
    if (!r.data!.ledger.payouts.pageInfo.hasNextPage) return pages;
    after = r.data!.ledger.payouts.pageInfo.endCursor;
  }
  throw new Error('payouts did not end');
}

describe('payouts pages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a monthly ledger's first page holds the month's payout", async () => {
    const r = await page(h, monthly.ledgerId, 'first: 20');
    expect(r.errors).toBeUndefined();
    const first = r.data!.ledger.payouts;
    expect(first.edges.length).toBeGreaterThan(0);
    expect(first.pageInfo.hasNextPage).toBe(false);
    expect(first.stoppedAtBudget).toBe(false);
  });

  it('a page has `first` payouts while the range has more, whatever the upstream pages per date', async () => {
    const pages = await everyPage(h, daily.ledgerId, `from: "${FROM}", to: "${YESTERDAY}", first: 20`);
    const all = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(all.length).toBeGreaterThan(40);
    for (const p of pages.slice(0, -1)) {
      expect(p.edges.length).toBe(20);
      expect(p.stoppedAtBudget).toBe(false);
    }
    expect(pages.at(-1)!.edges.length).toBe(all.length - 20 * (pages.length - 1));
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  }, 60_000);

  it('lists newest first on request: the same payouts in reverse, the latest on the first page', async () => {
    const args = `from: "${FROM}", to: "${YESTERDAY}", first: 7`;
    const oldest = (await everyPage(h, daily.ledgerId, args)).flatMap((p) => p.edges.map((e) => e.node));
    const newestPages = await everyPage(h, daily.ledgerId, `${args}, order: NEWEST_FIRST`);
    const newest = newestPages.flatMap((p) => p.edges.map((e) => e.node));
    expect(newest).toEqual([...oldest].reverse());
    expect(newestPages[0]!.edges[0]!.node.ledgerDate).toBe(oldest.at(-1)!.ledgerDate);
    const monthlyNewest = await page(h, monthly.ledgerId, 'first: 1, order: NEWEST_FIRST');
    expect(monthlyNewest.data!.ledger.payouts.edges.length).toBe(1);
  }, 60_000);

  it('binds a cursor to its order: an oldest-first cursor resumed newest first is refused, and still resumes oldest first', async () => {
    const args = `from: "${FROM}", to: "${YESTERDAY}", first: 3`;
    const cursor = (await page(h, daily.ledgerId, args)).data!.ledger.payouts.pageInfo.endCursor;
    const wrong = await page(h, daily.ledgerId, `${args}, order: NEWEST_FIRST`, cursor);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const explicit = await page(h, daily.ledgerId, `${args}, order: OLDEST_FIRST`, cursor);
    const implicit = await page(h, daily.ledgerId, args, cursor);
    expect(explicit.errors).toBeUndefined();
    expect(explicit.data).toEqual(implicit.data);
    expect(explicit.data!.ledger.payouts.edges.length).toBe(3);
  });
});

describe('payouts under a small budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY: '5' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says the page stopped at the budget, and the next pages carry on without a gap', async () => {
    const pages = await everyPage(h, daily.ledgerId, `from: "${FROM}", to: "${YESTERDAY}", first: 20`);
    const short = pages.filter((p) => p.edges.length < 20 && p.pageInfo.hasNextPage);
    expect(short.length).toBeGreaterThan(0);
    for (const p of short) expect(p.stoppedAtBudget).toBe(true);
    expect(pages.at(-1)!.stoppedAtBudget).toBe(false);
    const all = pages.flatMap((p) => p.edges.map((e) => e.node.ledgerDate));
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
  }, 60_000);
});
