import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/sources/http/response-cache.js';
import { SharedPageCache } from '../../src/sources/http/shared-cache.js';
import { MemoryStore } from '../../src/store/memory.js';
import { UpstreamClient } from '../../src/sources/http/upstream-client.js';
import type { Entry, SalesEvent } from '../../src/sources/model.js';
import type { ItemsByIndex, UpstreamPage } from '../../src/paging/page.js';
import { VippsAuth } from '../../src/sources/vipps/auth.js';
import { VippsReportClient } from '../../src/sources/vipps/report-client.js';
import { UnreadableSale, VippsSalesClient } from '../../src/sources/vipps/sales-client.js';

/**
 * Report API and Sales API date pages through the real client stack (UpstreamClient, its cache,
 * the sources), the upstream answered by undici's MockAgent: plain items are checked by hand
 * (`checkedItems`), report entries mapped as they are read; every other item still gets zod's
 * verdict, message and transforms, and what would make mapping fail still fails the whole page,
 * as before (issue 13).
 */
const BASE = 'http://vipps.test';
const agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

const plain = (i: number) => ({
  pspReference: `psp${i}`,
  time: `2026-11-14T10:00:${String(i % 60).padStart(2, '0')}.123456Z`,
  ledgerDate: '2026-11-14',
  entryType: 'capture',
  reference: `ref${i}`,
  currency: 'NOK',
  amount: 1000 + i,
  balanceBefore: i * 1000,
  balanceAfter: i * 1000 + 1000 + i,
  recipientHandle: 'NO:123456',
});

function source(items: unknown[]): { report: VippsReportClient } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const pool = agent.get(BASE);
  pool.intercept({ path: '/miami/v1/token', method: 'POST' }).reply(200, { access_token: 'token', expires_in: 3600 }).persist();
  pool
    .intercept({ path: (p) => p.startsWith('/report/v2/ledgers/1/funds/dates/2026-11-14'), method: 'GET' })
    .reply(200, { items, hasMore: false, tryLater: false })
    .persist();
  const common = { dispatcher: agent, cache: new ResponseCache(), timeoutMs: 2000, retries: 0 };
  const auth = new VippsAuth(
    new UpstreamClient({ ...common, source: 'vipps-token', baseUrl: BASE }),
    { baseUrl: BASE, keyType: 'accounting', clientId: 'id', clientSecret: 'secret' },
    Date.now,
  );
  return { report: new VippsReportClient(new UpstreamClient({ ...common, source: 'vipps-report', baseUrl: BASE }), auth) };
}

const read = (report: VippsReportClient) =>
  report.datePage({}, { ledgerId: '1', topic: 'FUNDS', date: '2026-11-14', cursor: null, gdpr: false });

describe('a Report API date page', () => {
  it('maps only the entries read by index, each as the whole-page mapping would', async () => {
    const { report } = source(Array.from({ length: 1000 }, (_, i) => plain(i)));
    const page = (await read(report)) as UpstreamPage<Entry> & ItemsByIndex<Entry>;
    expect(page.itemCount()).toBe(1000);
    const some = page.itemsBetween(10, 12);
    expect(some.map((e) => e.pspReference)).toEqual(['psp10', 'psp11']);
    expect(some[0]).toEqual({
      provider: 'VIPPS_MOBILEPAY',
      ledgerId: '1',
      topic: 'FUNDS',
      key: 'vipps|1|FUNDS|2026-11-14|capture|psp10|2026-11-14T10:00:10.123456Z',
      pspReference: 'psp10',
      time: '2026-11-14T10:00:10.123456Z',
      ledgerDate: '2026-11-14',
      entryType: 'capture',
      kind: 'CAPTURE',
      reference: 'ref10',
      amount: { minorUnits: 1010, currency: 'NOK' },
      balanceBefore: { minorUnits: 10000, currency: 'NOK' },
      balanceAfter: { minorUnits: 11010, currency: 'NOK' },
      recipientHandle: 'NO:123456',
      payer: null,
      easypay: null,
    });
    // The same objects again, and from the cached page of the next read.
    expect(page.items[10]).toBe(some[0]);
    const again = (await read(report)) as UpstreamPage<Entry> & ItemsByIndex<Entry>;
    expect(again.cached).toBe(true);
    expect(again.itemsBetween(10, 11)[0]).toBe(some[0]);
    expect(again.items).toHaveLength(1000);
  });

  it("gives entries that are not plain zod's transforms: absent texts null, a numeric pspReference as text, offsets normalised", async () => {
    const odd = {
      time: '2026-11-14T12:00:00+0200',
      ledgerDate: '2026-11-14',
      entryType: 'refund',
      currency: 'NOK',
      amount: -500,
      pspReference: 12345,
    };
    const bare = { time: '2026-11-14T10:00:00Z', ledgerDate: '2026-11-14', entryType: 'payout-scheduled', currency: 'NOK', amount: -1 };
    const { report } = source([plain(0), odd, bare]);
    const [, a, b] = (await read(report)).items;
    expect(a).toMatchObject({
      pspReference: '12345',
      time: '2026-11-14T10:00:00.000000Z',
      reference: null,
      recipientHandle: null,
      balanceBefore: null,
      kind: 'REFUND',
    });
    expect(b).toMatchObject({
      pspReference: null,
      reference: null,
      recipientHandle: null,
      payer: null,
      time: '2026-11-14T10:00:00.000000Z',
      kind: 'PAYOUT',
    });
  });

  it.each([
    ['a wrong type', { ...plain(900), amount: '10' }, /items\.1\.amount/],
    ['a missing field', { ...plain(900), entryType: undefined }, /items\.1\.entryType/],
    ['an amount that is not a safe integer', { ...plain(900), amount: 10.5 }, /not an integer number of minor units/],
    ['a currency that is no code', { ...plain(900), currency: 'kr' }, /Unknown currency code/],
    ['an unreadable time', { ...plain(900), time: 'yesterday' }, /Unreadable time/],
  ])('fails the whole page on %s, whichever entries are read', async (_name, bad, message) => {
    const { report } = source([plain(0), bad, plain(2)]);
    await expect(read(report)).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', message: expect.stringMatching(message) });
  });
});

