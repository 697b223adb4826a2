import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { VIPPS_SANDBOX_CREDENTIALS as CREDS, vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';
import type { EntryJson } from '../../src/sandbox/vipps/books.js';
import { parseDkFiPayoutReference, parseNoPayoutReference, payoutNumberOf } from '../../src/sources/vipps/bank-reference.js';
import { get as sandboxGet, resetSandboxStats, sandboxStats } from '../helpers/sandbox-http.js';

const NOW = '2026-11-20T14:30:00Z';
const TODAY = '2026-11-20';
const facts = vippsSandboxFacts(undefined, { now: NOW });

/** The sandbox's entry shape, plus the GDPR fields it adds on request. */
type Entry = EntryJson & { name?: string; maskedPhoneNo?: string; message?: string | null };
interface DatePage {
  items: Entry[];
  hasMore: boolean;
  cursor?: string;
  tryLater: boolean;
}

let sandbox: RunningSandbox;
let base: string;
let accountingToken: string;
let merchantToken: string;

function merchantHeaders(): Record<string, string> {
  return {
    client_id: CREDS.merchant.clientId,
    client_secret: CREDS.merchant.clientSecret,
    'Ocp-Apim-Subscription-Key': CREDS.merchant.subscriptionKey,
    'Merchant-Serial-Number': CREDS.merchant.merchantSerialNumber,
  };
}

async function merchantTokenFor(vippsBase: string): Promise<string> {
  const res = await fetch(`${vippsBase}/accesstoken/get`, { method: 'POST', headers: merchantHeaders() });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const asAccounting = (token = accountingToken) => ({ authorization: `Bearer ${token}` });
const asMerchant = (token = merchantToken) => ({
  authorization: `Bearer ${token}`,
  'Ocp-Apim-Subscription-Key': CREDS.merchant.subscriptionKey,
});

const get = (path: string, headers: Record<string, string> = asAccounting(), origin = base) => sandboxGet(`${origin}${path}`, headers);

async function getPage(path: string, headers?: Record<string, string>, origin?: string): Promise<DatePage> {
  const r = await get(path, headers, origin);
  expect(r.status, r.text).toBe(200);
  return r.body as DatePage;
}

/** Every entry of a ledger date, following `hasMore`/`cursor`. */
async function wholeDay(ledgerId: string, topic: string, date: string, query = '', origin = base, token?: string) {
  const pages: DatePage[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams(query);
    if (cursor) q.set('cursor', cursor);
    const qs = q.toString();
    const page = await getPage(`/report/v2/ledgers/${ledgerId}/${topic}/dates/${date}${qs ? `?${qs}` : ''}`, asAccounting(token), origin);
    pages.push(page);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return { pages, items: pages.flatMap((p) => p.items) };
}

function expectContinuous(items: Entry[]): void {
  for (const [i, e] of items.entries()) {
    expect(e.balanceBefore + e.amount, `entry ${i} ${e.pspReference}`).toBe(e.balanceAfter);
    if (i > 0) expect(e.balanceBefore, `entry ${i} starts where ${i - 1} ended`).toBe(items[i - 1]?.balanceAfter);
  }
}

const ledger = (id: string) => {
  const l = facts.ledgers.find((x) => x.ledgerId === id);
  if (!l) throw new Error(`no ledger ${id}`);
  return l;
};
const prevDay = (d: string, n = 1) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: NOW, vendors: { vipps: {} } });
  base = `${sandbox.origin}/vipps`;
  accountingToken = await accountingTokenFor(base);
  merchantToken = await merchantTokenFor(base);
});
afterAll(() => sandbox.close());

describe('facts', () => {
  it('describe a world with the promised shape', () => {
    expect(facts.ledgers.length).toBeGreaterThanOrEqual(6);
    expect(new Set(facts.ledgers.map((l) => l.currency))).toEqual(new Set(['NOK', 'DKK', 'EUR']));
    expect(facts.busy.fundsEntries).toBeGreaterThan(2500);
    expect(facts.large.maxBalance).toBeGreaterThan(2 ** 31);
    expect(facts.historyStart).toBe('2026-09-21');
    expect(facts.salesLedgerIds.length).toBeGreaterThanOrEqual(3);
  });
});

