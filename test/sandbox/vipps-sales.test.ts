import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { VIPPS_SANDBOX_CREDENTIALS as CREDS, vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';
import type { SalesLine } from '../../src/sandbox/vipps/basket.js';
import { get as sandboxGet, resetSandboxStats, sandboxStats } from '../helpers/sandbox-http.js';

const NOW = '2026-11-20T14:30:00Z';
const TODAY = '2026-11-20';
const facts = vippsSandboxFacts(undefined, { now: NOW });

type Line = SalesLine;
interface Sale {
  entryType: string;
  time: string;
  pspReference: string | null;
  reference: string;
  currency: string;
  paymentType: string;
  amounts: { gross: number; net: number; vat: number };
  lines: Line[];
  customer: unknown;
  classification: { solution: string; salesCategory: string | null };
  completeness: { hasLineItems: boolean; hasVatBreakdown: boolean; hasCustomerIdentity: boolean };
}
interface SalesPage {
  items: Sale[];
  cursor?: string;
  hasMore: boolean;
}
interface Entry {
  pspReference: string;
  time: string;
  entryType: string;
  amount: number;
  currency: string;
  reference: string;
}

let sandbox: RunningSandbox;
let base: string;
let token: string;

const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }, origin = base) =>
  sandboxGet(`${origin}${path}`, headers);

/** Every sales event of a date, following `hasMore`/`cursor`. */
async function salesOfDate(ledgerId: string, date: string, pageSize = 1000, origin = base, t = token) {
  const pages: SalesPage[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ pageSize: String(pageSize) });
    if (cursor) q.set('cursor', cursor);
    const r = await get(`/sales/report/v1/ledgers/${ledgerId}/dates/${date}?${q}`, { authorization: `Bearer ${t}` }, origin);
    expect(r.status, r.text).toBe(200);
    const page = r.body as SalesPage;
    pages.push(page);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return { pages, items: pages.flatMap((p) => p.items) };
}

async function reportDay(ledgerId: string, date: string): Promise<Entry[]> {
  const items: Entry[] = [];
  let cursor: string | undefined;
  do {
    const r = await get(`/report/v2/ledgers/${ledgerId}/funds/dates/${date}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = r.body as { items: Entry[]; hasMore: boolean; cursor?: string };
    items.push(...page.items);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return items;
}

const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const ledgerOf = (pred: (l: (typeof facts.ledgers)[number]) => boolean) => {
  const l = facts.ledgers.find(pred);
  if (!l) throw new Error('no such ledger in the sandbox world');
  return l;
};

function expectValidSale(s: Sale): void {
  // Some sales carry a customer (personal data the gateway must guard), and say so.
  expect(s.completeness.hasCustomerIdentity).toBe(s.customer !== null);
  if (s.customer !== null)
    expect(s.customer).toEqual({
      email: expect.stringMatching(/@/),
      phone: expect.stringMatching(/^\+47 9\d{7}$/),
      name: expect.any(String),
    });
  expect(s.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  expect(s.amounts.gross).toBe(s.amounts.net + s.amounts.vat);
  expect(s.completeness.hasLineItems).toBe(s.lines.length > 0);
  if (s.entryType === 'refund') expect(s.amounts.gross).toBeLessThan(0);
  else expect(s.amounts.gross).toBeGreaterThan(0);
  if (s.lines.length === 0) return;
  expect(s.completeness.hasVatBreakdown).toBe(true);
  let gross = 0;
  let vat = 0;
  for (const l of s.lines) {
    expect(l.unitPriceGross * l.quantity - l.discountTotal).toBe(l.lineTotalGross);
    expect(l.lineTotalGross - l.vatAmount).toBe(l.lineTotalNet);
    expect(Number.isInteger(l.vatRate)).toBe(true);
    expect(l.vatRate).toBeGreaterThanOrEqual(0);
    expect(l.vatRate).toBeLessThan(10_000);
    expect(typeof l.category).toBe('string');
    expect(typeof l.lineId).toBe('string');
    gross += l.lineTotalGross;
    vat += l.vatAmount;
  }
  expect(gross).toBe(s.amounts.gross);
  expect(vat).toBe(s.amounts.vat);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: NOW, vendors: { vipps: {} } });
  base = `${sandbox.origin}/vipps`;
  token = await accountingTokenFor(base);
});
afterAll(() => sandbox.close());

describe('access', () => {
  it('is for accounting tokens only: a merchant token gets 403, no token 401', async () => {
    const res = await fetch(`${base}/accesstoken/get`, {
      method: 'POST',
      headers: {
        client_id: CREDS.merchant.clientId,
        client_secret: CREDS.merchant.clientSecret,
        'Ocp-Apim-Subscription-Key': CREDS.merchant.subscriptionKey,
      },
    });
    const merchant = ((await res.json()) as { access_token: string }).access_token;
    const r = await get(`/sales/report/v1/ledgers/${facts.busy.ledgerId}`, {
      authorization: `Bearer ${merchant}`,
      'Ocp-Apim-Subscription-Key': CREDS.merchant.subscriptionKey,
    });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 403, title: 'Forbidden' });
    const none = await get(`/sales/report/v1/ledgers/${facts.busy.ledgerId}`, {});
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'Unauthorized' });
    const unknown = await get(`/sales/report/v1/ledgers/000000/dates/${facts.busy.date}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, detail: 'No such ledgerId' });
  });
});

