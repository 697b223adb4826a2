import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { VippsAuth } from '../../src/sources/vipps/auth.js';
import { VippsReportClient } from '../../src/sources/vipps/report-client.js';
import { vippsLedgerGlobalId } from '../helpers/harness.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';
import { COVERAGE } from './coverage.js';
import { fixture, served } from './fixtures.js';
import { CONFORMANCE_NOW, startConformanceGateway, type ConformanceGateway } from './gateway.js';
import { clientFor, lostLeaves, sameInstant } from './leaves.js';
import { shapeDifferences } from './shape.js';
import { startStandIn, type StandIn } from './stand-in.js';
import { graphql } from '../__generated__/index.js';

/**
 * The Report API reference (000) and its FAQ (002), example by example: each served verbatim by a
 * stand-in to the source client and to the gateway, and held against the sandbox's answers.
 */
type Page = Record<string, unknown> & { cursor?: string; items: Array<Record<string, unknown>> };
const LEDGERS = served<Page>('000-L18');
const DATES = served<Page>('000-L53');
const FEED = served<Page>('000-L85');
const PAYOUT = served<Record<string, unknown>>('002-L179');

/**
 * The FAQ's payout entry is Danish (DKK, a Danish bank reference) on ledger 453243 (its
 * pspReference is `<ledgerId>-<payout number>`); the reference's example ledger is Norwegian. The
 * stand-in lists a Danish ledger shaped as the reference's example on the list's second page.
 */
const DANISH_LEDGER = {
  ...(LEDGERS.items[0] as Record<string, unknown>),
  ledgerId: '453243',
  currency: 'DKK',
  payoutBankAccount: { scheme: 'BBAN:DK', id: '20001234567890' },
  owner: { id: '12345678', scheme: 'business:DK:CVR' },
  settlesForRecipientHandles: ['DK:2000810'],
  salesUnits: [{ name: 'ACME Cykler', recipientHandle: 'DK:2000810', businessIdentifier: { id: '12345678', scheme: 'business:DK:CVR' } }],
};
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl';

let standIn: StandIn;
let gw: ConformanceGateway;
/** The entry types the coverage table records for the Report API and its FAQ, with the kind each maps to. */
const TYPE_ITEMS = COVERAGE.filter((i) => i.id.startsWith('vipps.entryType=') && i.status === 'handled');
const ENTRY_TYPES = TYPE_ITEMS.map((i) => i.id.slice(i.id.indexOf('=') + 1));

beforeAll(async () => {
  const empty = { cursor: '', hasMore: false, tryLater: false, items: [] };
  standIn = await startStandIn([
    { method: 'POST', path: '/miami/v1/token', reply: () => ({ body: { access_token: TOKEN, token_type: 'Bearer', expires_in: 86400 } }) },
    {
      method: 'GET',
      path: '/settlement/v1/ledgers',
      // The example's cursor leads to the list's second and last page.
      reply: (r) => ({ body: r.query.get('cursor') === LEDGERS.cursor ? { items: [DANISH_LEDGER], cursor: '' } : LEDGERS }),
    },
    {
      method: 'GET',
      path: '/report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate}',
      reply: ({ params: p }) => {
        if (p.ledgerId === '302321' && p.topic === 'funds' && p.ledgerDate === '2020-10-05') return { body: DATES };
        if (p.ledgerId === '453243' && p.topic === 'funds' && p.ledgerDate === '2024-04-05') return { body: { ...empty, items: [PAYOUT] } };
        // The reference's example entry with another documented entry type, one per date from 2020-10-06.
        const variant = ENTRY_TYPES[Date.parse(p.ledgerDate!) / 86_400_000 - Date.parse('2020-10-06') / 86_400_000];
        if (p.ledgerId === '302321' && variant)
          return { body: { ...DATES, items: [{ ...DATES.items[0], entryType: variant, ledgerDate: p.ledgerDate }] } };
        return { body: empty };
      },
    },
    {
      method: 'GET',
      path: '/report/v2/ledgers/{ledgerId}/{topic}/feed',
      // Past the example's page: the live end, the same cursor with tryLater (the document's prose).
      reply: (r) => ({ body: r.query.get('cursor') === FEED.cursor ? { items: [], cursor: FEED.cursor, tryLater: true } : FEED }),
    },
  ]);
  gw = await startConformanceGateway({
    vipps: { baseUrl: standIn.origin, keyType: 'accounting', clientId: 'conformance', clientSecret: 'conformance-secret' },
  });
});

