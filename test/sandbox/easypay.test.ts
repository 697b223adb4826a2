import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import {
  DIRECTION,
  EASYPAY_SANDBOX_CREDENTIALS,
  TRANSACTION_TYPES,
  easypaySandboxFacts,
  type LedgerEntryWire,
} from '../../src/sandbox/easypay/index.js';
import { plusDays } from '../helpers/calendar.js';
import { lisbonDate, lisbonMidnightMs, utcMinuteText } from '../helpers/lisbon.js';
import { get as sandboxGet, resetSandboxStats, sandboxStats } from '../helpers/sandbox-http.js';

const NOW = '2026-11-20T14:30:00Z';
const SEED = 4242;
const AUTH = { AccountId: EASYPAY_SANDBOX_CREDENTIALS.accountId, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey };
const FORBIDDEN = { status: 'error', message: ['Authentication failed'] };
const ENDPOINT = 'easypay GET /2.0/report/ledger';

interface LedgerPage {
  metadata: { next_cursor: string | null; count: number };
  data: LedgerEntryWire[];
}

const facts = easypaySandboxFacts(SEED, { now: NOW });
let sandbox: RunningSandbox;
/** Every entry of the history, walked in 30-day windows with limit 100. */
let history: LedgerEntryWire[];

const get = (params: Record<string, string>, headers: Record<string, string> = AUTH, origin = sandbox.origin) =>
  sandboxGet(`${origin}/easypay/2.0/report/ledger?${new URLSearchParams(params).toString()}`, headers);

async function page(params: Record<string, string>, origin = sandbox.origin): Promise<LedgerPage> {
  const res = await get(params, AUTH, origin);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as LedgerPage;
}

/** Follows `next_cursor` to the end; returns the entries and the end signal seen. */
async function walk(
  params: Record<string, string>,
  origin = sandbox.origin,
): Promise<{ entries: LedgerEntryWire[]; end: string | null; pages: number }> {
  const entries: LedgerEntryWire[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const p = await page(cursor ? { ...params, cursor } : params, origin);
    pages++;
    expect(p.metadata.count).toBe(p.data.length);
    entries.push(...p.data);
    if (p.metadata.next_cursor === null || p.metadata.next_cursor === '') {
      return { entries, end: p.metadata.next_cursor, pages };
    }
    cursor = p.metadata.next_cursor;
  }
}

/** The minute an entry was created in, `YYYY-MM-DD HH:MM` UTC: the form the `created_at` filter takes. */
function minuteText(e: { created_at: string }): string {
  return e.created_at.slice(0, 16).replace('T', ' ');
}

function interval(from: string, to: string): string {
  return `interval(${from},${to})`;
}

/** Exact decimal string to integer cents, without floating point. */
function cents(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const value = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: SEED, now: NOW, vendors: { easypay: {} } });
  history = [];
  // 30-day windows meeting at minute precision: [start, start + 30d - 1min], then the next.
  for (let start = facts.historyStart; start <= facts.today; start = plusDays(start, 30)) {
    const { entries } = await walk({ created_at: interval(`${start} 00:00`, `${plusDays(start, 29)} 23:59`), limit: '100' });
    history.push(...entries);
  }
});

afterAll(async () => {
  await sandbox.close();
});

describe('easypay sandbox: auth', () => {
  it('answers 403 with the vendor body when credentials are missing or wrong, never 401', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { AccountId: AUTH.AccountId },
      { ApiKey: AUTH.ApiKey },
      { AccountId: AUTH.AccountId, ApiKey: '00000000-0000-4000-8000-000000000000' },
      { AccountId: AUTH.ApiKey, ApiKey: AUTH.AccountId },
    ];
    for (const headers of attempts) {
      const res = await get({}, headers);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    }
  });

  it('checks credentials before validating the query', async () => {
    const res = await get({ limit: '1000' }, {});
    expect(res.status).toBe(403);
    expect(res.body).toEqual(FORBIDDEN);
  });
});

