import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { parseDkFiPayoutReference } from '../../src/sources/vipps/bank-reference.js';
import { countCalls, NOW, startHarness, vippsLedgerGlobalId, YESTERDAY, type GqlResult, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const byName = (name: string) => {
  const l = facts.ledgers.find((x) => x.name === name);
  if (!l) throw new Error(`no sandbox ledger ${name}`);
  return l;
};
/** Daily DK and FI payouts (one with the 2023 `scheduled-for-payout` spelling), a weekly one, and a monthly one past 2^31. */
const PAYOUT_LEDGERS = [byName('Hyggelig Kiosk'), byName('Kahvila Helmi'), byName('Sentrum Sykkelverksted'), byName('Nordlys Energi')];

interface MoneyJson {
  minorUnits: number;
  currency: string;
  amount: string;
}
interface PayoutJson {
  id: string;
  ledgerDate: string;
  amount: MoneyJson;
  bankReference: string | null;
  payoutNumber: string | null;
  balanceBefore: MoneyJson;
  retained: MoneyJson;
  entry: { entryType: string; amount: MoneyJson; balanceBefore: MoneyJson };
  previous: { id: string; retained: MoneyJson } | null;
  entries: { summary: { count: number; net: MoneyJson } };
}

type PayoutsData = { ledger: { payouts: { edges: Array<{ node: PayoutJson }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PAYOUT_FIELDS = `id ledgerDate amount { minorUnits currency amount } bankReference payoutNumber
  balanceBefore { minorUnits currency amount } retained { minorUnits currency amount }
  entry { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } }
  previous { id retained { minorUnits currency amount } }
  entries(first: 1) { summary { count net { minorUnits currency amount } } }`;

async function allPayouts(ledgerId: string, from: string, to: string): Promise<PayoutJson[]> {
  const out: PayoutJson[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const r: GqlResult<PayoutsData> = await h.gql<PayoutsData>(
      `query($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) { edges { node { ${PAYOUT_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
      { id: vippsLedgerGlobalId(ledgerId), from, to, after },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const conn: PayoutsData['ledger']['payouts'] | undefined = r.data?.ledger.payouts;
    out.push(...(conn?.edges.map((e) => e.node) ?? []));
    if (!conn?.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('payouts did not end');
}

const SETTLED = graphql(
  `query ReconciliationNode($id: ID!, $after: String) { node(id: $id) { ... on Payout { entries(first: 37, after: $after) { edges { node { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } balanceAfter { minorUnits currency amount } } } pageInfo { hasNextPage endCursor } } } } }`,
);
const NO_PAGE = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

/** Every settled entry of a payout, walked page by page as a client would. */
async function walkSettled(payoutId: string) {
  const walk = await walkConnection(async (after) => {
    const r = await h.op(SETTLED, { id: payoutId, after });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const node = r.data!.node!;
    return ('entries' in node ? node.entries : undefined) ?? NO_PAGE;
  }, 500);
  return walk.nodes;
}

describe('payouts', () => {
  it('hold the payout identity on every payout of four ledgers over 60 days (daily DK/FI, weekly, monthly past 2^31)', async () => {
    const from = facts.historyStart;
    let checked = 0;
    let largeChecked = 0;
    for (const l of PAYOUT_LEDGERS) {
      const payouts = await allPayouts(l.ledgerId, from, YESTERDAY);
      const expected = l.payout === 'daily' ? 55 : l.payout === 'weekly' ? 8 : 2;
      expect(payouts.length, l.name).toBeGreaterThanOrEqual(expected);
      for (const [i, p] of payouts.entries()) {
        expect(p.amount.minorUnits, `${l.name} ${p.ledgerDate}`).toBe(-p.entry.amount.minorUnits);
        expect(p.amount.minorUnits).toBeGreaterThan(0);
        // balanceBefore + the payout entry's amount = retained.
        expect(p.balanceBefore.minorUnits + p.entry.amount.minorUnits).toBe(p.retained.minorUnits);
        expect(p.entry.entryType).toMatch(/^(payout-scheduled|scheduled-for-payout)$/);
        if (i > 0) expect(p.previous?.id, `${l.name} ${p.ledgerDate}`).toBe(payouts[i - 1]?.id);
        // The previous payout's retained + the sum of what this payout settles = balanceBefore.
        if (p.previous) {
          expect(p.previous.retained.minorUnits + p.entries.summary.net.minorUnits, `${l.name} ${p.ledgerDate}`).toBe(
            p.balanceBefore.minorUnits,
          );
          checked++;
        }
        if (l.currency !== 'NOK') {
          expect(parseDkFiPayoutReference(p.bankReference ?? '')).toMatchObject({ ledgerDate: p.ledgerDate, checkDigitValid: true });
        }
        expect(p.payoutNumber).toMatch(/^\d+$/);
      }
      const large = payouts.filter((p) => p.amount.minorUnits > 2 ** 31);
      if (l.payout === 'monthly') expect(large.length).toBeGreaterThan(0);
      if (l.payout === 'monthly') largeChecked += large.length;
    }
    expect(checked).toBeGreaterThan(100);
    // The monthly ledger was really among the four, so payouts past 2^31 were checked, not skipped.
    expect(largeChecked).toBeGreaterThan(0);
  });

  it('holds the payout identity on every Easypay bank transfer over 60 days: the transfer batch is its settled entries', async () => {
    const list = await h.op(graphql(`query ReconciliationLedgers { ledgers(first: 50) { edges { node { id provider } } } }`));
    const easypay = list.data?.ledgers!.edges.find((e) => e!.node.provider === 'EASYPAY')?.node.id;
    expect(easypay).toBeTruthy();
    const q = `query($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {
      edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits } entry { entryType amount { minorUnits } }
        previous { id retained { minorUnits } } entries(first: 1) { summary { count net { minorUnits } } } } }
      pageInfo { hasNextPage endCursor } } } }`;
    type P = {
      id: string;
      ledgerDate: string;
      transferBatch: string;
      amount: { minorUnits: number };
      balanceBefore: { minorUnits: number };
      retained: { minorUnits: number };
      entry: { entryType: string; amount: { minorUnits: number } };
      previous: { id: string; retained: { minorUnits: number } } | null;
      entries: { summary: { count: number; net: { minorUnits: number } } };
    };
    const payouts: P[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const r: GqlResult<{ ledger: { payouts: { edges: Array<{ node: P }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } }> =
        await h.gql(q, { id: easypay, from: facts.historyStart, to: YESTERDAY, after });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const conn = r.data?.ledger.payouts;
      payouts.push(...(conn?.edges.map((e) => e.node) ?? []));
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    // One transfer per weekday over the 60 days (Easypay's sandbox history is longer: every batch is whole).
    expect(payouts.length).toBeGreaterThan(38);
    for (const [i, p] of payouts.entries()) {
      expect(['TB', 'TF']).toContain(p.entry.entryType);
      expect(p.transferBatch).toMatch(/^\d+$/);
      expect(p.amount.minorUnits).toBe(-p.entry.amount.minorUnits);
      expect(p.entries.summary.count).toBeGreaterThan(0);
      expect(p.balanceBefore.minorUnits).toBe(p.entries.summary.net.minorUnits);
      expect(p.balanceBefore.minorUnits + p.entry.amount.minorUnits).toBe(p.retained.minorUnits);
      if (i > 0) expect(p.previous?.id).toBe(payouts[i - 1]?.id);
      expect(p.previous).not.toBeNull();
      // Each transfer pays its whole batch: nothing retained, so the identity chains from payout to payout.
      expect(p.retained.minorUnits).toBe(0);
      expect((p.previous?.retained.minorUnits ?? NaN) + p.entries.summary.net.minorUnits).toBe(p.balanceBefore.minorUnits);
    }
  });

  it("walks a payout's settled entries exactly: the client-side sum equals summary.net, and balances run from previous.retained to balanceBefore", async () => {
    for (const l of [byName('Sentrum Sykkelverksted'), byName('Hyggelig Kiosk')]) {
      const payouts = await allPayouts(l.ledgerId, '2026-11-01', YESTERDAY);
      const p = payouts.at(-1);
      if (!p?.previous) throw new Error('expected a payout with a previous one');
      const entries = await walkSettled(p.id);
      expect(entries.length).toBe(p.entries.summary.count);
      const sum = entries.reduce((s, e) => s + BigInt(e.amount.minorUnits), 0n);
      expect(sum).toBe(BigInt(p.entries.summary.net.minorUnits));
      expect(entries[0]?.balanceBefore!.minorUnits).toBe(p.previous.retained.minorUnits);
      expect(entries.at(-1)?.balanceAfter!.minorUnits).toBe(p.balanceBefore.minorUnits);
      expect(entries.some((e) => /payout/.test(e.entryType))).toBe(false);
    }
  });

  it("finds a payout by its DK/FI bank reference reading only that date's funds pages", async () => {
    const l = byName('Hyggelig Kiosk');
    const [target] = await allPayouts(l.ledgerId, '2026-11-10', '2026-11-10');
    expect(target?.bankReference).toMatch(/^02\d{18}$/);
    h.clearCache();
    await h.resetStats();
    const spaced = (target?.bankReference ?? '').replace(/(\d{4})/g, '$1 ').trim();
    const r = await h.op(
      graphql(
        `query ReconciliationLedger($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id ledgerDate } } }`,
      ),
      { id: vippsLedgerGlobalId(l.ledgerId), ref: spaced },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger!.payoutByBankReference).toEqual({ id: target?.id, ledgerDate: '2026-11-10' });
    const calls = countCalls(await h.stats(), '/dates/');
    // Exactly the pages of that one date: as many as reading the date's funds book takes, no search over other dates.
    h.clearCache();
    await h.resetStats();
    const day = await h.gql('query($id: ID!) { ledger(id: $id) { entries(date: "2026-11-10", first: 1000) { edges { cursor } } } }', {
      id: vippsLedgerGlobalId(l.ledgerId),
    });
    expect(day.errors).toBeUndefined();
    expect(calls).toBe(countCalls(await h.stats(), '/dates/'));
    expect(calls).toBeGreaterThanOrEqual(1);
  });

  it('answers null for a well-formed reference that is no payout, and explains what it cannot match', async () => {
    const l = byName('Hyggelig Kiosk');
    const q = 'query($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id } } }';
    const id = vippsLedgerGlobalId(l.ledgerId);
    // The FAQ's own example: a valid reference of 2024-04-05, before the sandbox's history.
    const none = await h.gql(q, { id, ref: '02023452430010504243' });
    expect(none.errors).toBeUndefined();
    expect(none.data).toEqual({ ledger: { payoutByBankReference: null } });
    const norwegian = await h.gql(q, { id, ref: 'Utb. 2000810 Vippsnr 117703' });
    expect(norwegian.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A Danish ledger: the Norwegian text is the other country's format.
    expect(norwegian.errors?.[0]?.message).toMatch(/Norwegian bank text/);
    const garbage = await h.gql(q, { id, ref: 'hello' });
    expect(garbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const typo = await h.gql(q, { id, ref: '02023452430011011269' });
    expect(typo.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(typo.errors?.[0]?.message).toMatch(/check digit/);
  });

  it('reads Norwegian payouts as the FAQ says Norway has them: no bank text on the entry, matched by payout number', async () => {
    // The FAQ: Denmark and Finland put the bank text on the payout-scheduled entry; Norway's bank
    // line `Utb. {Recipient} Vippsnr {PayoutNumber}` is not on the entry yet.
    const l = byName('Sentrum Sykkelverksted');
    const id = vippsLedgerGlobalId(l.ledgerId);
    const payouts = await allPayouts(l.ledgerId, '2026-11-01', YESTERDAY);
    expect(payouts.length).toBeGreaterThan(0);
    for (const p of payouts) {
      expect(p.bankReference, p.ledgerDate).toBeNull();
      expect(p.payoutNumber).toMatch(/^\d+$/);
    }
    await h.resetStats();
    const q = 'query($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id } } }';
    const norwegian = await h.gql(q, { id, ref: `Utb. 2000810 Vippsnr ${payouts[0]?.payoutNumber ?? ''}` });
    expect(norwegian.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(norwegian.errors?.[0]?.message).toMatch(/payoutNumber/);
    // A Danish/Finnish reference on a Norwegian ledger is the other country's format: said, not looked up.
    const danish = await h.gql(q, { id, ref: '02023452430010504243' });
    expect(danish.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(danish.errors?.[0]?.message).toMatch(/Danish and Finnish format/);
    expect(countCalls(await h.stats(), '/dates/')).toBe(0);
  });

  it('gives each funds entry the payout that settled it, with lookups per date, not per entry', async () => {
    const l = byName('Sentrum Sykkelverksted');
    await h.resetStats();
    const r = await h.op(
      graphql(
        `query ReconciliationLedger2($id: ID!) { ledger(id: $id) { entries(from: "2026-11-10", to: "2026-11-19", first: 1000) { edges { node { kind time payout { id ledgerDate } } } } } }`,
      ),
      { id: vippsLedgerGlobalId(l.ledgerId) },
    );
    expect(r.errors).toBeUndefined();
    const edges = r.data?.ledger!.entries!.edges ?? [];
    expect(edges.length).toBeGreaterThan(100);
    // Weekly payouts on Sundays: 2026-11-15 settles the week up to it; entries after it wait for 2026-11-22 (not yet).
    for (const { node } of edges) {
      if (node.time.slice(0, 10) <= '2026-11-15') expect(node.payout?.ledgerDate).toBe('2026-11-15');
      else expect(node.payout).toBeNull();
    }
    // Both sides of the payout are in the range: some entries settled by it, some still waiting.
    const settled = edges.filter(({ node }) => node.time.slice(0, 10) <= '2026-11-15');
    expect(settled.length).toBeGreaterThan(0);
    expect(edges.length - settled.length).toBeGreaterThan(0);
    const stats = await h.stats();
    // The range's ten dates (plus the ledger list); the payout lookups share them.
    expect(countCalls(stats, '/dates/')).toBeLessThanOrEqual(10 + 3 * 10);
  });
});

describe('summary', () => {
  it('sums a month exactly as a client-side walk does, costs nothing the second time, and filters with exact cursors', async () => {
    const l = byName('Kahvila Helmi');
    const id = vippsLedgerGlobalId(l.ledgerId);
    h.clearCache();
    await h.resetStats();
    const q = `query($id: ID!, $after: String, $kinds: [EntryKind!]) { ledger(id: $id) { entries(from: "2026-10-01", to: "2026-10-31", first: 613, after: $after, kinds: $kinds) {
      summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } }
      edges { node { kind entryType amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }`;
    type Conn = {
      summary: {
        count: number;
        net: { minorUnits: number };
        final: boolean;
        byKind: Array<{ kind: string; count: number; sum: { minorUnits: number } }>;
        byEntryType: Array<{ entryType: string; count: number }>;
      };
      edges: Array<{ node: { kind: string; entryType: string; amount: { minorUnits: number } } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const walk = async (kinds?: string[]) => {
      const nodes: Conn['edges'][number]['node'][] = [];
      let after: string | null = null;
      let summary: Conn['summary'] | undefined;
      for (let guard = 0; guard < 200; guard++) {
        const r = await h.gql<{ ledger: { entries: Conn } }>(q, { id, after, kinds });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        const conn = r.data?.ledger.entries as Conn;
        summary ??= conn.summary;
        expect(conn.summary).toEqual(summary);
        nodes.push(...conn.edges.map((e) => e.node));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      return { nodes, summary: summary as Conn['summary'] };
    };
    const cold = await walk();
    const coldCalls = countCalls(await h.stats(), '/dates/');
    expect(cold.summary.count).toBe(cold.nodes.length);
    expect(cold.summary.final).toBe(true);
    expect(cold.summary.net.minorUnits).toBe(cold.nodes.reduce((s, n) => s + n.amount.minorUnits, 0));
    for (const g of cold.summary.byKind) {
      const mine = cold.nodes.filter((n) => n.kind === g.kind);
      expect(g.count).toBe(mine.length);
      expect(g.sum.minorUnits).toBe(mine.reduce((s, n) => s + n.amount.minorUnits, 0));
    }
    expect(cold.summary.byEntryType.reduce((s, g) => s + g.count, 0)).toBe(cold.nodes.length);
    // Cold: each of the 31 dates' pages once, shared by the summary and the pages.
    expect(coldCalls).toBeGreaterThanOrEqual(31);

    await h.resetStats();
    const warm = await h.op(
      graphql(
        `query ReconciliationLedger3($id: ID!) { ledger(id: $id) { entries(from: "2026-10-01", to: "2026-10-31", first: 1) { summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } } } } }`,
      ),
      { id },
    );
    expect(warm.data?.ledger!.entries!.summary).toEqual(cold.summary);
    expect(countCalls(await h.stats(), '/dates/')).toBe(0);

    const filtered = await walk(['REFUND', 'CAPTURE']);
    expect(filtered.nodes.every((n) => n.kind === 'CAPTURE' || n.kind === 'REFUND')).toBe(true);
    const expectedKinds = cold.nodes.filter((n) => n.kind === 'CAPTURE' || n.kind === 'REFUND');
    expect(filtered.nodes).toEqual(expectedKinds);
    expect(filtered.summary.count).toBe(expectedKinds.length);
  });

  it('is null with BAD_USER_INPUT when its budget cannot cover the range, never a partial sum', async () => {
    const small = await startHarness({ env: { TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY: '5' } });
    try {
      const r = await small.op(
        graphql(
          `query ReconciliationLedger4($id: ID!) { ledger(id: $id) { entries(from: "2026-10-01", to: "2026-10-31", first: 2) { summary { count net { amount } } edges { node { kind } } } } }`,
        ),
        { id: vippsLedgerGlobalId(byName('Kahvila Helmi').ledgerId) },
      );
      expect(r.data?.ledger!.entries!.summary).toBeNull();
      expect(r.data?.ledger!.entries!.edges).toHaveLength(2);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.path).toEqual(['ledger', 'entries', 'summary']);
      expect(r.errors?.[0]?.message).toMatch(/Narrow `from`\/`to`/);
    } finally {
      await small.close();
    }
  });

  it('filters by recipientHandle server-side', async () => {
    const l = byName('Kahvila Helmi');
    const r = await h.op(
      graphql(`query ReconciliationLedger5($id: ID!, $handle: String!) { ledger(id: $id) {
        all: entries(date: "2026-11-18", first: 1) { summary { count } }
        mine: entries(date: "2026-11-18", first: 1, recipientHandle: $handle) { summary { count } }
        other: entries(date: "2026-11-18", first: 5, recipientHandle: "FI:0") { summary { count } edges { cursor } } } }`),
      { id: vippsLedgerGlobalId(l.ledgerId), handle: l.recipientHandle },
    );
    expect(r.errors).toBeUndefined();
    const d = r.data?.ledger;
    expect(d?.mine!.summary!.count).toBeGreaterThan(0);
    // Retained fees and the payout carry no recipient handle.
    expect(d?.mine!.summary!.count).toBeLessThan(d?.all!.summary!.count ?? 0);
    expect(d?.other).toEqual({ summary: { count: 0 }, edges: [] });
  });
});
