import { afterAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts, type VippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { encodeGlobalId } from '../../src/resolvers/global-id.js';
import { countCalls, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

/**
 * Ledger dates in the merchant's time zone, through the gateway: `Ledger.timeZone` and
 * `Ledger.today`, date validation, `final`, range walks and the sales join all use the ledger's own
 * today from the one clock, which follows the sandbox's (`SANDBOX_NOW`). Instants are chosen by
 * hand: 22:30 UTC in summer (00:30 in Oslo and Copenhagen, 01:30 in Helsinki: tomorrow everywhere
 * in the Nordics) and in winter (23:30 in Oslo, 00:30 in Helsinki), and the nights after the
 * days of 23 hours (29 March 2026) and 25 hours (25 October 2026).
 */

const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

async function at(now: string, env: Record<string, string> = {}, historyDays = 10): Promise<{ h: Harness; facts: VippsSandboxFacts }> {
  const h = await startHarness({ sandbox: { now, vendors: { vipps: { historyDays } } }, env });
  harnesses.push(h);
  return { h, facts: vippsSandboxFacts(undefined, { now, historyDays }) };
}

const LEDGERS = `{ ledgers(first: 50) { edges { node { ledgerId provider currency timeZone dateCutoff today } } } }`;
type LedgerRow = { ledgerId: string; provider: string; currency: string; timeZone: string; dateCutoff: string; today: string };

async function ledgers(h: Harness): Promise<LedgerRow[]> {
  const r = await h.gql<{ ledgers: { edges: Array<{ node: LedgerRow }> } }>(LEDGERS);
  expect(r.errors).toBeUndefined();
  return r.data!.ledgers.edges.map((e) => e.node);
}

interface EntriesPage {
  final: boolean;
  tryLater: boolean;
  edges: Array<{ node: { time: string; ledgerDate: string; entryType: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

async function entries(
  h: Harness,
  ledgerId: string,
  args: Record<string, unknown>,
): Promise<{ page: EntriesPage | null; errors: unknown }> {
  const q = `query($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int) { ledger(id: $id) { entries(date: $date, from: $from, to: $to, first: $first) {
    final tryLater edges { node { time ledgerDate entryType } } pageInfo { hasNextPage endCursor } } } }`;
  const r = await h.gql<{ ledger: { entries: EntriesPage | null } }>(q, { id: vippsLedgerGlobalId(ledgerId), first: 1000, ...args });
  return { page: r.data?.ledger.entries ?? null, errors: r.errors };
}

/** Every entry of a selection, page after page; `final` as the last page says. */
async function walkAll(
  h: Harness,
  ledgerId: string,
  args: Record<string, unknown>,
): Promise<{ times: string[]; final: boolean; tryLater: boolean }> {
  const q = `query($id: ID!, $date: Date, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) {
    final tryLater edges { node { time } } pageInfo { hasNextPage endCursor } } } }`;
  const { nodes, last } = await walkConnection(async (after) => {
    const r = await h.gql<{ ledger: { entries: EntriesPage } }>(q, { id: vippsLedgerGlobalId(ledgerId), after, ...args });
    expect(r.errors).toBeUndefined();
    return r.data!.ledger.entries;
  }, 50);
  return { times: nodes.map((n) => n.time), final: last.final, tryLater: last.tryLater };
}

const vm = (facts: VippsSandboxFacts, currency: string) => facts.ledgers.find((l) => l.currency === currency && l.kind === 'vm')!.ledgerId;

describe('Ledger.timeZone and Ledger.today', () => {
  it('at 22:30 UTC in summer: every Nordic ledger is already on tomorrow, the Easypay account (Lisbon, 23:30) is not', async () => {
    const { h } = await at('2026-07-01T22:30:00Z');
    const rows = await ledgers(h);
    const vipps = rows.filter((r) => r.provider === 'VIPPS_MOBILEPAY');
    expect(vipps.length).toBeGreaterThanOrEqual(6);
    const zoneOf: Record<string, string> = { NOK: 'Europe/Oslo', DKK: 'Europe/Copenhagen', EUR: 'Europe/Helsinki' };
    for (const r of vipps) {
      expect(r.timeZone, r.ledgerId).toBe(zoneOf[r.currency]);
      // 00:30 in Oslo: a ledger cut at 04:00 is still on 1 July.
      expect(r.today, r.ledgerId).toBe(r.dateCutoff === '00:00' ? '2026-07-02' : '2026-07-01');
    }
    expect(vipps.filter((r) => r.dateCutoff === '04:00')).toHaveLength(1);
    const easypay = rows.find((r) => r.provider === 'EASYPAY');
    expect(easypay).toMatchObject({ timeZone: 'Europe/Lisbon', today: '2026-07-01' });
  });

  it('at 22:30 UTC in winter: Oslo and Copenhagen at 23:30 are still on the UTC date, Helsinki at 00:30 is on the next', async () => {
    const { h } = await at('2026-01-15T22:30:00Z');
    const rows = await ledgers(h);
    for (const r of rows.filter((x) => x.provider === 'VIPPS_MOBILEPAY')) {
      expect(r.today, `${r.currency} ${r.timeZone}`).toBe(r.currency === 'EUR' ? '2026-01-16' : '2026-01-15');
    }
    expect(rows.find((r) => r.provider === 'EASYPAY')).toMatchObject({ timeZone: 'Europe/Lisbon', today: '2026-01-15' });
  });

  it("takes a ledger's zone from configuration when its cutoff is another one", async () => {
    const probe = vippsSandboxFacts(undefined, { now: '2026-07-01T22:30:00Z', historyDays: 10 });
    const id = vm(probe, 'NOK');
    const { h } = await at('2026-07-01T22:30:00Z', { VIPPS_LEDGER_TIME_ZONES: `${id}=UTC` });
    const row = (await ledgers(h)).find((r) => r.ledgerId === id);
    expect(row).toMatchObject({ timeZone: 'UTC', today: '2026-07-01' });
  });
});

describe("the ledger's own today in dates, ranges and finality", () => {
  it("serves Oslo's new day at 00:30 local while UTC is still yesterday: open, with what happened since midnight", async () => {
    const { h, facts } = await at('2026-07-01T22:30:00Z');
    const id = vm(facts, 'NOK');
    const today = await entries(h, id, { date: '2026-07-02' });
    expect(today.errors).toBeUndefined();
    expect(today.page!.edges.length).toBeGreaterThan(0);
    for (const e of today.page!.edges)
      expect(e.node.time >= '2026-07-01T22:00:00' && e.node.time <= '2026-07-01T22:30:00.000000Z').toBe(true);
    expect(today.page).toMatchObject({ final: false, tryLater: true });
    // Oslo's yesterday is the UTC date, over and closed, its payout the last entry.
    const yesterday = await entries(h, id, { date: '2026-07-01' });
    expect(yesterday.page!.final).toBe(true);
    expect(yesterday.page!.edges.at(-1)!.node.entryType).toMatch(/payout/);
    // A range with no `to` runs to the ledger's today, not UTC's.
    const range = await entries(h, id, { from: '2026-07-01' });
    const dates = new Set(range.page!.edges.map((e) => e.node.ledgerDate));
    expect([...dates]).toEqual(['2026-07-01', '2026-07-02']);
    expect(range.page!.final).toBe(false);
  });

  it("in winter at 22:30 UTC an Oslo date is still open and Helsinki's next date has begun", async () => {
    const { h, facts } = await at('2026-01-15T22:30:00Z');
    const oslo = await walkAll(h, vm(facts, 'NOK'), { date: '2026-01-15' });
    expect(oslo).toMatchObject({ final: false, tryLater: true });
    expect(oslo.times.at(-1)! <= '2026-01-15T22:30:00.000000Z').toBe(true);
    const helsinkiId = vm(facts, 'EUR');
    const closed = await entries(h, helsinkiId, { date: '2026-01-15' });
    // The quiet Helsinki ledger may keep dates open on a negative balance; the sandbox says which.
    const open = facts.openPastDates.some((o) => o.ledgerId === helsinkiId && o.date === '2026-01-15');
    expect(closed.page!.final).toBe(!open);
    const next = await entries(h, helsinkiId, { date: '2026-01-16' });
    expect(next.errors).toBeUndefined();
    expect(next.page!.final).toBe(false);
  });

  it('after the 25-hour day: at 00:30 in Oslo the 25th of October is closed, with entries in its 25th hour, and the 26th is open', async () => {
    const { h, facts } = await at('2026-10-25T23:30:00Z');
    const id = vm(facts, 'NOK');
    const rows = await ledgers(h);
    expect(rows.find((r) => r.ledgerId === id)?.today).toBe('2026-10-26');
    const day = await walkAll(h, id, { date: '2026-10-25' });
    expect(day.final).toBe(true);
    const times = day.times;
    expect(times[0]! >= '2026-10-24T22:00:00').toBe(true);
    expect(times.at(-1)! < '2026-10-25T23:00:00').toBe(true);
    expect(times.some((t) => t >= '2026-10-25T22:00:00')).toBe(true);
    const next = await entries(h, id, { date: '2026-10-26' });
    expect(next.page).toMatchObject({ final: false, tryLater: true });
  });

  it('after the 23-hour day: at 00:30 in Oslo (22:30 UTC) the 29th of March is closed and ended at 22:00 UTC', async () => {
    const { h, facts } = await at('2026-03-29T22:30:00Z');
    const id = vm(facts, 'NOK');
    expect((await ledgers(h)).find((r) => r.ledgerId === id)?.today).toBe('2026-03-30');
    const day = await walkAll(h, id, { date: '2026-03-29' });
    expect(day.final).toBe(true);
    const times = day.times;
    expect(times[0]! >= '2026-03-28T23:00:00').toBe(true);
    expect(times.at(-1)!).toBe('2026-03-29T21:59:59.900000Z');
    const next = await entries(h, id, { date: '2026-03-30' });
    expect(next.page!.edges.length).toBeGreaterThan(0);
    expect(next.page!.final).toBe(false);
  });
});

describe('today is the last date a ledger field takes', () => {
  it('refuses a later date with BAD_USER_INPUT on every provider, before any upstream call for it', async () => {
    // 22:30 UTC in summer: Oslo is on 2 July, Lisbon (Easypay) still on 1 July.
    const { h, facts } = await at('2026-07-01T22:30:00Z');
    const easypay = (await ledgers(h)).find((r) => r.provider === 'EASYPAY')!;
    const vipps = vm(facts, 'NOK');
    const sales = facts.ledgers.find((l) => l.currency === 'NOK' && l.kind === 'vm')!.ledgerId;
    await h.resetStats();
    const refused = async (id: string, field: string, argument: string) => {
      const r = await h.gql<{ ledger: Record<string, unknown> | null }>(`query($id: ID!) { ledger(id: $id) { ${field} } }`, { id });
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(r.errors?.[0]?.message, field).toMatch(/after this ledger's today/);
    };
    await refused(vippsLedgerGlobalId(vipps), 'entries(date: "2026-07-03", first: 5) { final }', 'date');
    await refused(vippsLedgerGlobalId(vipps), 'entries(from: "2026-07-03", first: 5) { final }', 'from');
    await refused(vippsLedgerGlobalId(vipps), 'payouts(from: "2026-07-03", first: 5) { edges { cursor } }', 'from');
    await refused(vippsLedgerGlobalId(sales), 'salesEvents(date: "2026-07-03", first: 5) { edges { cursor } }', 'date');
    // Oslo's today is still Lisbon's tomorrow.
    await refused(encodeGlobalId('Ledger', `EASYPAY:${easypay.ledgerId}`), 'entries(date: "2026-07-02", first: 5) { final }', 'date');
    const stats = await h.stats();
    expect(countCalls(stats, '/dates/')).toBe(0);
    expect(countCalls(stats, 'report/ledger')).toBe(0);
    expect(countCalls(stats, '/sales/')).toBe(0);
    // The same fields on today are asked upstream (so the counters above count the right calls).
    const ok = await h.gql(
      `query($e: ID!, $s: ID!) { e: ledger(id: $e) { entries(date: "2026-07-01", first: 1) { final } } s: ledger(id: $s) { salesEvents(date: "2026-07-02", first: 1) { edges { cursor } } } }`,
      {
        e: encodeGlobalId('Ledger', `EASYPAY:${easypay.ledgerId}`),
        s: vippsLedgerGlobalId(sales),
      },
    );
    expect(ok.errors).toBeUndefined();
    const after = await h.stats();
    expect(countCalls(after, 'report/ledger')).toBeGreaterThan(0);
    expect(countCalls(after, '/sales/')).toBeGreaterThan(0);
  });
});

describe('budgets and joins', () => {
  it('keeps `final` on a year-long range within the per-field upstream budget', async () => {
    const { h, facts } = await at('2026-11-20T14:30:00Z', {}, 60);
    h.clearCache();
    await h.resetStats();
    const r = await entries(h, facts.quietLedgerId, { from: '2025-11-21', to: '2026-11-19', first: 1 });
    expect(r.errors).toBeUndefined();
    // Not known to be final within the budget (and the quiet ledger has open dates anyway).
    expect(r.page!.final).toBe(false);
    const calls = countCalls(await h.stats(), '/dates/');
    const budget = h.config.limits.maxUpstreamCallsPerField;
    // The walk's own budget plus `final`'s: never a call per date of the range.
    expect(calls).toBeLessThanOrEqual(2 * budget);
  });

  it('joins a capture and its refund under one pspReference to their own sale events, also when walking a whole date', async () => {
    const { h, facts } = await at('2026-11-20T14:30:00Z', {}, 60);
    const shared = facts.refundsSharingPsp.at(-1)!;
    const q = `query($id: ID!, $date: Date) { ledger(id: $id) { entries(date: $date, first: 1000) { edges { node {
      pspReference entryType amount { minorUnits } salesEvent { entryType amounts { gross { minorUnits } } } } } } } }`;
    type Row = {
      pspReference: string;
      entryType: string;
      amount: { minorUnits: number };
      salesEvent: { entryType: string; amounts: { gross: { minorUnits: number } | null } } | null;
    };
    const r = await h.gql<{ ledger: { entries: { edges: Array<{ node: Row }> } } }>(q, {
      id: vippsLedgerGlobalId(shared.ledgerId),
      date: shared.date,
    });
    expect(r.errors).toBeUndefined();
    const rows = r.data!.ledger.entries.edges.map((e) => e.node).filter((n) => n.entryType === 'capture' || n.entryType === 'refund');
    expect(rows.length).toBeGreaterThan(20);
    const pair = rows.filter((n) => n.pspReference === shared.pspReference);
    expect(pair.map((n) => n.entryType)).toEqual(['capture', 'refund']);
    for (const n of rows) {
      if (!n.salesEvent) continue;
      expect(n.salesEvent.entryType, n.pspReference).toBe(n.entryType);
      expect(n.salesEvent.amounts.gross?.minorUnits, n.pspReference).toBe(n.amount.minorUnits);
    }
    expect(pair.every((n) => n.salesEvent !== null)).toBe(true);
  });

  for (const { season, now, midnight, yesterday: before, today: current } of [
    { season: 'summer', now: '2026-07-01T22:50:00Z', midnight: '2026-07-01T22:00:00', yesterday: '2026-07-01', today: '2026-07-02' },
    { season: 'winter', now: '2026-01-15T23:50:00Z', midnight: '2026-01-15T23:00:00', yesterday: '2026-01-15', today: '2026-01-16' },
  ]) {
    it(`joins sales across Oslo's midnight while UTC is still yesterday (${season}, ${now}): captures of the new date, and late sales booked on it`, async () => {
      // 00:50 in Oslo is 22:50 UTC (summer) or 23:50 UTC (winter) of the day before: the Sales API's dates are Oslo's ledger dates.
      const { h, facts } = await at(now);
      const q = `query($id: ID!, $date: Date) { ledger(id: $id) {
      entries(date: $date, first: 1000) { final tryLater edges { node { id time entryType pspReference amount { minorUnits }
        salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }
      salesEvents(date: $date, first: 1000) { edges { node { pspReference entryType time } } } } }`;
      type Row = {
        id: string;
        time: string;
        entryType: string;
        pspReference: string | null;
        amount: { minorUnits: number };
        salesEvent: { entryType: string; pspReference: string; time: string; amounts: { gross: { minorUnits: number } | null } } | null;
      };
      type Day = {
        ledger: {
          entries: { final: boolean; tryLater: boolean; edges: Array<{ node: Row }> };
          salesEvents: { edges: Array<{ node: { pspReference: string | null; entryType: string; time: string } }> };
        };
      };
      const read = async (ledgerId: string, date: string) => {
        const r = await h.gql<Day>(q, { id: vippsLedgerGlobalId(ledgerId), date });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        return r.data!.ledger;
      };
      const joined = (n: Row) => {
        expect(n.salesEvent, `${n.entryType} ${n.pspReference} at ${n.time}`).not.toBeNull();
        expect(n.salesEvent!.pspReference).toBe(n.pspReference);
        expect(n.salesEvent!.entryType).toBe(n.entryType);
        expect(n.salesEvent!.time).toBe(n.time);
        expect(n.salesEvent!.amounts.gross?.minorUnits).toBe(n.amount.minorUnits);
      };
      // Ledgers whose dates turn at midnight (the 04:00 cutoff ledger has its own test in ledger-date-cutoff.test.ts).
      const norwegian = facts.ledgers
        .filter((l) => l.currency === 'NOK' && l.dateCutoffMinutes === 0 && facts.salesLedgerIds.includes(l.ledgerId))
        .map((l) => l.ledgerId);
      expect(norwegian.length).toBeGreaterThan(0);

      let newDate = 0;
      let late = 0;
      for (const ledgerId of norwegian) {
        // Oslo's today, begun at 22:00 UTC: open, its captures joined to their sales.
        const today = await read(ledgerId, current);
        expect(today.entries).toMatchObject({ final: false, tryLater: true });
        for (const { node } of today.entries.edges) {
          if (node.entryType !== 'capture' && node.entryType !== 'refund') continue;
          expect(node.time >= midnight && node.time <= now, node.time).toBe(true);
          joined(node);
          newDate++;
          // Alone (a point lookup rather than a date walk), the same sale.
          const one = await h.op(
            graphql(`query LedgerTimeZonesNode($id: ID!) { node(id: $id) { ... on Entry { id time entryType pspReference amount { minorUnits }
          salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }`),
            { id: node.id },
          );
          expect(one.errors).toBeUndefined();
          expect(one.data!.node!.salesEvent).toEqual(node.salesEvent);
        }
        // Late sales: captures of Oslo's yesterday that the Sales API booked on its today, which UTC has not reached.
        const lateSales = today.salesEvents.edges.map((e) => e.node).filter((s) => s.time < midnight);
        if (lateSales.length === 0) continue;
        await h.resetStats();
        const yesterday = await read(ledgerId, before);
        for (const sale of lateSales) {
          const entry = yesterday.entries.edges
            .map((e) => e.node)
            .find((n) => n.pspReference === sale.pspReference && n.entryType === sale.entryType);
          expect(entry, sale.pspReference ?? '').toBeDefined();
          joined(entry!);
          late++;
        }
        // Found by walking Oslo's next date, which the join may read because it is the ledger's today:
        // no lookup one reference at a time.
        expect(countCalls(await h.stats(), 'psp-references')).toBe(0);
      }
      console.info(
        `Oslo 00:50 (${now}): ${newDate} captures/refunds of the new date and ${late} late sales joined on ${norwegian.length} Norwegian sales ledgers`,
      );
      expect(newDate).toBeGreaterThan(0);
      expect(late).toBeGreaterThan(0);
    });
  }
});
