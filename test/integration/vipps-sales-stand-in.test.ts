import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { served } from '../conformance/fixtures.js';
import { vippsLedgerGlobalId, serve } from '../helpers/harness.js';

/**
 * The Sales API as its own document shows it, not as our sandbox serves it: a loopback stand-in
 * answers with the document's sales event (test/fixtures/seeds/vipps-sales-003.json) and variants
 * of it, including lookups that answer with `cursor` and `hasMore: true`, lookups that refuse
 * their own cursor, sales that cannot be read and values outside the documented sets. The Report
 * side is the Report API document's ledger and dates examples (test/conformance/fixtures/000-*.json).
 */
type SaleJson = Record<string, unknown>;
const salesSeed = JSON.parse(readFileSync(new URL('../fixtures/seeds/vipps-sales-003.json', import.meta.url), 'utf8')) as {
  event: SaleJson;
  envelope: { cursor: string; hasMore: boolean };
};
const reportSeed = {
  ledgers: served<{ items: unknown[] }>('000-L18'),
  dates: served<{ items: Array<Record<string, unknown>> } & Record<string, unknown>>('000-L53'),
};

const LEDGER = '302321';
const CAPTURE = salesSeed.event;
const sale = (over: SaleJson): SaleJson => ({ ...CAPTURE, ...over });
const REFUND = sale({
  entryType: 'refund',
  time: '2020-10-06T09:00:00Z',
  amounts: { gross: -49900, net: -39920, vat: -9980 },
  lines: [{ ...(CAPTURE.lines as SaleJson[])[0], quantity: -1, lineTotalGross: -49900, lineTotalNet: -39920, vatAmount: -9980 }],
});
/** A Report entry like the document's example, with other references and amount. */
const reportEntry = (date: string, over: Record<string, unknown>) => ({
  ...reportSeed.dates.items[0],
  ledgerDate: date,
  time: `${date}T08:00:00.000000Z`,
  ...over,
});

