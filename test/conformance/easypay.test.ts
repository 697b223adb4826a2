import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { EASYPAY_TIME_ZONE } from '../../src/sources/easypay/mapping.js';
import { EasypayClient } from '../../src/sources/easypay/client.js';
import { splitWindows } from '../../src/sources/easypay/windows.js';
import { COVERAGE, withoutKnown } from './coverage.js';
import { fixture, served } from './fixtures.js';
import { CONFORMANCE_NOW, startConformanceGateway, type ConformanceGateway } from './gateway.js';
import { clientFor, lostLeaves, sameInstant } from './leaves.js';
import { shapeDifferences } from './shape.js';
import { startStandIn, type StandIn } from './stand-in.js';
import { graphql } from '../__generated__/index.js';

/**
 * The Easypay ledger report document (004). It prints a field list and no JSON example, so its
 * fixture (004-L1) is composed from that list, one documented value per field; it is served by a
 * stand-in to the source client and the gateway, and held against the sandbox.
 */
const ACCOUNT = 'ep-conformance-account';
type Page = { metadata: { next_cursor: string | null; count: number }; data: Array<Record<string, unknown>> };
const PAGE = served<Page>('004-L1');
const ENTRY = PAGE.data[0] as { created_at: string; transaction_type: string; transfer_batch: string };
const EMPTY: Page = { metadata: { next_cursor: null, count: 0 }, data: [] };

/** Whether `interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)` holds the example's minute. */
function holdsExample(createdAt: string | null): boolean {
  const m = /^interval\((.+),(.+)\)$/.exec(createdAt ?? '');
  const minute = ENTRY.created_at.slice(0, 16).replace('T', ' ');
  return m !== null && m[1]! <= minute && minute <= m[2]!;
}

let standIn: StandIn;
let gw: ConformanceGateway;
/** When set, the example is served with this transaction_type instead of its own. */
let servedType: string | null = null;
/** When set, every request is answered with this status and the document's error body. */
let failWith: number | null = null;
/** When set, the example's amount is served as this JSON number instead of its decimal string. */
let numberAmount: number | null = null;

beforeAll(async () => {
  standIn = await startStandIn([
    {
      method: 'GET',
      path: '/report/ledger',
      reply: (r) => {
        if (failWith !== null) return { status: failWith, body: { status: 'error', message: [`refused with ${failWith}`] } };
        // The example's next_cursor leads to the last page: "" says there is no more.
        if (r.query.get('cursor') === PAGE.metadata.next_cursor) return { body: { metadata: { next_cursor: '', count: 0 }, data: [] } };
        if (r.query.get('transaction_type') && r.query.get('transaction_type') !== ENTRY.transaction_type) return { body: EMPTY };
        let page = servedType === null ? PAGE : { ...PAGE, data: [{ ...PAGE.data[0], transaction_type: servedType }] };
        if (numberAmount !== null) page = { ...page, data: [{ ...page.data[0], amount: { amount: numberAmount, currency: 'EUR' } }] };
        return { body: r.query.get('limit') === '1' || holdsExample(r.query.get('created_at')) ? page : EMPTY };
      },
    },
  ]);
  gw = await startConformanceGateway({
    easypay: { baseUrl: standIn.origin, accountId: ACCOUNT, apiKey: 'conformance-key', feedFrom: '2019-08-01' },
  });
});

afterAll(async () => {
  await gw?.close();
  await standIn?.close();
});

