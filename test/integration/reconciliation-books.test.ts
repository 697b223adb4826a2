import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';
import { parseCsv } from '../helpers/csv.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const byName = (name: string) => {
  const l = facts.ledgers.find((x) => x.name === name);
  if (!l) throw new Error(`no sandbox ledger ${name}`);
  return l;
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ http: true });
});
afterAll(async () => {
  await h?.close();
});

/** Exact decimal text to minor units (two decimals), without floating point. */
const minor = (text: string) => (text === '' ? null : Number(text.replace('.', '')));

describe('links between the books', () => {
  it('joins captures to their fees, sales to their entries, entries to their ledger, per date and not per item', async () => {
    const l = byName('Kahvila Helmi');
    const id = vippsLedgerGlobalId(l.ledgerId);
    h.clearCache();
    await h.resetStats();
    const r = await h.op(
      graphql(`query ReconciliationBooksLedger($id: ID!, $ledgerId: String!) {
        ledger(id: $id) {
          id
          entries(from: "2026-11-14", to: "2026-11-17", first: 1000) { edges { node { kind pspReference ledgerDate amount { minorUnits amount } ledger { id } fee { kind pspReference topic ledgerDate amount { minorUnits amount } } } } }
          salesEvents(date: "2026-11-17", first: 1000) { edges { node { pspReference entryType amounts { gross { minorUnits amount } } entry { pspReference entryType amount { minorUnits amount } } } } }
        }
        byId: ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: $ledgerId) { id }
      }`),
      { id, ledgerId: l.ledgerId },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const ledger = r.data?.ledger;
    expect(r.data?.byId?.id).toBe(id);
    const entries = ledger?.entries!.edges.map((e) => e.node) ?? [];
    const captures = entries.filter((e) => e.kind === 'CAPTURE');
    expect(captures.length).toBeGreaterThan(20);
    for (const e of entries) expect(e.ledger!.id).toBe(id);
    for (const c of captures) {
      expect(c.fee, c.pspReference ?? undefined).not.toBeNull();
      expect(c.fee).toMatchObject({ kind: 'FEE', pspReference: c.pspReference, topic: 'FEES' });
      expect(c.fee?.amount.minorUnits).toBeLessThan(0);
    }
    // Some fees are booked on the next date (docs/upstreams/: a capture-fee's ledger date may differ).
    expect(captures.some((c) => c.fee !== null && c.fee.ledgerDate > c.ledgerDate)).toBe(true);
    for (const e of entries.filter((x) => x.kind !== 'CAPTURE')) expect(e.fee).toBeNull();

    const sales = ledger?.salesEvents!.edges.map((e) => e.node) ?? [];
    const cash = sales.filter((s) => s!.pspReference === null);
    expect(cash.length).toBeGreaterThan(0);
    for (const s of cash) expect(s!.entry).toBeNull();
    for (const s of sales.filter((x) => x!.pspReference !== null)) {
      expect(s!.entry, s!.pspReference ?? '').toMatchObject({ pspReference: s!.pspReference, entryType: s!.entryType });
      expect(s!.entry?.amount.minorUnits).toBe(s!.amounts.gross!.minorUnits);
    }
    const stats = await h.stats();
    // Pages of dates, not lookups per item: the funds of four dates (and a neighbour for the
    // sales), the fees of those dates and the next, a few pages each.
    expect(captures.length).toBeGreaterThan(300);
    expect(countCalls(stats, '/dates/')).toBeLessThanOrEqual(24);
    expect(countCalls(stats, 'sales')).toBeLessThanOrEqual(4);
  });

  it('answers ledgerByLedgerId with NOT_FOUND for an unknown id', async () => {
    const r = await h.gql('{ ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: "no-such") { id } }');
    expect(r.data?.ledgerByLedgerId).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('VAT report', () => {
  const ALL_SALES =
    graphql(`query ReconciliationBooksAllSales($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { salesEvents(from: $from, to: $to, first: 500, after: $after) {
    edges { node { amounts { gross { minorUnits amount } } lines { vatRate category lineTotalGross { minorUnits amount } lineTotalNet { minorUnits amount } vatAmount { minorUnits amount } } } }
    pageInfo { hasNextPage endCursor } } } }`);

  async function allSales(id: string, from: string, to: string) {
    const walk = await walkConnection(async (after) => {
      const r = await h.op(ALL_SALES, { id, from, to, after });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.ledger!.salesEvents!;
    }, 200);
    return walk.nodes;
  }

  it("equals the sum of the lines per rate and category, refunds netted, and covers every event's total", async () => {
    for (const name of ['Sentrum Sykkelverksted', 'Kirpputori Kallio']) {
      const l = byName(name);
      const id = vippsLedgerGlobalId(l.ledgerId);
      const r = await h.op(
        graphql(`query ReconciliationBooksLedger2($id: ID!) { ledger(id: $id) { vatSummary(from: "2026-11-10", to: "2026-11-16") {
          rows { vatRate vatPercentage category gross { minorUnits amount } net { minorUnits amount } vat { minorUnits amount } lineCount eventCount }
          coverage { eventCount gross { minorUnits amount } eventsWithoutLines uncoveredGross { minorUnits amount } final } } } }`),
        { id },
      );
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const report = r.data?.ledger!.vatSummary;
      const sales = await allSales(id, '2026-11-10', '2026-11-16');
      expect(report?.coverage.eventCount).toBe(sales.length);
      expect(report?.coverage.final).toBe(true);
      const expected = new Map<string, { gross: number; net: number; vat: number; lines: number }>();
      let gross = 0;
      for (const s of sales) {
        gross += s!.amounts.gross?.minorUnits ?? 0;
        for (const line of s!.lines) {
          const k = `${line.vatRate}|${line.category}`;
          const g = expected.get(k) ?? { gross: 0, net: 0, vat: 0, lines: 0 };
          g.gross += line.lineTotalGross?.minorUnits ?? 0;
          g.net += line.lineTotalNet?.minorUnits ?? 0;
          g.vat += line.vatAmount?.minorUnits ?? 0;
          g.lines++;
          expected.set(k, g);
        }
      }
      expect(report?.coverage.gross.minorUnits).toBe(gross);
      expect(
        new Map(
          report?.rows.map((row) => [
            `${row.vatRate}|${row.category}`,
            { gross: row.gross.minorUnits, net: row.net.minorUnits, vat: row.vat.minorUnits, lines: row.lineCount },
          ]),
        ),
      ).toEqual(expected);
      const rowsGross = report?.rows.reduce((s, row) => s + row.gross.minorUnits, 0) ?? 0;
      expect(rowsGross + (report?.coverage.uncoveredGross.minorUnits ?? 0)).toBe(gross);
      if (name === 'Kirpputori Kallio') {
        // Variable-amount sales have no lines: all of it is uncovered, and said so.
        expect(report?.rows).toEqual([]);
        expect(report?.coverage.eventsWithoutLines).toBe(sales.length);
      } else {
        expect(report?.rows.length).toBeGreaterThan(0);
        expect(
          report?.rows.every(
            (row) => row.vatPercentage === `${Math.floor(row.vatRate / 100)}.${String(row.vatRate % 100).padStart(2, '0')}`,
          ),
        ).toBe(true);
      }
      // A second time costs no upstream call: closed dates are kept.
      await h.resetStats();
      const again = await h.gql(
        'query($id: ID!) { ledger(id: $id) { vatSummary(from: "2026-11-10", to: "2026-11-16") { coverage { eventCount } } } }',
        { id },
      );
      expect(again.errors).toBeUndefined();
      expect(countCalls(await h.stats(), 'sales')).toBe(0);
    }
  });

  it('is null with a coded NO_SALES_DATA error for a provider without sales data, never silently', async () => {
    const r = await h.op(
      graphql(
        `query ReconciliationBooksLedgers { ledgers(first: 50) { edges { node { provider vatSummary(from: "2026-11-10", to: "2026-11-10") { coverage { eventCount } } } } } }`,
      ),
    );
    const edges = r.data?.ledgers!.edges ?? [];
    const i = edges.findIndex((e) => e!.node.provider === 'EASYPAY');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(edges[i]?.node.vatSummary).toBeNull();
    const errors = (r.errors ?? []).filter((e) => e.path?.join('.') === `ledgers.edges.${i}.node.vatSummary`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NO_SALES_DATA' });
  });
});

/** An amount as the export tests read it back from GraphQL. */
interface MoneyText {
  minorUnits: number;
  amount: string;
}

describe('entries export', () => {
  it('streams every entry of the range as CSV: rows, sums, balances, payouts and VAT equal the entries', async () => {
    const l = byName('Sentrum Sykkelverksted');
    const id = vippsLedgerGlobalId(l.ledgerId);
    const r = await h.op(
      graphql(`query ReconciliationBooksLedger3($id: ID!) { ledger(id: $id) {
        entriesExport(from: "2026-11-12", to: "2026-11-17") { downloadUrl fileName columns contentType }
        entries(from: "2026-11-12", to: "2026-11-17", first: 1000) { summary { count net { minorUnits amount } } edges { node { pspReference entryType amount { minorUnits amount } balanceAfter { minorUnits amount } payout { ledgerDate } salesEvent { amounts { vat { minorUnits amount } } } } } }
      } }`),
      { id },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const exp = r.data?.ledger!.entriesExport;
    const entries = r.data?.ledger!.entries!.edges.map((e) => e.node) ?? [];
    expect(exp?.fileName).toBe(`tally-vipps_mobilepay-${l.ledgerId}-funds-2026-11-12_2026-11-17.csv`);
    const res = await fetch(exp?.downloadUrl ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(exp?.fileName);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(exp?.columns);
    const col = (name: string) => (exp?.columns ?? []).indexOf(name);
    const body = rows.slice(1);
    expect(body.length).toBe(entries.length);
    expect(body.length).toBe(r.data?.ledger!.entries!.summary!.count);
    let sum = 0;
    for (const [i, row] of body.entries()) {
      const e = entries[i];
      expect(row[col('psp_reference')]).toBe(e?.pspReference);
      expect(row[col('entry_type')]).toBe(e?.entryType);
      expect(row[col('amount')]).toBe(e?.amount.amount);
      expect(row[col('balance_after')]).toBe(e?.balanceAfter!.amount);
      expect(row[col('payout_ledger_date')]).toBe(e?.payout?.ledgerDate ?? '');
      expect(row[col('sale_vat')]).toBe(e?.salesEvent?.amounts.vat?.amount ?? '');
      sum += minor(row[col('amount')] ?? '') ?? 0;
    }
    expect(sum).toBe(r.data?.ledger!.entries!.summary!.net.minorUnits);
    expect(body.some((row) => row[col('sale_vat')] !== '')).toBe(true);
    expect(body.some((row) => row[col('payout_ledger_date')] === '2026-11-15')).toBe(true);
  });

  it("CSV_NORDIC: a byte-order mark, `;` and decimal commas; read with a `;` parser, every amount equals GraphQL's to the øre, open dates say so, payouts by number", async () => {
    const l = byName('Sentrum Sykkelverksted');
    const id = vippsLedgerGlobalId(l.ledgerId);
    // Up to today (2026-11-20 in Oslo): today's date is open.
    const r = await h.gql<{
      ledger: {
        entriesExport: { downloadUrl: string; columns: string[]; format: string };
        entries: {
          summary: { count: number; net: MoneyText };
          edges: Array<{
            node: { ledgerDate: string; amount: MoneyText; balanceAfter: MoneyText; payout: { payoutNumber: string | null } | null };
          }>;
        };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) {
        entriesExport(from: "2026-11-14", to: "2026-11-20", format: CSV_NORDIC) { downloadUrl columns format }
        entries(from: "2026-11-14", to: "2026-11-20", first: 1000) { summary { count net { minorUnits amount } } edges { node { ledgerDate amount { minorUnits amount } balanceAfter { minorUnits amount } payout { payoutNumber } } } }
      } }`,
      { id },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const exp = r.data!.ledger.entriesExport;
    expect(exp.format).toBe('CSV_NORDIC');
    const res = await fetch(exp.downloadUrl);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8'), { separator: ';', bom: true });
    expect(rows[0]).toEqual(exp.columns);
    const col = (name: string) => exp.columns.indexOf(name);
    const body = rows.slice(1);
    const entries = r.data!.ledger.entries.edges.map((e) => e.node);
    expect(body.length).toBe(entries.length);
    let sum = 0n;
    for (const [i, row] of body.entries()) {
      const e = entries[i]!;
      expect(row[col('amount')]).toBe(e.amount.amount.replace('.', ','));
      expect(row[col('balance_after')]).toBe(e.balanceAfter.amount.replace('.', ','));
      expect(row[col('payout_number')]).toBe(e.payout?.payoutNumber ?? '');
      sum += BigInt(row[col('amount')]!.replace(',', ''));
    }
    expect(sum).toBe(BigInt(r.data!.ledger.entries.summary.net.minorUnits));
    // Each date's status is what entries(date:).final says.
    const dates = [...new Set(entries.map((e) => e.ledgerDate))];
    for (const date of dates) {
      const f = await h.gql<{ ledger: { entries: { final: boolean } } }>(
        'query($id: ID!, $d: Date!) { ledger(id: $id) { entries(date: $d, first: 1) { final } } }',
        { id, d: date },
      );
      const statuses = new Set(body.filter((row) => row[col('ledger_date')] === date).map((row) => row[col('ledger_date_status')]));
      expect([...statuses], date).toEqual([f.data!.ledger.entries.final ? 'closed' : 'open']);
    }
    expect(body.some((row) => row[col('ledger_date_status')] === 'open')).toBe(true);
    expect(body.some((row) => row[col('ledger_date_status')] === 'closed')).toBe(true);
    expect(body.some((row) => row[col('payout_number')] !== '')).toBe(true);
  });

  it("Easypay in the export: each fee part summed over the entry's fees, the transfer batch and its date, the payout by its batch", async () => {
    const { ledgers } = (
      await h.gql<{ ledgers: { edges: Array<{ node: { id: string; provider: string } }> } }>(
        '{ ledgers(first: 50) { edges { node { id provider } } } }',
      )
    ).data!;
    const id = ledgers.edges.find((e) => e.node.provider === 'EASYPAY')!.node.id;
    const fee = '{ amount }';
    const r = await h.gql<{
      ledger: {
        entriesExport: { downloadUrl: string; columns: string[] };
        entries: {
          edges: Array<{
            node: {
              amount: MoneyText;
              payout: { transferBatch: string | null } | null;
              easypay: {
                feeTotal: MoneyText | null;
                transferBatch: string | null;
                transferBatchDate: string | null;
                fees: Array<{
                  fixedAmount: { amount: string } | null;
                  variableAmount: { amount: string } | null;
                  vatAmount: { amount: string } | null;
                }>;
              };
            };
          }>;
        };
      };
    }>(
      `query($id: ID!) { ledger(id: $id) {
        entriesExport(from: "2026-11-01", to: "2026-11-10", format: CSV) { downloadUrl columns }
        entries(from: "2026-11-01", to: "2026-11-10", first: 1000) { edges { node { amount { minorUnits amount } payout { transferBatch } easypay { feeTotal { minorUnits amount } transferBatch transferBatchDate fees { fixedAmount ${fee} variableAmount ${fee} vatAmount ${fee} } } } } }
      } }`,
      { id },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const exp = r.data!.ledger.entriesExport;
    const rows = parseCsv(await (await fetch(exp.downloadUrl)).text());
    const col = (name: string) => exp.columns.indexOf(name);
    const body = rows.slice(1);
    const entries = r.data!.ledger.entries.edges.map((e) => e.node);
    expect(body.length).toBe(entries.length);
    // Exact sums of decimal text in cents.
    const cents = (t: string | undefined) => BigInt((t ?? '0').replace('.', ''));
    const part = (list: Array<{ amount: string } | null>) =>
      list.some((x) => x !== null) ? list.reduce((s, x) => s + cents(x?.amount), 0n) : null;
    let withFees = 0;
    for (const [i, row] of body.entries()) {
      const e = entries[i]!.easypay!;
      const asCents = (name: string) => (row[col(name)] === '' ? null : cents(row[col(name)]));
      expect(asCents('easypay_fee_fixed')).toBe(part(e.fees.map((f) => f.fixedAmount)));
      expect(asCents('easypay_fee_variable')).toBe(part(e.fees.map((f) => f.variableAmount)));
      expect(asCents('easypay_fee_vat')).toBe(part(e.fees.map((f) => f.vatAmount)));
      expect(row[col('easypay_fee_total')]).toBe(e.feeTotal?.amount ?? '');
      expect(row[col('easypay_transfer_batch')]).toBe(e.transferBatch ?? '');
      expect(row[col('easypay_transfer_batch_date')]).toBe(e.transferBatchDate ?? '');
      expect(row[col('payout_number')]).toBe(entries[i]!.payout?.transferBatch ?? '');
      if (e.fees.length > 0) withFees++;
    }
    expect(withFees).toBeGreaterThan(0);
    expect(body.some((row) => row[col('easypay_transfer_batch')] !== '')).toBe(true);
    expect(body.some((row) => row[col('payout_number')] !== '')).toBe(true);
  });

  it('refuses a tampered link and a range beyond today', async () => {
    const l = byName('Sentrum Sykkelverksted');
    const r = await h.op(
      graphql(
        `query ReconciliationBooksLedger4($id: ID!) { ledger(id: $id) { entriesExport(from: "2026-11-12", to: "2026-11-12") { downloadUrl } } }`,
      ),
      { id: vippsLedgerGlobalId(l.ledgerId) },
    );
    const url = r.data?.ledger!.entriesExport.downloadUrl ?? '';
    const tampered = url.slice(0, -3) + (url.endsWith('A') ? 'BBB' : 'AAA');
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DOWNLOAD_LINK_INVALID');
    const future = await h.gql(
      'query($id: ID!) { ledger(id: $id) { entriesExport(from: "2026-11-12", to: "2026-12-12") { downloadUrl } } }',
      { id: vippsLedgerGlobalId(l.ledgerId) },
    );
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
