import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

/*
 * The gateway against a stand-in Easypay that answers as the ledger report documents it, in the
 * ways the sandbox does not: an interval end read as the instant HH:MM:00 (the documentation does
 * not say it covers the minute's seconds), `created_at` in both the documented ISO 8601 form and
 * the older minute form, amounts sent as JSON numbers, and the documented 403, 412 and 500.
 * The Vipps MobilePay ledgers come from the sandbox, to show what an Easypay failure leaves intact.
 */

const ACCOUNT = 'stand-in-account';
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${ACCOUNT}`).toString('base64url');
const NOW = '2026-08-10T12:00:00Z';

type Wire = Record<string, unknown>;

function entry(id: string, createdAt: string, amount: unknown, extra: Wire = {}): Wire {
  return {
    id,
    created_at: createdAt,
    transaction_timestamp: '2026-07-01 10:00',
    transaction_type: 'CP',
    amount: { amount, currency: 'EUR' },
    amount_details: {
      requested_amount: { amount: '20.00', currency: 'EUR' },
      payed_amount: { amount: '20.00', currency: 'EUR' },
      fees: [],
    },
    transfer_batch_date: '',
    transfer_batch: '',
    descriptive: `entry ${id}`,
    details: { operation_id: '', operation_key: '', method: 'CC', payment_id: '', payment_type: 'single', payment_key: '' },
    ...extra,
  };
}

/** Minutes as the filter writes them, read as UTC. */
const minuteMs = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00Z`);
/** The ISO form or the older minute form of `created_at`. */
const createdMs = (text: string) => Date.parse(text.includes('T') ? text : `${text.replace(' ', 'T')}:00Z`);

