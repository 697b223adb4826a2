import { describe, expect, it } from 'vitest';
import { TallyError } from '../../src/errors.js';
import { canHaveSale, SalesJoin, type SalesJoinKey, type SalesLookups } from '../../src/sources/vipps/sales-join.js';
import type { EntryKind, SalesEvent } from '../../src/sources/model.js';

const TODAY = '2026-11-20';

function sale(psp: string | null, entryType = 'capture'): SalesEvent {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: 'L',
    key: `k-${psp}-${entryType}`,
    entryType,
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
  };
}

/**
 * A fake Sales API: per date, a list of events paged `pageSize` at a time, and a log of every
 * call, so a test asserts the loader's decisions by the calls it made.
 */
class FakeSales implements SalesLookups {
  calls: string[] = [];
  failing = new Set<string>();
  constructor(
    private readonly dates: Record<string, SalesEvent[]>,
    private readonly pageSize = 3,
  ) {}

  async datePage(ledgerId: string, date: string, cursor: string | null) {
    this.calls.push(`date ${date} ${cursor ?? 0}`);
    if (this.failing.has(date)) throw new TallyError('UPSTREAM_UNAVAILABLE', 'down', { source: 'vipps-sales' });
    const all = ledgerId === 'L' ? (this.dates[date] ?? []) : [];
    const offset = Number(cursor ?? 0);
    const items = all.slice(offset, offset + this.pageSize);
    return { items, next: offset + items.length < all.length ? String(offset + items.length) : null };
  }

  async byPspReference(ledgerId: string, psp: string) {
    this.calls.push(`psp ${psp}`);
    if (this.failing.has('psp')) throw new TallyError('UPSTREAM_UNAVAILABLE', 'down', { source: 'vipps-sales' });
    if (ledgerId !== 'L') return [];
    return Object.values(this.dates)
      .flat()
      .filter((e) => e.pspReference === psp);
  }
}

const key = (psp: string, ledgerDate = '2026-11-14', entryType = 'capture', ledgerId = 'L'): SalesJoinKey => ({ ledgerId, pspReference: psp, entryType, ledgerDate });
const psps = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('canHaveSale', () => {
  const entry = (kind: EntryKind, pspReference: string | null = 'p', topic: 'FUNDS' | 'FEES' = 'FUNDS') => ({ provider: 'VIPPS_MOBILEPAY' as const, kind, pspReference, topic });
  it('only captures and refunds on the funds book with a pspReference', () => {
    expect(canHaveSale(entry('CAPTURE'))).toBe(true);
    expect(canHaveSale(entry('REFUND'))).toBe(true);
    for (const kind of ['FEE', 'FEES_RETAINED', 'PAYOUT', 'CORRECTION', 'TOP_UP', 'OTHER'] as const) expect(canHaveSale(entry(kind))).toBe(false);
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
    expect(out.map((e) => (e instanceof Error ? 'error' : e?.pspReference ?? null))).toEqual(['a', 'c', null]);
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

  it('looks up the few keys missing from both dates one by one, and walks the previous date when many are', async () => {
    const dates = { '2026-11-13': [sale('x0'), sale('x1'), sale('x2'), sale('x3'), sale('x4')], '2026-11-14': psps('p', 6).map((p) => sale(p)), '2026-11-15': [sale('q')] };
    const few = new FakeSales(dates, 10);
    await new SalesJoin(few, { today: async () => TODAY, scanThreshold: 4, pointFallbackMax: 2 }).load([...psps('p', 6), 'x0'].map((p) => key(p)));
    expect(few.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0', 'psp x0']);

    const many = new FakeSales(dates, 10);
    const out = await new SalesJoin(many, { today: async () => TODAY, scanThreshold: 4, pointFallbackMax: 2 }).load([...psps('p', 6), ...psps('x', 5)].map((p) => key(p)));
    expect(out.every((e) => e !== null)).toBe(true);
    expect(many.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0', 'date 2026-11-13 0']);
  });

  it('gives up after two empty dates: a ledger without Sales API data costs two calls, not one per entry', async () => {
    const fake = new FakeSales({});
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load(psps('p', 50).map((p) => key(p, '2026-11-14', 'capture', 'OTHER')));
    expect(out.every((e) => e === null)).toBe(true);
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-15 0']);
  });

  it('never reads a date after today', async () => {
    const fake = new FakeSales({ [TODAY]: psps('p', 5).map((p) => sale(p)) }, 10);
    await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load([...psps('p', 5), 'missing'].map((p) => key(p, TODAY)));
    expect(fake.calls).toEqual([`date ${TODAY} 0`, 'psp missing']);
  });

  it('shares pages between batches of one request', async () => {
    const fake = new FakeSales({ '2026-11-14': psps('p', 9).map((p) => sale(p)) }, 3);
    const join = new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 });
    await join.load(psps('p', 9).slice(0, 5).map((p) => key(p)));
    await join.load(psps('p', 9).slice(4).map((p) => key(p)));
    expect(fake.calls).toEqual(['date 2026-11-14 0', 'date 2026-11-14 3', 'date 2026-11-14 6']);
  });

  it('picks the event of the entry type when a pspReference has a capture and a refund', async () => {
    const fake = new FakeSales({ '2026-11-14': [sale('p', 'capture'), sale('p', 'refund')] });
    const out = await new SalesJoin(fake, { today: async () => TODAY }).load([key('p', '2026-11-14', 'refund'), key('p', '2026-11-14', 'capture')]);
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
    const none = await new SalesJoin(lonely, { today: async () => TODAY, scanThreshold: 4 }).load([key('c', '2026-11-14', 'refund'), ...psps('q', 5).map((p) => key(p))]);
    expect(none[0]).toBeNull();
  });

  it('fails only the keys a failing call concerns', async () => {
    const fake = new FakeSales({ '2026-11-14': psps('p', 5).map((p) => sale(p)), '2026-11-15': [sale('late')] }, 10);
    fake.failing.add('2026-11-15');
    const out = await new SalesJoin(fake, { today: async () => TODAY, scanThreshold: 4 }).load([...psps('p', 5), 'late'].map((p) => key(p)));
    expect(out.slice(0, 5).every((e) => e !== null && !(e instanceof Error))).toBe(true);
    expect(out[5]).toBeInstanceOf(TallyError);
    expect((out[5] as TallyError).code).toBe('UPSTREAM_UNAVAILABLE');

    const down = new FakeSales({ '2026-11-14': psps('p', 5).map((p) => sale(p)) });
    down.failing.add('2026-11-14');
    down.failing.add('psp');
    const all = await new SalesJoin(down, { today: async () => TODAY, scanThreshold: 4 }).load([...psps('p', 5).map((p) => key(p)), key('solo', '2026-11-10')]);
    expect(all.every((e) => e instanceof TallyError)).toBe(true);
  });
});
