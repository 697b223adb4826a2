import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts, type VippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import type { EntryJson } from '../../src/sandbox/vipps/books.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';
import { get as sandboxGet } from '../helpers/sandbox-http.js';

/**
 * The days integrations get wrong, as the sandbox serves them: ledger dates that run midnight to
 * midnight in the merchant's time zone (also on the days of 23 and 25 hours), dates the Report
 * API keeps open after they have passed, pages that say `hasMore` before an empty page, JWT-shaped
 * tokens, and a clock fixed by `SANDBOX_NOW`. Expected instants below are worked out by hand from
 * the zones' rules (CET/CEST, EET/EEST; DST changes at 01:00 UTC on the last Sundays of March and
 * October), not by the sandbox's own arithmetic.
 */

interface DatePage {
  items: EntryJson[];
  hasMore: boolean;
  cursor?: string;
  tryLater: boolean;
}

interface World {
  sandbox: RunningSandbox;
  facts: VippsSandboxFacts;
  base: string;
  token: string;
}

const opened: RunningSandbox[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

async function world(now: string, vipps: Record<string, unknown> = {}): Promise<World> {
  const sandbox = await startSandbox({ port: 0, now, vendors: { vipps } });
  opened.push(sandbox);
  const base = `${sandbox.origin}/vipps`;
  const facts = vippsSandboxFacts(undefined, { now, historyDays: vipps.historyDays as number | undefined });
  return { sandbox, facts, base, token: await accountingTokenFor(base) };
}

const get = (w: World, path: string) => sandboxGet(`${w.base}${path}`, { authorization: `Bearer ${w.token}` });

async function page(w: World, ledgerId: string, date: string, cursor?: string, topic = 'funds'): Promise<DatePage> {
  const r = await get(w, `/report/v2/ledgers/${ledgerId}/${topic}/dates/${date}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as DatePage;
}

async function wholeDate(w: World, ledgerId: string, date: string, topic = 'funds'): Promise<{ pages: DatePage[]; items: EntryJson[] }> {
  const pages: DatePage[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(w, ledgerId, date, cursor, topic);
    pages.push(p);
    cursor = p.hasMore ? p.cursor : undefined;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return { pages, items: pages.flatMap((p) => p.items) };
}

const byCountry = (f: VippsSandboxFacts, currency: string, kind?: string) => {
  const l = f.ledgers.find((x) => x.currency === currency && (kind === undefined || x.kind === kind));
  if (!l) throw new Error(`no ${currency} ledger`);
  return l;
};

/** Every entry lies in [start, end) and the day-closing entries sit at its very end. */
function expectWithin(items: EntryJson[], start: string, end: string): void {
  expect(items.length).toBeGreaterThan(0);
  const s = Date.parse(start);
  const e = Date.parse(end);
  for (const item of items) {
    const t = Date.parse(item.time);
    expect(t >= s && t < e, `${item.entryType} at ${item.time} not in [${start}, ${end})`).toBe(true);
  }
}

describe("ledger dates in the merchant's time zone", () => {
  it('at 22:30 UTC in summer it is already tomorrow in Oslo, Copenhagen and Helsinki', async () => {
    const w = await world('2026-07-01T22:30:00Z', { historyDays: 5 });
    // Ledgers cut at midnight; the one cut at 04:00 (00:30 in Oslo) is still on 1 July.
    for (const l of w.facts.ledgers) expect(l.today, l.timeZone).toBe(l.dateCutoffMinutes === 0 ? '2026-07-02' : '2026-07-01');
    expect(w.facts.today).toBe('2026-07-01');
    const no = byCountry(w.facts, 'NOK', 'vm');
    const fi = byCountry(w.facts, 'EUR', 'mpos');
    expect(no.timeZone).toBe('Europe/Oslo');
    expect(fi.timeZone).toBe('Europe/Helsinki');

    // Oslo's 2 July began at 22:00 UTC (CEST, UTC+2): open, with what happened since.
    const today = await wholeDate(w, no.ledgerId, '2026-07-02');
    expect(today.pages.every((p) => p.tryLater)).toBe(true);
    for (const e of today.items)
      expect(e.time >= '2026-07-01T22:00:00.000000Z' && e.time <= '2026-07-01T22:30:00.000000Z', e.time).toBe(true);
    // 1 July is a whole, closed day: 30 June 22:00 UTC to 1 July 22:00 UTC.
    const yesterday = await wholeDate(w, no.ledgerId, '2026-07-01');
    expect(yesterday.pages.at(-1)?.tryLater).toBe(false);
    expectWithin(yesterday.items, '2026-06-30T22:00:00Z', '2026-07-01T22:00:00Z');
    expect(yesterday.items.at(-1)?.time).toBe('2026-07-01T21:59:59.900000Z');
    // Helsinki (EEST, UTC+3): 30 June 21:00 UTC to 1 July 21:00 UTC.
    const fiDay = await wholeDate(w, fi.ledgerId, '2026-07-01');
    expectWithin(fiDay.items, '2026-06-30T21:00:00Z', '2026-07-01T21:00:00Z');
    // Tomorrow in Oslo is still the future.
    expect((await get(w, `/report/v2/ledgers/${no.ledgerId}/funds/dates/2026-07-03`)).status).toBe(400);
  });

  it('at 22:30 UTC in winter Oslo and Copenhagen are still on the UTC date, Helsinki is on the next', async () => {
    const w = await world('2026-01-15T22:30:00Z', { historyDays: 5 });
    const no = byCountry(w.facts, 'NOK', 'vm');
    const dk = byCountry(w.facts, 'DKK', 'vm');
    const fi = byCountry(w.facts, 'EUR', 'mpos');
    expect([no.today, dk.today, fi.today]).toEqual(['2026-01-15', '2026-01-15', '2026-01-16']);
    // Oslo (CET, UTC+1): 15 January runs 14 Jan 23:00 UTC to 15 Jan 23:00 UTC and is open at 23:30 local.
    const noToday = await wholeDate(w, no.ledgerId, '2026-01-15');
    expect(noToday.pages.every((p) => p.tryLater)).toBe(true);
    expectWithin(noToday.items, '2026-01-14T23:00:00Z', '2026-01-15T22:30:00.000001Z');
    expect((await get(w, `/report/v2/ledgers/${no.ledgerId}/funds/dates/2026-01-16`)).status).toBe(400);
    // Helsinki (EET, UTC+2) is at 00:30 on the 16th: the 15th closed at 22:00 UTC, the 16th is open.
    const fiDay = await wholeDate(w, fi.ledgerId, '2026-01-15');
    expect(fiDay.pages.at(-1)?.tryLater).toBe(false);
    expectWithin(fiDay.items, '2026-01-14T22:00:00Z', '2026-01-15T22:00:00Z');
    const fiToday = await page(w, fi.ledgerId, '2026-01-16');
    expect(fiToday.tryLater).toBe(true);
    for (const e of fiToday.items) expect(e.time >= '2026-01-15T22:00:00.000000Z').toBe(true);
  });

  it('books the spring-forward day as 23 hours and the fall-back day as 25', async () => {
    const spring = await world('2026-04-10T12:00:00Z', { historyDays: 20 });
    const no = byCountry(spring.facts, 'NOK', 'vm');
    // 29 March 2026 in Oslo: 28 Mar 23:00 UTC (CET) to 29 Mar 22:00 UTC (CEST).
    const march = await wholeDate(spring, no.ledgerId, '2026-03-29');
    expectWithin(march.items, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');
    expect(march.items.find((e) => e.entryType === 'fees-retained')?.time).toBe('2026-03-29T21:59:59.000000Z');
    expect(march.items.at(-1)?.time).toBe('2026-03-29T21:59:59.900000Z');
    const fees = await wholeDate(spring, no.ledgerId, '2026-03-29', 'fees');
    expectWithin(fees.items, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');

    const autumn = await world('2026-11-20T14:30:00Z');
    // 25 October 2026 in Oslo: 24 Oct 22:00 UTC (CEST) to 25 Oct 23:00 UTC (CET).
    const october = await wholeDate(autumn, no.ledgerId, '2026-10-25');
    expectWithin(october.items, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z');
    expect(october.items.at(-1)?.time).toBe('2026-10-25T22:59:59.900000Z');
    // The extra hour has sales in it: the day really is 25 hours long.
    expect(october.items.some((e) => e.entryType === 'capture' && e.time >= '2026-10-25T22:00:00Z')).toBe(true);
    // The next day starts where this one ended.
    const next = await wholeDate(autumn, no.ledgerId, '2026-10-26');
    expectWithin(next.items, '2026-10-25T23:00:00Z', '2026-10-26T23:00:00Z');
  });

  it('stands at 00:30 in Oslo while UTC is still on the fall-back day', async () => {
    const w = await world('2026-10-25T23:30:00Z', { historyDays: 3 });
    const no = byCountry(w.facts, 'NOK', 'vm');
    expect(no.today).toBe('2026-10-26');
    expect(w.facts.today).toBe('2026-10-25');
    const today = await page(w, no.ledgerId, '2026-10-26');
    expect(today.tryLater).toBe(true);
    for (const e of today.items) expect(e.time >= '2026-10-25T23:00:00.000000Z' && e.time <= '2026-10-25T23:30:00.000000Z').toBe(true);
    const yesterday = await wholeDate(w, no.ledgerId, '2026-10-25');
    expect(yesterday.pages.at(-1)?.tryLater).toBe(false);
    expect(yesterday.items.some((e) => /payout/.test(e.entryType))).toBe(true);
  });
});

describe('dates the Report API keeps open', () => {
  it("keeps a monthly-payout ledger's dates open until the month's payout, then closes them", async () => {
    const w = await world('2026-11-20T14:30:00Z');
    const monthly = w.facts.ledgers.find((l) => l.payout === 'monthly');
    expect(monthly).toBeDefined();
    const id = monthly?.ledgerId ?? '';
    const open = w.facts.openPastDates.filter((o) => o.ledgerId === id);
    expect(open.map((o) => o.date)).toEqual(Array.from({ length: 19 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`));
    expect(open.every((o) => o.reason === 'awaiting-payout')).toBe(true);
    const first = await wholeDate(w, id, '2026-11-01');
    expect(first.pages.every((p) => p.tryLater)).toBe(true);
    expect(first.items.length).toBeGreaterThan(0);
    // October was paid out at its end: its dates are closed.
    const october = await wholeDate(w, id, '2026-10-31');
    expect(october.pages.every((p) => !p.tryLater)).toBe(true);
    expect(october.items.at(-1)?.entryType).toBe('payout-scheduled');
    expect((await page(w, id, '2026-10-02')).tryLater).toBe(false);
    // A weekly ledger's dates wait for Sunday's payout the same way.
    const weekly = w.facts.ledgers.find((l) => l.payout === 'weekly');
    const weekOpen = w.facts.openPastDates.filter((o) => o.ledgerId === weekly?.ledgerId).map((o) => o.date);
    expect(weekOpen).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
    expect((await page(w, weekly?.ledgerId ?? '', '2026-11-16')).tryLater).toBe(true);
    expect((await page(w, weekly?.ledgerId ?? '', '2026-11-15')).tryLater).toBe(false);
  });

  it('pays nothing out on a negative balance, carries it on and keeps the dates open for weeks', async () => {
    // Find the world's long negative spell, then stand inside it.
    const later = vippsSandboxFacts(undefined, { now: '2026-11-20T14:30:00Z' });
    const quiet = later.quietLedgerId;
    const negative = later.negativeBalances.filter((n) => n.ledgerId === quiet).map((n) => n.date);
    expect(negative.length).toBeGreaterThanOrEqual(14);
    const spellStart = negative[0] ?? '';
    const inside = negative[14] ?? '';
    const w = await world(`${inside}T12:00:00Z`, { historyDays: 60 });
    const open = w.facts.openPastDates.filter((o) => o.ledgerId === quiet);
    const openDates = open.map((o) => o.date);
    expect(openDates.length).toBeGreaterThanOrEqual(14);
    expect(openDates).toContain(spellStart);
    expect(open.every((o) => o.reason === 'negative-balance')).toBe(true);

    let carried: number | undefined;
    for (const date of openDates) {
      const day = await wholeDate(w, quiet, date);
      expect(
        day.pages.every((p) => p.tryLater),
        date,
      ).toBe(true);
      // No payout and nothing invented to clear the balance: it ends the date below zero ...
      expect(
        day.items.some((e) => /payout|top-up/.test(e.entryType)),
        date,
      ).toBe(false);
      const first = day.items[0];
      const last = day.items.at(-1);
      if (carried !== undefined && first) expect(first.balanceBefore, date).toBe(carried);
      if (last) carried = last.balanceAfter;
      for (const e of day.items) expect(e.balanceBefore + e.amount).toBe(e.balanceAfter);
    }
    expect(carried).toBeLessThan(0);

    // ... until the sales have made it good: then one payout settles it, and every date closes.
    const end = later.negativeBalances.filter((n) => n.ledgerId === quiet && n.date >= spellStart);
    let payoutDay = spellStart;
    while (end.some((n) => n.date === payoutDay))
      payoutDay = new Date(Date.parse(`${payoutDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const after = await world('2026-11-20T14:30:00Z');
    const settled = await wholeDate(after, quiet, payoutDay);
    const payout = settled.items.at(-1);
    expect(payout?.entryType).toMatch(/payout/);
    expect(payout?.balanceAfter).toBe(0);
    expect(settled.items[0]?.balanceBefore).toBeLessThan(0);
    for (const date of [spellStart, inside]) expect((await page(after, quiet, date)).tryLater, date).toBe(false);
  });
});

describe("how a date's pages end", () => {
  it('says hasMore on a last page now and then, and the next page is empty', async () => {
    const w = await world('2026-11-20T14:30:00Z', { pageSize: 50 });
    const quirk = w.facts.pageEndings.find((p) => p.ending === 'empty-page-after-last' && p.topic === 'funds');
    expect(quirk).toBeDefined();
    const { ledgerId, date } = quirk!;
    const day = await wholeDate(w, ledgerId, date);
    const last = day.pages.at(-1);
    expect(last).toEqual({ items: [], hasMore: false, tryLater: day.pages[0]?.tryLater });
    const beforeLast = day.pages.at(-2);
    expect(beforeLast?.hasMore).toBe(true);
    expect(beforeLast?.items.length).toBeGreaterThan(0);

    const withCursor = w.facts.pageEndings.find((p) => p.ending === 'cursor-on-last-page' && p.topic === 'funds');
    const lastPages = await wholeDate(w, withCursor!.ledgerId, withCursor!.date);
    const final = lastPages.pages.at(-1);
    expect(final?.hasMore).toBe(false);
    expect(typeof final?.cursor).toBe('string');
    // Following it anyway gives nothing more.
    const beyond = await page(w, withCursor!.ledgerId, withCursor!.date, final?.cursor);
    expect(beyond.items).toEqual([]);
    expect(beyond.hasMore).toBe(false);
  });

  it('says hasMore on a last page that is exactly full', async () => {
    const probe = await world('2026-11-20T14:30:00Z');
    const quiet = probe.facts.quietLedgerId;
    const date = '2026-11-10';
    const count = (await wholeDate(probe, quiet, date)).items.length;
    expect(count).toBeGreaterThan(1);
    const w = await world('2026-11-20T14:30:00Z', { pageSize: count });
    const first = await page(w, quiet, date);
    expect(first.items).toHaveLength(count);
    expect(first.hasMore).toBe(true);
    const second = await page(w, quiet, date, first.cursor);
    expect(second).toMatchObject({ items: [], hasMore: false });
  });
});

describe('a capture and its refund under one pspReference', () => {
  it("books both on the funds ledger and answers both from the Sales API's pspReference lookup", async () => {
    const w = await world('2026-11-20T14:30:00Z');
    expect(w.facts.refundsSharingPsp.length).toBeGreaterThan(3);
    const shared = w.facts.refundsSharingPsp[0]!;
    const day = await wholeDate(w, shared.ledgerId, shared.date);
    const both = day.items.filter((e) => e.pspReference === shared.pspReference);
    expect(both.map((e) => e.entryType)).toEqual(['capture', 'refund']);
    expect(both[1]!.amount).toBeLessThan(0);
    // The lookup pages (cursor, hasMore) like the Sales API's own answers: read it to the end.
    type Lookup = { items: Array<{ entryType: string; amounts: { gross: number } }>; cursor?: string; hasMore: boolean };
    const events: Lookup['items'] = [];
    let cursor: string | undefined;
    do {
      const r = await get(
        w,
        `/sales/report/v1/ledgers/${shared.ledgerId}/psp-references/${shared.pspReference}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const page = r.body as Lookup;
      events.push(...page.items);
      cursor = page.hasMore ? page.cursor : undefined;
    } while (cursor);
    expect(events.map((e) => e.entryType)).toEqual(['capture', 'refund']);
    expect(events.map((e) => e.amounts.gross)).toEqual(both.map((e) => e.amount));
  });
});

