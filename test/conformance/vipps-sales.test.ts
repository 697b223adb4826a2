import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { VippsAuth } from '../../src/sources/vipps/auth.js';
import { VippsSalesClient } from '../../src/sources/vipps/sales-client.js';
import { vippsLedgerGlobalId } from '../helpers/harness.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';
import { fixture, served } from './fixtures.js';
import { CONFORMANCE_NOW, startConformanceGateway, type ConformanceGateway } from './gateway.js';
import { clientFor, lostLeaves, sameInstant } from './leaves.js';
import { shapeDifferences } from './shape.js';
import { startStandIn, type StandIn } from './stand-in.js';
import { graphql } from '../__generated__/index.js';

/**
 * The Sales API page (003), example by example: the feed (line 8), a ledger date (54), a merchant
 * reference (98) and a pspReference (142), each served by a stand-in to the source client and the
 * gateway, and held against the sandbox's answers. Every example is a page with `hasMore: true`;
 * the stand-in answers its cursor with the last, empty page.
 */
type Page = { items: Array<Record<string, unknown>>; cursor?: string; hasMore?: boolean };
const FEED = served<Page>('003-L8');
const DATE = served<Page>('003-L54');
const BY_REFERENCE = served<Page>('003-L98');
const BY_PSP = served<Page>('003-L142');
const LEDGERS = served<{ items: unknown[] }>('000-L18');
const SALE = DATE.items[0] as { pspReference: string; reference: string };

let standIn: StandIn;
let gw: ConformanceGateway;

beforeAll(async () => {
  const page = (first: Page) => (r: { query: URLSearchParams }) => ({
    body: r.query.get('cursor') === first.cursor ? { items: [], cursor: first.cursor, hasMore: false } : first,
  });
  standIn = await startStandIn([
    {
      method: 'POST',
      path: '/miami/v1/token',
      reply: () => ({ body: { access_token: 'sales-token', token_type: 'Bearer', expires_in: 86400 } }),
    },
    { method: 'GET', path: '/settlement/v1/ledgers', reply: () => ({ body: { items: LEDGERS.items } }) },
    { method: 'GET', path: '/sales/report/v1/ledgers/302321', reply: page(FEED) },
    {
      method: 'GET',
      path: '/sales/report/v1/ledgers/302321/dates/{ledgerDate}',
      reply: (r) => (r.params.ledgerDate === '2019-08-24' ? page(DATE)(r) : { body: { items: [], hasMore: false } }),
    },
    { method: 'GET', path: `/sales/report/v1/ledgers/302321/references/${SALE.reference}`, reply: page(BY_REFERENCE) },
    { method: 'GET', path: `/sales/report/v1/ledgers/302321/psp-references/${SALE.pspReference}`, reply: page(BY_PSP) },
  ]);
  gw = await startConformanceGateway({
    vipps: { baseUrl: standIn.origin, keyType: 'accounting', clientId: 'conformance', clientSecret: 'conformance-secret' },
  });
});

afterAll(async () => {
  await gw?.close();
  await standIn?.close();
});

describe('the Sales API examples through the source client', () => {
  const sales = () => {
    const auth = new VippsAuth(
      clientFor('vipps-token', standIn.origin),
      { baseUrl: standIn.origin, keyType: 'accounting', clientId: 'c', clientSecret: 's' },
      () => Date.parse(CONFORMANCE_NOW),
    );
    return new VippsSalesClient(clientFor('vipps-sales', standIn.origin), auth);
  };

  it('keeps every value of each example, and the paging signals of the feed and date pages', async () => {
    const feed = await sales().feedPage({}, { ledgerId: '302321', cursor: null, gdpr: true });
    expect(lostLeaves(FEED.items, feed.items)).toEqual([]);
    expect({ next: feed.next, hasMore: feed.hasMore }).toEqual({ next: FEED.cursor, hasMore: true });
    const date = await sales().datePage({}, { ledgerId: '302321', date: '2019-08-24', cursor: null, today: '2026-11-20', gdpr: true });
    expect(lostLeaves(DATE.items, date.items)).toEqual([]);
    expect({ next: date.next, hasMore: date.hasMore }).toEqual({ next: DATE.cursor, hasMore: true });
    expect(
      lostLeaves(BY_REFERENCE.items, await sales().byReference({}, { ledgerId: '302321', reference: SALE.reference, gdpr: true })),
    ).toEqual([]);
    expect(
      lostLeaves(BY_PSP.items, await sales().byPspReference({}, { ledgerId: '302321', pspReference: SALE.pspReference, gdpr: true })),
    ).toEqual([]);
  });
});