describe('sales of a date', () => {
  it('keeps every line and amount invariant over the busiest day, with several VAT rates per basket', async () => {
    const { pages, items } = await salesOfDate(facts.busy.ledgerId, facts.busy.date, 1000);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages.slice(0, -1)) expect(p).toMatchObject({ hasMore: true, cursor: expect.any(String) });
    expect(pages.at(-1)?.hasMore).toBe(false);
    expect(items.length).toBeGreaterThan(2500);
    for (const s of items) {
      expectValidSale(s);
      expect(s.classification.solution).toBe('SHOPPING_BASKET');
      expect(s.currency).toBe('NOK');
      expect(s.paymentType).toBe('WALLET');
      expect(s.lines.length).toBeGreaterThan(0);
    }
    const mixed = items.filter((s) => new Set(s.lines.map((l) => l.vatRate)).size >= 2);
    expect(mixed.length).toBeGreaterThan(0);
    const rates = new Set(items.flatMap((s) => s.lines.map((l) => l.vatRate)));
    for (const r of [2500, 1500, 1200, 0]) expect(rates.has(r), `rate ${r}`).toBe(true);
    expect(items.some((s) => s.lines.some((l) => l.discountTotal > 0))).toBe(true);
    expect(items.some((s) => s.entryType === 'refund' && s.lines.every((l) => l.quantity < 0))).toBe(true);
  });

  it('has a sales event for every capture and refund of the report, possibly one date later', async () => {
    for (const ledgerId of facts.salesLedgerIds) {
      const date = ledgerId === facts.busy.ledgerId ? facts.busy.date : shift(TODAY, -2);
      const report = (await reportDay(ledgerId, date)).filter((e) => e.entryType === 'capture' || e.entryType === 'refund');
      const byPsp = new Map<string, { sale: Sale; date: string }>();
      for (const d of [shift(date, -1), date, shift(date, 1)]) {
        for (const s of (await salesOfDate(ledgerId, d)).items) if (s.pspReference) byPsp.set(s.pspReference, { sale: s, date: d });
      }
      let shifted = 0;
      for (const e of report) {
        const hit = byPsp.get(e.pspReference);
        expect(hit, `${ledgerId} ${e.pspReference}`).toBeDefined();
        expect(hit?.sale.amounts.gross).toBe(e.amount);
        expect(hit?.sale.time).toBe(e.time);
        expect(hit?.sale.currency).toBe(e.currency);
        expect(hit?.sale.reference).toBe(e.reference);
        expect(hit?.sale.entryType).toBe(e.entryType);
        if (hit?.date !== date) shifted++;
      }
      if (ledgerId === facts.busy.ledgerId) expect(shifted).toBeGreaterThan(0);
    }
  });

  it('sells without lines on variable-amount units', async () => {
    const vm = ledgerOf((l) => l.salesSolution === 'VARIABLE_AMOUNT' && l.currency === 'DKK');
    const { items } = await salesOfDate(vm.ledgerId, shift(TODAY, -1));
    expect(items.length).toBeGreaterThan(0);
    for (const s of items) {
      expectValidSale(s);
      expect(s.lines).toEqual([]);
      expect(s.completeness).toEqual({ hasLineItems: false, hasVatBreakdown: false, hasCustomerIdentity: s.customer !== null });
      expect(s.classification.solution).toBe('VARIABLE_AMOUNT');
    }
  });

  it('has cash sales on mPOS units, in the Sales API only', async () => {
    for (const ledgerId of facts.cashLedgerIds) {
      const date = shift(TODAY, -1);
      const { items } = await salesOfDate(ledgerId, date);
      const cash = items.filter((s) => s.paymentType === 'CASH');
      expect(cash.length).toBeGreaterThan(0);
      for (const s of cash) {
        expect(s.pspReference).toBeNull();
        expect(s.classification.solution).toBe('MPOS');
        expectValidSale(s);
      }
      expect(items.some((s) => s.paymentType === 'CARD')).toBe(true);
      const report = await reportDay(ledgerId, date);
      const captures = report.filter((e) => e.entryType === 'capture').length;
      expect(items.filter((s) => s.entryType === 'capture' && s.pspReference !== null).length).toBeGreaterThan(captures * 0.9);
      expect(report.some((e) => cash.some((c) => c.reference === e.reference))).toBe(false);
    }
  });

  it('is empty for a sales unit outside the Sales API, and for dates before history', async () => {
    expect((await salesOfDate(facts.merchantLedgerId, shift(TODAY, -1))).items).toEqual([]);
    const before = await get(`/sales/report/v1/ledgers/${facts.busy.ledgerId}/dates/${shift(facts.historyStart, -1)}`);
    expect(before.body).toEqual({ items: [], hasMore: false });
  });

  it('serves today up to now only', async () => {
    const { items } = await salesOfDate(facts.busy.ledgerId, TODAY);
    expect(items.length).toBeGreaterThan(0);
    for (const s of items) expect(s.time <= '2026-11-20T14:30:00.000000Z').toBe(true);
  });

  it('validates pageSize and dates with problem+json 400', async () => {
    const l = facts.busy.ledgerId;
    for (const ps of ['0', '1001', 'abc', '1.5', '-1', '']) {
      for (const path of [
        `/sales/report/v1/ledgers/${l}?pageSize=${ps}`,
        `/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}?pageSize=${ps}`,
      ]) {
        const r = await get(path);
        expect(r.status, path).toBe(400);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(r.body).toMatchObject({ status: 400, title: 'Bad Request', detail: expect.stringContaining('pageSize') });
      }
    }
    for (const d of ['2026-13-01', 'today', '2026-11-21']) {
      expect((await get(`/sales/report/v1/ledgers/${l}/dates/${d}`)).status).toBe(400);
    }
    expect((await get(`/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}?cursor=xyz`)).status).toBe(400);
    const one = (await get(`/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}?pageSize=1000`)).body as SalesPage;
    expect(one.items).toHaveLength(1000);
    const dflt = (await get(`/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}`)).body as SalesPage;
    expect(dflt.items).toHaveLength(100);
    expect(dflt.hasMore).toBe(true);
    expect(dflt.items).toEqual(one.items.slice(0, 100));
  });
});

