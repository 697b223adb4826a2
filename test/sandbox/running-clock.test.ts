import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockSettingsFromEnv } from '../../src/sandbox/core/clock-env.js';
import { SandboxClock } from '../../src/sandbox/core/clock.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { EASYPAY_SANDBOX_CREDENTIALS, type LedgerEntryWire } from '../../src/sandbox/easypay/index.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import type { EntryJson } from '../../src/sandbox/vipps/books.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';

/**
 * A running sandbox clock (`SANDBOX_CLOCK=run`, `SANDBOX_CLOCK_SPEED`), moved by an injected time
 * source instead of real sleeps: at 60 times real speed, one real second is a sandbox minute.
 * Friday 20 November 2026, 09:00 UTC is 10:00 in Oslo, a busy weekday morning.
 */
const START = '2026-11-20T09:00:00Z';
const SPEED = 60;
const TODAY = '2026-11-20';
const YESTERDAY = '2026-11-19';
const VIPPS = { historyDays: 2, pageSize: 100_000 };
const facts = vippsSandboxFacts(undefined, { now: START, historyDays: VIPPS.historyDays });
const busy = facts.busy.ledgerId;

/** Real time as the sandbox sees it; `advance` moves it by as much as `minutes` of sandbox time take. */
function realTime(): { now: () => number; advance: (minutes: number) => void } {
  let real = Date.parse('2030-01-01T00:00:00Z');
  return { now: () => real, advance: (minutes) => (real += (minutes * 60_000) / SPEED) };
}

interface DatePage {
  items: EntryJson[];
  tryLater: boolean;
  hasMore: boolean;
  cursor?: string;
}
interface FeedPage {
  items: EntryJson[];
  cursor: string;
  tryLater: boolean;
}