const SALES = `/sales/report/v1/ledgers/${LEDGER}`;
/** Each lookup's pages, by the cursor that asks for it ('' = none). */
const LOOKUPS: Record<string, Record<string, { items: SaleJson[]; cursor?: string; hasMore: boolean } | 'refuse'>> = {
  // The document's envelope: the first page says hasMore with a cursor.
  [`${SALES}/psp-references/3343121302`]: {
    '': { items: [CAPTURE], ...salesSeed.envelope },
    [salesSeed.envelope.cursor]: { items: [REFUND], hasMore: false },
  },
  [`${SALES}/references/acme-shop-123-order123abc`]: {
    '': { items: [CAPTURE], cursor: 'ref-page-2', hasMore: true },
    'ref-page-2': { items: [REFUND], hasMore: false },
  },
  [`${SALES}/references/refuses-cursor`]: {
    '': { items: [sale({ reference: 'refuses-cursor', pspReference: '501' })], cursor: 'rc-2', hasMore: true },
    'rc-2': 'refuse',
  },
  // Ignores the cursor: page one again, the same cursor again.
  [`${SALES}/references/echoes-cursor`]: {
    '': { items: [sale({ reference: 'echoes-cursor', pspReference: '502' })], cursor: 'same', hasMore: true },
    same: { items: [sale({ reference: 'echoes-cursor', pspReference: '502' })], cursor: 'same', hasMore: true },
  },
  [`${SALES}/references/mixed`]: {
    '': {
      items: [
        sale({ reference: 'mixed', pspReference: '601' }),
        sale({ reference: 'mixed', pspReference: '602', currency: 'KRONER' }),
        sale({
          reference: 'mixed',
          pspReference: '603',
          entryType: 'chargeback',
          paymentType: 'GIFT_CARD',
          classification: { solution: 'SELF_CHECKOUT', salesCategory: 'Fitness' },
          lines: [{ ...(CAPTURE.lines as SaleJson[])[0], category: 'MEMBERSHIP_FEE' }],
        }),
      ],
      hasMore: false,
    },
  },
  // The entry of 2020-10-06 (below): its pspReference finds nothing, its order reference does.
  [`${SALES}/psp-references/3343121399`]: { '': { items: [], hasMore: false } },
  [`${SALES}/references/order-by-reference`]: {
    '': {
      items: [
        sale({ reference: 'order-by-reference', pspReference: '77-other', amounts: { gross: 10000, net: 8000, vat: 2000 }, lines: [] }),
        sale({ reference: 'order-by-reference', pspReference: '78-other', amounts: { gross: 25000, net: 20000, vat: 5000 }, lines: [] }),
      ],
      cursor: 'obr-2',
      hasMore: true,
    },
    'obr-2': {
      items: [
        sale({
          reference: 'order-by-reference',
          pspReference: '78-other',
          entryType: 'refund',
          amounts: { gross: -25000, net: -20000, vat: -5000 },
          lines: [],
        }),
      ],
      hasMore: false,
    },
  },
  // A rate in percent where the Sales API documents basis points.
  [`${SALES}/psp-references/3343121500`]: {
    '': { items: [sale({ pspReference: '3343121500', lines: [{ ...(CAPTURE.lines as SaleJson[])[0], vatRate: 12.5 }] })], hasMore: false },
  },
  // The entry of 2020-10-07: its sale cannot be read.
  [`${SALES}/psp-references/3343121400`]: {
    '': { items: [sale({ pspReference: '3343121400', reference: 'bad-order', currency: 'KRONER' })], hasMore: false },
  },
};
const SALES_DATE = {
  items: [
    sale({ pspReference: '701' }),
    sale({ pspReference: '702', currency: 'KRONER' }),
    sale({ pspReference: '703', time: 'yesterday' }),
    sale({ pspReference: '704' }),
  ],
  hasMore: false,
};
const REPORT_DATES: Record<string, unknown> = {
  '2020-10-05': reportSeed.dates,
  '2020-10-06': {
    items: [
      reportEntry('2020-10-06', {
        pspReference: '3343121399',
        reference: 'order-by-reference',
        amount: 25000,
        balanceBefore: 0,
        balanceAfter: 25000,
      }),
    ],
    hasMore: false,
    tryLater: false,
  },
  '2020-10-07': {
    items: [
      reportEntry('2020-10-07', {
        pspReference: '3343121400',
        reference: 'bad-order',
        amount: 49900,
        balanceBefore: 0,
        balanceAfter: 49900,
      }),
      reportEntry('2020-10-07', {
        pspReference: '3343121401',
        reference: 'fine',
        entryType: 'capture',
        amount: 100,
        balanceBefore: 49900,
        balanceAfter: 50000,
      }),
    ],
    hasMore: false,
    tryLater: false,
  },
};

const KEYS = { gdpr: 'sales-gdpr-client-key-0123456789', read: 'sales-read-client-key-0123456789' };
const requests: string[] = [];
let upstream: http.Server;
let server: Awaited<ReturnType<typeof serve>>;
let gateway: Gateway;
let url: string;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://upstream');
    requests.push(`${u.pathname}${u.search}`);
    if (u.pathname === '/miami/v1/token') {
      return json(res, 200, {
        access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl',
        token_type: 'Bearer',
        expires_in: 900,
      });
    }
    if (u.pathname === '/settlement/v1/ledgers') return json(res, 200, { items: reportSeed.ledgers.items, cursor: '' });
    const report = /^\/report\/v2\/ledgers\/302321\/funds\/dates\/(.+)$/.exec(u.pathname);
    if (report && REPORT_DATES[report[1] as string]) return json(res, 200, REPORT_DATES[report[1] as string]);
    if (u.pathname === `${SALES}/dates/2020-10-05`) return json(res, 200, SALES_DATE);
    const lookup = LOOKUPS[u.pathname];
    if (lookup) {
      const page = lookup[u.searchParams.get('cursor') ?? ''];
      if (page === undefined || page === 'refuse')
        return json(res, 400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid cursor' });
      return json(res, 200, page);
    }
    if (u.pathname.startsWith(`${SALES}/`)) return json(res, 200, { items: [], hasMore: false });
    json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such ledgerId' });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const clients = join(mkdtempSync(join(tmpdir(), 'tally-sales-')), 'clients.json');
  const sha = (key: string) => createHash('sha256').update(key).digest('hex');
  writeFileSync(
    clients,
    JSON.stringify({
      clients: [
        { name: 'accountant', keySha256: sha(KEYS.gdpr), ledgers: ['*'], scopes: ['read', 'gdpr'] },
        { name: 'shop-app', keySha256: sha(KEYS.read), ledgers: ['*'], scopes: ['read'] },
      ],
    }),
  );
  const base = loadConfig({
    LOG_LEVEL: 'silent',
    TALLY_SIGNING_SECRET: 'integration-test-signing-secret-0123456789',
    TALLY_CLIENTS: clients,
  });
  gateway = createGateway(
    { ...base, upstreams: { vipps: { baseUrl: origin, keyType: 'accounting', clientId: 'seed-client', clientSecret: 'seed-secret' } } },
    { clock: clockAt(() => Date.parse('2026-11-20T14:30:00Z')) },
  );
  server = await serve(gateway);
  url = server.url;
});

