import { afterAll, describe, expect, it } from 'vitest';
import { EASYPAY_SANDBOX_CREDENTIALS, type LedgerEntryWire } from '../../src/sandbox/easypay/index.js';
import { plusDays } from '../helpers/calendar.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { lisbonDate, lisbonDateInterval, lisbonMidnightMs } from '../helpers/lisbon.js';
import type { VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

/**
 * Easypay ledgers count their dates in Europe/Lisbon (UTC+0 in winter, UTC+1 in summer), while the
 * upstream knows only UTC instants (seed 004: `created_at` filters "in UTC"). The instants are
 * chosen by hand: 23:30 UTC in summer (00:30 in Lisbon, already tomorrow) and in winter (23:30,
 * still today), an entry between 23:00 and 24:00 UTC in summer, and the dates of 23 hours
 * (29 March 2026) and 25 hours (25 October 2026). Lisbon's midnights come from the EU summer-time
 * rule (test/helpers/lisbon.ts), not from the code under test; the sandbox is read straight over
 * HTTP for the entries each Lisbon date must hold.
 */

const ACCOUNT = EASYPAY_SANDBOX_CREDENTIALS.accountId;
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${ACCOUNT}`).toString('base64url');
const AUTH = { AccountId: ACCOUNT, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey };

const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

/** A sandbox and gateway whose one clock stands at `now`. */
async function at(now: string, historyDays = 30): Promise<Harness> {
  const h = await startHarness({ sandbox: { now, vendors: { easypay: { historyDays } } } });
  harnesses.push(h);
  return h;
}

async function ledger(h: Harness): Promise<{ timeZone: string; today: string }> {
  const r = await h.op(graphql(`query EasypayTimeZonesLedger($id: ID!) { ledger(id: $id) { timeZone today } }`), { id: EASYPAY });
  expect(r.errors).toBeUndefined();
  return r.data!.ledger!;
}

const ENTRIES =
  graphql(`query EasypayTimeZonesEntries($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int, $after: String) { ledger(id: $id) {
  entries(date: $date, from: $from, to: $to, first: $first, after: $after) {
    final tryLater edges { node { time ledgerDate easypay { id } } } pageInfo { hasNextPage endCursor } } } }`);

/** Every entry of a selection, page after page of `first`; `final` and `tryLater` as the last page says. */
async function walk(h: Harness, args: Omit<VariablesOf<typeof ENTRIES>, 'id' | 'first' | 'after'>, first = 1000) {
  const { nodes, last } = await walkConnection(async (after) => {
    const r = await h.op(ENTRIES, { id: EASYPAY, first, after, ...args });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.ledger!.entries!;
  }, 500);
  return { nodes, final: last.final, tryLater: last.tryLater };
}

/** The sandbox's entries of one `created_at` interval (UTC, as the API takes it), read straight over HTTP. */
async function upstream(h: Harness, createdAt: string): Promise<LedgerEntryWire[]> {
  const out: LedgerEntryWire[] = [];
  let cursor: string | null = null;
  for (;;) {
    const params = new URLSearchParams({ created_at: createdAt, limit: '100', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${h.sandbox.origin}/easypay/2.0/report/ledger?${params.toString()}`, { headers: AUTH });
    expect(res.status, createdAt).toBe(200);
    const body = (await res.json()) as { metadata: { next_cursor: string | null }; data: LedgerEntryWire[] };
    out.push(...body.data);
    if (!body.metadata.next_cursor) return out;
    cursor = body.metadata.next_cursor;
  }
}

const ids = (nodes: Array<{ easypay: { id: string } | null } | LedgerEntryWire>) =>
  nodes.map((n) => ('easypay' in n ? n.easypay!.id : n.id));
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