afterAll(async () => {
  await gw?.close();
  await standIn?.close();
});

describe('the Report API examples through the source client', () => {
  const report = () => {
    const auth = new VippsAuth(
      clientFor('vipps-token', standIn.origin),
      { baseUrl: standIn.origin, keyType: 'accounting', clientId: 'c', clientSecret: 's' },
      () => Date.parse(CONFORMANCE_NOW),
    );
    return new VippsReportClient(clientFor('vipps-report', standIn.origin), auth);
  };

  it('keeps every value of the ledger list example (000 line 18)', async () => {
    const page = await report().ledgers({}, {});
    expect(page.next).toBe(LEDGERS.cursor);
    expect(lostLeaves(LEDGERS.items, page.items)).toEqual([]);
  });

  it('keeps every value of the dates example (000 line 53) and the FAQ payout entry (002 line 179)', async () => {
    const dates = await report().datePage({}, { ledgerId: '302321', topic: 'FUNDS', date: '2020-10-05', cursor: null, gdpr: true });
    expect(lostLeaves(DATES.items, dates.items)).toEqual([]);
    // The example is a last page (hasMore false) that still carries a cursor: not one to follow.
    expect({ next: dates.next, hasMore: dates.hasMore, final: dates.final }).toEqual({ next: null, hasMore: false, final: true });
    const payout = await report().datePage({}, { ledgerId: '453243', topic: 'FUNDS', date: '2024-04-05', cursor: null, gdpr: true });
    expect(lostLeaves([PAYOUT], payout.items)).toEqual([]);
  });

  it('keeps every value of the feed example (000 line 85)', async () => {
    const feed = await report().feedPage({}, { ledgerId: '302321', topic: 'FUNDS', cursor: null, gdpr: true });
    expect(lostLeaves(FEED.items, feed.items)).toEqual([]);
    expect(feed.next).toBe(FEED.cursor);
  });
});

const ENTRY = `pspReference time ledgerDate entryType kind reference recipientHandle topic
  amount { minorUnits amount currency } balanceBefore { minorUnits currency } balanceAfter { minorUnits currency }
  payer { name maskedPhoneNo message }`;

/** What the reference's example entry reads as through the schema, field by field. */
const EXAMPLE_ENTRY = {
  pspReference: '3343121302',
  time: sameInstant('2020-10-05T00:00:00.000000Z'),
  ledgerDate: '2020-10-05',
  entryType: 'capture',
  kind: 'CAPTURE',
  reference: 'acme-shop-123-order123abc',
  recipientHandle: 'NO:123455',
  topic: 'FUNDS',
  amount: { minorUnits: 49900, amount: '499.00', currency: 'NOK' },
  balanceBefore: { minorUnits: 49900, currency: 'NOK' },
  balanceAfter: { minorUnits: 49900, currency: 'NOK' },
  payer: { name: 'John Doe', maskedPhoneNo: 'xxxx 5678', message: 'Order 123ABC' },
};