const EVENT = `entryType time pspReference reference currency paymentType provider ledgerId
  amounts { gross { minorUnits amount currency } net { minorUnits currency } vat { minorUnits currency } }
  lines { lineId name quantity unitPriceGross { minorUnits } unitPriceNet { minorUnits } discountTotal { minorUnits }
    lineTotalGross { minorUnits } lineTotalNet { minorUnits } vatRate vatPercentage vatAmount { minorUnits } category }
  customer { email phone name } classification { solution salesCategory } completeness { hasLineItems hasVatBreakdown hasCustomerIdentity }`;

/** What every example's sales event reads as through the schema. */
const EXPECTED_EVENT = {
  entryType: 'capture',
  time: sameInstant('2019-08-24T14:15:22Z'),
  pspReference: '3343121302',
  reference: 'acme-shop-123-order123abc',
  currency: 'NOK',
  paymentType: 'CARD',
  provider: 'VIPPS_MOBILEPAY',
  ledgerId: '302321',
  amounts: {
    gross: { minorUnits: 12500, amount: '125.00', currency: 'NOK' },
    net: { minorUnits: 10000, currency: 'NOK' },
    vat: { minorUnits: 2500, currency: 'NOK' },
  },
  lines: [
    {
      lineId: 'line-1',
      name: 'Espresso',
      quantity: 2,
      unitPriceGross: { minorUnits: 6250 },
      unitPriceNet: { minorUnits: 5000 },
      discountTotal: { minorUnits: 0 },
      lineTotalGross: { minorUnits: 12500 },
      lineTotalNet: { minorUnits: 10000 },
      vatRate: 2500,
      vatPercentage: '25.00',
      vatAmount: { minorUnits: 2500 },
      category: 'coffee',
    },
  ],
  customer: { email: 'kari.nordmann@example.com', phone: '+4791234567', name: 'Kari Nordmann' },
  classification: { solution: 'VARIABLE_AMOUNT', salesCategory: 'cafe' },
  completeness: { hasLineItems: true, hasVatBreakdown: true, hasCustomerIdentity: true },
};

