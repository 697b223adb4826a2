import { describe, expect, it, vi } from 'vitest';
import { TallyError } from '../../src/domain/errors.js';
import { canHaveSale, SalesJoin, type SalesJoinKey, type SalesLookups } from '../../src/sources/vipps/sales-join.js';
import { UnreadableSale, type SalesItem } from '../../src/sources/vipps/sales-client.js';
import type { EntryKind, SalesEvent } from '../../src/sources/model.js';
import { MappedPage } from '../../src/paging/segments.js';

const TODAY = '2026-11-20';

function sale(psp: string | null, entryType = 'capture', over: Partial<SalesEvent> = {}): SalesEvent {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: 'L',
    key: `k-${psp}-${entryType}`,
    entryType,
    kind: entryType === 'capture' ? 'CAPTURE' : entryType === 'refund' ? 'REFUND' : 'OTHER',
    time: '2026-11-14T10:00:00.000000Z',
    pspReference: psp,
    reference: 'r',
    currency: 'NOK',
    paymentType: 'WALLET',
    amounts: { gross: null, net: null, vat: null },
    lines: [],
    customer: null,
    classification: null,
    completeness: null,
    ...over,
  };
}

/**
 * A fake Sales API: per date, a list of events paged `pageSize` at a time, and a log of every
 * call, so a test asserts the loader's decisions by the calls it made.
 */
class FakeSales implements SalesLookups {
  calls: string[] = [];
  failing = new Set<string>();
  /** Sales read from a lazily mapped page (`lazy`): the ones the join picked. */
  reads: string[] = [];
  constructor(
    private readonly dates: Record<string, SalesItem[]>,
    private readonly pageSize = 3,
    /** Date pages as the Sales source gives them: a `MappedPage` that reads a sale when asked for it. */
    private readonly lazy = false,
  ) {}

  /** A call with a page size (the head of the next date) is logged with it: `date <date> <offset> /<size>`. */
  async datePage(ledgerId: string, date: string, cursor: string | null, pageSize?: number) {
    this.calls.push(`date ${date} ${cursor ?? 0}${pageSize === undefined ? '' : ` /${pageSize}`}`);
    if (this.failing.has(date)) throw new TallyError('UPSTREAM_UNAVAILABLE', 'down', { source: 'vipps-sales' });
    const all = ledgerId === 'L' ? (this.dates[date] ?? []) : [];
    const offset = Number(cursor ?? 0);
    const items = all.slice(offset, offset + (pageSize ?? this.pageSize));
    const next = offset + items.length < all.length ? String(offset + items.length) : null;
    if (!this.lazy) return { items, next };
    // The raw items are the sales themselves: their pspReference, reference, entryType and time are
    // what the Sales API sends.
    return MappedPage.of<SalesItem, SalesItem>(
      items,
      (e) => {
        this.reads.push(e.pspReference ?? '-');
        return e;
      },
      { next, hasMore: next !== null, final: true },
    );
  }

  async byPspReference(ledgerId: string, psp: string) {
    this.calls.push(`psp ${psp}`);
    if (this.failing.has('psp')) throw new TallyError('UPSTREAM_UNAVAILABLE', 'down', { source: 'vipps-sales' });
    if (ledgerId !== 'L') return [];
    return Object.values(this.dates)
      .flat()
      .filter((e) => e.pspReference === psp);
  }

  async byReference(ledgerId: string, reference: string) {
    this.calls.push(`ref ${reference}`);
    if (ledgerId !== 'L') return [];
    return Object.values(this.dates)
      .flat()
      .filter((e) => e.reference === reference);
  }
}