describe('access tokens', () => {
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

  it('are JWT-shaped: three base64url parts, exp in the payload', async () => {
    const w = await world('2026-11-20T14:30:00Z', { accountingTokenTtlSeconds: 900 });
    const parts = w.token.split('.');
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decode(parts[0]!)).toMatchObject({ typ: 'JWT', alg: 'RS256' });
    const claims = decode(parts[1]!);
    expect(typeof claims.exp).toBe('number');
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    // The seed's example token begins so: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1Ni`.
    expect(w.token.startsWith('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1Ni')).toBe(true);

    const { VIPPS_SANDBOX_CREDENTIALS: c } = await import('../../src/sandbox/vipps/index.js');
    const res = await fetch(`${w.base}/accesstoken/get`, {
      method: 'POST',
      headers: {
        client_id: c.merchant.clientId,
        client_secret: c.merchant.clientSecret,
        'Ocp-Apim-Subscription-Key': c.merchant.subscriptionKey,
      },
    });
    const body = (await res.json()) as { access_token: string; expires_on: string };
    const merchantClaims = decode(body.access_token.split('.')[1]!);
    expect(String(merchantClaims.exp)).toBe(body.expires_on);
  });
});

describe('SANDBOX_NOW', () => {
  function runSandbox(
    env: Record<string, string>,
  ): Promise<{ origin: string | null; code: number | null; output: string; stop: () => void }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts'], {
      env: { ...process.env, SANDBOX_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    return new Promise((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) resolve({ origin: m[1] ?? null, code: null, output, stop: () => child.kill('SIGTERM') });
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => resolve({ origin: null, code, output, stop: () => undefined }));
    });
  }

  it("fixes the standalone sandbox's clock, and a malformed one is refused", async () => {
    const run = await runSandbox({ SANDBOX_NOW: '2026-10-25T23:30:00Z' });
    try {
      expect(run.origin).not.toBeNull();
      expect(run.output).toContain('clock fixed at 2026-10-25T23:30:00.000Z');
      const base = `${run.origin}/vipps`;
      const token = await accountingTokenFor(base);
      const facts = vippsSandboxFacts(undefined, { now: '2026-10-25T23:30:00Z' });
      const no = byCountry(facts, 'NOK', 'vm');
      const res = await fetch(`${base}/report/v2/ledgers/${no.ledgerId}/funds/dates/2026-10-26`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as DatePage).tryLater).toBe(true);
    } finally {
      run.stop();
    }
    const bad = await runSandbox({ SANDBOX_NOW: 'yesterday' });
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('SANDBOX_NOW must be an ISO 8601 instant');
  }, 30_000);
});