afterAll(async () => {
  await server.close();
  await gateway.dispose?.();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; source?: string; pspReference?: string } & Record<string, unknown>;
}
async function gql<T>(query: string, variables: Record<string, unknown> = {}, key = KEYS.gdpr): Promise<{ data?: T; errors?: GqlError[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: GqlError[] };
}
const id = vippsLedgerGlobalId(LEDGER);
const salesCalls = () => requests.filter((r) => r.startsWith('/sales/'));

const M = '{ minorUnits currency }';
const SALE = `entryType kind time pspReference reference currency paymentType
  amounts { gross ${M} net ${M} vat ${M} }
  lines { lineId name quantity unitPriceGross ${M} unitPriceNet ${M} discountTotal ${M} lineTotalGross ${M} lineTotalNet ${M} vatRate vatAmount ${M} category }
  customer { email phone name } classification { solution salesCategory } completeness { hasLineItems hasVatBreakdown hasCustomerIdentity }`;

/** The document's sales event fields that Tally serves as Money (`{ minorUnits, currency }`). */
const MONEY_FIELDS = new Set([
  'gross',
  'net',
  'vat',
  'unitPriceGross',
  'unitPriceNet',
  'discountTotal',
  'lineTotalGross',
  'lineTotalNet',
  'vatAmount',
]);
/** Fields of the document's event that Tally deliberately does not serve as sent, and why. */
const LEFT_OUT: Record<string, string> = {};

/** Every leaf of a JSON value as [path, value]; list items by index. */
function leaves(v: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, String(i)]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [[path, v]];
}
const at = (v: unknown, path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), v);

