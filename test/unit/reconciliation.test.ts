import { describe, expect, it } from 'vitest';
import type { SegmentedList, UpstreamPage } from '../../src/paging/engine.js';
import { walkPages, WalkBudgetExceeded } from '../../src/paging/walk.js';
import { aggregateSegments, type SegmentCache } from '../../src/reconciliation/aggregate.js';
import { csvField, csvHeader, csvRow, ENTRY_CSV_COLUMNS } from '../../src/reconciliation/entries-csv.js';
import { SummaryAccumulator, type SummaryParts } from '../../src/reconciliation/summary.js';
import { VatAccumulator } from '../../src/reconciliation/vat.js';
import type { Entry, EntryKind, SalesEvent, SalesLine } from '../../src/sources/model.js';

const NOK = (minorUnits: number) => ({ minorUnits, currency: 'NOK' });

function entry(i: number, kind: EntryKind, entryType: string, amount: number, extra: Partial<Entry> = {}): Entry {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: '100',
    topic: 'FUNDS',
    key: `k${i}`,
    pspReference: `p${i}`,
    time: '2026-03-29T01:30:00.000000Z',
    ledgerDate: '2026-03-29',
    entryType,
    kind,
    reference: null,
    amount: NOK(amount),
    balanceBefore: null,
    balanceAfter: null,
    recipientHandle: null,
    payer: null,
    easypay: null,
    ...extra,
  };
}

/** Segments of pages of items; counts reads and uncached calls. */
function fakeSource<T>(segments: T[][][], opts: { cached?: (s: number, p: number) => boolean; final?: (s: number) => boolean } = {}) {
  const stats = { reads: 0 };
  const source: SegmentedList<T> = {
    segments: segments.length,
    fetchPage: async (s, token): Promise<UpstreamPage<T>> => {
      stats.reads++;
      const pages = segments[s] ?? [];
      const p = token === null ? 0 : Number(token);
      const more = p + 1 < pages.length;
      return {
        items: pages[p] ?? [],
        next: more ? String(p + 1) : null,
        hasMore: more,
        final: opts.final?.(s) ?? true,
        cached: opts.cached?.(s, p) ?? false,
      };
    },
  };
  return { source, stats };
}