const key = (psp: string, ledgerDate = '2026-11-14', entryType = 'capture', ledgerId = 'L'): SalesJoinKey => ({
  ledgerId,
  pspReference: psp,
  entryType,
  ledgerDate,
});
const NOK = (minorUnits: number) => ({ minorUnits, currency: 'NOK' });
/** A key with the entry's order reference, time and amount: what the join on reference needs. */
const refKey = (
  psp: string,
  reference: string,
  amountMinor: number,
  entryType = 'capture',
  time = '2026-11-14T10:00:00.000000Z',
): SalesJoinKey => ({
  ...key(psp, '2026-11-14', entryType),
  reference,
  amountMinor,
  time,
});
const ordered = (psp: string, reference: string, gross: number, entryType = 'capture', time = '2026-11-14T10:00:00.000000Z') =>
  sale(psp, entryType, { reference, time, amounts: { gross: NOK(gross), net: null, vat: null } });
const unreadable = (psp: string | null, reference: string | null, entryType: string | null = 'capture') =>
  new UnreadableSale('L', psp, reference, entryType, 'currency: not a code', 0);
const show = (e: SalesEvent | Error | null) =>
  e instanceof Error ? `error:${e.message}` : e === null ? null : `${e.pspReference}/${e.entryType}`;
const psps = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('canHaveSale', () => {
  const entry = (kind: EntryKind, pspReference: string | null = 'p', topic: 'FUNDS' | 'FEES' = 'FUNDS') => ({
    provider: 'VIPPS_MOBILEPAY' as const,
    kind,
    pspReference,
    topic,
  });
  it('only captures and refunds on the funds book with a pspReference', () => {
    expect(canHaveSale(entry('CAPTURE'))).toBe(true);
    expect(canHaveSale(entry('REFUND'))).toBe(true);
    for (const kind of ['FEE', 'FEES_RETAINED', 'PAYOUT', 'CORRECTION', 'TOP_UP', 'OTHER'] as const)
      expect(canHaveSale(entry(kind))).toBe(false);
    expect(canHaveSale(entry('CAPTURE', null))).toBe(false);
    expect(canHaveSale(entry('CAPTURE', 'p', 'FEES'))).toBe(false);
    expect(canHaveSale({ provider: 'EASYPAY', kind: 'CAPTURE', pspReference: 'p', topic: null })).toBe(false);
  });
});