describe('Easypay ledgers count their dates in Europe/Lisbon', () => {
  it('at 23:30 UTC in summer (00:30 in Lisbon) the account is on tomorrow: open since 23:00 UTC, yesterday closed', async () => {
    const now = '2026-07-13T23:30:00Z';
    const h = await at(now);
    expect(await ledger(h)).toEqual({ timeZone: 'Europe/Lisbon', today: '2026-07-14' });

    const today = await walk(h, { date: '2026-07-14' });
    expect(today).toMatchObject({ final: false, tryLater: true });
    // What happened since Lisbon's midnight (23:00 UTC): among it the two entries the sandbox books at 00:00.
    expect(ids(today.nodes)).toEqual(ids(await upstream(h, 'interval(2026-07-13 23:00,2026-07-14 22:59)')));
    expect(today.nodes.filter((n) => n.time === '2026-07-13T23:00:00Z').length).toBeGreaterThanOrEqual(2);
    for (const n of today.nodes) {
      expect(n.time >= '2026-07-13T23:00:00Z' && n.time <= now, n.time).toBe(true);
      expect(n.ledgerDate).toBe('2026-07-14');
    }

    // Lisbon's yesterday is the UTC date shifted by an hour, over and final.
    const yesterday = await walk(h, { date: '2026-07-13' });
    expect(yesterday).toMatchObject({ final: true, tryLater: false });
    expect(ids(yesterday.nodes)).toEqual(ids(await upstream(h, lisbonDateInterval('2026-07-13'))));
    expect(yesterday.nodes.every((n) => n.time >= '2026-07-12T23:00:00Z' && n.time < '2026-07-13T23:00:00Z')).toBe(true);

    // A range without `to` runs to Lisbon's today, and is not final.
    const range = await walk(h, { from: '2026-07-13' });
    expect([...new Set(range.nodes.map((n) => n.ledgerDate))]).toEqual(['2026-07-13', '2026-07-14']);
    expect(ids(range.nodes)).toEqual([...ids(yesterday.nodes), ...ids(today.nodes)]);
    expect(range.final).toBe(false);
  });

  it('at 23:30 UTC in winter Lisbon is on the UTC date: still open, tomorrow not begun', async () => {
    const now = '2026-01-15T23:30:00Z';
    const h = await at(now);
    expect(await ledger(h)).toEqual({ timeZone: 'Europe/Lisbon', today: '2026-01-15' });
    const today = await walk(h, { date: '2026-01-15' });
    expect(today).toMatchObject({ final: false, tryLater: true });
    expect(today.nodes.length).toBeGreaterThan(0);
    expect(today.nodes.every((n) => n.time >= '2026-01-15T00:00:00Z' && n.time <= now && n.ledgerDate === '2026-01-15')).toBe(true);
    expect(ids(today.nodes)).toEqual(ids(await upstream(h, 'interval(2026-01-15 00:00,2026-01-15 23:59)')));
    expect((await walk(h, { date: '2026-01-14' })).final).toBe(true);
    // Tomorrow has not begun in Lisbon: the date is refused, not answered as an empty open day.
    const tomorrow = await h.gql('query($id: ID!) { ledger(id: $id) { entries(date: "2026-01-16", first: 5) { final } } }', {
      id: EASYPAY,
    });
    expect(tomorrow.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
  });

  it("puts a summer entry between 23:00 and 24:00 UTC on the next Lisbon date, in that date's range and not the one before", async () => {
    const h = await at('2026-11-20T14:30:00Z', 150);
    const byUtcDay = await upstream(h, 'interval(2026-07-10 00:00,2026-07-15 23:59)');
    const late = byUtcDay.filter((e) => e.created_at.slice(11, 13) === '23');
    // 14 July is a date with two entries at Lisbon's 00:00, 23:00 UTC on the 13th.
    expect(late.filter((e) => e.created_at === '2026-07-13T23:00:00Z').length).toBeGreaterThanOrEqual(2);
    const dateOf = new Map<string, string>();
    for (let d = '2026-07-10'; d <= '2026-07-16'; d = plusDays(d, 1)) {
      const day = await walk(h, { from: d, to: d });
      expect(day.final).toBe(true);
      for (const n of day.nodes) {
        expect(dateOf.has(n.easypay!.id), `${n.easypay!.id} on two dates`).toBe(false);
        dateOf.set(n.easypay!.id, d);
        expect(n.ledgerDate).toBe(d);
        expect(lisbonDate(Date.parse(n.time))).toBe(d);
      }
    }
    for (const e of late) {
      const utcDate = e.created_at.slice(0, 10);
      expect(dateOf.get(e.id), e.created_at).toBe(plusDays(utcDate, 1));
    }
    // Every entry of those UTC days is on exactly one Lisbon date.
    expect(byUtcDay.every((e) => dateOf.has(e.id))).toBe(true);
  });

  for (const { date, hours, last } of [
    { date: '2026-03-29', hours: 23, last: '2026-03-29T22:59' },
    { date: '2026-10-25', hours: 25, last: '2026-10-25T23:59' },
  ]) {
    it(`walks every entry of the ${hours}-hour date ${date} exactly once, alone and inside a range`, async () => {
      const h = await at('2026-11-20T14:30:00Z', 250);
      const start = lisbonMidnightMs(date);
      const end = lisbonMidnightMs(plusDays(date, 1));
      expect(end - start).toBe(hours * 3_600_000);
      const day = await walk(h, { date }, 7);
      expect(day.final).toBe(true);
      expect(new Set(ids(day.nodes)).size).toBe(day.nodes.length);
      expect(ids(day.nodes)).toEqual(ids(await upstream(h, lisbonDateInterval(date))));
      expect(day.nodes.every((n) => n.time >= iso(start) && n.time < iso(end) && n.ledgerDate === date)).toBe(true);
      // The sandbox books an entry at 23:59 Lisbon time on this date, late in that minute (second
      // 30 or after): the last minute of its 23 or 25 hours, whole.
      expect(day.nodes.at(-1)!.time.slice(0, 16)).toBe(last);
      expect(Number(day.nodes.at(-1)!.time.slice(17, 19))).toBeGreaterThanOrEqual(30);

      const range = await walk(h, { from: plusDays(date, -1), to: plusDays(date, 1) }, 7);
      const before = await walk(h, { date: plusDays(date, -1) });
      const after = await walk(h, { date: plusDays(date, 1) });
      expect(ids(range.nodes)).toEqual([...ids(before.nodes), ...ids(day.nodes), ...ids(after.nodes)]);
      expect(new Set(ids(range.nodes)).size).toBe(range.nodes.length);
      expect(range.nodes.every((n) => n.ledgerDate === lisbonDate(Date.parse(n.time)))).toBe(true);
      const upstreamRange = await upstream(
        h,
        `interval(${iso(lisbonMidnightMs(plusDays(date, -1)))
          .slice(0, 16)
          .replace('T', ' ')},${iso(lisbonMidnightMs(plusDays(date, 2)) - 60_000)
          .slice(0, 16)
          .replace('T', ' ')})`,
      );
      expect(ids(range.nodes)).toEqual(ids(upstreamRange));
    });
  }

  it('cuts a range whose 30 dates hold the 25-hour day into windows the upstream accepts, losing nothing', async () => {
    const h = await at('2026-11-20T14:30:00Z', 250);
    // 10 October to 19 November: 30 Lisbon dates from the 10th last 30 days and one hour.
    const all = await walk(h, { from: '2026-10-10', to: '2026-11-19' }, 1000);
    const expected = [
      ...(await upstream(h, 'interval(2026-10-09 23:00,2026-10-31 23:59)')),
      ...(await upstream(h, 'interval(2026-11-01 00:00,2026-11-19 23:59)')),
    ];
    expect(expected.length).toBeGreaterThan(500);
    expect(ids(all.nodes)).toEqual(ids(expected));
    expect(all.final).toBe(true);
  });
});