describe('the Sales API examples through the gateway, upstream a stand-in serving them', () => {
  const id = vippsLedgerGlobalId('302321');

  it('reads the feed example and follows its cursor while hasMore (003 line 8)', async () => {
    const before = standIn.seen.length;
    const r = await gw.gql<{ ledger: { salesEvents: { edges: Array<{ node: unknown }> } } }>(
      `query($id: ID!) { ledger(id: $id) { salesEvents(first: 10) { edges { node { ${EVENT} } } } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.salesEvents.edges.map((e) => e.node)).toEqual([EXPECTED_EVENT]);
    const reads = standIn.seen.slice(before).filter((s) => s.path === '/sales/report/v1/ledgers/302321');
    expect(reads.map((s) => s.query.get('cursor'))).toEqual([null, FEED.cursor]);
    expect(Number(reads[0]!.query.get('pageSize'))).toBeGreaterThanOrEqual(1);
  });

  it('reads the date example and follows its cursor while hasMore (003 line 54)', async () => {
    const before = standIn.seen.length;
    const r = await gw.gql<{ ledger: { salesEvents: { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean } } } }>(
      `query($id: ID!) { ledger(id: $id) { salesEvents(date: "2019-08-24", first: 10) { edges { node { ${EVENT} } } pageInfo { hasNextPage } } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.salesEvents.edges.map((e) => e.node)).toEqual([EXPECTED_EVENT]);
    expect(
      standIn.seen
        .slice(before)
        .filter((s) => s.path.endsWith('/dates/2019-08-24'))
        .map((s) => s.query.get('cursor')),
    ).toEqual([null, DATE.cursor]);
    const range = await gw.op(
      graphql(
        `query ConformanceVippsSalesLedger($id: ID!, $after: String) { ledger(id: $id) { salesEvents(from: "2019-08-23", to: "2019-08-24", first: 10, after: $after) { edges { node { pspReference } } } } }`,
      ),
      { id },
    );
    expect(range.data?.ledger!.salesEvents!.edges).toHaveLength(1);
  });

  it('reads the reference example (003 line 98) and the pspReference example (003 line 142)', async () => {
    const r = await gw.gql<{ ledger: { salesEventsByReference: unknown[]; salesEventByPspReference: unknown } }>(
      `query($id: ID!, $ref: String!, $psp: String!) { ledger(id: $id) {
        salesEventsByReference(reference: $ref) { ${EVENT} }
        salesEventByPspReference(pspReference: $psp) { ${EVENT} }
      } }`,
      { id, ref: SALE.reference, psp: SALE.pspReference },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.salesEventsByReference).toEqual([EXPECTED_EVENT]);
    expect(r.data?.ledger.salesEventByPspReference).toEqual(EXPECTED_EVENT);
  });

  it('reaches every schema coordinate the coverage table claims for these examples', () => {
    expect(gw.reach.missing(['003-L8', '003-L54', '003-L98', '003-L142'])).toEqual([]);
  });
});

describe('the sandbox against the Sales API examples', () => {
  let sandbox: RunningSandbox;
  let base: string;
  let token: string;
  const facts = vippsSandboxFacts(undefined, { now: CONFORMANCE_NOW });
  const ledgerId = facts.salesLedgerIds[0]!;
  /**
   * Nulls the page documents as "when available"; a cash sale has no pspReference; the last page
   * of a date or a lookup may come without a cursor (hasMore false says it is the end).
   */
  const RULES = {
    nullable: [
      'items[].pspReference',
      'items[].customer',
      'items[].customer.email',
      'items[].customer.phone',
      'items[].customer.name',
      'items[].classification.salesCategory',
      'items[].lines[].category',
      'items[].lines[].lineId',
      'items[].amounts.net',
      'items[].amounts.vat',
      'items[].lines[].vatRate',
      'items[].lines[].vatAmount',
      'items[].lines[].unitPriceNet',
      'items[].lines[].lineTotalNet',
    ],
    optional: ['cursor'],
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: CONFORMANCE_NOW });
    base = `${sandbox.origin}/vipps/sales/report/v1/ledgers/${ledgerId}`;
    token = await accountingTokenFor(`${sandbox.origin}/vipps`);
  });
  afterAll(() => sandbox?.close());

  async function get(path: string): Promise<Page> {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Page;
  }

  it('serves the feed, a date and both lookups in the shape of lines 8, 54, 98 and 142', async () => {
    const feed = await get('?pageSize=50');
    expect(feed.items.length).toBeGreaterThan(0);
    expect(shapeDifferences(fixture('003-L8').example, feed, RULES)).toEqual([]);
    expect(typeof feed.cursor).toBe('string');
    const date = await get('/dates/2026-11-18');
    expect(date.items.length).toBeGreaterThan(0);
    expect(shapeDifferences(fixture('003-L54').example, date, RULES)).toEqual([]);
    const sale = date.items.find((e) => typeof e.pspReference === 'string' && typeof e.reference === 'string')!;
    const byReference = await get(`/references/${encodeURIComponent(sale.reference as string)}`);
    expect(byReference.items.length).toBeGreaterThan(0);
    expect(shapeDifferences(fixture('003-L98').example, byReference, RULES)).toEqual([]);
    const byPsp = await get(`/psp-references/${encodeURIComponent(sale.pspReference as string)}`);
    expect(byPsp.items.length).toBeGreaterThan(0);
    expect(shapeDifferences(fixture('003-L142').example, byPsp, RULES)).toEqual([]);
  });
});