describe('lookups follow the cursor to the last page', () => {
  it('reads every page of a pspReference and a reference lookup, sending the cursor back as the date endpoint takes it', async () => {
    requests.length = 0;
    const r = await gql<{
      ledger: {
        salesEventsByReference: Array<{ entryType: string; pspReference: string }>;
        salesEventByPspReference: { entryType: string };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) { salesEventsByReference(reference: "acme-shop-123-order123abc") { entryType pspReference } salesEventByPspReference(pspReference: "3343121302") { entryType } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    // The refund is on the second page: one page would have lost it without a word.
    expect(r.data!.ledger.salesEventsByReference).toEqual([
      { entryType: 'capture', pspReference: '3343121302' },
      { entryType: 'refund', pspReference: '3343121302' },
    ]);
    expect(r.data!.ledger.salesEventByPspReference.entryType).toBe('capture');
    expect(salesCalls().sort()).toEqual(
      [
        `${SALES}/references/acme-shop-123-order123abc`,
        `${SALES}/references/acme-shop-123-order123abc?cursor=ref-page-2`,
        `${SALES}/psp-references/3343121302`,
        `${SALES}/psp-references/3343121302?cursor=${salesSeed.envelope.cursor}`,
      ].sort(),
    );
  });

  it('says the answer is incomplete, with a coded error, when the upstream refuses its cursor or hands it back; the ledger stays', async () => {
    for (const reference of ['refuses-cursor', 'echoes-cursor']) {
      const r = await gql<{ ledger: { ledgerId: string; salesEventsByReference: unknown } }>(
        `query($id: ID!, $ref: String!) { ledger(id: $id) { ledgerId salesEventsByReference(reference: $ref) { pspReference } } }`,
        { id, ref: reference },
      );
      expect(r.data!.ledger, reference).toEqual({ ledgerId: LEDGER, salesEventsByReference: null });
      expect(r.errors, reference).toHaveLength(1);
      const e = r.errors![0]!;
      expect(e.path).toEqual(['ledger', 'salesEventsByReference']);
      expect(e.extensions).toMatchObject({
        code: 'UPSTREAM_BAD_RESPONSE',
        source: 'vipps-sales',
        incomplete: true,
        pagesRead: 1,
        eventsRead: 1,
      });
      expect(e.message).toMatch(/incomplete/);
    }
  });
});

describe("the Sales API document's event through the gateway", () => {
  it("serves every field of the document's sales event, value for value", async () => {
    const r = await gql<{ ledger: { salesEventByPspReference: Record<string, unknown> } }>(
      `query($id: ID!) { ledger(id: $id) { salesEventByPspReference(pspReference: "3343121302") { ${SALE} } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    const served = r.data!.ledger.salesEventByPspReference;
    const fields = leaves(CAPTURE);
    expect(fields.length).toBe(28);
    for (const [path, value] of fields) {
      const name = path.join('.');
      if (LEFT_OUT[name]) continue;
      const field = path[path.length - 1] as string;
      if (MONEY_FIELDS.has(field)) expect(at(served, path), name).toEqual({ minorUnits: value, currency: 'NOK' });
      else if (field === 'time') expect(at(served, path), name).toBe('2020-10-05T00:00:00.000000Z');
      else expect(at(served, path), name).toBe(value);
    }
    expect(served.kind).toBe('CAPTURE');
  });

  it('gives the customer (personal data) only with the gdpr scope: otherwise null and a FORBIDDEN error', async () => {
    const q = `query($id: ID!) { ledger(id: $id) { salesEventByPspReference(pspReference: "3343121302") { pspReference customer { email phone name } } } }`;
    const without = await gql<{ ledger: { salesEventByPspReference: { pspReference: string; customer: unknown } } }>(q, { id }, KEYS.read);
    expect(without.data!.ledger.salesEventByPspReference).toEqual({ pspReference: '3343121302', customer: null });
    expect(without.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['ledger', 'salesEventByPspReference', 'customer'], 'FORBIDDEN'],
    ]);
    expect(JSON.stringify(without)).not.toContain('john.doe');
    const withScope = await gql<{ ledger: { salesEventByPspReference: { customer: unknown } } }>(q, { id });
    expect(withScope.errors).toBeUndefined();
    expect(withScope.data!.ledger.salesEventByPspReference.customer).toEqual(CAPTURE.customer);
  });

  it('keeps entry types, payment types, solutions and categories outside the documented sets verbatim, the type as kind OTHER', async () => {
    const r = await gql<{ ledger: { salesEventsByReference: Array<Record<string, unknown> | null> } }>(
      `query($id: ID!) { ledger(id: $id) { salesEventsByReference(reference: "mixed") { pspReference entryType kind paymentType classification { solution } lines { category } } } }`,
      { id },
    );
    const unknown = r.data!.ledger.salesEventsByReference[2];
    expect(unknown).toEqual({
      pspReference: '603',
      entryType: 'chargeback',
      kind: 'OTHER',
      paymentType: 'GIFT_CARD',
      classification: { solution: 'SELF_CHECKOUT' },
      lines: [{ category: 'MEMBERSHIP_FEE' }],
    });
    // The one error of this answer is the unreadable sale's, not the unknown values'.
    expect(r.errors?.map((e) => e.path)).toEqual([['ledger', 'salesEventsByReference', 1]]);
  });
});

describe('a sale that cannot be read fails only itself', () => {
  it('nulls that item of salesEventsByReference with an error naming it; the other sales and the ledger stay', async () => {
    const r = await gql<{ ledger: { ledgerId: string; salesEventsByReference: Array<{ pspReference: string } | null> } }>(
      `query($id: ID!) { ledger(id: $id) { ledgerId salesEventsByReference(reference: "mixed") { pspReference } } }`,
      { id },
    );
    expect(r.data!.ledger).toEqual({ ledgerId: LEDGER, salesEventsByReference: [{ pspReference: '601' }, null, { pspReference: '603' }] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      source: 'vipps-sales',
      pspReference: '602',
      reference: 'mixed',
    });
    expect(r.errors![0]!.message).toContain('602');
    expect(r.errors![0]!.message).toContain('KRONER');
  });

  it('nulls only the node of its edge in salesEvents, one error per unreadable sale, and the page goes on', async () => {
    const r = await gql<{
      ledger: {
        salesEvents: {
          edges: Array<{ cursor: string; node: { pspReference: string; amounts: { gross: { minorUnits: number } } } | null }>;
        };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) { salesEvents(date: "2020-10-05", first: 10) { edges { cursor node { pspReference amounts { gross { minorUnits } } } } } } }`,
      { id },
    );
    const edges = r.data!.ledger.salesEvents.edges;
    expect(edges.map((e) => e.node?.pspReference ?? null)).toEqual(['701', null, null, '704']);
    expect(edges.every((e) => typeof e.cursor === 'string')).toBe(true);
    expect(r.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.pspReference])).toEqual([
      [['ledger', 'salesEvents', 'edges', 1, 'node'], 'UPSTREAM_BAD_RESPONSE', '702'],
      [['ledger', 'salesEvents', 'edges', 2, 'node'], 'UPSTREAM_BAD_RESPONSE', '703'],
    ]);
  });

  it('fails the VAT report that needs it, with its error: a report without a sale is not made', async () => {
    const r = await gql<{ ledger: { vatSummary: unknown } }>(
      `query($id: ID!) { ledger(id: $id) { vatSummary(from: "2020-10-05", to: "2020-10-05") { __typename } } }`,
      { id },
    );
    expect(r.data!.ledger.vatSummary).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', pspReference: '702' });
  });

  it('answers a VAT rate that is not whole basis points with an error on that field, not a rounded rate or a silent null', async () => {
    const r = await gql<{
      ledger: {
        salesEventByPspReference: {
          pspReference: string;
          lines: Array<{ name: string; vatRate: number | null; vatPercentage: string | null }>;
        };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) { salesEventByPspReference(pspReference: "3343121500") { pspReference lines { name vatRate vatPercentage } } } }`,
      { id },
    );
    expect(r.data!.ledger.salesEventByPspReference).toEqual({
      pspReference: '3343121500',
      lines: [{ name: 'Monthly membership', vatRate: null, vatPercentage: null }],
    });
    expect(r.errors?.map((e) => [e.path?.slice(-1)[0], e.extensions?.code])).toEqual([
      ['vatRate', 'UPSTREAM_BAD_RESPONSE'],
      ['vatPercentage', 'UPSTREAM_BAD_RESPONSE'],
    ]);
  });

  it('nulls only the salesEvent of the entry whose sale cannot be read, naming it', async () => {
    const r = await gql<{
      ledger: { entries: { edges: Array<{ node: { pspReference: string; amount: { minorUnits: number }; salesEvent: unknown } }> } };
    }>(
      `query($id: ID!) { ledger(id: $id) { entries(date: "2020-10-07", first: 10) { edges { node { pspReference amount { minorUnits } salesEvent { pspReference } } } } } }`,
      { id },
    );
    expect(r.data!.ledger.entries.edges.map((e) => e.node)).toEqual([
      { pspReference: '3343121400', amount: { minorUnits: 49900 }, salesEvent: null },
      { pspReference: '3343121401', amount: { minorUnits: 100 }, salesEvent: null },
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.path).toEqual(['ledger', 'entries', 'edges', 0, 'node', 'salesEvent']);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', pspReference: '3343121400' });
  });
});

describe('the join on reference', () => {
  it("finds the sale by the entry's order reference where its pspReference finds none: the order's event of its type and amount", async () => {
    requests.length = 0;
    const r = await gql<{
      ledger: {
        entries: {
          edges: Array<{
            node: {
              pspReference: string;
              salesEvent: { pspReference: string; entryType: string; amounts: { gross: { minorUnits: number } } } | null;
            };
          }>;
        };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) { entries(date: "2020-10-06", first: 10) { edges { node { pspReference salesEvent { pspReference entryType amounts { gross { minorUnits } } } } } } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.ledger.entries.edges[0]!.node.salesEvent).toEqual({
      pspReference: '78-other',
      entryType: 'capture',
      amounts: { gross: { minorUnits: 25000 } },
    });
    // One lookup by pspReference, then the reference's pages: calls follow pages.
    expect(salesCalls()).toEqual([
      `${SALES}/psp-references/3343121399`,
      `${SALES}/references/order-by-reference`,
      `${SALES}/references/order-by-reference?cursor=obr-2`,
    ]);
  });
});