describe('SalesJoin', () => {
  it('resolves a few keys by point lookups, one per key', async () => {
    const fake = new FakeSales({ '2026-11-14': [sale('a'), sale('b'), sale('c')] });
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    const out = await join.load([key('a'), key('c'), key('zzz')]);
    expect(out.map((e) => (e instanceof Error ? 'error' : (e?.pspReference ?? null)))).toEqual(['a', 'c', null]);
    expect(fake.calls.sort()).toEqual(['psp a', 'psp c', 'psp zzz']);
  });

  it('walks the date once when many keys share it: calls follow pages, not keys', async () => {
    const events = psps('p', 10).map((p) => sale(p));
    const fake = new FakeSales({ '2026-11-14': events }, 3);
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    const out = await join.load(psps('p', 10).map((p) => key(p)));
    expect(out.map((e) => (e as SalesEvent).pspReference)).toEqual(psps('p', 10));
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-14 6', 'date 2026-11-14 9']);
  });

  it('stops walking as soon as every key is found', async () => {
    const fake = new FakeSales({ '2026-11-14': psps('p', 12).map((p) => sale(p)) }, 3);
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    await join.load(psps('p', 5).map((p) => key(p)));
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3']);
  });

  it('finds late captures at the start of the next date, reading only the pages it needs', async () => {
    const fake = new FakeSales(
      {
        '2026-11-14': psps('p', 6).map((p) => sale(p)),
        // The late sale of the 14th comes first on the 15th (it happened at the end of the 14th).
        '2026-11-15': [sale('late'), ...psps('q', 8).map((p) => sale(p))],
      },
      3,
    );
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    const out = await join.load([...psps('p', 6), 'late'].map((p) => key(p)));
    expect(out.every((e) => e !== null && !(e instanceof Error))).toBe(true);
    expect((out[6] as SalesEvent).pspReference).toBe('late');
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-15 0']);
  });

  it("reads the next date's head in small pages when the keys' times bound the walk, and the whole date in large pages only for a key still missing", async () => {
    const at = (day: number, h: number) => `2026-11-${day}T${String(h).padStart(2, '0')}:00:00.000000Z`;
    const dates = {
      '2026-11-14': psps('p', 6).map((p, i) => sale(p, 'capture', { time: at(14, i + 1) })),
      // Two late sales of the 14th (its last hour) first on the 15th, then the 15th's own.
      '2026-11-15': [
        sale('late0', 'capture', { time: at(14, 23) }),
        sale('late1', 'capture', { time: at(14, 23) }),
        ...psps('q', 8).map((p, i) => sale(p, 'capture', { time: at(15, i + 1) })),
      ],
    };
    const timed = (p: string, time: string) => ({ ...key(p), time });
    const keys = [...psps('p', 6).map((p, i) => timed(p, at(14, i + 1))), timed('late0', at(14, 23)), timed('late1', at(14, 23))];
    const fake = new FakeSales(dates, 3);
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4, headPageSize: 2 }).load(keys);
    expect(out.map(show)).toEqual([...psps('p', 6), 'late0', 'late1'].map((p) => `${p}/capture`));
    // One small page of the 15th holds both late sales: not a large page of the 15th's own sales.
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-15 0 /2']);

    // A key no page has: the 15th is read whole, in large pages from its start, before it is called missing.
    const ghost = new FakeSales(dates, 3);
    const none = await new SalesJoin(ghost, { today: async () => TODAY, scanThreshold: 4, headPageSize: 2 }).load([
      ...keys.slice(0, 6),
      timed('ghost', at(14, 12)),
    ]);
    expect(none[6]).toBeNull();
    expect(ghost.calls).toEqual([
      'date 2026-11-14 0',
      'date 2026-11-14 3',
      'date 2026-11-15 0 /2',
      'date 2026-11-15 0',
      'date 2026-11-15 3',
      'date 2026-11-15 6',
      'date 2026-11-15 9',
      'psp ghost',
    ]);
  });

  it('looks up the few keys missing from both dates one by one, and walks the previous date when many are', async () => {
    const dates = {
      '2026-11-13': [sale('x0'), sale('x1'), sale('x2'), sale('x3'), sale('x4')],
      '2026-11-14': psps('p', 6).map((p) => sale(p)),
      '2026-11-15': [sale('q')],
    };
    const few = new FakeSales(dates, 10);
    await new SalesJoin(few, { today: async () => TODAY, scanThreshold: 4, pointFallbackMax: 2 }).load(
      [...psps('p', 6), 'x0'].map((p) => key(p)),
    );
    expect(few.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0', 'psp x0']);

    const many = new FakeSales(dates, 10);
    const out = await new SalesJoin(many, { today: async () => TODAY, scanThreshold: 4, pointFallbackMax: 2 }).load(
      [...psps('p', 6), ...psps('x', 5)].map((p) => key(p)),
    );
    expect(out.every((e) => e !== null)).toBe(true);
    expect(many.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0', 'date 2026-11-13 0']);
  });

  it('gives up after two empty dates: a ledger without Sales API data costs two calls, not one per entry', async () => {
    const fake = new FakeSales({});
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(
      psps('p', 50).map((p) => key(p, '2026-11-14', 'capture', 'OTHER')),
    );
    expect(out.every((e) => e === null)).toBe(true);
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0']);
  });

  it("reads a date only up to the keys' latest time, and the rest of it before calling a key missing", async () => {
    // Sales in time order, one an hour; the entries carry their times (a sale is at its capture's time).
    const at = (h: number) => `2026-11-14T${String(h).padStart(2, '0')}:00:00.000000Z`;
    const day = psps('p', 9).map((p, i) => sale(p, 'capture', { time: at(i + 1) }));
    const timed = (p: string, h: number) => ({ ...key(p), time: at(h) });
    // p0..p3 (01:00-04:00) and a late capture at 02:30 that the Sales API booked on the 15th.
    const keys = [...psps('p', 4).map((p, i) => timed(p, i + 1)), { ...key('late'), time: '2026-11-14T02:30:00.000000Z' }];
    const fake = new FakeSales({ '2026-11-14': day, '2026-11-15': [sale('late', 'capture', { time: keys[4]!.time }), sale('q')] }, 3);
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(keys);
    expect(out.map(show)).toEqual([...psps('p', 4), 'late'].map((p) => `${p}/capture`));
    // The second page reaches 06:00, past 04:00: the 14th's third page is not read; the 15th's head is
    // read in pages of the Sales API's default size.
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-15 0 /100']);

    // A sale out of that order (p8 at 09:00 on the last page, its entry at 01:30) is still found:
    // the date is read to its end before the key can be missing, and only then.
    const odd = new FakeSales({ '2026-11-14': day, '2026-11-15': [sale('q')] }, 3);
    const found = await new SalesJoin(odd, { today: async () => TODAY, scanThreshold: 4 }).load([
      ...psps('p', 4).map((p, i) => timed(p, i + 1)),
      { ...key('p8'), time: '2026-11-14T01:30:00.000000Z' },
    ]);
    expect(show(found[4] ?? null)).toBe('p8/capture');
    expect(odd.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-15 0 /100', 'date 2026-11-14 6']);
  });

  it('reads only the sales it picks from a date page, and each sale of a page once', async () => {
    const fake = new FakeSales(
      { '2026-11-14': [...psps('p', 12).map((p) => sale(p)), sale('p3', 'refund'), unreadable('bad', 'o')] },
      20,
      true,
    );
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 3 });
    const out = await join.load(['p1', 'p3', 'p7', 'bad'].map((p) => key(p)));
    expect(out.slice(0, 3).map(show)).toEqual(['p1/capture', 'p3/capture', 'p7/capture']);
    // The unreadable sale is still its own key's error, found by the references it was sent with.
    expect(out[3]).toBeInstanceOf(UnreadableSale);
    expect(fake.reads.sort()).toEqual(['bad', 'p1', 'p3', 'p7']);
    // A later batch of the request shares the page: p1 is not read again, p3's refund and p5 are read now.
    const more = await join.load([key('p3', '2026-11-14', 'refund'), key('p1'), key('p5')]);
    expect(more.map(show)).toEqual(['p3/refund', 'p1/capture', 'p5/capture']);
    expect(fake.reads.sort()).toEqual(['bad', 'p1', 'p3', 'p3', 'p5', 'p7']);
    expect(fake.calls).toEqual(['date 2026-11-14 0']);
  });

  it('indexes a page once: a page served from the cache is not indexed again by the requests that read it', async () => {
    const page = MappedPage.of<SalesItem, SalesItem>(
      psps('p', 50).map((p) => sale(p)),
      (e) => e,
      { next: null, hasMore: false, final: true },
    );
    // Every request gets the cached page as the response cache hands it out: another instance, the same state.
    const lookups: SalesLookups = { datePage: async () => page.withCached(true), byPspReference: async () => [] };
    const rawAt = vi.spyOn(MappedPage.prototype, 'rawAt');
    try {
      const first = await new SalesJoin(lookups, { today: async () => TODAY, scanThreshold: 4 }).load(psps('p', 10).map((p) => key(p)));
      expect(first.map(show)).toEqual(psps('p', 10).map((p) => `${p}/capture`));
      const indexing = rawAt.mock.calls.length;
      expect(indexing).toBeGreaterThanOrEqual(50);
      const second = await new SalesJoin(lookups, { today: async () => TODAY, scanThreshold: 4 }).load(
        psps('p', 50)
          .slice(20, 30)
          .map((p) => key(p)),
      );
      expect(second.map(show)).toEqual(
        psps('p', 50)
          .slice(20, 30)
          .map((p) => `${p}/capture`),
      );
      expect(rawAt.mock.calls.length).toBe(indexing);
    } finally {
      rawAt.mockRestore();
    }
  });

  it('never reads a date after today', async () => {
    const fake = new FakeSales({ [TODAY]: psps('p', 5).map((p) => sale(p)) }, 10);
    await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load([...psps('p', 5), 'missing'].map((p) => key(p, TODAY)));
    expect(fake.calls).toEqual([`date ${TODAY} 0`, 'psp missing']);
  });

  it('shares pages between batches of one request', async () => {
    const fake = new FakeSales({ '2026-11-14': psps('p', 9).map((p) => sale(p)) }, 3);
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    await join.load(
      psps('p', 9)
        .slice(0, 5)
        .map((p) => key(p)),
    );
    await join.load(
      psps('p', 9)
        .slice(4)
        .map((p) => key(p)),
    );
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-14 6']);
  });

  it('picks the event of the entry type when a pspReference has a capture and a refund', async () => {
    const fake = new FakeSales({ '2026-11-14': [sale('p', 'capture'), sale('p', 'refund')] });
    const out = await new SalesJoin(fake, { today: async () => TODAY }).load([
      key('p', '2026-11-14', 'refund'),
      key('p', '2026-11-14', 'capture'),
    ]);
    expect(out.map((e) => (e as SalesEvent).entryType)).toEqual(['refund', 'capture']);
  });

  it('gives a capture and its refund under one pspReference their own events on the scan path too, the refund pages later', async () => {
    // The capture on the first page, its refund (same pspReference) two pages on.
    const day = [sale('shared', 'capture'), ...psps('p', 5).map((p) => sale(p)), sale('shared', 'refund')];
    const fake = new FakeSales({ '2026-11-14': day }, 3);
    const keys = [key('shared', '2026-11-14', 'capture'), ...psps('p', 5).map((p) => key(p)), key('shared', '2026-11-14', 'refund')];
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(keys);
    expect((out[0] as SalesEvent).entryType).toBe('capture');
    expect((out[6] as SalesEvent).entryType).toBe('refund');
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-14 6']);
    // A refund key never takes the capture's event: with no refund anywhere it is null.
    const lonely = new FakeSales({ '2026-11-14': [sale('c', 'capture'), ...psps('q', 5).map((p) => sale(p))] }, 3);
    const none = await new SalesJoin(lonely, { today: async () => TODAY, scanThreshold: 4 }).load([
      key('c', '2026-11-14', 'refund'),
      ...psps('q', 5).map((p) => key(p)),
    ]);
    expect(none[0]).toBeNull();
  });

  it('fails only the keys a failing call concerns', async () => {
    const fake = new FakeSales({ '2026-11-14': psps('p', 5).map((p) => sale(p)), '2026-11-15': [sale('late')] }, 10);
    fake.failing.add('2026-11-15');
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(
      [...psps('p', 5), 'late'].map((p) => key(p)),
    );
    expect(out.slice(0, 5).every((e) => e !== null && !(e instanceof Error))).toBe(true);
    expect(out[5]).toBeInstanceOf(TallyError);
    expect((out[5] as TallyError).code).toBe('UPSTREAM_UNAVAILABLE');

    const down = new FakeSales({ '2026-11-14': psps('p', 5).map((p) => sale(p)) });
    down.failing.add('2026-11-14');
    down.failing.add('psp');
    const all = await new SalesJoin(down, { today: async () => TODAY, scanThreshold: 4 }).load([
      ...psps('p', 5).map((p) => key(p)),
      key('solo', '2026-11-10'),
    ]);
    expect(all.every((e) => e instanceof TallyError)).toBe(true);
  });

  describe('the join on reference (the Sales API page: join on reference or pspReference)', () => {
    it('finds a sale whose pspReference differs by its order reference in the pages already read: no call more than the pspReference join', async () => {
      const day = [...psps('p', 6).map((p) => ordered(p, `o-${p}`, 100)), ordered('sales-side-psp', 'order-x', 4990)];
      const fake = new FakeSales({ '2026-11-14': day, '2026-11-15': [sale('q')] }, 3);
      const keys = [...psps('p', 6).map((p) => refKey(p, `o-${p}`, 100)), refKey('report-side-psp', 'order-x', 4990)];
      const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(keys);
      expect(out.map(show)).toEqual([...psps('p', 6).map((p) => `${p}/capture`), 'sales-side-psp/capture']);
      // The date's pages and the next date's: the same calls as without the missing key's sale.
      expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-14 6', 'date 2026-11-15 0 /100']);
    });

    it('looks a few keys up by reference after their pspReference finds nothing, one lookup per order for all its entries', async () => {
      const order = [ordered('s1', 'order-y', 4990), ordered('s1', 'order-y', -4990, 'refund', '2026-11-14T12:00:00.000000Z')];
      const fake = new FakeSales({ '2026-11-14': order });
      const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load([
        refKey('r1', 'order-y', 4990),
        refKey('r2', 'order-y', -4990, 'refund', '2026-11-14T12:00:00.000000Z'),
        refKey('r3', 'no-such-order', 10),
      ]);
      expect(out.map(show)).toEqual(['s1/capture', 's1/refund', null]);
      expect(fake.calls.sort()).toEqual(['psp r1', 'psp r2', 'psp r3', 'ref no-such-order', 'ref order-y']);
    });

    it("takes the order's event of the entry's type and amount, then time; several alike is an error, never a guess", async () => {
      const order = [
        ordered('a', 'order-z', 1000, 'capture', '2026-11-14T09:00:00.000000Z'),
        ordered('b', 'order-z', 2500, 'capture', '2026-11-14T10:00:00.000000Z'),
        ordered('c', 'order-z', 2500, 'capture', '2026-11-14T11:00:00.000000Z'),
        ordered('d', 'order-w', 700, 'capture', '2026-11-14T11:00:00.000000Z'),
        ordered('e', 'order-w', 700, 'capture', '2026-11-14T11:00:00.000000Z'),
      ];
      const fake = new FakeSales({ '2026-11-14': order });
      const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 10 }).load([
        refKey('x1', 'order-z', 1000),
        refKey('x2', 'order-z', 2500, 'capture', '2026-11-14T11:00:00.000000Z'),
        refKey('x3', 'order-z', 999),
        refKey('x4', 'order-w', 700, 'capture', '2026-11-14T11:00:00.000000Z'),
      ]);
      expect(out.slice(0, 3).map(show)).toEqual(['a/capture', 'c/capture', null]);
      expect(out[3]).toBeInstanceOf(TallyError);
      expect((out[3] as TallyError).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect((out[3] as TallyError).message).toContain('x4');
    });
  });

  describe('a sale that cannot be read', () => {
    it('is the error of its own entry only, on the scan path and by point lookup', async () => {
      const day: SalesItem[] = [...psps('p', 5).map((p) => sale(p)), unreadable('bad', 'o')];
      const fake = new FakeSales({ '2026-11-14': day }, 10);
      const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(
        [...psps('p', 5), 'bad'].map((p) => key(p)),
      );
      expect(out.slice(0, 5).map(show)).toEqual(psps('p', 5).map((p) => `${p}/capture`));
      expect(out[5]).toBeInstanceOf(UnreadableSale);
      expect((out[5] as UnreadableSale).message).toContain('pspReference bad');

      const few = await new SalesJoin(new FakeSales({ '2026-11-14': day }), { today: async () => TODAY, scanThreshold: 4 }).load([
        key('p0'),
        key('bad'),
      ]);
      expect(show(few[0] ?? null)).toBe('p0/capture');
      expect(few[1]).toBeInstanceOf(UnreadableSale);
    });

    it('whose references cannot be read either is the error of every key not found, not a null that may be wrong', async () => {
      const day: SalesItem[] = [...psps('p', 5).map((p) => sale(p)), unreadable(null, null, null)];
      const fake = new FakeSales({ '2026-11-14': day, '2026-11-15': [] }, 10);
      const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4, pointFallbackMax: 0 }).load(
        [...psps('p', 5), 'gone'].map((p) => key(p)),
      );
      expect(out.slice(0, 5).every((e) => e !== null && !(e instanceof Error))).toBe(true);
      expect(out[5]).toBeInstanceOf(UnreadableSale);
    });
  });
});