async function vipps<T>(sandbox: RunningSandbox, path: string): Promise<{ status: number; body: T }> {
  const base = `${sandbox.origin}/vipps`;
  const token = await accountingTokenFor(base);
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** A ledger date's funds entries and whether it is still open (every page; the last may be an empty one). */
async function fundsOn(sandbox: RunningSandbox, ledgerId: string, date: string): Promise<{ items: EntryJson[]; tryLater: boolean }> {
  const items: EntryJson[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10; guard++) {
    const r = await vipps<DatePage>(
      sandbox,
      `/report/v2/ledgers/${ledgerId}/funds/dates/${date}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    items.push(...r.body.items);
    if (!r.body.hasMore) return { items, tryLater: r.body.tryLater };
    cursor = r.body.cursor;
  }
  throw new Error('the date never ended');
}

/** The funds feed from `cursor` (the beginning when null) to the live end. */
async function feedToLiveEnd(
  sandbox: RunningSandbox,
  ledgerId: string,
  cursor: string | null,
): Promise<{ items: EntryJson[]; cursor: string }> {
  const items: EntryJson[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const r = await vipps<FeedPage>(
      sandbox,
      `/report/v2/ledgers/${ledgerId}/funds/feed${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(r.status).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.cursor;
    if (r.body.tryLater) return { items, cursor };
  }
  throw new Error('the feed never reached its live end');
}

describe('the sandbox clock', () => {
  it('stands still when fixed, and runs from its start at its speed on the injected real time', () => {
    const real = realTime();
    const fixed = new SandboxClock({ start: new Date(START), timeSource: real.now });
    const running = new SandboxClock({ start: new Date(START), mode: 'run', speed: SPEED, timeSource: real.now });
    real.advance(90);
    expect(fixed.now().toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(running.now().toISOString()).toBe('2026-11-20T10:30:00.000Z');
    // Tokens' lifetimes run on real time: 90 sandbox minutes at 60x are 90 real seconds.
    expect(running.realNow() - Date.parse('2030-01-01T00:00:00Z')).toBe(90_000);
    expect(running.describe()).toEqual({ now: '2026-11-20T10:30:00.000Z', mode: 'run', speed: SPEED });
    // Without a start it is the wall clock (of the time source), running.
    expect(new SandboxClock({ timeSource: real.now }).nowMs()).toBe(real.now());
  });

  it('reads SANDBOX_NOW, SANDBOX_CLOCK and SANDBOX_CLOCK_SPEED for the standalone sandbox, refusing what makes no sense', () => {
    expect(clockSettingsFromEnv({})).toEqual({ settings: { now: undefined, clock: 'run', clockSpeed: 1 } });
    expect(clockSettingsFromEnv({ SANDBOX_NOW: START })).toEqual({ settings: { now: new Date(START), clock: 'fixed', clockSpeed: 1 } });
    expect(clockSettingsFromEnv({ SANDBOX_NOW: START, SANDBOX_CLOCK: 'run', SANDBOX_CLOCK_SPEED: '60' })).toEqual({
      settings: { now: new Date(START), clock: 'run', clockSpeed: 60 },
    });
    expect(clockSettingsFromEnv({ SANDBOX_CLOCK_SPEED: '60' })).toEqual({ settings: { now: undefined, clock: 'run', clockSpeed: 60 } });
    const problems = (env: Record<string, string>) =>
      'problems' in clockSettingsFromEnv(env) ? (clockSettingsFromEnv(env) as { problems: string[] }).problems.join('\n') : '';
    expect(problems({ SANDBOX_CLOCK: 'walk' })).toContain('SANDBOX_CLOCK must be fixed');
    expect(problems({ SANDBOX_CLOCK_SPEED: 'fast' })).toContain('SANDBOX_CLOCK_SPEED must be a number');
    expect(problems({ SANDBOX_CLOCK_SPEED: '0' })).toContain('SANDBOX_CLOCK_SPEED must be above 0');
    expect(problems({ SANDBOX_CLOCK_SPEED: '100000' })).toContain('at most 86400');
    expect(problems({ SANDBOX_NOW: START, SANDBOX_CLOCK_SPEED: '60' })).toContain('set SANDBOX_CLOCK=run');
    expect(problems({ SANDBOX_NOW: 'yesterday' })).toContain('SANDBOX_NOW must be an ISO 8601 instant');
  });
});

describe('a running sandbox clock at 60 times real speed', () => {
  const real = realTime();
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      now: START,
      clock: 'run',
      clockSpeed: SPEED,
      timeSource: real.now,
      vendors: { vipps: VIPPS, easypay: { historyDays: 3 } },
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("books a busy hour's entries into the feed as the clock passes their time, each once", async () => {
    const before = await feedToLiveEnd(sandbox, busy, null);
    const lastBefore = before.items.at(-1)!;
    expect(lastBefore.ledgerDate).toBe(TODAY);
    expect(Date.parse(lastBefore.time)).toBeLessThanOrEqual(Date.parse(START));
    expect((await fetch(`${sandbox.origin}/_clock`).then((r) => r.json())) as unknown).toEqual({
      now: '2026-11-20T09:00:00.000Z',
      mode: 'run',
      speed: SPEED,
    });

    // Nothing arrives while the clock stands; an hour of sandbox time (a real minute) brings the hour's bookings.
    expect((await feedToLiveEnd(sandbox, busy, before.cursor)).items).toEqual([]);
    real.advance(60);
    const hour = await feedToLiveEnd(sandbox, busy, before.cursor);
    expect(hour.items.length).toBeGreaterThan(30);
    for (const e of hour.items) {
      expect(e.ledgerDate).toBe(TODAY);
      expect(Date.parse(e.time)).toBeGreaterThan(Date.parse(START) - 1);
      expect(Date.parse(e.time)).toBeLessThanOrEqual(Date.parse('2026-11-20T10:00:00Z'));
    }
    const seen = new Set(before.items.map((e) => `${e.pspReference}|${e.entryType}|${e.time}`));
    expect(hour.items.filter((e) => seen.has(`${e.pspReference}|${e.entryType}|${e.time}`))).toEqual([]);
    // The feed from the start now reads exactly what was read in two steps.
    expect((await feedToLiveEnd(sandbox, busy, null)).items).toEqual([...before.items, ...hour.items]);
  });

  it('never changes what it has booked: read later, today grows at its end and a closed date stays as it was', async () => {
    const todayAt10 = await fundsOn(sandbox, busy, TODAY);
    const yesterdayAt10 = await fundsOn(sandbox, busy, YESTERDAY);
    expect(todayAt10.tryLater).toBe(true);
    real.advance(60);
    expect(sandbox.clock.now().toISOString()).toBe('2026-11-20T11:00:00.000Z');
    const todayAt11 = await fundsOn(sandbox, busy, TODAY);
    expect(todayAt11.items.length).toBeGreaterThan(todayAt10.items.length);
    expect(todayAt11.items.slice(0, todayAt10.items.length)).toEqual(todayAt10.items);
    expect(await fundsOn(sandbox, busy, YESTERDAY)).toEqual(yesterdayAt10);

    // The same world as a sandbox started at 11:00 with its clock fixed: the running clock adds nothing of its own.
    const fixed = await startSandbox({ port: 0, now: '2026-11-20T11:00:00Z', vendors: { vipps: VIPPS } });
    try {
      expect(await fundsOn(fixed, busy, TODAY)).toEqual(todayAt11);
      expect(await fundsOn(fixed, busy, YESTERDAY)).toEqual(yesterdayAt10);
    } finally {
      await fixed.close();
    }
  });

  it('books Easypay entries as the clock passes their minute, and keeps them as they were', async () => {
    const list = async (): Promise<LedgerEntryWire[]> => {
      const res = await fetch(
        `${sandbox.origin}/easypay/2.0/report/ledger?${new URLSearchParams({ created_at: 'interval(2026-11-20 00:00,2026-11-20 23:59)', limit: '100' }).toString()}`,
        {
          headers: { AccountId: EASYPAY_SANDBOX_CREDENTIALS.accountId, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey },
        },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: LedgerEntryWire[] }).data;
    };
    const early = await list();
    real.advance(6 * 60);
    const later = await list();
    expect(later.length).toBeGreaterThan(early.length);
    expect(later.slice(0, early.length)).toEqual(early);
    const now = sandbox.clock.now().getTime();
    for (const e of later) expect(Date.parse(e.created_at)).toBeLessThan(now + 60_000);
  });
});

describe("a running sandbox clock at a ledger's cutoff", () => {
  it("turns the 04:00 ledger's today over at 04:00 in Oslo, closing the day with its payout", async () => {
    // 02:58 UTC on 20 November is 03:58 in Oslo: the kiosk ledger (04:00 to 04:00) is still on the 19th.
    const real = realTime();
    const sandbox = await startSandbox({
      port: 0,
      now: '2026-11-20T02:58:00Z',
      clock: 'run',
      clockSpeed: SPEED,
      timeSource: real.now,
      vendors: { vipps: VIPPS },
    });
    const kiosk = vippsSandboxFacts(undefined, { now: '2026-11-20T02:58:00Z', historyDays: VIPPS.historyDays }).cutoffLedgerId;
    try {
      const future = await vipps<{ detail: string }>(sandbox, `/report/v2/ledgers/${kiosk}/funds/dates/${TODAY}`);
      expect(future.status).toBe(400);
      const open = await fundsOn(sandbox, kiosk, YESTERDAY);
      expect(open.tryLater).toBe(true);
      expect(open.items.some((e) => e.entryType === 'payout-scheduled' || e.entryType === 'payout')).toBe(false);

      real.advance(3);
      expect(sandbox.clock.now().toISOString()).toBe('2026-11-20T03:01:00.000Z');
      const started = await fundsOn(sandbox, kiosk, TODAY);
      expect(started.tryLater).toBe(true);
      const closed = await fundsOn(sandbox, kiosk, YESTERDAY);
      // The date grew by its end-of-day entries only, and what was there is unchanged.
      expect(closed.items.slice(0, open.items.length)).toEqual(open.items);
      expect(closed.items.length).toBeGreaterThan(open.items.length);
      expect(closed.tryLater).toBe(false);
    } finally {
      await sandbox.close();
    }
  });
});

describe("a running sandbox clock at a month's end", () => {
  it("brings Dintero's billing report of the month that ended as the clock passes midnight", async () => {
    const real = realTime();
    const sandbox = await startSandbox({ port: 0, now: '2026-11-30T23:59:00Z', clock: 'run', clockSpeed: SPEED, timeSource: real.now });
    try {
      const c = DINTERO_SANDBOX_CREDENTIALS.test;
      const base = `${sandbox.origin}/dintero/v1/accounts/${c.accountId}`;
      const tokenRes = await fetch(`${base}/auth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
        },
        body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${c.accountId}` }),
      });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const reports = async () => {
        const res = await fetch(`${base}/billing/reports?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as { reports: Array<{ id: string }> }).reports.map((r) => r.id);
      };
      const november = `br_${c.accountId}_2026-11`;
      const before = await reports();
      expect(before).not.toContain(november);
      real.advance(2);
      const after = await reports();
      expect(after).toContain(november);
    } finally {
      await sandbox.close();
    }
  });
});