describe('the Report API examples through the gateway, upstream a stand-in serving them', () => {
  it('reads the ledger list, following its cursor to the end (000 line 18)', async () => {
    const r = await gw.op(
      graphql(`query ConformanceVippsReportLedgers {
      ledgers(first: 10) { edges { node { ledgerId currency provider timeZone dateCutoff today payoutBankAccount { scheme id } owner { scheme id }
        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } pageInfo { hasNextPage } }
    }`),
    );
    expect(r.errors).toBeUndefined();
    const example = LEDGERS.items[0] as typeof DANISH_LEDGER;
    // Without a configured cutoff a ledger date runs midnight to midnight in the merchant's zone.
    const node = (l: typeof DANISH_LEDGER, timeZone: string) => ({
      ...l,
      provider: 'VIPPS_MOBILEPAY',
      timeZone,
      dateCutoff: '00:00',
      today: '2026-11-20',
    });
    expect(r.data?.ledgers!.edges.map((e) => e!.node)).toEqual([node(example, 'Europe/Oslo'), node(DANISH_LEDGER, 'Europe/Copenhagen')]);
    expect(r.data?.ledgers!.pageInfo.hasNextPage).toBe(false);
    expect(standIn.seen.filter((s) => s.path === '/settlement/v1/ledgers').map((s) => s.query.get('cursor'))).toContain(LEDGERS.cursor);
  });

  it('resumes the ledger list and a ledger date from a cursor (000 lines 16 and 48)', async () => {
    const first = await gw.op(
      graphql(
        `query ConformanceVippsReportLedgers2 { ledgers(first: 1) { edges { node { ledgerId } } pageInfo { endCursor hasNextPage } } }`,
      ),
    );
    expect(first.data?.ledgers!.pageInfo.hasNextPage).toBe(true);
    const rest = await gw.op(
      graphql(`query ConformanceVippsReportLedgers3($after: String) { ledgers(first: 5, after: $after) { edges { node { ledgerId } } } }`),
      {
        after: first.data?.ledgers!.pageInfo.endCursor,
      },
    );
    expect([...(first.data?.ledgers!.edges ?? []), ...(rest.data?.ledgers!.edges ?? [])].map((e) => e!.node.ledgerId)).toEqual([
      '302321',
      '453243',
    ]);
    const q =
      'query($id: ID!, $after: String) { ledger(id: $id) { entries(date: "2020-10-05", first: 1, after: $after) { edges { node { pspReference } } pageInfo { endCursor } } } }';
    const page1 = await gw.gql<{ ledger: { entries: { edges: unknown[]; pageInfo: { endCursor: string } } } }>(q, {
      id: vippsLedgerGlobalId('302321'),
    });
    const page2 = await gw.gql<{ ledger: { entries: { edges: unknown[] } } }>(q, {
      id: vippsLedgerGlobalId('302321'),
      after: page1.data?.ledger.entries.pageInfo.endCursor,
    });
    expect([page1.data?.ledger.entries.edges.length, page2.data?.ledger.entries.edges.length]).toEqual([1, 0]);
  });

  it('sends settlesForRecipientHandles (000 line 15)', async () => {
    const r = await gw.op(
      graphql(`query ConformanceVippsReportLedgers4 { ledgers(settlesForRecipientHandle: "NO:123455") { edges { node { ledgerId } } } }`),
    );
    expect(r.errors).toBeUndefined();
    expect(standIn.seen.some((s) => s.query.get('settlesForRecipientHandles') === 'NO:123455')).toBe(true);
  });

  it("reads the dates example as a closed date, with the payer's data (000 line 53)", async () => {
    gw.gateway.sources.cache.clear();
    const before = standIn.seen.length;
    const r = await gw.gql<{
      ledger: { entries: { edges: Array<{ node: unknown }>; final: boolean; tryLater: boolean; pageInfo: { hasNextPage: boolean } } };
    }>(
      `query($id: ID!) { ledger(id: $id) { ledgerId entries(date: "2020-10-05", topic: FUNDS, first: 10) { edges { node { ${ENTRY} } } final tryLater pageInfo { hasNextPage } } } }`,
      { id: vippsLedgerGlobalId('302321') },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.entries.edges.map((e) => e.node)).toEqual([EXAMPLE_ENTRY]);
    expect(r.data?.ledger.entries).toMatchObject({ final: true, tryLater: false, pageInfo: { hasNextPage: false } });
    const reads = standIn.seen.slice(before).filter((s) => s.path === '/report/v2/ledgers/302321/funds/dates/2020-10-05');
    expect(reads.length).toBeGreaterThan(0);
    for (const q of reads) {
      expect(q.query.get('includeGDPRSensitiveData')).toBe('true');
      expect(q.query.has('cursor')).toBe(false);
      expect(q.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it('reads a range of dates (from, to) and the fees topic of the same ledger', async () => {
    const r = await gw.op(
      graphql(
        `query ConformanceVippsReportLedgerByLedgerId { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: "302321") { entries(from: "2020-10-04", to: "2020-10-05", topic: FEES, first: 10) { edges { node { kind } } } } }`,
      ),
    );
    expect(r.errors).toBeUndefined();
    expect(standIn.seen.some((s) => s.path === '/report/v2/ledgers/302321/fees/dates/2020-10-04')).toBe(true);
  });

  it('reads the feed example, then waits at the live end with the same cursor (000 line 85)', async () => {
    const q = `query($id: ID!, $after: String) { ledger(id: $id) { feed(topic: FUNDS, first: 10, after: $after) { edges { node { ${ENTRY} } } tryLater pageInfo { hasNextPage endCursor } } } }`;
    const r = await gw.gql<{
      ledger: { feed: { edges: Array<{ node: unknown }>; tryLater: boolean; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    }>(q, {
      id: vippsLedgerGlobalId('302321'),
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledger.feed.edges.map((e) => e.node)).toEqual([EXAMPLE_ENTRY]);
    expect(r.data?.ledger.feed).toMatchObject({ tryLater: true, pageInfo: { hasNextPage: false } });
    const again = await gw.gql<{ ledger: { feed: { edges: unknown[]; tryLater: boolean } } }>(q, {
      id: vippsLedgerGlobalId('302321'),
      after: r.data?.ledger.feed.pageInfo.endCursor,
    });
    expect(again.data?.ledger.feed).toMatchObject({ edges: [], tryLater: true });
    expect(standIn.seen.filter((s) => s.path.endsWith('/feed')).map((s) => s.query.get('cursor'))).toContain(FEED.cursor);
  });

  it("reads the FAQ's payout-scheduled entry as a payout: bank reference, payout number, reserve (002 line 179)", async () => {
    const r = await gw.op(
      graphql(`query ConformanceVippsReportLedgerByLedgerId2 { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: "453243") {
      payouts(from: "2024-04-05", to: "2024-04-05", first: 5) { edges { node {
        ledgerDate bankReference payoutNumber amount { minorUnits currency } balanceBefore { minorUnits } retained { minorUnits }
        entry { pspReference time entryType kind reference recipientHandle amount { minorUnits currency } balanceBefore { minorUnits } balanceAfter { minorUnits } }
      } } }
      payoutByBankReference(reference: "02023452430010504243") { payoutNumber }
    } }`),
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledgerByLedgerId).toEqual({
      payouts: {
        edges: [
          {
            node: {
              ledgerDate: '2024-04-05',
              bankReference: '02023452430010504243',
              payoutNumber: '2000002',
              amount: { minorUnits: 800000, currency: 'DKK' },
              balanceBefore: { minorUnits: 1000000 },
              retained: { minorUnits: 200000 },
              entry: {
                pspReference: '453243-2000002',
                time: sameInstant('2024-04-05T22:00:00Z'),
                entryType: 'payout-scheduled',
                kind: 'PAYOUT',
                reference: '02023452430010504243',
                recipientHandle: null,
                amount: { minorUnits: -800000, currency: 'DKK' },
                balanceBefore: { minorUnits: 1000000 },
                balanceAfter: { minorUnits: 200000 },
              },
            },
          },
        ],
      },
      payoutByBankReference: { payoutNumber: '2000002' },
    });
  });

  it('maps every entry type the coverage table records to the kind it names', async () => {
    expect(ENTRY_TYPES).toEqual(expect.arrayContaining(['capture', 'payout-scheduled', 'fees-retained']));
    for (const [n, item] of TYPE_ITEMS.entries()) {
      const date = new Date(Date.parse('2020-10-06') + n * 86_400_000).toISOString().slice(0, 10);
      const r = await gw.gql<{ ledger: { entries: { edges: Array<{ node: { entryType: string; kind: string } }> } } }>(
        `query($id: ID!) { ledger(id: $id) { entries(date: "${date}", first: 5) { edges { node { entryType kind } } } } }`,
        { id: vippsLedgerGlobalId('302321') },
      );
      expect(r.errors, item.id).toBeUndefined();
      const kind = item.schema.find((c) => c.startsWith('EntryKind.'))!.slice('EntryKind.'.length);
      expect(
        r.data?.ledger.entries.edges.map((e) => e.node),
        item.id,
      ).toEqual([{ entryType: ENTRY_TYPES[n], kind }]);
    }
  });

  it('reaches every schema coordinate the coverage table claims for these examples', async () => {
    const fees = await gw.gql(`query($id: ID!) { ledger(id: $id) { feed(topic: FEES, first: 1) { edges { node { topic } } } } }`, {
      id: vippsLedgerGlobalId('302321'),
    });
    expect(fees.errors).toBeUndefined();
    expect(gw.reach.missing(['000-L18', '000-L53', '000-L85', '002-L179'])).toEqual([]);
  });
});

describe('the sandbox against the Report API examples', () => {
  let sandbox: RunningSandbox;
  let base: string;
  let token: string;
  const facts = vippsSandboxFacts(undefined, { now: CONFORMANCE_NOW });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: CONFORMANCE_NOW, vendors: { vipps: { pageSize: 50 } } });
    base = `${sandbox.origin}/vipps`;
    token = await accountingTokenFor(base);
  });
  afterAll(() => sandbox?.close());

  async function get(path: string): Promise<Page> {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Page;
  }

  /** Entries without the payer's data (fees, payouts, Vippsnummer-less sales) and nulls the FAQ documents. */
  const ENTRY_RULES = {
    optional: ['items[].name', 'items[].maskedPhoneNo', 'items[].message'],
    nullable: ['items[].recipientHandle', 'items[].message', 'items[].name', 'items[].maskedPhoneNo', 'items[].reference'],
  };

  it('hands out tokens shaped as the Authorization example of 000 line 17 (a JWT)', () => {
    expect(token.startsWith('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1Ni')).toBe(true);
    expect(token.split('.')).toHaveLength(3);
  });

  it('lists ledgers in the shape of 000 line 18, page after page', async () => {
    const example = LEDGERS.items[0] as typeof DANISH_LEDGER;
    let cursor = '';
    let pages = 0;
    do {
      const page = await get(`/settlement/v1/ledgers${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(shapeDifferences(fixture('000-L18').example, page, { anyFormat: ['cursor'] })).toEqual([]);
      for (const l of page.items as unknown as Array<typeof DANISH_LEDGER>) {
        expect(l.ledgerId).toMatch(/^\d+$/);
        // `BBAN:NO`, `business:NO:ORG` in the example; Danish and Finnish ledgers name their own country.
        expect(l.payoutBankAccount.scheme.split(':')[0]).toBe(example.payoutBankAccount.scheme.split(':')[0]);
        expect(l.owner.scheme.split(':')[0]).toBe(example.owner.scheme.split(':')[0]);
      }
      cursor = page.cursor ?? '';
      pages++;
    } while (cursor !== '');
    expect(pages).toBeGreaterThan(1);
  });

  it('ends some dates exactly as 000 line 53 does: a last page that still carries a cursor', async () => {
    const quirk = facts.pageEndings.find(
      (p) =>
        p.ending === 'cursor-on-last-page' && p.topic === 'funds' && facts.ledgers.find((l) => l.ledgerId === p.ledgerId)?.kind === 'vm',
    );
    expect(quirk).toBeDefined();
    let cursor: string | undefined;
    let page: Page;
    do {
      page = await get(
        `/report/v2/ledgers/${quirk!.ledgerId}/funds/dates/${quirk!.date}?includeGDPRSensitiveData=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      cursor = page.hasMore ? page.cursor : undefined;
    } while (cursor);
    expect(page).toMatchObject({ hasMore: false, tryLater: false, cursor: expect.any(String) });
    expect(shapeDifferences(fixture('000-L53').example, page, { ...ENTRY_RULES, anyFormat: ['cursor'] })).toEqual([]);
    const captures = page.items.filter((e) => e.entryType === 'capture' && e.name !== undefined);
    expect(captures.length).toBeGreaterThan(0);
    for (const e of captures) {
      expect(e.maskedPhoneNo).toMatch(/^xxxx \d{4}$/);
      expect(e.pspReference).toMatch(/^\d+$/);
      expect(e.recipientHandle).toMatch(/^(NO|DK|FI):\d+$/);
    }
  });

  it('serves a closed date in the shape of 000 line 53, payer data included on request', async () => {
    const vm = facts.ledgers.find((l) => l.kind === 'vm')!;
    let cursor: string | undefined;
    let capturesWithPayer = 0;
    do {
      const page = await get(
        `/report/v2/ledgers/${vm.ledgerId}/funds/dates/2026-11-18?includeGDPRSensitiveData=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      // The last page may come without a cursor: the example's cursor on a last page is one form of the end.
      expect(
        shapeDifferences(fixture('000-L53').example, page, {
          ...ENTRY_RULES,
          optional: [...ENTRY_RULES.optional, 'cursor'],
          anyFormat: ['cursor'],
        }),
      ).toEqual([]);
      capturesWithPayer += page.items.filter((e) => e.entryType === 'capture' && typeof e.maskedPhoneNo === 'string').length;
      cursor = page.hasMore ? page.cursor : undefined;
    } while (cursor);
    expect(capturesWithPayer).toBeGreaterThan(0);
  });

  it('serves the feed in the shape of 000 line 85, without the hasMore its prose says the feed omits', async () => {
    const vm = facts.ledgers.find((l) => l.kind === 'vm')!;
    const page = await get(`/report/v2/ledgers/${vm.ledgerId}/funds/feed?includeGDPRSensitiveData=true`);
    const { hasMore: _omitted, ...example } = fixture('000-L85').example as Page;
    expect(shapeDifferences(example, page, { ...ENTRY_RULES, anyFormat: ['cursor'] })).toEqual([]);
    expect(page).not.toHaveProperty('hasMore');
  });

  it('serves payout-scheduled entries of a Danish ledger in the shape of 002 line 179', async () => {
    const dk = facts.ledgers.find((l) => l.currency === 'DKK')!;
    const payouts: Array<Record<string, unknown>> = [];
    for (let day = 1; day <= 10 && payouts.length === 0; day++) {
      const date = new Date(Date.parse('2026-11-19T12:00:00Z') - day * 86_400_000).toISOString().slice(0, 10);
      const page = await get(`/report/v2/ledgers/${dk.ledgerId}/funds/dates/${date}`);
      payouts.push(...page.items.filter((e) => e.entryType === 'payout-scheduled'));
    }
    expect(payouts.length).toBeGreaterThan(0);
    // The FAQ prints the time without fraction digits, the reference with six: either is an instant.
    for (const p of payouts) {
      expect(
        shapeDifferences(fixture('002-L179').example, p, { anyFormat: ['time', 'pspReference'], nullable: ['recipientHandle'] }),
      ).toEqual([]);
      expect(p.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(p.recipientHandle).toBeNull();
      expect(p.pspReference).toMatch(new RegExp(`^${dk.ledgerId}-\\d+$`));
      expect(p.reference).toMatch(/^02\d{18}$/);
    }
  });
});