describe('the ledger report through the source client', () => {
  it('keeps every documented value of the composed example (004)', async () => {
    const source = new EasypayClient(
      clientFor('easypay', standIn.origin),
      { baseUrl: standIn.origin, accountId: ACCOUNT, apiKey: 'k' },
      () => Date.parse(CONFORMANCE_NOW),
    );
    const [window] = splitWindows('2019-08-24', '2019-08-24', EASYPAY_TIME_ZONE);
    const page = await source.page({}, { window: window!, cursor: null, transactionType: null, transferBatch: null });
    // metadata.count is the page's own length (coverage.json: left out).
    expect(
      withoutKnown(lostLeaves(PAGE, { items: page.items, next: page.next }), { 'easypay.metadata.count': ['metadata.count'] }),
    ).toEqual([]);
    const sent = standIn.seen.at(-1)!;
    expect({ accountId: sent.headers.accountid, apiKey: sent.headers.apikey }).toEqual({ accountId: ACCOUNT, apiKey: 'k' });
    expect(sent.query.get('created_at')).toMatch(/^interval\(\d{4}-\d{2}-\d{2} \d{2}:\d{2},\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/);
    expect(Number(sent.query.get('limit'))).toBeLessThanOrEqual(100);
  });
});

const MONEY = 'minorUnits amount currency';
const ENTRY_FIELDS = `ledgerId provider topic pspReference time ledgerDate entryType kind reference recipientHandle amount { ${MONEY} } balanceBefore { minorUnits } balanceAfter { minorUnits }
  easypay { id transactionTime transferBatch transferBatchDate descriptive requestedAmount { ${MONEY} } paidAmount { ${MONEY} }
    fees { fixedAmount { ${MONEY} } variableAmount { ${MONEY} } vatAmount { ${MONEY} } }
    payment { operationId operationKey method paymentId paymentType paymentKey } }`;

describe('the ledger report through the gateway, upstream a stand-in serving it', () => {
  it('reads every documented field of the composed example (004)', async () => {
    const r = await gw.gql<{ ledgerByLedgerId: { currency: string; entries: { edges: Array<{ node: Record<string, unknown> }> } } }>(
      `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { currency entries(date: "2019-08-24", first: 10) { edges { node { ${ENTRY_FIELDS} } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledgerByLedgerId.currency).toBe('EUR');
    const eur = (minorUnits: number, amount: string) => ({ minorUnits, amount, currency: 'EUR' });
    expect(r.data?.ledgerByLedgerId.entries.edges.map((e) => e.node)).toEqual([
      {
        ledgerId: ACCOUNT,
        provider: 'EASYPAY',
        topic: null,
        // The payment's id and key are what a Report-style reconciliation matches on.
        pspReference: '235934c2-467d-44fa-9e81-9cbd9d1a6f61',
        time: sameInstant('2019-08-24T14:15:22Z'),
        ledgerDate: '2019-08-24',
        entryType: 'CP',
        kind: 'CAPTURE',
        reference: 'order-2019-0824-0001',
        recipientHandle: null,
        amount: eur(12175, '121.75'),
        balanceBefore: null,
        balanceAfter: null,
        easypay: {
          id: '38c65c65-6b66-42e8-b3db-3a3361ef23e4',
          transactionTime: expect.stringMatching(/^2019-08-24T14:15/),
          transferBatch: '584',
          transferBatchDate: '2019-08-26',
          descriptive: 'Order 2019-0824-0001',
          requestedAmount: eur(12345, '123.45'),
          paidAmount: eur(12345, '123.45'),
          fees: [{ fixedAmount: eur(15, '0.15'), variableAmount: eur(123, '1.23'), vatAmount: eur(32, '0.32') }],
          payment: {
            operationId: '502b0844-13a8-4788-b775-5e4cc8194a50',
            operationKey: 'op-2019-0824-0001',
            method: 'CC',
            paymentId: '235934c2-467d-44fa-9e81-9cbd9d1a6f61',
            paymentType: 'single',
            paymentKey: 'order-2019-0824-0001',
          },
        },
      },
    ]);
  });

  it('sends the documented filters and follows next_cursor to its empty end', async () => {
    const before = standIn.seen.length;
    const r = await gw.gql<{ ledgerByLedgerId: { entries: { edges: unknown[] } } }>(
      `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { entries(from: "2019-08-24", to: "2019-08-24", easypayTransactionType: "${ENTRY.transaction_type}", easypayTransferBatch: "${ENTRY.transfer_batch}", first: 10) { edges { node { kind } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.ledgerByLedgerId.entries.edges).toHaveLength(1);
    const sent = standIn.seen.slice(before);
    expect(sent.some((s) => s.query.get('transaction_type') === 'CP' && s.query.get('transfer_batch') === '584')).toBe(true);
    expect(sent.some((s) => s.query.get('cursor') === PAGE.metadata.next_cursor)).toBe(true);
    const after = await gw.gql<{ ledgerByLedgerId: { entries: { edges: Array<{ cursor: string }> } } }>(
      `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { entries(date: "2019-08-24", first: 1) { edges { cursor } pageInfo { endCursor } } } }`,
    );
    const rest = await gw.gql<{ ledgerByLedgerId: { entries: { edges: unknown[] } } }>(
      `query($after: String) { ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { entries(date: "2019-08-24", first: 5, after: $after) { edges { cursor } } } }`,
      { after: after.data?.ledgerByLedgerId.entries.edges[0]?.cursor },
    );
    expect(rest.data?.ledgerByLedgerId.entries.edges).toEqual([]);
  });

  it('maps every transaction type the coverage table calls handled to the kind it names', async () => {
    const types = COVERAGE.filter((i) => i.id.startsWith('easypay.transaction_type=') && i.status === 'handled');
    expect(types.length).toBeGreaterThanOrEqual(10);
    try {
      for (const item of types) {
        servedType = item.id.slice(item.id.indexOf('=') + 1);
        gw.gateway.sources.cache.clear();
        const r = await gw.gql<{ ledgerByLedgerId: { entries: { edges: Array<{ node: { entryType: string; kind: string } }> } } }>(
          `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { entries(date: "2019-08-24", first: 10) { edges { node { entryType kind } } } } }`,
        );
        expect(r.errors, servedType).toBeUndefined();
        const kind = item.schema.find((c) => c.startsWith('EntryKind.'))!.slice('EntryKind.'.length);
        expect(
          r.data?.ledgerByLedgerId.entries.edges.map((e) => e.node),
          servedType,
        ).toEqual([{ entryType: servedType, kind }]);
      }
    } finally {
      servedType = null;
      gw.gateway.sources.cache.clear();
    }
  });

  it('reads an amount sent as a JSON number exactly (the document types it a string)', async () => {
    numberAmount = 121.75;
    gw.gateway.sources.cache.clear();
    try {
      const r = await gw.gql<{
        ledgerByLedgerId: { entries: { edges: Array<{ node: { amount: { minorUnits: number; amount: string } } }> } };
      }>(
        `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { entries(date: "2019-08-24", first: 10) { edges { node { amount { minorUnits amount } } } } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data?.ledgerByLedgerId.entries.edges.map((e) => e.node.amount)).toEqual([{ minorUnits: 12175, amount: '121.75' }]);
    } finally {
      numberAmount = null;
      gw.gateway.sources.cache.clear();
    }
  });

  it('answers each documented error status (403, 412, 500) with a coded error on the field that needed the upstream', async () => {
    const statuses = COVERAGE.filter((i) => i.id.startsWith('easypay.status.') && i.status === 'handled').map((i) =>
      Number(i.id.slice('easypay.status.'.length)),
    );
    for (const status of statuses) {
      failWith = status;
      gw.gateway.sources.cache.clear();
      try {
        const r = await gw.gql<{ ledgerByLedgerId: unknown }>(
          `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { ledgerId entries(date: "2019-08-24", first: 10) { edges { node { kind } } } } }`,
        );
        expect(r.errors?.length, String(status)).toBeGreaterThan(0);
        for (const e of r.errors ?? []) {
          expect(e.extensions?.code, String(status)).toMatch(/^UPSTREAM_/);
          expect(e.extensions?.source, String(status)).toBe('easypay');
        }
        const list = await gw.op(
          graphql(`query ConformanceEasypayLedgers { ledgers(first: 10) { edges { node { ledgerId provider } } } }`),
        );
        expect(
          list.errors?.map((e) => e.extensions?.code),
          `ledger list, ${status}`,
        ).toEqual([expect.stringMatching(/^UPSTREAM_/)]);
      } finally {
        failWith = null;
        gw.gateway.sources.cache.clear();
      }
    }
  });

  it('reaches every schema coordinate the coverage table claims for the example', async () => {
    const feed = await gw.gql(
      `{ ledgerByLedgerId(provider: EASYPAY, ledgerId: "${ACCOUNT}") { feed(first: 1) { edges { node { kind } } } payouts(first: 1) { edges { node { transferBatch } } } } }`,
    );
    expect(feed.errors).toBeUndefined();
    expect(gw.reach.missing(['004-L1'])).toEqual([]);
  });
});

describe('the sandbox against the ledger report document', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: CONFORMANCE_NOW });
  });
  afterAll(() => sandbox?.close());

  it('serves pages in the shape of the composed example (004)', async () => {
    const headers = { AccountId: EASYPAY_SANDBOX_CREDENTIALS.accountId, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey };
    const res = await fetch(
      `${sandbox.origin}/easypay/2.0/report/ledger?limit=100&created_at=${encodeURIComponent('interval(2026-11-10 00:00,2026-11-19 00:00)')}`,
      { headers },
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.data.length).toBeGreaterThan(0);
    const diffs = shapeDifferences(fixture('004-L1').example, page, {
      // Documented as optional by what the entries are: a fee has no payment, a transfer no batch yet.
      nullable: [
        'metadata.next_cursor',
        'data[].transfer_batch_date',
        'data[].transfer_batch',
        'data[].descriptive',
        'data[].details',
        'data[].details.operation_key',
        'data[].details.payment_key',
        'data[].amount_details.payed_amount',
        'data[].amount_details.requested_amount',
      ],
      optional: ['data[].details', 'data[].transfer_batch', 'data[].transfer_batch_date'],
      // An entry that is no payment (a fee, a transfer) carries an empty payment id in the sandbox.
      anyFormat: ['data[].details.payment_id'],
    });
    expect(diffs).toEqual([]);
  });
});