describe('lookups', () => {
  it('finds one transaction by pspReference and an order by reference; unknown ones are empty', async () => {
    const l = facts.busy.ledgerId;
    const report = await reportDay(l, facts.busy.date);
    const refund = report.find((e) => e.entryType === 'refund');
    expect(refund).toBeDefined();
    const byPsp = await get(`/sales/report/v1/ledgers/${l}/psp-references/${refund?.pspReference}`);
    expect(byPsp.status).toBe(200);
    const psp = byPsp.body as SalesPage;
    expect(psp.items).toHaveLength(1);
    expect(psp.items[0]).toMatchObject({ pspReference: refund?.pspReference, entryType: 'refund', amounts: { gross: refund?.amount } });

    // The lookups page as the Sales API page shows them (`cursor`, `hasMore: true`): one event a
    // page by default, the cursor sent back as `?cursor=`.
    const first = (await get(`/sales/report/v1/ledgers/${l}/references/${refund?.reference}`)).body as SalesPage;
    expect(first.items.map((s) => s.entryType)).toEqual(['capture']);
    expect(first.hasMore).toBe(true);
    expect(typeof first.cursor).toBe('string');
    const second = (
      await get(`/sales/report/v1/ledgers/${l}/references/${refund?.reference}?cursor=${encodeURIComponent(first.cursor ?? '')}`)
    ).body as SalesPage;
    expect(second.items.map((s) => s.entryType)).toEqual(['refund']);
    expect(second).not.toHaveProperty('cursor');
    expect(second.hasMore).toBe(false);
    const capture = report.find((e) => e.entryType === 'capture' && e.reference === refund?.reference);
    expect(first.items[0]?.pspReference).toBe(capture?.pspReference);
    // A cursor of another lookup, or one made up, is refused.
    const foreign = await get(
      `/sales/report/v1/ledgers/${l}/psp-references/${refund?.pspReference}?cursor=${encodeURIComponent(first.cursor ?? '')}`,
    );
    expect(foreign.status).toBe(400);
    expect((await get(`/sales/report/v1/ledgers/${l}/references/${refund?.reference}?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);

    for (const path of [
      `/sales/report/v1/ledgers/${l}/psp-references/399999999999`,
      `/sales/report/v1/ledgers/${l}/psp-references/nope`,
      `/sales/report/v1/ledgers/${l}/references/199999999999`,
      `/sales/report/v1/ledgers/${facts.merchantLedgerId}/psp-references/${refund?.pspReference}`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.body).toEqual({ items: [], hasMore: false });
    }
  });

  it('finds cash sales by reference', async () => {
    const ledgerId = facts.cashLedgerIds[0] ?? '';
    const cash = (await salesOfDate(ledgerId, shift(TODAY, -1))).items.find((s) => s.paymentType === 'CASH');
    const r = (await get(`/sales/report/v1/ledgers/${ledgerId}/references/${cash?.reference}`)).body as SalesPage;
    expect(r.items).toEqual([cash]);
  });
});

describe('feed', () => {
  it('starts at the earliest event, pages with cursor and hasMore, and stays resumable at the live end', async () => {
    const small = await startSandbox({ port: 0, now: NOW, vendors: { vipps: { historyDays: 2 } } });
    try {
      const b = `${small.origin}/vipps`;
      const t = await accountingTokenFor(b);
      const ledgerId = ledgerOf((l) => l.salesSolution === 'MPOS' && l.payout === 'weekly').ledgerId;
      const walked: Sale[] = [];
      let cursor: string | undefined;
      let page: SalesPage;
      let pages = 0;
      do {
        const q = new URLSearchParams({ pageSize: '9' });
        if (cursor) q.set('cursor', cursor);
        const r = await get(`/sales/report/v1/ledgers/${ledgerId}?${q}`, { authorization: `Bearer ${t}` }, b);
        expect(r.status).toBe(200);
        page = r.body as SalesPage;
        expect(page.cursor).toEqual(expect.any(String));
        walked.push(...page.items);
        cursor = page.cursor;
        pages++;
        if (page.hasMore) expect(page.items).toHaveLength(9);
      } while (page.hasMore && pages < 100);
      expect(pages).toBeGreaterThan(2);
      expect(walked[0]?.time.slice(0, 10)).toBe(shift(TODAY, -2));

      const expected: Sale[] = [];
      for (const d of [shift(TODAY, -2), shift(TODAY, -1), TODAY]) expected.push(...(await salesOfDate(ledgerId, d, 1000, b, t)).items);
      expect(walked).toEqual(expected);

      const again = await get(
        `/sales/report/v1/ledgers/${ledgerId}?cursor=${encodeURIComponent(cursor ?? '')}`,
        { authorization: `Bearer ${t}` },
        b,
      );
      expect(again.body).toEqual({ items: [], cursor, hasMore: false });
      const foreign = await get(
        `/sales/report/v1/ledgers/${facts.busy.ledgerId}?cursor=${encodeURIComponent(cursor ?? '')}`,
        { authorization: `Bearer ${t}` },
        b,
      );
      expect(foreign.status).toBe(400);
    } finally {
      await small.close();
    }
  });
});

describe('request counters', () => {
  it('count the Sales API endpoints', async () => {
    await resetSandboxStats(sandbox.origin);
    const l = facts.busy.ledgerId;
    await get(`/sales/report/v1/ledgers/${l}`);
    await get(`/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}`);
    await get(`/sales/report/v1/ledgers/${l}/dates/${facts.busy.date}?pageSize=5`);
    await get(`/sales/report/v1/ledgers/${l}/references/1`);
    await get(`/sales/report/v1/ledgers/${l}/psp-references/3`);
    const stats = await sandboxStats(sandbox.origin);
    expect(stats.byEndpoint).toEqual({
      'vipps GET /sales/report/v1/ledgers/:ledgerId': 1,
      'vipps GET /sales/report/v1/ledgers/:ledgerId/dates/:ledgerDate': 2,
      'vipps GET /sales/report/v1/ledgers/:ledgerId/references/:reference': 1,
      'vipps GET /sales/report/v1/ledgers/:ledgerId/psp-references/:pspReference': 1,
    });
  });
});

describe('determinism', () => {
  it('gives identical sales pages for the same seed', async () => {
    const other = await startSandbox({ port: 0, now: NOW });
    try {
      const b = `${other.origin}/vipps`;
      const t = await accountingTokenFor(b);
      const path = `/sales/report/v1/ledgers/${facts.busy.ledgerId}/dates/${facts.busy.date}?pageSize=300`;
      const mine = await get(path);
      const theirs = await get(path, { authorization: `Bearer ${t}` }, b);
      expect(theirs.text).toBe(mine.text);
    } finally {
      await other.close();
    }
  });
});