describe('easypay sandbox: query validation', () => {
  function expect412(res: { status: number; body: unknown }) {
    expect(res.status).toBe(412);
    expect(res.body).toMatchObject({ status: 'error' });
    const message = (res.body as { message: unknown }).message;
    expect(Array.isArray(message)).toBe(true);
    expect((message as unknown[]).every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
  }

  it('accepts limit 1..100, defaults to 100, and answers 412 otherwise', async () => {
    expect((await page({})).data).toHaveLength(100);
    expect((await page({ limit: '100' })).data).toHaveLength(100);
    expect((await page({ limit: '1' })).data).toHaveLength(1);
    for (const limit of ['0', '101', '1000', 'abc', '1.5', '-1', '']) expect412(await get({ limit }));
  });

  it('parses created_at intervals and rejects malformed, reversed and over-long ones', async () => {
    const day = plusDays(facts.today, -3);
    const ok = await page({ created_at: interval(`${day} 00:00`, `${day} 23:59`) });
    expect(ok.metadata.count).toBe(facts.countsByDay[day]);
    expect(ok.data.every((e) => e.created_at.startsWith(day))).toBe(true);

    for (const created_at of [
      `${day} 00:00,${day} 23:59`,
      `interval(${day},${day})`,
      `interval(${day} 00:00:00,${day} 23:59:00)`,
      `interval(${day}T00:00,${day}T23:59)`,
      `interval(${day} 00:00;${day} 23:59)`,
      'interval(2026-02-30 00:00,2026-03-01 00:00)',
      `interval(${day} 24:00,${day} 23:59)`,
      `interval(${day} 00:60,${day} 23:59)`,
      'between(2026-11-01 00:00,2026-11-02 00:00)',
      '',
    ]) {
      expect412(await get({ created_at }));
    }
    // Reversed, even by one minute.
    expect412(await get({ created_at: interval(`${day} 10:01`, `${day} 10:00`) }));
    // 30 days is the maximum; one minute more is not.
    expect((await get({ created_at: interval('2026-10-01 00:00', '2026-10-31 00:00') })).status).toBe(200);
    expect412(await get({ created_at: interval('2026-10-01 00:00', '2026-10-31 00:01') }));
    expect412(await get({ created_at: interval('2026-01-01 00:00', '2026-11-01 00:00') }));
  });

  it('rejects an unknown transaction_type', async () => {
    expect412(await get({ transaction_type: 'XX' }));
    expect412(await get({ transaction_type: 'cp' }));
  });

  it('rejects malformed, tampered and foreign cursors', async () => {
    const created_at = interval(`${plusDays(facts.today, -5)} 00:00`, `${plusDays(facts.today, -1)} 23:59`);
    const first = await page({ created_at, limit: '10' });
    const cursor = first.metadata.next_cursor;
    expect(typeof cursor).toBe('string');
    expect(cursor).not.toBe('');
    // The same cursor works with the same filters and a different limit.
    expect((await page({ created_at, limit: '5', cursor: cursor as string })).data).toHaveLength(5);

    expect412(await get({ created_at, cursor: 'not a cursor' }));
    expect412(await get({ created_at, cursor: 'lL_j7ilk7rc' }));
    const decoded = Buffer.from(cursor as string, 'base64url').toString('utf8');
    const tampered = Buffer.from(decoded.replace(/\.(\d+)\./, (_, n: string) => `.${Number(n) + 1}.`)).toString('base64url');
    expect412(await get({ created_at, cursor: tampered }));
    // Issued for other filters.
    expect412(await get({ cursor: cursor as string }));
    expect412(await get({ created_at, transaction_type: 'CP', cursor: cursor as string }));
    expect412(await get({ created_at, transfer_batch: '1', cursor: cursor as string }));
  });
});

describe('easypay sandbox: windows and pagination', () => {
  it('walks the whole history in 30-day windows to exactly the generated entries', () => {
    expect(history).toHaveLength(facts.totalEntries);
    expect(new Set(history.map((e) => e.id)).size).toBe(history.length);
    // The history starts on a Lisbon date (the account's days), whose midnight is 23:00 UTC in summer.
    expect(minuteText(history[0]!) >= utcMinuteText(lisbonMidnightMs(facts.historyStart))).toBe(true);
    expect(minuteText(history[0]!) < utcMinuteText(lisbonMidnightMs(plusDays(facts.historyStart, 1)))).toBe(true);
  });

  it('orders by created_at then id, with several entries sharing a minute', () => {
    for (let i = 1; i < history.length; i++) {
      const a = history[i - 1] as LedgerEntryWire;
      const b = history[i] as LedgerEntryWire;
      expect(a.created_at < b.created_at || (a.created_at === b.created_at && a.id < b.id)).toBe(true);
    }
    const minutes = new Map<string, number>();
    for (const e of history) minutes.set(minuteText(e), (minutes.get(minuteText(e)) ?? 0) + 1);
    expect([...minutes.values()].filter((n) => n > 1).length).toBeGreaterThan(20);
    // Entries sharing a minute mostly do not share a second: created_at is to the second.
    const seconds = new Set(history.map((e) => e.created_at));
    expect(seconds.size).toBeGreaterThan(minutes.size);
  });

  it('includes both ends of an interval at minute precision', async () => {
    const midnight = facts.midnightDay;
    expect(midnight).not.toBeNull();
    const date = midnight?.date as string;
    const at = `${date} 00:00`;
    // End inclusive: the window ending exactly at 00:00 has the midnight entries as its last ones.
    const before = await page({ created_at: interval(`${plusDays(date, -1)} 23:00`, at) });
    expect(before.data.filter((e) => minuteText(e) === at)).toHaveLength(midnight?.entriesAtMidnight as number);
    expect(minuteText(before.data.at(-1)!)).toBe(at);
    // Start inclusive.
    const after = await page({ created_at: interval(at, `${date} 01:00`) });
    expect(after.data.slice(0, midnight?.entriesAtMidnight).every((e) => minuteText(e) === at)).toBe(true);
    // A one-minute window: every second of it.
    const single = await page({ created_at: interval(at, at) });
    expect(single.data.map((e) => e.id)).toEqual(history.filter((e) => minuteText(e) === at).map((e) => e.id));
    // Adjacent windows [a, b] and [b + 1 minute, c] lose and repeat nothing.
    const left = await page({ created_at: interval(`${plusDays(date, -1)} 12:00`, `${plusDays(date, -1)} 23:59`) });
    const right = await page({ created_at: interval(at, `${date} 12:00`) });
    const whole = await page({ created_at: interval(`${plusDays(date, -1)} 12:00`, `${date} 12:00`) });
    expect([...left.data, ...right.data].map((e) => e.id)).toEqual(whole.data.map((e) => e.id));
  });

  it("serves entries in the second half of a date's last minute, inside the interval that ends with that minute", async () => {
    // The generator puts an entry at 23:59:30-23:59:59 Lisbon time on every third date.
    const lastMinute = history.find((e) => {
      const ms = Date.parse(e.created_at);
      return ms % 60_000 >= 30_000 && lisbonDate(ms - (ms % 60_000) + 60_000) !== lisbonDate(ms);
    });
    expect(lastMinute, 'an entry in the second half of the last minute of a Lisbon date').toBeDefined();
    const end = minuteText(lastMinute!);
    const res = await page({ created_at: interval(`${end.slice(0, 10)} 00:00`, end) });
    expect(res.data.at(-1)?.id).toBe(history.filter((e) => minuteText(e) === end).at(-1)?.id);
    expect(res.data.some((e) => e.id === lastMinute!.id)).toBe(true);
  });

  it('gives the unpaged list when walked with any limit', async () => {
    const day = plusDays(facts.today, -2);
    const created_at = interval(`${day} 00:00`, `${day} 23:59`);
    const unpaged = await page({ created_at, limit: '100' });
    expect(unpaged.metadata.next_cursor).toBeNull();
    expect(unpaged.data.length).toBe(facts.countsByDay[day]);
    for (const limit of ['1', '3', '7', '10', '99']) {
      const { entries } = await walk({ created_at, limit });
      expect(entries.map((e) => e.id)).toEqual(unpaged.data.map((e) => e.id));
    }
  });

  it('walks a 30-day window identically with several limits', async () => {
    const from = plusDays(facts.today, -40);
    const created_at = interval(`${from} 00:00`, `${plusDays(from, 30)} 00:00`);
    const expected = history.filter((e) => minuteText(e) >= `${from} 00:00` && minuteText(e) <= `${plusDays(from, 30)} 00:00`);
    for (const limit of ['13', '50', '100']) {
      const { entries, pages } = await walk({ created_at, limit });
      expect(entries.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(pages).toBe(Math.ceil(expected.length / Number(limit)));
    }
  });

  it('signals the end with null on a single page and "" at the end of a walk', async () => {
    const day = plusDays(facts.today, -2);
    const created_at = interval(`${day} 00:00`, `${day} 23:59`);
    expect((await page({ created_at })).metadata.next_cursor).toBeNull();
    expect((await walk({ created_at, limit: '5' })).end).toBe('');
    // An empty result is a single page too.
    const empty = await page({ created_at: interval('2020-01-01 00:00', '2020-01-02 00:00') });
    expect(empty).toEqual({ metadata: { next_cursor: null, count: 0 }, data: [] });
  });

  it('defaults to the last 30 days up to now without created_at', async () => {
    const { entries } = await walk({});
    const from = `${plusDays(facts.today, -30)} 14:30`;
    expect(entries.map((e) => e.id)).toEqual(history.filter((e) => minuteText(e) >= from).map((e) => e.id));
  });

  it('serves today only up to the current minute', async () => {
    const today = await walk({ created_at: interval(`${facts.today} 00:00`, `${facts.today} 23:59`) });
    expect(today.entries.length).toBe(facts.countsByDay[facts.today]);
    expect(today.entries.every((e) => minuteText(e) <= facts.now)).toBe(true);
    expect(history.every((e) => minuteText(e) <= facts.now)).toBe(true);
  });
});

describe('easypay sandbox: entries', () => {
  it('has every transaction type over the history, in the counts the generator reports', () => {
    for (const type of TRANSACTION_TYPES) {
      const n = history.filter((e) => e.transaction_type === type).length;
      expect(n, type).toBeGreaterThan(0);
      expect(n, type).toBe(facts.countsByType[type]);
    }
  });

  it('has the LedgerEntry shape: created_at ISO 8601 with seconds, transaction_timestamp in minutes, Money objects', () => {
    const minute = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
    // The ledger report: `created_at` "is formatted as ISO 8601" (example `2019-08-24T14:15:22Z`),
    // `transaction_timestamp` "is formatted as \"YYYY-MM-DD HH:MM\"".
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const e of history) {
      expect(e.id).toMatch(uuid);
      expect(e.created_at).toMatch(iso);
      expect(e.transaction_timestamp).toMatch(minute);
      expect(e.transaction_timestamp <= minuteText(e)).toBe(true);
      for (const m of [e.amount, e.amount_details.requested_amount, e.amount_details.payed_amount]) {
        expect(m.currency).toBe('EUR');
        expect(m.amount).toMatch(/^-?\d+(\.\d{1,2})?$/);
      }
      expect(typeof e.descriptive).toBe('string');
      expect(e.details.operation_id).toMatch(uuid);
      expect(typeof e.transfer_batch).toBe('string');
      expect(typeof e.transfer_batch_date).toBe('string');
    }
    const methods = new Set(history.map((e) => e.details.method));
    for (const m of ['CC', 'MBW', 'MB', 'DD']) expect(methods.has(m)).toBe(true);
  });

  it('books amount = direction x payed_amount - fees, exactly, with signs per type', () => {
    for (const e of history) {
      const fees = e.amount_details.fees.reduce(
        (sum, f) => sum + cents(f.fixed_amount.amount) + cents(f.variable_amount.amount) + cents(f.vat_amount.amount),
        0n,
      );
      const amount = cents(e.amount.amount);
      const payed = cents(e.amount_details.payed_amount.amount);
      const direction = DIRECTION[e.transaction_type];
      if (direction === 0) expect([payed - fees, -payed - fees]).toContain(amount);
      else expect(amount).toBe(BigInt(direction) * payed - fees);
      if (direction === -1) expect(amount < 0n, e.transaction_type).toBe(true);
      if (direction === 1) expect(amount > 0n, e.transaction_type).toBe(true);
    }
    // Types that go either way do go both ways.
    for (const type of ['RV', 'MAN'] as const) {
      const signs = new Set(history.filter((e) => e.transaction_type === type).map((e) => e.amount.amount.startsWith('-')));
      expect(signs.size, type).toBe(2);
    }
  });

  it('writes amounts with two, one and zero decimals', () => {
    const amounts = history.flatMap((e) => [e.amount.amount, e.amount_details.payed_amount.amount]);
    expect(amounts.some((a) => /^-?\d+\.\d\d$/.test(a) && !a.endsWith('0'))).toBe(true);
    expect(amounts.some((a) => /^-?\d+\.\d0$/.test(a))).toBe(true);
    expect(amounts.some((a) => /^-?\d+\.[1-9]$/.test(a))).toBe(true);
    expect(amounts.some((a) => /^-?[1-9]\d*$/.test(a))).toBe(true);
  });

  it('looks like a shop by default: manual movements of at most EUR 5,000 and nothing near 2^31 cents', () => {
    const manual = history.filter((e) => e.transaction_type === 'MAN');
    expect(manual.length).toBeGreaterThan(10);
    for (const e of manual) expect(cents(e.amount.amount) <= 500_000n && cents(e.amount.amount) >= -500_000n, e.amount.amount).toBe(true);
    // Sales, fees and the batches' payouts stay in a small shop's range too.
    for (const e of history)
      expect(
        cents(e.amount.amount) < 10_000_000n && cents(e.amount.amount) > -10_000_000n,
        `${e.transaction_type} ${e.amount.amount}`,
      ).toBe(true);
    expect(Math.abs(facts.largestAmount!.cents)).toBeLessThan(10_000_000);
  });

  it('serves values above 2^31 cents on MAN and the payouts where a test asks for extreme amounts', async () => {
    const extreme = await startSandbox({ port: 0, seed: SEED, now: NOW, vendors: { easypay: { extremeAmounts: true } } });
    try {
      const extremeFacts = easypaySandboxFacts(SEED, { now: NOW, extremeAmounts: true });
      const all: LedgerEntryWire[] = [];
      for (let start = extremeFacts.historyStart; start <= extremeFacts.today; start = plusDays(start, 30)) {
        const { entries } = await walk(
          { created_at: interval(`${start} 00:00`, `${plusDays(start, 29)} 23:59`), limit: '100' },
          extreme.origin,
        );
        all.push(...entries);
      }
      // The same world, entry for entry: only the manual movements' amounts (and the payouts carrying them) differ.
      expect(all.map((e) => e.id)).toEqual(history.map((e) => e.id));
      const large = all.filter((e) => cents(e.amount.amount) > 2_147_483_647n || cents(e.amount.amount) < -2_147_483_647n);
      expect(large.length).toBeGreaterThan(0);
      expect(new Set(large.map((e) => e.transaction_type))).toEqual(new Set(['MAN', 'TB', 'TF']));
      const largest = all.find((e) => e.id === extremeFacts.largestAmount?.id);
      expect(largest?.amount.amount).toBe(extremeFacts.largestAmount?.amount);
      expect(cents(largest?.amount.amount as string)).toBe(BigInt(extremeFacts.largestAmount?.cents as number));
    } finally {
      await extreme.close();
    }
  });

  it("settles each transfer batch with one payout of exactly the batch's sum: TF out to the bank, TB in from it", () => {
    const transfers = history.filter((e) => e.transaction_type === 'TB' || e.transaction_type === 'TF');
    // The ledger report documents TF as "a movement of funds from an Easypay account to a bank account": always out.
    for (const tf of transfers.filter((e) => e.transaction_type === 'TF')) expect(cents(tf.amount.amount) <= 0n, tf.id).toBe(true);
    // A batch that came to less than nothing is collected with a bank transfer: money in.
    for (const tb of transfers.filter((e) => e.transaction_type === 'TB')) expect(cents(tb.amount.amount) > 0n, tb.id).toBe(true);
    expect(new Set(transfers.map((e) => e.transaction_type))).toEqual(new Set(['TB', 'TF']));
    expect(transfers.length).toBeGreaterThan(10);
    let checked = 0;
    for (const tb of transfers) {
      expect(tb.transfer_batch).not.toBe('');
      const batch = history.filter((e) => e.transfer_batch === tb.transfer_batch && e.id !== tb.id);
      expect(transfers.filter((e) => e.transfer_batch === tb.transfer_batch)).toHaveLength(1);
      // The oldest batches reach back before the history start: only whole batches are summed.
      if (tb.created_at.slice(0, 10) < plusDays(facts.historyStart, 5)) continue;
      const sum = batch.reduce((s, e) => s + cents(e.amount.amount), 0n);
      expect(cents(tb.amount.amount), tb.transfer_batch).toBe(-sum);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('settles entries in transfer batches and leaves the newest unbatched', () => {
    const batched = history.filter((e) => e.transfer_batch !== '');
    expect(batched.length).toBeGreaterThan(history.length / 2);
    for (const e of batched) {
      expect(e.transfer_batch).toMatch(/^\d+$/);
      expect(e.transfer_batch_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // A batch's bank transfer is created on the batch's own date; its entries before it.
      if (e.transaction_type === 'TB' || e.transaction_type === 'TF') expect(e.transfer_batch_date).toBe(e.created_at.slice(0, 10));
      else expect(e.transfer_batch_date > e.created_at.slice(0, 10)).toBe(true);
      expect(e.transfer_batch_date <= facts.today).toBe(true);
    }
    const unbatched = history.filter((e) => e.transfer_batch === '');
    expect(unbatched.length).toBeGreaterThan(0);
    expect(unbatched.every((e) => e.transfer_batch_date === '' && e.created_at >= `${plusDays(facts.today, -4)}`)).toBe(true);
    expect(history.at(-1)?.transfer_batch).toBe('');
  });
});

describe('easypay sandbox: filters', () => {
  it('filters by transaction_type', async () => {
    const from = plusDays(facts.today, -30);
    const created_at = interval(`${from} 00:00`, `${facts.today} 00:00`);
    for (const type of ['TF', 'CB', 'MAN']) {
      const { entries } = await walk({ created_at, transaction_type: type, limit: '10' });
      const expected = history.filter(
        (e) => e.transaction_type === type && minuteText(e) >= `${from} 00:00` && minuteText(e) <= `${facts.today} 00:00`,
      );
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    }
  });

  it('filters by transfer_batch', async () => {
    const batch = facts.transferBatch;
    expect(batch).not.toBeNull();
    const { id, count, firstCreatedAt, lastCreatedAt, date } = batch as NonNullable<typeof batch>;
    const { entries } = await walk({
      created_at: interval(`${firstCreatedAt.slice(0, 10)} 00:00`, minuteText({ created_at: lastCreatedAt })),
      transfer_batch: id,
      limit: '7',
    });
    expect(entries).toHaveLength(count);
    expect(entries.every((e) => e.transfer_batch === id && e.transfer_batch_date === date)).toBe(true);
    expect((await page({ transfer_batch: 'no-such-batch' })).data).toEqual([]);
  });

  it('combines filters', async () => {
    const batch = facts.transferBatch as NonNullable<typeof facts.transferBatch>;
    const created_at = interval(`${batch.firstCreatedAt.slice(0, 10)} 00:00`, minuteText({ created_at: batch.lastCreatedAt }));
    const { entries } = await walk({ created_at, transfer_batch: batch.id, transaction_type: 'CP' });
    expect(entries.length).toBe(history.filter((e) => e.transfer_batch === batch.id && e.transaction_type === 'CP').length);
  });
});

describe('easypay sandbox: determinism, errors, stats', () => {
  it('serves the same world from the same seed, and another from another seed', async () => {
    const twin = await startSandbox({ port: 0, seed: SEED, now: NOW });
    const other = await startSandbox({ port: 0, seed: SEED + 1, now: NOW });
    try {
      const created_at = interval(`${plusDays(facts.today, -20)} 00:00`, `${plusDays(facts.today, -10)} 00:00`);
      const a = await walk({ created_at, limit: '100' });
      const b = await walk({ created_at, limit: '100' }, twin.origin);
      expect(b.entries).toEqual(a.entries);
      const first = await page({ created_at, limit: '10' });
      const twinFirst = await page({ created_at, limit: '10' }, twin.origin);
      expect(twinFirst.metadata.next_cursor).toBe(first.metadata.next_cursor);
      const c = await walk({ created_at, limit: '100' }, other.origin);
      expect(c.entries.map((e) => e.id)).not.toEqual(a.entries.map((e) => e.id));
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('answers unknown routes and methods in the vendor error shape', async () => {
    const missing = await fetch(`${sandbox.origin}/easypay/2.0/report/nothing`, { headers: AUTH });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 'error', message: [expect.any(String)] });
    const post = await fetch(`${sandbox.origin}/easypay/2.0/report/ledger`, { method: 'POST', headers: AUTH });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ status: 'error', message: [expect.any(String)] });
  });

  it('answers injected 429s in the vendor error shape with Retry-After', async () => {
    sandbox.faults.set('easypay', { rateLimitRate: 1, retryAfterSeconds: 7 });
    try {
      const res = await get({});
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.body).toMatchObject({ status: 'error', message: [expect.any(String)] });
    } finally {
      sandbox.faults.clear('easypay');
    }
  });

  it('counts requests per endpoint at /_stats', async () => {
    await resetSandboxStats(sandbox.origin);
    await get({ limit: '1' });
    await get({ limit: '1' }, {});
    await get({ limit: '0' });
    const stats = await sandboxStats(sandbox.origin);
    expect(stats.byEndpoint[ENDPOINT]).toBe(3);
  });
});

describe('easypay sandbox: late bookings', () => {
  it('shows an entry only once its booking delay has passed, and every entry within the longest delay', async () => {
    const at = async (now: string) => {
      const s = await startSandbox({
        port: 0,
        seed: SEED,
        now,
        vendors: { easypay: { historyDays: 1, entriesPerDay: 2000, bookingDelayMinutes: 10 } },
      });
      try {
        const res = await page({ created_at: 'interval(2026-11-20 13:00,2026-11-20 14:30)', limit: '100' }, s.origin);
        const out: LedgerEntryWire[] = [...res.data];
        let cursor = res.metadata.next_cursor;
        while (cursor) {
          const next = await page({ created_at: 'interval(2026-11-20 13:00,2026-11-20 14:30)', limit: '100', cursor }, s.origin);
          out.push(...next.data);
          cursor = next.metadata.next_cursor;
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const now = await at(NOW);
    const later = await at('2026-11-20T14:40:00Z');
    const seen = new Set(now.map((e) => e.id));
    // Everything shown at 14:30 is still there at 14:40, in the same order.
    expect(later.filter((e) => seen.has(e.id)).map((e) => e.id)).toEqual(now.map((e) => e.id));
    const appeared = later.filter((e) => !seen.has(e.id));
    // Entries created before 14:30 that were not booked yet at 14:30: late bookings.
    expect(appeared.length).toBeGreaterThan(0);
    expect(appeared.every((e) => minuteText(e) >= '2026-11-20 14:20' && minuteText(e) <= '2026-11-20 14:30')).toBe(true);
    // Entries older than the longest delay were all booked by 14:30.
    expect(now.filter((e) => minuteText(e) < '2026-11-20 14:20').length).toBe(
      later.filter((e) => minuteText(e) < '2026-11-20 14:20').length,
    );
  });
});
