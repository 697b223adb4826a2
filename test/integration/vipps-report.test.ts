import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, NOW, startHarness, TODAY, vippsLedgerGlobalId, type GqlResult, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });

interface EntryNode {
  id: string;
  time: string;
  ledgerDate: string;
  entryType: string;
  kind: string;
  pspReference: string | null;
  amount: { minorUnits: number; amount: string; currency: string };
  balanceBefore: { minorUnits: number } | null;
  balanceAfter: { minorUnits: number; amount: string } | null;
  payer?: { name: string | null; maskedPhoneNo: string | null; message: string | null } | null;
}
interface EntriesData {
  ledger: {
    entries: {
      final: boolean;
      tryLater: boolean;
      edges: Array<{ cursor: string; node: EntryNode }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } | null;
  } | null;
}

const ENTRIES = `query($id: ID!, $date: Date, $from: Date, $to: Date, $topic: LedgerTopic = FUNDS, $first: Int, $after: String) {
  ledger(id: $id) {
    entries(date: $date, from: $from, to: $to, topic: $topic, first: $first, after: $after) {
      final tryLater
      edges { cursor node { id time ledgerDate entryType kind pspReference amount { minorUnits amount currency } balanceBefore { minorUnits } balanceAfter { minorUnits amount } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

async function walkEntries(
  h: Harness,
  vars: Record<string, unknown>,
  first: number,
): Promise<{ nodes: EntryNode[]; pages: number; last: NonNullable<NonNullable<EntriesData['ledger']>['entries']> }> {
  const walk = await walkConnection(async (after) => {
    const r: GqlResult<EntriesData> = await h.gql<EntriesData>(ENTRIES, { ...vars, first, after });
    expect(r.errors).toBeUndefined();
    return r.data!.ledger!.entries!;
  }, 9_999);
  return { nodes: walk.nodes, pages: walk.requests, last: walk.last };
}

describe('Vipps MobilePay Report API through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists every ledger across pages of the upstream list, and filters by recipient handle', async () => {
    const q = `query($first: Int, $after: String, $handle: String) { ledgers(first: $first, after: $after, settlesForRecipientHandle: $handle) {
      edges { node { id provider ledgerId currency settlesForRecipientHandles salesUnits { recipientHandle } owner { scheme id } payoutBankAccount { scheme id } } }
      pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = {
        ledgers: {
          edges: Array<{ node: { id: string; provider: string; ledgerId: string } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
      const r: GqlResult<Page> = await h.gql<Page>(q, { first: 2, after });
      expect(r.errors).toBeUndefined();
      seen.push(...r.data!.ledgers.edges.filter((e) => e.node.provider === 'VIPPS_MOBILEPAY').map((e) => e.node.ledgerId));
      if (!r.data!.ledgers.pageInfo.hasNextPage) break;
      after = r.data!.ledgers.pageInfo.endCursor;
    }
    expect(seen).toEqual(facts.ledgers.map((l) => l.ledgerId));
    expect(new Set(facts.ledgers.map((l) => l.currency))).toEqual(new Set(['NOK', 'DKK', 'EUR']));

    const one = facts.ledgers[0]!;
    const filtered = await h.gql<{ ledgers: { edges: Array<{ node: { ledgerId: string; settlesForRecipientHandles: string[] } }> } }>(q, {
      first: 50,
      handle: one.recipientHandle,
    });
    const vipps = filtered.data!.ledgers.edges.filter((e) => e.node.ledgerId === one.ledgerId);
    expect(vipps).toHaveLength(1);
    expect(vipps[0]!.node.settlesForRecipientHandles).toContain(one.recipientHandle);
  });

  it('walks a busy multi-page day completely, fetching each upstream page once, with continuous balances', async () => {
    expect(facts.busy.fundsEntries).toBeGreaterThan(2500);
    h.clearCache();
    await h.resetStats();
    const id = vippsLedgerGlobalId(facts.busy.ledgerId);
    const { nodes, last } = await walkEntries(h, { id, date: facts.busy.date }, 100);
    expect(nodes).toHaveLength(facts.busy.fundsEntries);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    for (let i = 1; i < nodes.length; i++) {
      expect(nodes[i]!.balanceBefore!.minorUnits).toBe(nodes[i - 1]!.balanceAfter!.minorUnits);
    }
    for (const n of nodes) expect(n.balanceBefore!.minorUnits + n.amount.minorUnits).toBe(n.balanceAfter!.minorUnits);
    expect(nodes.at(-1)!.kind).toBe('PAYOUT');
    expect(last.final).toBe(true);
    const upstreamPages = Math.ceil(facts.busy.fundsEntries / 1000);
    const calls = countCalls(await h.stats(), '/dates/');
    // Each upstream page once; `final` re-reads only the first page, from the cache.
    expect(calls).toBe(upstreamPages);
  });

  it('gives the same entries for a date range as for its dates one by one, in order', async () => {
    const id = vippsLedgerGlobalId(facts.quietLedgerId);
    // Closed dates (the quiet ledger's negative balance keeps 2026-11-18 and later open).
    const days = ['2026-11-15', '2026-11-16', '2026-11-17'];
    expect(facts.openPastDates.filter((o) => o.ledgerId === facts.quietLedgerId && days.includes(o.date))).toEqual([]);
    const single: EntryNode[] = [];
    for (const date of days) single.push(...(await walkEntries(h, { id, date }, 1000)).nodes);
    for (const first of [1, 3, 10, 1000]) {
      const range = await walkEntries(h, { id, from: days[0], to: days[2] }, first);
      expect(
        range.nodes.map((n) => n.id),
        `first ${first}`,
      ).toEqual(single.map((n) => n.id));
      expect(range.last.final).toBe(true);
    }
    expect(new Set(single.map((n) => n.ledgerDate))).toEqual(new Set(days));
  });

  it('reports a past date the Report API keeps open as not final: a negative balance, a monthly payout still to come', async () => {
    const negative = facts.openPastDates.find((o) => o.reason === 'negative-balance');
    const monthly = facts.openPastDates.find((o) => o.reason === 'awaiting-payout');
    expect(negative).toBeDefined();
    expect(monthly).toBeDefined();
    for (const open of [negative!, monthly!]) {
      const id = vippsLedgerGlobalId(open.ledgerId);
      const one = await walkEntries(h, { id, date: open.date }, 1000);
      expect(one.nodes.length, open.date).toBeGreaterThan(0);
      expect(one.last.final, `${open.reason} ${open.date}`).toBe(false);
      // Ranges: an open date anywhere in it makes the range not final, and the walk goes on past it.
      const before = new Date(Date.parse(`${open.date}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
      const range = await walkEntries(h, { id, from: before, to: open.date }, 7);
      expect(range.last.final).toBe(false);
      expect(range.nodes.at(-1)?.ledgerDate).toBe(open.date);
    }
    // A closed past date of the same ledger is final.
    const closed = await walkEntries(h, { id: vippsLedgerGlobalId(negative!.ledgerId), date: '2026-11-16' }, 1000);
    expect(closed.last.final).toBe(true);
  });

  it('reads a date whose last page says hasMore before an empty page, or carries a cursor, completely and once', async () => {
    for (const ending of ['empty-page-after-last', 'cursor-on-last-page'] as const) {
      const quirk = facts.pageEndings.find(
        (p) =>
          p.ending === ending && p.topic === 'funds' && !facts.openPastDates.some((o) => o.ledgerId === p.ledgerId && o.date === p.date),
      );
      expect(quirk, ending).toBeDefined();
      const id = vippsLedgerGlobalId(quirk!.ledgerId);
      h.clearCache();
      await h.resetStats();
      const whole = await walkEntries(h, { id, date: quirk!.date }, 1000);
      // One upstream page of items; the empty page after `hasMore: true` is read, a last page's cursor is not followed.
      expect(countCalls(await h.stats(), '/dates/'), ending).toBe(ending === 'empty-page-after-last' ? 2 : 1);
      expect(whole.last.final, ending).toBe(true);
      expect(whole.nodes.length).toBeGreaterThan(0);
      for (const first of [1, 4]) {
        const paged = await walkEntries(h, { id, date: quirk!.date }, first);
        expect(
          paged.nodes.map((n) => n.id),
          `${ending} first ${first}`,
        ).toEqual(whole.nodes.map((n) => n.id));
        expect(paged.last.final).toBe(true);
      }
      // The empty page ends the date, not the range: the next date follows.
      const next = new Date(Date.parse(`${quirk!.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const range = await walkEntries(h, { id, from: quirk!.date, to: next }, 1000);
      expect(new Set(range.nodes.map((n) => n.ledgerDate)).has(quirk!.date)).toBe(true);
      const nextDay = await walkEntries(h, { id, date: next }, 1000);
      expect(range.nodes.length).toBe(whole.nodes.length + nextDay.nodes.length);
    }
  });

  it('reports today as open: final false and tryLater at the end of the walk', async () => {
    const id = vippsLedgerGlobalId(facts.quietLedgerId);
    const r = await walkEntries(h, { id, from: '2026-11-18' }, 1000);
    expect(r.last.final).toBe(false);
    expect(r.last.tryLater).toBe(true);
    expect(r.nodes.some((n) => n.ledgerDate === TODAY)).toBe(true);
    const past = await walkEntries(h, { id, from: '2026-11-18', to: '2026-11-25' }, 1000);
    expect(past.last.final).toBe(false);
  });

  it('keeps money above 2^31 minor units exact', async () => {
    expect(facts.large.exceedsOn).not.toBeNull();
    const { nodes } = await walkEntries(h, { id: vippsLedgerGlobalId(facts.large.ledgerId), date: facts.large.exceedsOn }, 1000);
    const big = nodes.filter((n) => n.balanceAfter!.minorUnits > 2 ** 31);
    expect(big.length).toBeGreaterThan(0);
    for (const n of big) {
      const m = n.balanceAfter!;
      expect(m.amount).toBe(`${String(m.minorUnits).slice(0, -2)}.${String(m.minorUnits).slice(-2)}`);
    }
  });

  it('reads the fees book, and keeps unknown entry types as data with kind OTHER', async () => {
    const fees = await walkEntries(h, { id: vippsLedgerGlobalId(facts.busy.ledgerId), date: facts.busy.date, topic: 'FEES' }, 1000);
    expect(fees.nodes).toHaveLength(facts.busy.feesEntries);
    expect(new Set(fees.nodes.map((n) => n.kind))).toContain('FEE');
    const unknown = facts.unusualEntries.find(
      (u) => !['correction', 'top-up', 'scheduled-for-payout', 'credit-note', 'payout-aborted'].includes(u.entryType),
    );
    expect(unknown).toBeDefined();
    const r = await walkEntries(h, { id: vippsLedgerGlobalId(unknown!.ledgerId), date: unknown!.date }, 1000);
    const n = r.nodes.find((x) => x.entryType === unknown!.entryType);
    expect(n?.kind).toBe('OTHER');
    const old = facts.unusualEntries.find((u) => u.entryType === 'scheduled-for-payout');
    if (old) {
      const o = await walkEntries(h, { id: vippsLedgerGlobalId(old.ledgerId), date: old.date }, 1000);
      expect(o.nodes.find((x) => x.entryType === 'scheduled-for-payout')?.kind).toBe('PAYOUT');
    }
  });

  it('asks for GDPR-sensitive data only when payer fields are selected', async () => {
    const vm = facts.ledgers.find((l) => /^(NO|DK):/.test(l.recipientHandle))!;
    const id = vippsLedgerGlobalId(vm.ledgerId);
    const withPayer = await h.op(
      graphql(
        `query VippsReportLedger($id: ID!) { ledger(id: $id) { entries(date: "2026-11-18", first: 50) { edges { node { entryType payer { name maskedPhoneNo message } } } } } }`,
      ),
      { id },
    );
    expect(withPayer.errors).toBeUndefined();
    const payers = withPayer.data!.ledger!.entries!.edges.map((e) => e.node.payer).filter(Boolean);
    expect(payers.length).toBeGreaterThan(0);
    expect(payers[0]!.maskedPhoneNo).toMatch(/^xxxx \d{4}$/);
    const without = await h.op(
      graphql(
        `query VippsReportLedger2($id: ID!) { ledger(id: $id) { entries(date: "2026-11-18", first: 50) { edges { node { id } } } } }`,
      ),
      { id },
    );
    expect(without.errors).toBeUndefined();
    // Different upstream URLs: a query without payer fields never shares the GDPR response.
    const cost = without.extensions!.cost as { cacheHits: number; upstreamCalls: number };
    expect(cost.upstreamCalls).toBe(1);
  });

  it('refetches entries and ledgers by global id with node()', async () => {
    const { nodes } = await walkEntries(h, { id: vippsLedgerGlobalId(facts.busy.ledgerId), date: facts.busy.date }, 1000);
    const pick = nodes[1500]!;
    const r = await h.op(
      graphql(
        `query VippsReportNode($id: ID!, $l: ID!, $none: ID!) { node(id: $id) { id ... on Entry { entryType amount { minorUnits } } } l: node(id: $l) { ... on Ledger { ledgerId } } none: node(id: $none) { id } }`,
      ),
      { id: pick.id, l: vippsLedgerGlobalId(facts.busy.ledgerId), none: vippsLedgerGlobalId('000000') },
    );
    expect(r.data!.node).toMatchObject({ id: pick.id, entryType: pick.entryType, amount: { minorUnits: pick.amount.minorUnits } });
    expect(r.data!.l).toEqual({ ledgerId: facts.busy.ledgerId });
    // An id that names nothing: null with one NOT_FOUND on that field only.
    expect(r.data!.none).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ['none'], extensions: { code: 'NOT_FOUND' } });
  });
});
