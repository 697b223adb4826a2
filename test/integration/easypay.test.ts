import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SideBySideDocument, type SideBySideQuery, type SideBySideQueryVariables } from '../../examples/__generated__/graphql.js';
import { createGateway } from '../../src/gateway.js';
import { EASYPAY_SANDBOX_CREDENTIALS, easypaySandboxFacts, type LedgerEntryWire } from '../../src/sandbox/easypay/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import {
  CLOCK,
  countCalls,
  NOW,
  startHarness,
  TODAY,
  vippsLedgerGlobalId,
  YESTERDAY,
  type GqlResult,
  type Harness,
} from '../helpers/harness.js';
import { plusDays } from '../helpers/calendar.js';
import { EXPECTED_EASYPAY_KINDS } from '../helpers/expected-kinds.js';
import { lisbonDate, lisbonDateInterval, lisbonMidnightMs, utcMinuteText } from '../helpers/lisbon.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

/** Fewer entries per day than the sandbox default, so walks with small pages stay quick. */
// Extreme amounts (manual movements beyond 2^31 cents) on: the exact conversion of values above 2^31 cents is under test.
const SHAPE = { entriesPerDay: 10, extremeAmounts: true };
const facts = easypaySandboxFacts(undefined, { now: NOW, ...SHAPE });
const ACCOUNT = EASYPAY_SANDBOX_CREDENTIALS.accountId;
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${ACCOUNT}`).toString('base64url');
const VIPPS = vippsLedgerGlobalId(vippsSandboxFacts(undefined, { now: NOW }).quietLedgerId);
const AUTH = { AccountId: ACCOUNT, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey };
/** The gateway's sources see the sandbox's clock, so "closed in the past" means the same to both. */
const sourceOptions = { now: () => Date.parse(NOW) };

const MONEY = 'minorUnits amount currency';
const ENTRIES = `query($id: ID!, $from: Date, $to: Date, $date: Date, $first: Int, $after: String, $type: String, $batch: String) {
  ledger(id: $id) {
    entries(from: $from, to: $to, date: $date, first: $first, after: $after, easypayTransactionType: $type, easypayTransferBatch: $batch) {
      final
      tryLater
      edges { cursor node {
        id provider ledgerId topic time ledgerDate entryType kind pspReference reference
        amount { ${MONEY} } balanceBefore { amount } balanceAfter { amount }
        easypay {
          id transferBatch transferBatchDate descriptive transactionTime
          requestedAmount { ${MONEY} } paidAmount { ${MONEY} } feeTotal { ${MONEY} }
          fees { fixedAmount { ${MONEY} } variableAmount { ${MONEY} } vatAmount { ${MONEY} } }
          payment { operationId operationKey method paymentId paymentType paymentKey }
        }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface MoneyOut {
  minorUnits: number;
  amount: string;
  currency: string;
}
interface EntryOut {
  id: string;
  provider: string;
  ledgerId: string;
  topic: string | null;
  time: string;
  ledgerDate: string;
  entryType: string;
  kind: string;
  pspReference: string | null;
  reference: string | null;
  amount: MoneyOut;
  balanceBefore: unknown;
  balanceAfter: unknown;
  easypay: {
    id: string;
    transferBatch: string | null;
    transferBatchDate: string | null;
    descriptive: string | null;
    transactionTime: string | null;
    requestedAmount: MoneyOut | null;
    paidAmount: MoneyOut | null;
    feeTotal: MoneyOut | null;
    fees: Array<{ fixedAmount: MoneyOut | null; variableAmount: MoneyOut | null; vatAmount: MoneyOut | null }>;
    payment: {
      operationId: string | null;
      method: string | null;
      paymentId: string | null;
      paymentType: string | null;
      paymentKey: string | null;
    } | null;
  } | null;
}
interface EntriesData {
  ledger: {
    entries: {
      final: boolean;
      tryLater: boolean;
      edges: Array<{ cursor: string; node: EntryOut }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } | null;
  } | null;
}

function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) out.push(d);
  return out;
}

const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
/** An upstream `created_at` (ISO 8601 with seconds, or the older `YYYY-MM-DD HH:MM` in UTC) as milliseconds. */
const createdMs = (createdAt: string) => Date.parse(createdAt.includes('T') ? createdAt : `${createdAt.replace(' ', 'T')}:00Z`);
/** The Easypay ledger date (Lisbon) of an upstream `created_at`. */
const ledgerDateOf = (createdAt: string) => lisbonDate(createdMs(createdAt));

/**
 * The gateway's `created_at` windows over Lisbon dates, worked out here from the rule the seed
 * implies: at most 30 days per window ("Maximum allowed range is 30 days"), cut at Lisbon midnights;
 * 30 dates that last longer than 30 days of 24 hours (25 October) make a window of 29.
 */
function lisbonWindows(from: string, to: string): Array<{ first: string; last: string }> {
  const out: Array<{ first: string; last: string }> = [];
  for (let first = from; first <= to;) {
    let days = 30;
    while (lisbonMidnightMs(plusDays(first, days)) - 60_000 - lisbonMidnightMs(first) > 30 * 86_400_000) days--;
    const last = plusDays(first, days - 1) < to ? plusDays(first, days - 1) : to;
    out.push({ first, last });
    first = plusDays(last, 1);
  }
  return out;
}

/** Decimal string to integer cents by string arithmetic only (no floats anywhere). */
function cents(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${text}`);
  const value = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

function formatCents(value: bigint): string {
  const abs = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * A range of 70 Lisbon dates (three windows) ending before yesterday, chosen so that both window
 * edges fall on a date the sandbox gives two entries at 00:00 Lisbon time and whose previous date
 * has one at 23:59 (src/sandbox/easypay/ledger.ts, generateDay): the minutes where inclusive window
 * ends would repeat or lose entries. The test checks those entries are really there.
 */
function edgeRange(): { from: string; to: string; edges: string[] } {
  for (let from = plusDays(YESTERDAY, -70); from >= facts.historyStart; from = plusDays(from, -1)) {
    const edges = lisbonWindows(from, plusDays(from, 69))
      .slice(1)
      .map((w) => w.first);
    if (edges.every((edge) => epochDay(edge) % 6 === 4)) return { from, to: plusDays(from, 69), edges };
  }
  throw new Error('no suitable range in the sandbox history');
}

describe('Easypay ledger through the gateway', () => {
  let h: Harness;
  const range = edgeRange();
  /** The range read straight from the sandbox, one Lisbon date per `created_at` interval (independent of the gateway's windows). */
  let reference: LedgerEntryWire[];

  async function rawDay(date: string, extra: Record<string, string> = {}): Promise<LedgerEntryWire[]> {
    const out: LedgerEntryWire[] = [];
    let cursor: string | null = null;
    for (;;) {
      const params = new URLSearchParams({ created_at: lisbonDateInterval(date), limit: '100', ...extra, ...(cursor ? { cursor } : {}) });
      const res = await fetch(`${h.sandbox.origin}/easypay/2.0/report/ledger?${params.toString()}`, { headers: AUTH });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { metadata: { next_cursor: string | null }; data: LedgerEntryWire[] };
      out.push(...body.data);
      if (!body.metadata.next_cursor) return out;
      cursor = body.metadata.next_cursor;
    }
  }

  async function entries(variables: Record<string, unknown>): Promise<NonNullable<NonNullable<EntriesData['ledger']>['entries']>> {
    const res = await h.gql<EntriesData>(ENTRIES, { id: EASYPAY, ...variables });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.ledger!.entries!;
  }

  /** Follows `endCursor` until `hasNextPage` is false; returns every node and the last page. */
  async function walk(
    variables: Record<string, unknown>,
    first: number,
  ): Promise<{ nodes: EntryOut[]; cursors: string[]; requests: number; last: Awaited<ReturnType<typeof entries>> }> {
    const { nodes, pages, requests, last } = await walkConnection(async (after) => {
      const page = await entries({ ...variables, first, after });
      expect(page.edges.length).toBeLessThanOrEqual(first);
      return page;
    }, 4999);
    return { nodes, cursors: pages.flatMap((p) => p.edges.map((e) => e.cursor)), requests, last };
  }

  beforeAll(async () => {
    // Pages of 1,000 fully selected entries cost more than the default limit; cost is not under test here.
    h = await startHarness({ sandbox: { vendors: { easypay: SHAPE } }, gateway: { sourceOptions }, env: { TALLY_MAX_COST: '1000000' } });
    reference = [];
    for (const date of datesOf(range.from, range.to)) reference.push(...(await rawDay(date)));
  });

  afterAll(async () => {
    await h.close();
  });

  it('lists the Easypay account after the Vipps MobilePay ledgers, and loads it by id and as a node', async () => {
    const res = await h.op(
      graphql(`query EasypayLedgers($id: ID!) {
        ledgers(first: 100) { edges { node { id provider ledgerId currency } } }
        ledger(id: $id) { ledgerId provider }
        node(id: $id) { ... on Ledger { ledgerId currency } }
        filtered: ledgers(first: 100, settlesForRecipientHandle: "api:none") { edges { node { provider } } }
      }`),
      { id: EASYPAY },
    );
    expect(res.errors).toBeUndefined();
    const list = res.data!.ledgers!.edges.map((e) => e!.node);
    const last = list.at(-1)!;
    expect(last).toEqual({ id: EASYPAY, provider: 'EASYPAY', ledgerId: ACCOUNT, currency: 'EUR' });
    expect(list.slice(0, -1).length).toBeGreaterThan(0);
    expect(list.slice(0, -1).every((l) => l.provider === 'VIPPS_MOBILEPAY')).toBe(true);
    expect(res.data!.ledger).toEqual({ ledgerId: ACCOUNT, provider: 'EASYPAY' });
    expect(res.data!.node).toEqual({ ledgerId: ACCOUNT, currency: 'EUR' });
    // A recipient-handle filter is a Vipps notion: the Easypay account is not listed under it.
    expect(res.data!.filtered!.edges.some((e) => e!.node.provider === 'EASYPAY')).toBe(false);

    const unknown = await h.gql(`{ ledger(id: "${Buffer.from('Ledger:EASYPAY:someone-else').toString('base64url')}") { ledgerId } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('walks a 70-day range (three windows) with several page sizes, each walk equal to the upstream list', async () => {
    const expectedCount = datesOf(range.from, range.to).reduce((n, d) => n + (facts.countsByDay[d] ?? 0), 0);
    expect(reference).toHaveLength(expectedCount);
    // The window edges really have entries at Lisbon's 00:00 and the minute before.
    for (const edge of range.edges) {
      const minuteOf = (e: LedgerEntryWire) => utcMinuteText(createdMs(e.created_at));
      expect(reference.filter((e) => minuteOf(e) === utcMinuteText(lisbonMidnightMs(edge))).length).toBeGreaterThanOrEqual(2);
      // In the last minute before the edge, late in it (second 30 or after): an interval that stopped at its first second would lose it.
      const late = reference.filter((e) => minuteOf(e) === utcMinuteText(lisbonMidnightMs(edge) - 60_000));
      expect(late.length).toBeGreaterThanOrEqual(1);
      expect(late.some((e) => createdMs(e.created_at) - (lisbonMidnightMs(edge) - 60_000) >= 30_000)).toBe(true);
    }
    const expectedIds = reference.map((e) => e.id);

    await h.resetStats();
    h.clearCache();
    const full = await walk({ from: range.from, to: range.to }, 1000);
    // 1,000 entries per page fit the range in one GraphQL request; upstream, one call per 100 entries per window.
    const perWindow = lisbonWindows(range.from, range.to).map((w) =>
      datesOf(w.first, w.last).reduce((n, d) => n + (facts.countsByDay[d] ?? 0), 0),
    );
    expect(perWindow).toHaveLength(3);
    const upstreamCalls = countCalls(await h.stats(), 'easypay');
    expect(full.requests).toBe(1);
    // Each window's interval reaches one minute into the next date (windows.ts): what the upstream
    // answers for it is the window's entries and those of that minute.
    const asked = lisbonWindows(range.from, range.to).map((w) => {
      const next = lisbonMidnightMs(plusDays(w.last, 1));
      return { from: lisbonMidnightMs(w.first), to: next };
    });
    const answered: number[] = [];
    for (const w of asked) {
      const res = await fetch(
        `${h.sandbox.origin}/easypay/2.0/report/ledger?${new URLSearchParams({ created_at: `interval(${utcMinuteText(w.from)},${utcMinuteText(w.to)})`, limit: '100' })}`,
        { headers: AUTH },
      );
      let n = 0;
      let body = (await res.json()) as { metadata: { next_cursor: string | null }; data: unknown[] };
      n += body.data.length;
      for (let cursor = body.metadata.next_cursor; cursor; cursor = body.metadata.next_cursor) {
        const next = await fetch(
          `${h.sandbox.origin}/easypay/2.0/report/ledger?${new URLSearchParams({ created_at: `interval(${utcMinuteText(w.from)},${utcMinuteText(w.to)})`, limit: '100', cursor })}`,
          { headers: AUTH },
        );
        body = (await next.json()) as typeof body;
        n += body.data.length;
      }
      answered.push(n);
    }
    // Nothing else: `ledger(id:)` does not read the account (its currency) when only `entries` is asked.
    expect(upstreamCalls).toBe(answered.reduce((n, c) => n + Math.ceil(c / 100), 0));
    console.info(
      `easypay walk: ${expectedCount} entries in 3 windows (${perWindow.join(' + ')}), ${upstreamCalls} upstream calls for first: 1000`,
    );
    expect(full.last.final).toBe(true);
    expect(full.last.tryLater).toBe(false);

    for (const first of [7, 50, 100, 317, 1000]) {
      const w = await walk({ from: range.from, to: range.to }, first);
      const ids = w.nodes.map((n) => n.easypay!.id);
      expect(new Set(ids).size, `first ${first}: repeated entries`).toBe(ids.length);
      expect(ids, `first ${first}`).toEqual(expectedIds);
      expect(w.requests).toBe(Math.max(1, Math.ceil(expectedCount / first)));
    }

    // Resuming from any edge's cursor, not just endCursor, continues right after it.
    for (const at of [0, 99, 100, 333, expectedCount - 2]) {
      const page = await entries({ from: range.from, to: range.to, first: 25, after: full.cursors[at] });
      expect(page.edges.map((e) => e.node.easypay!.id)).toEqual(expectedIds.slice(at + 1, at + 26));
    }
  });

  it('walks the longest range the schema allows (366 days, 13 windows) through the per-field upstream budget', async () => {
    const from = plusDays(TODAY, -365);
    h.clearCache();
    await h.resetStats();
    const w = await walk({ from, to: TODAY }, 1000);
    const calls = countCalls(await h.stats(), 'easypay');
    // The sandbox's whole history lies inside the range; the windows before it are empty.
    expect(w.nodes).toHaveLength(facts.totalEntries);
    expect(new Set(w.nodes.map((n) => n.easypay!.id)).size).toBe(facts.totalEntries);
    const times = w.nodes.map((n) => n.time);
    expect([...times].sort()).toEqual(times);
    // The first GraphQL page stops short of 1,000 entries when it has spent the per-field upstream
    // budget (12 calls by default, 9 of them on the empty windows before the history), and continues.
    h.clearCache();
    const firstPage = await entries({ from, to: TODAY, first: 1000 });
    expect(firstPage.edges.length).toBeLessThan(1000);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.edges.map((e) => e.node.id)).toEqual(w.nodes.slice(0, firstPage.edges.length).map((n) => n.id));
    console.info(
      `easypay 366-day walk: ${facts.totalEntries} entries, ${calls} upstream calls, ${w.requests} GraphQL requests of first: 1000`,
    );

    const tooLong = await h.gql(ENTRIES, { id: EASYPAY, from: plusDays(TODAY, -366), to: TODAY, first: 1 });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('maps every transaction type to its kind, keeps the code verbatim, and leaves Vipps-only fields null', async () => {
    const from = plusDays(TODAY, -29);
    const w = await walk({ from, to: TODAY }, 1000);
    // Today is still open: the walk ends at the live end, not final.
    expect(w.last.final).toBe(false);
    expect(w.last.tryLater).toBe(true);
    const expectedKinds = EXPECTED_EASYPAY_KINDS;
    const seen = new Map<string, number>();
    for (const e of w.nodes) {
      expect(e.kind, e.entryType).toBe(expectedKinds[e.entryType]);
      seen.set(e.entryType, (seen.get(e.entryType) ?? 0) + 1);
      expect(e.provider).toBe('EASYPAY');
      expect(e.ledgerId).toBe(ACCOUNT);
      expect(e.topic).toBeNull();
      expect(e.balanceBefore).toBeNull();
      expect(e.balanceAfter).toBeNull();
      // The entry's Lisbon date: the next UTC date for an entry between 23:00 and 24:00 UTC in summer.
      expect(e.ledgerDate, e.time).toBe(lisbonDate(Date.parse(e.time)));
      expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    for (const code of Object.keys(expectedKinds)) {
      const expected = datesOf(from, TODAY).reduce(
        (n, d) => n + ((facts.countsByDayAndType[d] as Record<string, number> | undefined)?.[code] ?? 0),
        0,
      );
      expect(seen.get(code) ?? 0, code).toBe(expected);
      expect(expected, code).toBeGreaterThan(0);
    }
    const capture = w.nodes.find((e) => e.entryType === 'CP')!;
    expect(capture.easypay!.payment!.paymentId).toBe(capture.pspReference);
    expect(capture.easypay!.payment!.paymentKey).toBe(capture.reference);
    const fee = w.nodes.find((e) => e.entryType === 'FEE')!;
    expect(fee.pspReference).toBeNull();
    expect(fee.easypay!.payment!.method).toBeNull();
  });

  it('refetches entries by global id, including those at 00:00 and 23:59', async () => {
    const page = await entries({ date: range.edges[0], first: 1000 });
    const before = await entries({ date: plusDays(range.edges[0]!, -1), first: 1000 });
    const picks = [page.edges[0]!.node, page.edges[1]!.node, before.edges.at(-1)!.node];
    // Lisbon's 00:00 of the edge date and its 23:59 of the date before, as UTC instants.
    const midnight = lisbonMidnightMs(range.edges[0]!);
    expect(picks.map((p) => Date.parse(p.time))).toEqual([midnight, midnight, expect.any(Number)]);
    // The last entry before midnight is in the last minute, late in it: its key (a minute) finds it again.
    expect(Date.parse(picks[2]!.time) - (midnight - 60_000)).toBeGreaterThanOrEqual(30_000);
    expect(Date.parse(picks[2]!.time)).toBeLessThan(midnight);
    for (const pick of picks) {
      const res = await h.gql<{ node: { id: string; amount: MoneyOut; easypay: { id: string } } | null }>(
        `query($id: ID!) { node(id: $id) { id ... on Entry { amount { ${MONEY} } easypay { id } } } }`,
        { id: pick.id },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.node).toEqual({ id: pick.id, amount: pick.amount, easypay: { id: pick.easypay!.id } });
    }
    const foreign = Buffer.from(`Entry:easypay|someone-else|${midnight / 60_000}|${picks[0]!.easypay!.id}`).toString('base64url');
    const res = await h.op(graphql(`query EasypayNode($id: ID!) { node(id: $id) { id } }`), { id: foreign });
    expect(res.data!.node).toBeNull();
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('filters by transaction type and by transfer batch', async () => {
    const cb = await walk({ from: range.from, to: range.to, type: 'CB' }, 1000);
    const expectedCb = reference.filter((e) => e.transaction_type === 'CB').map((e) => e.id);
    expect(expectedCb.length).toBeGreaterThan(0);
    expect(cb.nodes.map((n) => n.easypay!.id)).toEqual(expectedCb);
    expect(cb.nodes.every((n) => n.entryType === 'CB' && n.kind === 'CHARGEBACK')).toBe(true);

    const batch = facts.transferBatch!;
    const batchDates = { from: ledgerDateOf(batch.firstCreatedAt), to: ledgerDateOf(batch.lastCreatedAt) };
    const batched = await walk({ ...batchDates, batch: batch.id }, 1000);
    expect(batched.nodes).toHaveLength(batch.count);
    expect(batched.nodes.every((n) => n.easypay!.transferBatch === batch.id && n.easypay!.transferBatchDate === batch.date)).toBe(true);

    const both = await walk({ ...batchDates, batch: batch.id, type: 'CP' }, 1000);
    expect(both.nodes.length).toBeGreaterThan(0);
    expect(both.nodes.length).toBeLessThan(batch.count);
    expect(both.nodes.every((n) => n.entryType === 'CP' && n.easypay!.transferBatch === batch.id)).toBe(true);
  });

  it('rejects the Easypay filters on a Vipps ledger, and malformed codes before any upstream call', async () => {
    const onVipps = await h.gql(ENTRIES, { id: VIPPS, date: YESTERDAY, first: 1, type: 'CP' });
    expect(onVipps.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'easypayTransactionType' });
    await h.resetStats();
    const malformed = await h.gql(ENTRIES, { id: EASYPAY, date: YESTERDAY, first: 1, type: 'cp; DROP' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'easypayTransactionType' });
    expect(countCalls(await h.stats(), 'easypay')).toBe(0);
  });

  it('converts decimal strings exactly: zero, one and two decimals, and values above 2^31 cents', async () => {
    const w = await walk({ from: range.from, to: range.to }, 1000);
    const raw = new Map(reference.map((e) => [e.id, e]));
    const styles = new Set<string>();
    for (const e of w.nodes) {
      const r = raw.get(e.easypay!.id)!;
      const text = r.amount.amount;
      styles.add(text.includes('.') ? `${text.split('.')[1]!.length} decimals` : '0 decimals');
      expect(BigInt(e.amount.minorUnits), text).toBe(cents(text));
      expect(e.amount.amount, text).toBe(formatCents(cents(text)));
      expect(e.amount.currency).toBe(r.amount.currency);
      expect(BigInt(e.easypay!.paidAmount!.minorUnits)).toBe(cents(r.amount_details.payed_amount.amount));
      expect(BigInt(e.easypay!.requestedAmount!.minorUnits)).toBe(cents(r.amount_details.requested_amount.amount));
      expect(e.easypay!.fees).toHaveLength(r.amount_details.fees.length);
      const feeSum = r.amount_details.fees.reduce(
        (n, f) => n + cents(f.fixed_amount.amount) + cents(f.variable_amount.amount) + cents(f.vat_amount.amount),
        0n,
      );
      expect(e.easypay!.feeTotal === null ? 0n : BigInt(e.easypay!.feeTotal.minorUnits)).toBe(feeSum);
    }
    expect([...styles].sort()).toEqual(['0 decimals', '1 decimals', '2 decimals']);

    // The largest amount of the whole history is beyond a 32-bit integer of cents.
    const largest = facts.largestAmount!;
    expect(Math.abs(largest.cents)).toBeGreaterThan(2 ** 31);
    const day = await walk({ date: ledgerDateOf(largest.createdAt) }, 1000);
    const found = day.nodes.find((n) => n.easypay!.id === largest.id)!;
    expect(found.amount.minorUnits).toBe(largest.cents);
    expect(found.amount.amount).toBe(formatCents(cents(largest.amount)));
    expect(found.entryType).toBe(largest.transactionType);
  });

  it('sums a day of entries to exactly the sum of the upstream decimal strings', async () => {
    for (const date of [YESTERDAY, range.edges[0]!]) {
      const upstream = await rawDay(date);
      const day = await walk({ date }, 1000);
      expect(day.nodes).toHaveLength(upstream.length);
      const upstreamSum = upstream.reduce((n, e) => n + cents(e.amount.amount), 0n);
      const gatewaySum = day.nodes.reduce((n, e) => n + BigInt(e.amount.minorUnits), 0n);
      const gatewayDecimalSum = day.nodes.reduce((n, e) => n + cents(e.amount.amount), 0n);
      expect(gatewaySum).toBe(upstreamSum);
      expect(gatewayDecimalSum).toBe(upstreamSum);
      expect(formatCents(gatewaySum)).toBe(formatCents(upstreamSum));
    }
  });

  it("caches closed windows across requests but never today's", async () => {
    h.clearCache();
    const old = { from: range.from, to: plusDays(range.from, 3), first: 1000 };
    await h.resetStats();
    const a = await entries(old);
    const cold = countCalls(await h.stats(), 'easypay');
    await h.resetStats();
    const b = await entries(old);
    expect(cold).toBeGreaterThan(0);
    expect(countCalls(await h.stats(), 'easypay')).toBe(0);
    expect(b.edges.map((e) => e.node.id)).toEqual(a.edges.map((e) => e.node.id));

    await h.resetStats();
    const t1 = await entries({ date: TODAY, first: 1000 });
    const t2 = await entries({ date: TODAY, first: 1000 });
    expect(t1.final).toBe(false);
    expect(t1.tryLater && t2.tryLater).toBe(true);
    expect(countCalls(await h.stats(), 'easypay')).toBe(2);
  });

  it("follows the feed of an Easypay ledger from the default first day: empty windows are passed within the budget, then the account's first entries", async () => {
    const FEED = `query($id: ID!, $after: String) { ledger(id: $id) { feed(first: 5, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } tryLater } } }`;
    type Feed = {
      ledger: {
        feed: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string }; tryLater: boolean };
      };
    };
    const ids: string[] = [];
    let after: string | null = null;
    let requests = 0;
    while (ids.length === 0 && requests < 20) {
      const res: GqlResult<Feed> = await h.gql<Feed>(FEED, { id: EASYPAY, after });
      requests++;
      expect(res.errors).toBeUndefined();
      const feed = res.data!.ledger.feed;
      expect(feed.pageInfo.hasNextPage).toBe(true);
      expect(feed.tryLater).toBe(false);
      ids.push(...feed.edges.map((e) => e.node.id));
      after = feed.pageInfo.endCursor;
    }
    // More than one request: the windows before the sandbox's history are empty, and the budget is per request.
    expect(requests).toBeGreaterThan(1);
    const first = await entries({ from: facts.historyStart, to: plusDays(facts.historyStart, 1), first: 5 });
    expect(ids).toEqual(first.edges.map((e) => e.node.id));
  });

  it('turns the upstream 412 for an unknown transaction code into BAD_USER_INPUT with the vendor message', async () => {
    const res = await h.gql<EntriesData>(ENTRIES, { id: EASYPAY, date: YESTERDAY, first: 5, type: 'XX' });
    expect(res.data!.ledger!.entries).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'easypay', status: 412 });
    expect(res.errors?.[0]?.message).toContain('transaction_type XX is not a valid LedgerTransactionType');
  });

  it("turns the upstream 403 into UPSTREAM_AUTH_FAILED on the Easypay fields only, never from another key's cache", async () => {
    const wrongKey = 'ffffffff-0000-4000-8000-0000000000ff';
    const config = { ...h.config, upstreams: { ...h.config.upstreams, easypay: { ...h.config.upstreams.easypay!, apiKey: wrongKey } } };
    // Same process-wide cache as the good gateway, already holding this closed day.
    const cacheWarm = await entries({ date: range.from, first: 5 });
    expect(cacheWarm.edges.length).toBeGreaterThan(0);
    const bad = createGateway(config, {
      clock: CLOCK,
      sources: undefined,
      sourceOptions: { ...sourceOptions, cache: h.gateway.sources.cache },
    });
    try {
      const res = await bad.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query: `query($e: ID!, $v: ID!, $d: Date!) {
            vipps: ledger(id: $v) { ledgerId entries(date: $d, first: 2) { edges { node { id } } } }
            easypay: ledger(id: $e) { ledgerId }
            entries: node(id: $v) { id }
            ledgers(first: 100) { edges { node { id } } }
          }`,
          variables: { e: EASYPAY, v: VIPPS, d: range.from },
        }),
      });
      const body = (await res.json()) as {
        data: Record<string, { edges?: unknown[] } | null>;
        errors: Array<{ message: string; path: string[]; extensions: Record<string, unknown> }>;
      };
      expect(res.status).toBe(200);
      // The Vipps ledger in the same operation is untouched.
      expect(body.data.vipps).not.toBeNull();
      expect(body.data.entries).not.toBeNull();
      expect(body.data.easypay).toBeNull();
      // The list of every provider's ledgers survives an Easypay failure: the Vipps ledgers are all
      // listed, and the Easypay account's edge is null with the coded error (no guessed currency).
      const listed = body.data.ledgers!.edges as Array<{ node: { id: string } } | null>;
      expect(listed.length).toBeGreaterThan(1);
      expect(listed.slice(0, -1).every((e) => e !== null)).toBe(true);
      expect(listed.at(-1)).toBeNull();
      const listError = body.errors.find((e) => e.path[0] === 'ledgers')!;
      expect(listError.path).toEqual(['ledgers', 'edges', listed.length - 1, 'node']);
      expect(listError.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', source: 'easypay', status: 403 });
      const easypayError = body.errors.find((e) => e.path[0] === 'easypay')!;
      expect(easypayError.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', source: 'easypay', status: 403 });
      expect(easypayError.message).toContain('Authentication failed');
      expect(JSON.stringify(body)).not.toContain(wrongKey);

      // A cached closed day of the good key is not served to the bad one.
      const day = await bad.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: ENTRIES, variables: { id: EASYPAY, date: range.from, first: 5 } }),
      });
      const dayBody = (await day.json()) as { errors?: Array<{ extensions: Record<string, unknown> }> };
      expect(dayBody.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', source: 'easypay' });
    } finally {
      await bad.dispose?.();
    }
  });

  it('lists a Vipps MobilePay ledger and the Easypay ledger side by side with one typed operation', async () => {
    const variables: SideBySideQueryVariables = { vipps: VIPPS, easypay: EASYPAY, date: YESTERDAY, first: 1000 };
    const res = await h.gql<SideBySideQuery>(print(SideBySideDocument), variables);
    expect(res.errors).toBeUndefined();
    const { vipps, easypay } = res.data!;
    expect(vipps!.provider).toBe('VIPPS_MOBILEPAY');
    expect(easypay!.provider).toBe('EASYPAY');
    const vEntries = vipps!.entries!.edges.map((e) => e.node);
    const eEntries = easypay!.entries!.edges.map((e) => e.node);
    expect(vEntries.length).toBeGreaterThan(0);
    expect(vEntries.every((e) => e.provider === 'VIPPS_MOBILEPAY' && e.easypay === null && e.balanceAfter !== null)).toBe(true);
    expect(eEntries).toHaveLength(facts.countsByDay[YESTERDAY]!);
    expect(
      eEntries.every((e) => e.provider === 'EASYPAY' && e.easypay !== null && e.balanceAfter === null && e.ledgerDate === YESTERDAY),
    ).toBe(true);
    expect(easypay!.entries!.final).toBe(true);
    expect(easypay!.currency).toBe('EUR');
  });
});