describe('a Sales API date page', () => {
  const sale = {
    entryType: 'capture',
    time: '2026-11-14T10:00:00.5Z',
    pspReference: 'psp1',
    reference: 'order-1',
    currency: 'NOK',
    paymentType: 'WALLET',
    amounts: { gross: 12500, net: 10000, vat: 2500 },
    lines: [
      { lineId: '1', name: 'Bolle', quantity: 2, unitPriceGross: 6250, vatRate: 25, vatAmount: 2500, category: 'FOOD', extra: 'ignored' },
    ],
    customer: null,
    classification: { solution: 'MPOS', salesCategory: 'RETAIL' },
    completeness: { hasLineItems: true, hasVatBreakdown: true, hasCustomerIdentity: false },
  };

  function sales(items: unknown[], sharedCache?: SharedPageCache): VippsSalesClient {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    const pool = agent.get(BASE);
    pool.intercept({ path: '/miami/v1/token', method: 'POST' }).reply(200, { access_token: 'token', expires_in: 3600 }).persist();
    pool
      .intercept({ path: (p) => p.startsWith('/sales/report/v1/ledgers/1/dates/2026-11-14'), method: 'GET' })
      .reply(200, { items, hasMore: false })
      .persist();
    const common = { dispatcher: agent, cache: new ResponseCache(), timeoutMs: 2000, retries: 0 };
    const auth = new VippsAuth(
      new UpstreamClient({ ...common, source: 'vipps-token', baseUrl: BASE }),
      { baseUrl: BASE, keyType: 'accounting', clientId: 'id', clientSecret: 'secret' },
      Date.now,
    );
    return new VippsSalesClient(new UpstreamClient({ ...common, source: 'vipps-sales', baseUrl: BASE, sharedCache }), auth);
  }
  const readSales = (s: VippsSalesClient) =>
    s.datePage({}, { ledgerId: '1', date: '2026-11-14', cursor: null, today: '2026-11-20', gdpr: true });

  it('maps a plain sale and one zod must transform (numeric references, "true" flags, absent lines) to the same domain shape', async () => {
    const odd = {
      ...sale,
      pspReference: 42,
      reference: 7,
      lines: undefined,
      completeness: { hasLineItems: 'false', hasVatBreakdown: null },
      classification: undefined,
    };
    const [a, b] = (await readSales(sales([sale, odd]))).items;
    expect(a).toEqual({
      provider: 'VIPPS_MOBILEPAY',
      ledgerId: '1',
      key: 'vipps|1|capture|psp|psp1',
      entryType: 'capture',
      kind: 'CAPTURE',
      time: '2026-11-14T10:00:00.500000Z',
      pspReference: 'psp1',
      reference: 'order-1',
      currency: 'NOK',
      paymentType: 'WALLET',
      amounts: {
        gross: { minorUnits: 12500, currency: 'NOK' },
        net: { minorUnits: 10000, currency: 'NOK' },
        vat: { minorUnits: 2500, currency: 'NOK' },
      },
      lines: [
        {
          lineId: '1',
          name: 'Bolle',
          quantity: 2,
          unitPriceGross: { minorUnits: 6250, currency: 'NOK' },
          unitPriceNet: null,
          discountTotal: null,
          lineTotalGross: null,
          lineTotalNet: null,
          vatRate: 25,
          vatAmount: { minorUnits: 2500, currency: 'NOK' },
          category: 'FOOD',
        },
      ],
      customer: null,
      classification: { solution: 'MPOS', salesCategory: 'RETAIL' },
      completeness: { hasLineItems: true, hasVatBreakdown: true, hasCustomerIdentity: false },
    });
    expect(b).toMatchObject({
      key: 'vipps|1|capture|psp|42',
      pspReference: '42',
      reference: '7',
      lines: [],
      classification: null,
      completeness: { hasLineItems: false, hasVatBreakdown: null, hasCustomerIdentity: null },
    });
  });

  it('keeps the customer out of everything cached for a client without gdpr, the shared (Redis) level included', async () => {
    /** A store that says it is shared (as Redis), recording what is written to it. */
    class RecordingStore extends MemoryStore {
      readonly written: string[] = [];
      override isShared(): boolean {
        return true;
      }
      override async set(key: string, value: string | Buffer, ttlMs: number): Promise<void> {
        this.written.push(key);
        return super.set(key, value, ttlMs);
      }
    }
    const store = new RecordingStore();
    const shared = new SharedPageCache(store, 'unit-test-signing-secret-0123456789');
    const customer = { email: 'kari.nordmann@example.com', phone: '+47 91234567', name: 'Kari Nordmann' };
    const source = sales([{ ...sale, customer, completeness: { ...sale.completeness, hasCustomerIdentity: true } }], shared);
    const args = { ledgerId: '1', date: '2026-11-14', cursor: null, today: '2026-11-20' };
    const without = await source.datePage({}, { ...args, gdpr: false });
    expect((without.items[0] as SalesEvent).customer).toBeNull();
    const withScope = await source.datePage({}, { ...args, gdpr: true });
    expect((withScope.items[0] as SalesEvent).customer).toEqual(customer);
    // Two pages in the shared level, one per kind of reader; only the gdpr one holds the customer.
    expect(store.written).toHaveLength(2);
    const [bare, full] = await Promise.all(store.written.map((k) => shared.get(k)));
    expect(bare!.body).not.toContain('kari');
    expect(bare!.body).not.toContain('91234567');
    expect(JSON.parse(bare!.body).items[0].amounts).toEqual(sale.amounts);
    expect(full!.body).toContain('kari.nordmann@example.com');
  });

  it('puts an error naming the sale and field in the place of a sale zod rejects; the page and its other sales stand', async () => {
    const [a, b] = (await readSales(sales([sale, { ...sale, pspReference: 'psp2', lines: [{ quantity: 'two' }] }]))).items;
    expect(a).toMatchObject({ pspReference: 'psp1', kind: 'CAPTURE' });
    expect(b).toBeInstanceOf(UnreadableSale);
    expect(b).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      pspReference: 'psp2',
      message: expect.stringMatching(/pspReference psp2.*lines\.0\.quantity/),
    });
  });

  it.each([
    [
      'a gross amount that is not whole minor units',
      { amounts: { gross: 125.5, net: 100, vat: 25 } },
      /125\.5 is not an integer number of minor units/,
    ],
    [
      'a line price that is not whole minor units',
      { lines: [{ name: 'Bun', quantity: 1, unitPriceGross: 12.5 }] },
      /12\.5 is not an integer/,
    ],
    ['an amount beyond 2^53', { amounts: { gross: 2 ** 53, net: null, vat: null } }, /not an integer number of minor units/],
    ['a currency that is no code', { currency: 'kroner' }, /Unknown currency code "kroner"/],
  ])("reads %s as that sale's error, the page and its other sales standing", async (_name, over, message) => {
    const [a, b] = (await readSales(sales([sale, { ...sale, pspReference: 'psp2', ...over }]))).items;
    expect(a).toMatchObject({ pspReference: 'psp1', kind: 'CAPTURE' });
    expect(b).toBeInstanceOf(UnreadableSale);
    expect(b).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', pspReference: 'psp2', message: expect.stringMatching(message) });
  });

  it('reads a quantity that is a fraction (weights, hours) as it is', async () => {
    const [a] = (await readSales(sales([{ ...sale, lines: [{ name: 'Coffee beans', quantity: 0.25, unitPriceGross: 40000 }] }]))).items;
    expect((a as SalesEvent).lines[0]).toMatchObject({ quantity: 0.25, unitPriceGross: { minorUnits: 40000, currency: 'NOK' } });
  });
});

describe('checkedItems', () => {
  it('says what a body without an items array is', async () => {
    const { report } = source('not a list' as unknown as unknown[]);
    await expect(read(report)).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: expect.stringMatching(/items: Invalid input: expected array, received string/),
    });
  });
});