describe('access tokens', () => {
  it('issues merchant tokens with every number as a string', async () => {
    const res = await fetch(`${base}/accesstoken/get`, { method: 'POST', headers: merchantHeaders() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe('86400');
    for (const k of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before', 'resource', 'access_token']) {
      expect(typeof body[k], k).toBe('string');
    }
    expect(Number(body.expires_on) - Number(body.not_before)).toBe(86_400);
  });

  it('rejects wrong or missing merchant keys', async () => {
    const wrong = await fetch(`${base}/accesstoken/get`, { method: 'POST', headers: { ...merchantHeaders(), client_secret: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ responseInfo: { responseCode: 401, responseMessage: 'Unauthorized' } });
    const { 'Ocp-Apim-Subscription-Key': _dropped, ...noKey } = merchantHeaders();
    expect((await fetch(`${base}/accesstoken/get`, { method: 'POST', headers: noKey })).status).toBe(401);
    const accountingKeys = { ...merchantHeaders(), client_id: CREDS.accounting.clientId, client_secret: CREDS.accounting.clientSecret };
    expect((await fetch(`${base}/accesstoken/get`, { method: 'POST', headers: accountingKeys })).status).toBe(401);
  });

  it('issues accounting tokens with expires_in as a number', async () => {
    const basic = Buffer.from(`${CREDS.accounting.clientId}:${CREDS.accounting.clientSecret}`).toString('base64');
    const res = await fetch(`${base}/miami/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(typeof body.access_token).toBe('string');
  });

  it('answers invalid_client for a missing grant_type, a subscription key, or wrong credentials', async () => {
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const good = basic(CREDS.accounting.clientId, CREDS.accounting.clientSecret);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: Array<[Record<string, string>, string]> = [
      [{ authorization: good, ...form }, ''],
      [{ authorization: good, ...form, 'Ocp-Apim-Subscription-Key': 'x' }, 'grant_type=client_credentials'],
      [{ authorization: basic(CREDS.accounting.clientId, 'wrong'), ...form }, 'grant_type=client_credentials'],
      [{ authorization: basic(CREDS.merchant.clientId, CREDS.merchant.clientSecret), ...form }, 'grant_type=client_credentials'],
      [{ ...form }, 'grant_type=client_credentials'],
    ];
    for (const [headers, body] of cases) {
      const res = await fetch(`${base}/miami/v1/token`, { method: 'POST', headers, body });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('refuses a token without the word Bearer, an unknown token, and a merchant token without its subscription key', async () => {
    const unauthorized = { code: 'Unauthorized' };
    const noBearer = await get('/settlement/v1/ledgers', { authorization: accountingToken });
    expect(noBearer.status).toBe(401);
    expect(noBearer.body).toMatchObject({ ...unauthorized, message: 'Please check your API keys' });
    const unknown = await get('/settlement/v1/ledgers', { authorization: 'Bearer not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject(unauthorized);
    const noKey = await get('/settlement/v1/ledgers', { authorization: `Bearer ${merchantToken}` });
    expect(noKey.status).toBe(401);
    expect(noKey.body).toMatchObject(unauthorized);
    const accountingWithKey = await get('/settlement/v1/ledgers', { ...asAccounting(), 'Ocp-Apim-Subscription-Key': 'x' });
    expect(accountingWithKey.status).toBe(401);
    expect((await get('/settlement/v1/ledgers', asMerchant())).status).toBe(200);
  });

  it('expires tokens after their lifetime', async () => {
    // Token lifetimes run on real time, here an injected one moved by hand instead of slept through.
    let real = Date.parse('2030-01-01T00:00:00Z');
    const short = await startSandbox({
      port: 0,
      now: NOW,
      timeSource: () => real,
      vendors: { vipps: { merchantTokenTtlSeconds: 1, accountingTokenTtlSeconds: 1 } },
    });
    try {
      const b = `${short.origin}/vipps`;
      const acc = await accountingTokenFor(b);
      const mer = await merchantTokenFor(b);
      expect((await get('/settlement/v1/ledgers', asAccounting(acc), b)).status).toBe(200);
      expect((await get('/settlement/v1/ledgers', asMerchant(mer), b)).status).toBe(200);
      real += 999;
      expect((await get('/settlement/v1/ledgers', asAccounting(acc), b)).status).toBe(200);
      real += 101;
      const expired = await get('/settlement/v1/ledgers', asAccounting(acc), b);
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ code: 'Unauthorized' });
      expect((await get('/settlement/v1/ledgers', asMerchant(mer), b)).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('rejects unknown options', async () => {
    await expect(startSandbox({ port: 0, vendors: { vipps: { pageSiz: 5 } } })).rejects.toThrow();
  });
});

describe('ledgers', () => {
  it('pages through every ledger three at a time', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await get(`/settlement/v1/ledgers${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      const body = r.body as { items: Array<Record<string, unknown>>; cursor: string };
      expect(body.items.length).toBeLessThanOrEqual(3);
      for (const l of body.items) {
        expect(l).toMatchObject({
          ledgerId: expect.any(String),
          currency: expect.stringMatching(/^(NOK|DKK|EUR)$/),
          payoutBankAccount: { scheme: expect.stringMatching(/^BBAN:/), id: expect.any(String) },
          owner: { scheme: expect.stringMatching(/^business:(NO:ORG|DK:CVR|FI:Y-tunnus)$/), id: expect.any(String) },
        });
        const handles = l.settlesForRecipientHandles as string[];
        const units = l.salesUnits as Array<Record<string, unknown>>;
        expect(handles.length).toBeGreaterThanOrEqual(1);
        for (const h of handles) expect(h).toMatch(/^(api|NO|DK|FI):\d+$/);
        expect(units.map((u) => u.recipientHandle)).toEqual(handles);
        for (const u of units) expect(u).toMatchObject({ name: expect.any(String), businessIdentifier: expect.any(Object) });
        seen.push(l.ledgerId as string);
      }
      cursor = body.cursor;
      pages++;
    } while (cursor !== '');
    expect(pages).toBe(Math.ceil(facts.ledgers.length / 3));
    expect(seen).toEqual(facts.ledgers.map((l) => l.ledgerId));
  });

  it('filters by recipient handle', async () => {
    const busy = ledger(facts.busy.ledgerId);
    const r = await get(`/settlement/v1/ledgers?settlesForRecipientHandles=${encodeURIComponent(busy.recipientHandle)}`);
    expect(r.body).toMatchObject({ items: [{ ledgerId: busy.ledgerId, settlesForRecipientHandles: [busy.recipientHandle] }], cursor: '' });
    const none = await get('/settlement/v1/ledgers?settlesForRecipientHandles=api:1');
    expect(none.body).toEqual({ items: [], cursor: '' });
  });

  it('shows a merchant only its own sales unit, and 404s the rest', async () => {
    const r = await get('/settlement/v1/ledgers', asMerchant());
    const body = r.body as { items: Array<{ ledgerId: string; settlesForRecipientHandles: string[] }> };
    expect(body.items.map((l) => l.ledgerId)).toEqual([facts.merchantLedgerId]);
    expect(body.items[0]?.settlesForRecipientHandles).toEqual([`api:${CREDS.merchant.merchantSerialNumber}`]);
    const own = await get(`/report/v2/ledgers/${facts.merchantLedgerId}/funds/dates/${prevDay(TODAY)}`, asMerchant());
    expect(own.status).toBe(200);
    const foreign = await get(`/report/v2/ledgers/${facts.busy.ledgerId}/funds/dates/${prevDay(TODAY)}`, asMerchant());
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.body).toMatchObject({ status: 404, detail: 'No such ledgerId' });
  });

  it('rejects a malformed cursor', async () => {
    const r = await get('/settlement/v1/ledgers?cursor=%%%not-base64');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });
});

describe('ledger dates', () => {
  it('spreads the busy day over several pages with hasMore, cursor and the page-size header', async () => {
    const first = await get(`/report/v2/ledgers/${facts.busy.ledgerId}/funds/dates/${facts.busy.date}`);
    expect(first.headers.get('vipps-feed-page-size')).toBe('1000');
    const { pages, items } = await wholeDay(facts.busy.ledgerId, 'funds', facts.busy.date);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages.slice(0, -1)) {
      expect(p.items).toHaveLength(1000);
      expect(p).toMatchObject({ hasMore: true, tryLater: false, cursor: expect.any(String) });
    }
    const last = pages.at(-1);
    expect(last?.hasMore).toBe(false);
    expect(last && 'cursor' in last).toBe(false);
    expect(items.length).toBe(facts.busy.fundsEntries);
    expect(items.length).toBeGreaterThan(2500);
    expect(new Set(items.map((e) => e.pspReference)).size).toBe(items.length);
    for (const e of items) {
      expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(e.ledgerDate).toBe(facts.busy.date);
      expect(e.currency).toBe('NOK');
    }
    expectContinuous(items);
    expect(items[0]?.balanceBefore).toBe(0);

    const payout = items.at(-1);
    expect(payout?.entryType).toMatch(/^(payout-scheduled|scheduled-for-payout)$/);
    expect(payout?.pspReference).toMatch(new RegExp(`^${facts.busy.ledgerId}-\\d+$`));
    expect(payout?.balanceAfter).toBe(0);
    expect(payout?.recipientHandle).toBeNull();
    expect(items.filter((e) => e.entryType === 'capture').length).toBeGreaterThan(2000);
    expect(items.some((e) => e.entryType === 'refund' && e.amount < 0)).toBe(true);
  });

  it('books capture fees on the fees ledger and retains their sum on both ledgers', async () => {
    const date = facts.busy.date;
    const funds = (await wholeDay(facts.busy.ledgerId, 'funds', date)).items;
    const fees = (await wholeDay(facts.busy.ledgerId, 'fees', date)).items;
    expect(fees.length).toBe(facts.busy.feesEntries);
    expectContinuous(fees);
    expect(fees[0]?.balanceBefore).toBe(0);
    const retainedFees = fees.at(-1);
    expect(retainedFees?.entryType).toBe('fees-retained');
    expect(retainedFees?.balanceAfter).toBe(0);
    const captureFees = fees.filter((e) => e.entryType === 'capture-fee');
    expect(captureFees.length).toBe(fees.length - 1);
    const sum = captureFees.reduce((s, e) => s + e.amount, 0);
    expect(retainedFees?.amount).toBe(-sum);
    const retainedFunds = funds.find((e) => e.entryType === 'fees-retained');
    expect(retainedFunds?.amount).toBe(sum);
    expect(retainedFunds?.pspReference).toBe(retainedFees?.pspReference);

    // A capture fee carries its capture's pspReference; a few belong to the previous date's captures.
    const yesterday = (await wholeDay(facts.busy.ledgerId, 'funds', prevDay(date))).items;
    const captures = new Set([...funds, ...yesterday].filter((e) => e.entryType === 'capture').map((e) => e.pspReference));
    for (const f of captureFees) expect(captures.has(f.pspReference), f.pspReference).toBe(true);
    const todays = new Set(funds.map((e) => e.pspReference));
    expect(captureFees.some((f) => !todays.has(f.pspReference))).toBe(true);
  });

  it('carries balances across consecutive days', async () => {
    // Monthly payout: the balance accumulates from one date to the next.
    const large = facts.large.ledgerId;
    const d1 = (await wholeDay(large, 'funds', '2026-11-10')).items;
    const d2 = (await wholeDay(large, 'funds', '2026-11-11')).items;
    expectContinuous(d1);
    expectContinuous(d2);
    expect(d2[0]?.balanceBefore).toBe(d1.at(-1)?.balanceAfter);
    expect(d2[0]?.balanceBefore).toBeGreaterThan(0);
    expect(d1.some((e) => /payout/.test(e.entryType))).toBe(false);
    // Daily payout: yesterday ended at 0 after its payout, today starts there.
    const b1 = (await wholeDay(facts.busy.ledgerId, 'funds', prevDay(facts.busy.date))).items;
    expect(b1.at(-1)?.balanceAfter).toBe(0);
  });

  it('puts the FAQ bank reference on Danish and Finnish payouts: 02{Recipient:08}001{DD}{MM}{YY}{C} of the payout date', async () => {
    const nordic = facts.ledgers.filter((l) => l.currency !== 'NOK' && l.payout === 'daily');
    expect(nordic.length).toBeGreaterThanOrEqual(2);
    const date = prevDay(TODAY);
    let checked = 0;
    for (const l of nordic) {
      const payout = (await wholeDay(l.ledgerId, 'funds', date)).items.find((e) => /payout/.test(e.entryType));
      // A ledger whose balance is below zero that day has no payout (settlement.ts).
      if (facts.negativeBalances.some((n) => n.ledgerId === l.ledgerId && n.date === date)) {
        expect(payout, l.ledgerId).toBeUndefined();
        continue;
      }
      checked++;
      expect(payout, l.ledgerId).toBeDefined();
      const parsed = parseDkFiPayoutReference(payout?.reference ?? '');
      // Seed 002's example 02023452430010504243 is checked by the same parser (test/unit/bank-reference.test.ts).
      expect(parsed, payout?.reference).toMatchObject({ ledgerDate: date, checkDigitValid: true });
      expect(Number(parsed?.recipient)).toBe(Number(l.recipientHandle.split(':')[1]));
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('puts no bank text on Norwegian payouts: the FAQ says only Denmark and Finland carry it on the entry', async () => {
    const norwegian = facts.ledgers.filter((l) => l.currency === 'NOK' && l.payout === 'daily');
    expect(norwegian.length).toBeGreaterThanOrEqual(1);
    const date = prevDay(TODAY);
    let checked = 0;
    for (const l of norwegian) {
      const payout = (await wholeDay(l.ledgerId, 'funds', date)).items.find((e) => /payout/.test(e.entryType));
      if (!payout) continue; // a negative balance that day: no payout (settlement.ts)
      checked++;
      // Seed 002: the bank shows "Utb. {Recipient} Vippsnr {PayoutNumber}", but only "in Denmark and
      // Finland, the reference field of the payout-scheduled entry contains the same reference".
      expect(payout.reference, l.ledgerId).toBe('');
      expect(parseNoPayoutReference(payout.reference ?? '')).toBeNull();
      expect(payoutNumberOf(payout.pspReference, l.ledgerId)).toMatch(/^\d+$/);
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });

  it('lets the large merchant exceed 2^31 minor units and pays it out at month end', async () => {
    expect(facts.large.exceedsOn).not.toBeNull();
    const items = (await wholeDay(facts.large.ledgerId, 'funds', facts.large.exceedsOn ?? '')).items;
    const max = Math.max(...items.map((e) => e.balanceAfter));
    expect(max).toBeGreaterThan(2 ** 31);
    expect(Number.isSafeInteger(max)).toBe(true);
    const monthEnd = (await wholeDay(facts.large.ledgerId, 'funds', '2026-10-31')).items;
    const payout = monthEnd.at(-1);
    expect(payout?.entryType).toBe('payout-scheduled');
    expect(-(payout?.amount ?? 0)).toBeGreaterThan(2 ** 31);
    expect(payout?.balanceAfter).toBe(0);
  });

  it('serves today open: tryLater, entries only up to now, no fees-retained or payout yet', async () => {
    const today = await wholeDay(facts.busy.ledgerId, 'funds', TODAY);
    expect(today.pages.every((p) => p.tryLater)).toBe(true);
    expect(today.items.length).toBeGreaterThan(0);
    for (const e of today.items) {
      expect(e.time <= NOW.replace('Z', '.000000Z')).toBe(true);
      expect(e.entryType).not.toMatch(/payout|fees-retained/);
    }
    expectContinuous(today.items);
    // Yesterday on a daily-payout ledger with a positive balance: paid out, closed.
    expect(facts.openPastDates.some((o) => o.ledgerId === facts.busy.ledgerId)).toBe(false);
    const closed = await getPage(`/report/v2/ledgers/${facts.busy.ledgerId}/funds/dates/${prevDay(TODAY)}`);
    expect(closed.tryLater).toBe(false);
  });

  it('answers a date before history with no entries, closed', async () => {
    const page = await getPage(`/report/v2/ledgers/${facts.busy.ledgerId}/funds/dates/${prevDay(facts.historyStart)}`);
    expect(page).toEqual({ items: [], hasMore: false, tryLater: false });
  });

  it('rejects bad topics, dates and cursors with problem+json 400', async () => {
    const l = facts.busy.ledgerId;
    const cases = [
      `/report/v2/ledgers/${l}/payouts/dates/${facts.busy.date}`,
      `/report/v2/ledgers/${l}/funds/dates/2026-02-30`,
      `/report/v2/ledgers/${l}/funds/dates/20261119`,
      `/report/v2/ledgers/${l}/funds/dates/2026-11-21`,
      `/report/v2/ledgers/${l}/funds/dates/${facts.busy.date}?cursor=bm9wZQ==`,
      `/report/v2/ledgers/${l}/funds/dates/${facts.busy.date}?includeGDPRSensitiveData=maybe`,
      `/report/v2/ledgers/${l}/funds/feed?cursor=garbage!`,
      `/report/v2/ledgers/${l}/payouts/feed`,
    ];
    for (const path of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400, detail: expect.any(String) });
    }
    // A cursor of another date, topic or ledger is foreign.
    const page = await getPage(`/report/v2/ledgers/${l}/funds/dates/${facts.busy.date}`);
    const c = encodeURIComponent(page.cursor ?? '');
    expect((await get(`/report/v2/ledgers/${l}/fees/dates/${facts.busy.date}?cursor=${c}`)).status).toBe(400);
    expect((await get(`/report/v2/ledgers/${l}/funds/dates/${prevDay(facts.busy.date)}?cursor=${c}`)).status).toBe(400);
    expect((await get(`/report/v2/ledgers/${l}/funds/feed?cursor=${c}`)).status).toBe(400);
  });

  it('404s an unknown ledger, 410s the removed v1 endpoint, 404/405 unknown routes', async () => {
    const unknown = await get(`/report/v2/ledgers/000000/funds/dates/${facts.busy.date}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not Found', detail: 'No such ledgerId' });
    expect((await get('/report/v2/ledgers/000000/funds/feed')).status).toBe(404);
    const gone = await get(`/report/v1/ledgertransactions?ledgerId=${facts.busy.ledgerId}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');
    expect(gone.body).toMatchObject({ status: 410, title: 'Gone' });
    const noRoute = await get('/report/v3/anything');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body).toMatchObject({ status: 404 });
    const res = await fetch(`${base}/settlement/v1/ledgers`, { method: 'DELETE', headers: asAccounting() });
    expect(res.status).toBe(405);
  });
});

describe('GDPR-sensitive data', () => {
  it('adds payer fields only when asked, and only to Vippsnummer payments', async () => {
    const date = prevDay(TODAY);
    const vm = facts.ledgers.find((l) => l.kind === 'vm' && l.ledgerId !== facts.busy.ledgerId);
    expect(vm).toBeDefined();
    const plain = (await wholeDay(vm?.ledgerId ?? '', 'funds', date)).items;
    expect(plain.some((e) => 'name' in e || 'maskedPhoneNo' in e || 'message' in e)).toBe(false);
    const withGdpr = (await wholeDay(vm?.ledgerId ?? '', 'funds', date, 'includeGDPRSensitiveData=true')).items;
    expect(withGdpr.length).toBe(plain.length);
    for (const e of withGdpr) {
      if (e.entryType === 'capture' || e.entryType === 'refund') {
        expect(e.name).toMatch(/^\S+ \S+$/);
        expect(e.maskedPhoneNo).toMatch(/^xxxx \d{4}$/);
        expect('message' in e).toBe(true);
      } else {
        expect('name' in e).toBe(false);
      }
    }
    const api = (await wholeDay(facts.merchantLedgerId, 'funds', date, 'includeGDPRSensitiveData=true')).items;
    expect(api.some((e) => e.entryType === 'capture')).toBe(true);
    expect(api.some((e) => 'name' in e || 'maskedPhoneNo' in e)).toBe(false);
    const mpos = facts.ledgers.find((l) => l.kind === 'mpos');
    const mposItems = (await wholeDay(mpos?.ledgerId ?? '', 'funds', date, 'includeGDPRSensitiveData=true')).items;
    expect(mposItems.some((e) => 'name' in e)).toBe(false);
  });
});

describe('entry types from the open set', () => {
  it('emits correction, top-up, the old payout spelling and an unknown type where the facts say', async () => {
    const types = new Set(facts.unusualEntries.map((u) => u.entryType));
    for (const t of ['correction', 'top-up', 'scheduled-for-payout', 'adjustment-2027']) expect(types.has(t), t).toBe(true);
    for (const t of types) {
      const u = facts.unusualEntries.find((x) => x.entryType === t);
      const items = (await wholeDay(u?.ledgerId ?? '', 'funds', u?.date ?? '')).items;
      expect(
        items.some((e) => e.entryType === t),
        `${t} on ${u?.ledgerId} ${u?.date}`,
      ).toBe(true);
      expectContinuous(items);
    }
  });
});

describe('feed', () => {
  it('walks to the live end, then returns the same cursor with tryLater', async () => {
    const small = await startSandbox({ port: 0, now: NOW, vendors: { vipps: { pageSize: 7, historyDays: 3 } } });
    try {
      const b = `${small.origin}/vipps`;
      const token = await accountingTokenFor(b);
      const ledgerId = facts.ledgers.find((l) => l.currency === 'DKK' && l.kind === 'vm')?.ledgerId ?? '';
      const path = `/report/v2/ledgers/${ledgerId}/funds/feed`;
      const walked: Entry[] = [];
      let cursor: string | undefined;
      let last: { items: Entry[]; cursor: string; tryLater: boolean } | undefined;
      let pages = 0;
      for (;;) {
        const r = await get(`${path}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, asAccounting(token), b);
        expect(r.status).toBe(200);
        expect(r.headers.get('vipps-feed-page-size')).toBe('7');
        last = r.body as { items: Entry[]; cursor: string; tryLater: boolean };
        expect(last).not.toHaveProperty('hasMore');
        expect(typeof last.cursor).toBe('string');
        expect(last.cursor.length).toBeGreaterThan(0);
        expect(last.items.length).toBeLessThanOrEqual(7);
        walked.push(...last.items);
        cursor = last.cursor;
        pages++;
        if (last.tryLater) break;
        expect(last.items).toHaveLength(7);
        expect(pages).toBeLessThan(200);
      }
      expect(pages).toBeGreaterThan(3);

      const again = await get(`${path}?cursor=${encodeURIComponent(cursor)}`, asAccounting(token), b);
      expect(again.body).toEqual({ items: [], cursor, tryLater: true });

      // The feed is the dates, in order: history start to today (up to now).
      const expected: Entry[] = [];
      for (let d = '2026-11-17'; d <= TODAY; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
        expected.push(...(await wholeDay(ledgerId, 'funds', d, '', b, token)).items);
      }
      expect(walked).toEqual(expected);
      expect(walked.at(-1)?.ledgerDate).toBe(TODAY);
    } finally {
      await small.close();
    }
  });
});

describe('request counters', () => {
  it('count requests per endpoint at /_stats', async () => {
    await resetSandboxStats(sandbox.origin);
    await get('/settlement/v1/ledgers');
    await get(`/report/v2/ledgers/${facts.quietLedgerId}/funds/dates/${prevDay(TODAY)}`);
    await get(`/report/v2/ledgers/${facts.quietLedgerId}/fees/dates/${prevDay(TODAY)}`);
    await get(`/report/v2/ledgers/${facts.quietLedgerId}/funds/feed`);
    const stats = await sandboxStats(sandbox.origin);
    expect(stats.byEndpoint).toEqual({
      'vipps GET /settlement/v1/ledgers': 1,
      'vipps GET /report/v2/ledgers/:ledgerId/:topic/dates/:ledgerDate': 2,
      'vipps GET /report/v2/ledgers/:ledgerId/:topic/feed': 1,
    });
    expect(stats.total).toBe(4);
  });
});

describe('determinism', () => {
  it('gives identical pages for the same seed and different worlds for another', async () => {
    const a = await startSandbox({ port: 0, now: NOW, seed: 7 });
    const b = await startSandbox({ port: 0, now: NOW, seed: 7 });
    const c = await startSandbox({ port: 0, now: NOW, seed: 8 });
    try {
      const f7 = vippsSandboxFacts(7, { now: NOW });
      const texts = await Promise.all(
        [a, b].map(async (s) => {
          const origin = `${s.origin}/vipps`;
          const token = await accountingTokenFor(origin);
          const ledgers = await get('/settlement/v1/ledgers', asAccounting(token), origin);
          const day = await get(`/report/v2/ledgers/${f7.busy.ledgerId}/funds/dates/${f7.busy.date}`, asAccounting(token), origin);
          const feed = await get(`/report/v2/ledgers/${f7.quietLedgerId}/fees/feed`, asAccounting(token), origin);
          return [ledgers.text, day.text, feed.text];
        }),
      );
      expect(texts[0]).toEqual(texts[1]);
      const other = await get('/settlement/v1/ledgers', asAccounting(await accountingTokenFor(`${c.origin}/vipps`)), `${c.origin}/vipps`);
      expect(other.text).not.toEqual(texts[0]?.[0]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