describe('Easypay against a stand-in upstream', () => {
  let h: Harness;
  let upstream: http.Server;
  let data: Wire[] = [];
  let failWith: { status: number; message: string } | null = null;
  const asked: string[] = [];

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname !== '/report/ledger') return send(404, { status: 'error', message: ['Not Found'] });
      // The error body the ledger report documents for 403, 412 and 500: `status` and `message[]`.
      if (failWith) return send(failWith.status, { status: 'error', message: [failWith.message] });
      const createdAt = url.searchParams.get('created_at');
      let rows = data;
      if (createdAt !== null) {
        asked.push(createdAt);
        const m = /^interval\((\d{4}-\d\d-\d\d \d\d:\d\d),(\d{4}-\d\d-\d\d \d\d:\d\d)\)$/.exec(createdAt);
        if (!m) return send(412, { status: 'error', message: ['created_at must be interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)'] });
        // The strict reading: both ends are the instants they name, the end at its second 0.
        const from = minuteMs(m[1]!);
        const to = minuteMs(m[2]!);
        rows = data.filter((e) => createdMs(String(e.created_at)) >= from && createdMs(String(e.created_at)) <= to);
      }
      // In created_at order, as the report serves it.
      rows = [...rows].sort((a, b) => createdMs(String(a.created_at)) - createdMs(String(b.created_at)));
      const limit = Number(url.searchParams.get('limit') ?? '100');
      send(200, { metadata: { next_cursor: null, count: Math.min(limit, rows.length) }, data: rows.slice(0, limit) });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    h = await startHarness({
      sandbox: { now: NOW },
      gateway: { sourceOptions: { now: () => Date.parse(NOW) } },
      upstreams: (u) => ({ ...u, easypay: { baseUrl: origin, accountId: ACCOUNT, apiKey: 'stand-in-key' } }),
    });
  });

  afterAll(async () => {
    await h?.close();
    upstream?.closeAllConnections();
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  });

  for (const [status, code] of [
    [403, 'UPSTREAM_AUTH_FAILED'],
    [412, 'UPSTREAM_BAD_RESPONSE'],
    [500, 'UPSTREAM_UNAVAILABLE'],
  ] as const) {
    it(`lists the other ledgers and the Easypay account as a null edge with ${code} when Easypay answers ${status}`, async () => {
      failWith = { status, message: `stand-in ${status}` };
      h.clearCache();
      try {
        const res = await h.op(
          graphql(
            `query EasypayStandInLedgers($id: ID!) { ledgers(first: 100) { edges { node { id provider currency } } } ledger(id: $id) { currency } }`,
          ),
          { id: EASYPAY },
        );
        const edges = res.data!.ledgers!.edges;
        expect(edges.length).toBeGreaterThan(1);
        const vipps = edges.slice(0, -1);
        expect(vipps.every((e) => e !== null && e.node.provider === 'VIPPS_MOBILEPAY')).toBe(true);
        expect(edges.at(-1)).toBeNull();
        const listError = res.errors?.find((e) => e.path?.[0] === 'ledgers');
        expect(listError?.path).toEqual(['ledgers', 'edges', edges.length - 1, 'node']);
        expect(listError?.extensions).toMatchObject({ code, source: 'easypay', status });
        expect(listError?.message).toContain(`stand-in ${status}`);
        expect(res.data!.ledger).toBeNull();
        expect(res.errors?.find((e) => e.path?.[0] === 'ledger')?.extensions).toMatchObject({ code, source: 'easypay', status });
        // Whatever is asked of the edge, the failure shows: never an account with a guessed currency.
        const idsOnly = await h.op(graphql(`query EasypayStandInLedgers2 { ledgers(first: 100) { edges { node { id } } } }`));
        expect(idsOnly.data!.ledgers!.edges.at(-1)).toBeNull();
        expect(idsOnly.errors?.[0]?.extensions).toMatchObject({ code, source: 'easypay' });
      } finally {
        failWith = null;
        h.clearCache();
      }
    });
  }

  it("reads every entry exactly once across two windows, when the upstream reads an interval's end as its first second", async () => {
    data = [
      // 23:59:30 in Lisbon on 30 July: the last minute of the first window of the range below.
      entry('e-late', '2026-07-30T22:59:30Z', '1.00'),
      // Lisbon's midnight of 31 July: the first instant of the second window.
      entry('e-midnight', '2026-07-30T23:00:00Z', '2.00'),
      // The older minute form, still read.
      entry('e-minute', '2026-07-15 10:00', '3.00'),
      entry('e-fraction', '2026-07-20T12:00:00.123456Z', '4.00'),
    ];
    asked.length = 0;
    h.clearCache();
    const res = await h.op(
      graphql(
        `query EasypayStandInLedger($id: ID!) { ledger(id: $id) { entries(from: "2026-07-01", to: "2026-08-05", first: 100) { edges { node { id time ledgerDate easypay { id } } } } } }`,
      ),
      { id: EASYPAY },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.ledger!.entries!.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.easypay!.id, n.time, n.ledgerDate])).toEqual([
      ['e-minute', '2026-07-15T10:00:00Z', '2026-07-15'],
      ['e-fraction', '2026-07-20T12:00:00.123456Z', '2026-07-20'],
      ['e-late', '2026-07-30T22:59:30Z', '2026-07-30'],
      ['e-midnight', '2026-07-30T23:00:00Z', '2026-07-31'],
    ]);
    // Two windows, each asked in the documented minute form, each reaching one minute past its end.
    expect(asked).toEqual(['interval(2026-06-30 23:00,2026-07-30 23:00)', 'interval(2026-07-30 23:00,2026-08-05 23:00)']);

    // The key keeps its minute form (account, created_at minute, id), so ids handed out before stay valid.
    const late = nodes.find((n) => n.easypay!.id === 'e-late')!;
    const minute = Math.floor(Date.parse('2026-07-30T22:59:30Z') / 60_000);
    expect(late.id).toBe(Buffer.from(`Entry:easypay|${ACCOUNT}|${minute}|e-late`).toString('base64url'));
    const again = await h.op(graphql(`query EasypayStandInNode($id: ID!) { node(id: $id) { ... on Entry { time } } }`), { id: late.id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.node).toEqual({ time: '2026-07-30T22:59:30Z' });
  });

  it('reads an amount sent as an exact JSON number, and fails only the field of one that is not exact, naming its entry', async () => {
    data = [
      entry('n-exact', '2026-07-21T10:00:00Z', 13.29),
      entry('n-whole', '2026-07-21T10:01:00Z', 250),
      entry('n-requested', '2026-07-21T10:02:00Z', '5.00', {
        amount_details: {
          requested_amount: { amount: 0.30000000000000004, currency: 'EUR' },
          payed_amount: { amount: '5.00', currency: 'EUR' },
          fees: [
            {
              fixed_amount: { amount: 0.1, currency: 'EUR' },
              variable_amount: { amount: 1e21, currency: 'EUR' },
              vat_amount: { amount: '0.02', currency: 'EUR' },
            },
          ],
        },
      }),
      entry('n-string', '2026-07-21T10:03:00Z', '7.50'),
    ];
    h.clearCache();
    const res = await h.op(
      graphql(`query EasypayStandInLedger2($id: ID!) { ledger(id: $id) { entries(date: "2026-07-21", first: 100) { edges { node {
        amount { minorUnits amount } easypay { id requestedAmount { amount } paidAmount { amount } fees { fixedAmount { amount } variableAmount { amount } vatAmount { amount } } } } } } } }`),
      { id: EASYPAY },
    );
    const nodes = res.data!.ledger!.entries!.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.easypay!.id, n.amount.amount, n.amount.minorUnits])).toEqual([
      ['n-exact', '13.29', 1329],
      ['n-whole', '250.00', 25000],
      ['n-requested', '5.00', 500],
      ['n-string', '7.50', 750],
    ]);
    const odd = nodes.find((n) => n.easypay!.id === 'n-requested')!;
    expect(odd.easypay!.requestedAmount).toBeNull();
    expect(odd.easypay!.paidAmount).toEqual({ amount: '5.00' });
    expect(odd.easypay!.fees).toEqual([{ fixedAmount: { amount: '0.10' }, variableAmount: null, vatAmount: { amount: '0.02' } }]);
    const errors = (res.errors ?? []).map((e) => ({
      at: e.path?.slice(-1)[0],
      code: e.extensions?.code,
      source: e.extensions?.source,
      entry: e.extensions?.easypayEntryId,
      field: e.extensions?.field,
    }));
    expect(errors).toEqual([
      {
        at: 'requestedAmount',
        code: 'UPSTREAM_BAD_RESPONSE',
        source: 'easypay',
        entry: 'n-requested',
        field: 'amount_details.requested_amount',
      },
      {
        at: 'variableAmount',
        code: 'UPSTREAM_BAD_RESPONSE',
        source: 'easypay',
        entry: 'n-requested',
        field: 'amount_details.fees.0.variable_amount',
      },
    ]);
  });

  it("fails an entry's own amount that is not exact with an error naming it, and serves the page to a client that does not ask for it", async () => {
    data = [entry('a-ok', '2026-07-22T10:00:00Z', '1.00'), entry('a-bad', '2026-07-22T10:01:00Z', Number('12345678901234.567'))];
    h.clearCache();
    const withAmount = await h.op(
      graphql(
        `query EasypayStandInLedger3($id: ID!) { ledger(id: $id) { entries(date: "2026-07-22", first: 100) { edges { node { amount { amount } } } } } }`,
      ),
      { id: EASYPAY },
    );
    // Entry.amount is non-null: GraphQL nulls the list it is in, and the error says which entry.
    expect(withAmount.data!.ledger!.entries).toBeNull();
    expect(withAmount.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      source: 'easypay',
      easypayEntryId: 'a-bad',
      field: 'amount',
    });
    expect(withAmount.errors?.[0]?.message).toContain('a-bad');
    const withoutAmount = await h.op(
      graphql(
        `query EasypayStandInLedger4($id: ID!) { ledger(id: $id) { entries(date: "2026-07-22", first: 100) { edges { node { easypay { id } } } } } }`,
      ),
      { id: EASYPAY },
    );
    expect(withoutAmount.errors).toBeUndefined();
    expect(withoutAmount.data!.ledger!.entries!.edges.map((e) => e.node.easypay!.id)).toEqual(['a-ok', 'a-bad']);
  });
});