describe('walkPages', () => {
  it('reads every page of every segment in order, empty segments included', async () => {
    const { source } = fakeSource([[[1, 2], [3]], [[]], [[4], [5], [6]]]);
    const seen: number[] = [];
    for await (const { page } of walkPages(source, { maxUpstreamCalls: 100 })) seen.push(...page.items);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('throws before the call that would pass the budget, and cached pages are free', async () => {
    const { source, stats } = fakeSource([[[1], [2], [3]], [[4]]]);
    const walk = async (max: number) => {
      for await (const _ of walkPages(source, { maxUpstreamCalls: max })) void _;
    };
    await expect(walk(3)).rejects.toBeInstanceOf(WalkBudgetExceeded);
    expect(stats.reads).toBe(3);
    await expect(walk(4)).resolves.toBeUndefined();
    const cached = fakeSource([[[1], [2], [3]], [[4]]], { cached: () => true });
    for await (const _ of walkPages(cached.source, { maxUpstreamCalls: 1 })) void _;
    expect(cached.stats.reads).toBe(4);
  });

  it('refuses an upstream that says "more" with the same cursor and items', async () => {
    const source: SegmentedList<number> = { segments: 1, fetchPage: async () => ({ items: [1], next: 'a', hasMore: true, final: true }) };
    const walk = async () => {
      for await (const _ of walkPages(source, { maxUpstreamCalls: 50 })) void _;
    };
    // First page (token null -> 'a') advances; the second returns 'a' again with items.
    await expect(walk()).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });
});

describe('entry summary', () => {
  it('counts and sums exactly by kind and entry type, past 2^53 on the way', () => {
    const acc = new SummaryAccumulator('NOK');
    acc.add(entry(1, 'CAPTURE', 'capture', Number.MAX_SAFE_INTEGER));
    acc.add(entry(2, 'CAPTURE', 'capture', 10));
    acc.add(entry(3, 'CAPTURE', 'capture', -15));
    acc.add(entry(4, 'PAYOUT', 'payout-scheduled', -(Number.MAX_SAFE_INTEGER - 10)));
    acc.add(entry(5, 'PAYOUT', 'scheduled-for-payout', -5));
    acc.add(entry(6, 'OTHER', 'adjustment-2027', 1));
    const r = acc.result();
    expect(r.count).toBe(6);
    expect(r.net).toEqual(NOK(1));
    expect(r.byKind).toEqual([
      { key: 'CAPTURE', count: 3, sum: NOK(Number.MAX_SAFE_INTEGER - 5) },
      { key: 'OTHER', count: 1, sum: NOK(1) },
      { key: 'PAYOUT', count: 2, sum: NOK(-Number.MAX_SAFE_INTEGER + 5) },
    ]);
    expect(r.byEntryType.map((g) => [g.key, g.count])).toEqual([
      ['adjustment-2027', 1],
      ['capture', 3],
      ['payout-scheduled', 1],
      ['scheduled-for-payout', 1],
    ]);
  });

  it('refuses a total beyond 2^53 instead of rounding it', () => {
    const acc = new SummaryAccumulator('NOK');
    acc.add(entry(1, 'CAPTURE', 'capture', Number.MAX_SAFE_INTEGER));
    acc.add(entry(2, 'CAPTURE', 'capture', 1));
    expect(() => acc.result()).toThrow(/2\^53/);
  });

  it('merges cached parts into the same totals as adding the entries', () => {
    const entries = [
      entry(1, 'CAPTURE', 'capture', 49900),
      entry(2, 'REFUND', 'refund', -10000),
      entry(3, 'FEES_RETAINED', 'fees-retained', -1200),
      entry(4, 'CAPTURE', 'capture', 1),
    ];
    const direct = new SummaryAccumulator('NOK');
    entries.forEach((e) => direct.add(e));
    const a = new SummaryAccumulator('NOK');
    entries.slice(0, 2).forEach((e) => a.add(e));
    const b = new SummaryAccumulator('NOK');
    entries.slice(2).forEach((e) => b.add(e));
    b.notFinal();
    const merged = new SummaryAccumulator('NOK');
    merged.merge(JSON.parse(JSON.stringify(a.parts())) as SummaryParts);
    merged.merge(b.parts());
    expect(merged.result()).toEqual({ ...direct.result(), final: false });
    expect(direct.result()).toMatchObject({ count: 4, net: NOK(38701), final: true });
    expect(direct.result().byKind.find((g) => g.key === 'CAPTURE')).toEqual({ key: 'CAPTURE', count: 2, sum: NOK(49901) });
  });

  it('refuses an entry in another currency', () => {
    expect(() =>
      new SummaryAccumulator('NOK').add({ ...entry(1, 'CAPTURE', 'capture', 1), amount: { minorUnits: 1, currency: 'DKK' } }),
    ).toThrow(/DKK/);
  });
});

describe('aggregateSegments', () => {
  const day = (n: number, amount: number) => Array.from({ length: n }, (_, i) => entry(i, 'CAPTURE', 'capture', amount));

  it('caches closed segments only, and a second run costs no upstream call', async () => {
    const store = new Map<number, SummaryParts>();
    const cache: SegmentCache<SummaryParts> = { get: (s) => store.get(s), set: (s, p) => store.set(s, p) };
    const { source, stats } = fakeSource([[day(2, 100), day(1, 100)], [day(3, 5)], [day(1, 7)]], { final: (s) => s < 2 });
    const first = (await aggregateSegments(source, () => new SummaryAccumulator('NOK'), { maxUpstreamCalls: 10, cache })).result();
    expect(first).toMatchObject({ count: 7, net: NOK(322), final: false });
    expect(stats.reads).toBe(4);
    expect([...store.keys()]).toEqual([0, 1]);
    const second = (await aggregateSegments(source, () => new SummaryAccumulator('NOK'), { maxUpstreamCalls: 1, cache })).result();
    expect(second).toEqual(first);
    // Only the open segment was read again.
    expect(stats.reads).toBe(5);
  });

  it('gives no total when the budget cannot cover the range', async () => {
    const { source } = fakeSource([[day(1, 1), day(1, 1)], [day(1, 1)]]);
    await expect(aggregateSegments(source, () => new SummaryAccumulator('NOK'), { maxUpstreamCalls: 2 })).rejects.toMatchObject({
      segment: 1,
      budget: 2,
    });
  });
});

const line = (rate: number | null, category: string | null, gross: number, vat: number | null, net?: number | null): SalesLine => ({
  lineId: null,
  name: null,
  quantity: 1,
  unitPriceGross: NOK(gross),
  unitPriceNet: null,
  discountTotal: NOK(0),
  lineTotalGross: NOK(gross),
  lineTotalNet: net === undefined ? (vat === null ? null : NOK(gross - vat)) : net === null ? null : NOK(net),
  vatRate: rate,
  vatAmount: vat === null ? null : NOK(vat),
  category,
});

function sale(
  lines: SalesLine[],
  gross: number | null,
  completeness: SalesEvent['completeness'] = { hasLineItems: lines.length > 0, hasVatBreakdown: true, hasCustomerIdentity: false },
): SalesEvent {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: '100',
    key: 'x',
    entryType: gross !== null && gross < 0 ? 'refund' : 'capture',
    kind: gross !== null && gross < 0 ? 'REFUND' : 'CAPTURE',
    time: '2026-03-29T10:00:00.000000Z',
    pspReference: 'p',
    reference: null,
    currency: 'NOK',
    paymentType: 'CARD',
    amounts: { gross: gross === null ? null : NOK(gross), net: null, vat: null },
    lines,
    customer: null,
    classification: null,
    completeness,
  };
}

describe('VAT summary', () => {
  it("groups lines by rate and category, nets refunds, and rows plus uncovered equal the events' totals", () => {
    const acc = new VatAccumulator('NOK');
    acc.add(sale([line(2500, 'GOODS', 12500, 2500), line(1500, 'FOOD', 11500, 1500), line(2500, 'GOODS', 5000, 1000)], 29000));
    acc.add(sale([line(2500, 'GOODS', -5000, -1000)], -5000));
    acc.add(sale([], 7000, { hasLineItems: false, hasVatBreakdown: false, hasCustomerIdentity: false }));
    acc.add(
      sale([line(2500, 'GOODS', 1000, 200), line(null, 'GOODS', 300, null)], 1300, {
        hasLineItems: true,
        hasVatBreakdown: false,
        hasCustomerIdentity: false,
      }),
    );
    const r = acc.result();
    expect(r.rows).toEqual([
      { vatRate: 2500, category: 'GOODS', gross: NOK(13500), net: NOK(10800), vat: NOK(2700), lineCount: 4, eventCount: 3 },
      { vatRate: 1500, category: 'FOOD', gross: NOK(11500), net: NOK(10000), vat: NOK(1500), lineCount: 1, eventCount: 1 },
    ]);
    expect(r.coverage).toEqual({
      eventCount: 4,
      gross: NOK(32300),
      eventsWithoutLines: 1,
      eventsWithoutVatBreakdown: 1,
      uncoveredGross: NOK(7300),
      final: true,
    });
    const rowsGross = r.rows.reduce((s, x) => s + x.gross.minorUnits, 0);
    expect(rowsGross + r.coverage.uncoveredGross.minorUnits).toBe(r.coverage.gross.minorUnits);
  });

  it("puts a difference between an event's total and its lines into uncovered, and merges parts exactly", () => {
    const a = new VatAccumulator('NOK');
    a.add(sale([line(2500, 'GOODS', 1000, 200)], 1001));
    const b = new VatAccumulator('NOK');
    b.add(sale([line(2500, 'GOODS', 3, 1, null)], null));
    b.notFinal();
    const m = new VatAccumulator('NOK');
    m.merge(JSON.parse(JSON.stringify(a.parts())));
    m.merge(b.parts());
    expect(m.result()).toEqual({
      rows: [{ vatRate: 2500, category: 'GOODS', gross: NOK(1003), net: NOK(802), vat: NOK(201), lineCount: 2, eventCount: 2 }],
      coverage: {
        eventCount: 2,
        gross: NOK(1004),
        eventsWithoutLines: 0,
        eventsWithoutVatBreakdown: 0,
        uncoveredGross: NOK(1),
        final: false,
      },
    });
  });
});

describe('entries CSV', () => {
  it('writes a header and one RFC 4180 record per entry with exact decimals', () => {
    expect(csvHeader()).toBe(`${ENTRY_CSV_COLUMNS.join(',')}\r\n`);
    const e = entry(1, 'CAPTURE', 'capture', -7, {
      reference: 'order "12", big',
      balanceBefore: NOK(2 ** 31 + 1),
      balanceAfter: NOK(2 ** 31 - 6),
      recipientHandle: 'NO:123456',
    });
    const row = csvRow(e, {
      payout: { ledgerDate: '2026-03-30', bankReference: 'Utb. 2000810 Vippsnr 117703', id: 'UGF5b3V0', number: '117703' },
      saleVat: NOK(-1),
      dateOpen: false,
    });
    // The first 18 columns as they always were; the columns added since come after them.
    expect(row).toBe(
      'VIPPS_MOBILEPAY,100,FUNDS,2026-03-29,2026-03-29T01:30:00.000000Z,CAPTURE,capture,p1,"order ""12"", big",NO:123456,NOK,-0.07,21474836.49,21474836.42,2026-03-30,Utb. 2000810 Vippsnr 117703,UGF5b3V0,-0.01,closed,117703,,,,,,\r\n',
    );
    expect(row.split(',').length).toBeGreaterThanOrEqual(ENTRY_CSV_COLUMNS.length);
    const bare = csvRow(entry(2, 'FEE', 'capture-fee', 0, { topic: null, pspReference: null }), {
      payout: null,
      saleVat: null,
      dateOpen: true,
    });
    expect(bare).toBe('VIPPS_MOBILEPAY,100,,2026-03-29,2026-03-29T01:30:00.000000Z,FEE,capture-fee,,,,NOK,0.00,,,,,,,open,,,,,,,\r\n');
  });

  it('quotes CR and LF inside fields', () => {
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(null)).toBe('');
  });
});
