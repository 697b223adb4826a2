import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../src/domain/dates.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { lisbonMidnightMs } from '../helpers/lisbon.js';

/**
 * `Ledger.feed(from:)`: a feed started at an instant, at a ledger date, or at now, on both
 * providers, checked at its exact edges against the same feed read from its first entry (which the
 * feeds test checks against the upstream). Two sandboxes on one seed an hour apart on a busy
 * weekday stand for before and after; a third sits on the day Lisbon and Oslo leave summer time.
 */
const EARLY = '2026-11-20T10:00:00Z';
const LATE = '2026-11-20T11:00:00Z';
/** Sunday 25 October 2026 lasts 25 hours in Lisbon and Oslo (summer time ends at 01:00 UTC). */
const DST_DAY = '2026-10-25';
const AFTER_DST = '2026-10-26T12:00:00Z';
const EASYPAY_SHAPE = { historyDays: 3, entriesPerDay: 400 };
const VIPPS_SHAPE = { historyDays: 3 };

type Node = { id: string; time: string; ledgerDate: string };
interface FeedPage {
  edges: Array<{ cursor: string; node: Node }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  tryLater: boolean;
}
type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;

const FEED = `query($id: ID!, $after: String, $from: FeedStart, $first: Int) {
  ledger(id: $id) {
    feed(first: $first, after: $after, from: $from) {
      edges { cursor node { id time ledgerDate } }
      pageInfo { hasNextPage endCursor }
      tryLater
    }
  }
}`;

async function harnessAt(now: string, feedFrom: string): Promise<Harness> {
  return startHarness({
    sandbox: { now, vendors: { vipps: VIPPS_SHAPE, easypay: EASYPAY_SHAPE } },
    upstreams: (u) => ({ ...u, easypay: u.easypay && { ...u.easypay, feedFrom } }),
    gateway: { clock: clockAt(() => Date.parse(now)) },
  });
}

async function page(
  h: Harness,
  id: string,
  vars: { after?: string | null; from?: unknown; first?: number },
): Promise<{ feed: FeedPage | null; errors: Errors }> {
  const res = await h.gql<{ ledger: { feed: FeedPage | null } }>(FEED, { id, first: 1000, ...vars });
  return { feed: res.data?.ledger?.feed ?? null, errors: res.errors };
}

/** Follows a feed to its live end; the entries in order and the cursor to resume from. */
async function follow(
  h: Harness,
  id: string,
  vars: { after?: string | null; from?: unknown; first?: number } = {},
): Promise<{ nodes: Node[]; cursor: string; firstPage: FeedPage }> {
  const nodes: Node[] = [];
  let after = vars.after ?? null;
  let firstPage: FeedPage | undefined;
  for (let requests = 0; requests < 300; requests++) {
    const { feed, errors } = await page(h, id, { ...vars, after });
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    firstPage ??= feed!;
    nodes.push(...feed!.edges.map((e) => e.node));
    expect(feed!.pageInfo.endCursor).toBeTruthy();
    after = feed!.pageInfo.endCursor;
    if (feed!.tryLater) return { nodes, cursor: after!, firstPage };
  }
  throw new Error('the feed did not reach its live end');
}

const ids = (nodes: Node[]) => nodes.map((n) => n.id);
/** Vipps times all carry six fraction digits, Easypay's none or the same: as UTC text they order as instants. */
const atOrAfter = (at: string) => (n: Node) => n.time >= at;

describe('a feed started at an instant, a ledger date or now', () => {
  let early: Harness;
  let late: Harness;
  const facts = vippsSandboxFacts(undefined, { now: EARLY, historyDays: VIPPS_SHAPE.historyDays });
  const vipps = vippsLedgerGlobalId(facts.ledgers[0]!.ledgerId);
  const cutoff = facts.ledgers.find((l) => l.ledgerId === facts.cutoffLedgerId)!;
  let easypay: string;
  const full = new Map<string, Node[]>();

  beforeAll(async () => {
    early = await harnessAt(EARLY, '2026-11-17');
    late = await harnessAt(LATE, '2026-11-17');
    const res = await early.gql<{ ledgers: { edges: Array<{ node: { id: string; provider: string } }> } }>(
      '{ ledgers(first: 50) { edges { node { id provider } } } }',
    );
    easypay = res.data!.ledgers.edges.find((e) => e.node.provider === 'EASYPAY')!.node.id;
    for (const id of [vipps, vippsLedgerGlobalId(cutoff.ledgerId), easypay]) full.set(id, (await follow(early, id)).nodes);
  }, 240_000);

  afterAll(async () => {
    await early?.close();
    await late?.close();
  });

  it('from an instant: an entry exactly at it is the first, nothing before it, nothing after it skipped (both providers)', async () => {
    for (const id of [vipps, easypay]) {
      const all = full.get(id)!;
      // An entry in the middle whose predecessor is strictly earlier: the instant is exactly its time.
      const i = all.findIndex((n, k) => k > all.length / 2 && all[k - 1]!.time < n.time);
      const at = all[i]!.time;
      const started = await follow(early, id, { from: { at } });
      expect(started.nodes[0]!.id, id).toBe(all[i]!.id);
      expect(ids(started.nodes), id).toEqual(ids(all.filter(atOrAfter(at))));
      expect(started.nodes.length, id).toBe(all.length - i);
    }
  }, 120_000);

  it('from an instant with sub-second digits: the Vipps entry a microsecond earlier is left out', async () => {
    const all = full.get(vipps)!;
    const i = all.findIndex((n, k) => k > 10 && all[k - 1]!.time < n.time && /\.\d{5}[1-9]Z$/.test(n.time));
    expect(i).toBeGreaterThan(0);
    const t = all[i]!.time;
    const oneMicroLater = `${t.slice(0, 20)}${String(Number(t.slice(20, 26)) + 1).padStart(6, '0')}Z`;
    const started = await follow(early, vipps, { from: { at: oneMicroLater } });
    expect(started.nodes[0]!.id).toBe(all[i + 1]!.id);
  }, 60_000);

  it('from a ledger date on a ledger cut at 04:00: the night before the cutoff belongs to the date before', async () => {
    const id = vippsLedgerGlobalId(cutoff.ledgerId);
    const all = full.get(id)!;
    const date = '2026-11-19';
    const started = await follow(early, id, { from: { date } });
    expect(ids(started.nodes)).toEqual(ids(all.filter((n) => n.ledgerDate >= date)));
    // 04:00 Oslo (UTC+1) on the 19th is 03:00 UTC: every entry from it on is in, every one before out.
    const cut = '2026-11-19T03:00:00';
    expect(started.nodes.every((n) => n.time >= cut)).toBe(true);
    expect(all.filter((n) => n.time >= cut && n.time < '2026-11-20T03:00:00').every((n) => started.nodes.some((s) => s.id === n.id))).toBe(
      true,
    );
    // The night of the 19th before 04:00 (after Oslo's midnight, 23:00 UTC the 18th) is the 18th: left out.
    expect(all.some((n) => n.time >= '2026-11-18T23:00:00' && n.time < cut && n.ledgerDate === '2026-11-18')).toBe(true);
  }, 60_000);

  it('from now: no history, tryLater, and the saved cursor later hands out exactly what was booked since', async () => {
    for (const id of [vipps, easypay]) {
      await early.resetStats();
      const first = await page(early, id, { from: { now: true } });
      expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
      expect(first.feed!.edges, id).toEqual([]);
      expect(first.feed!.tryLater).toBe(true);
      expect(first.feed!.pageInfo.hasNextPage).toBe(false);
      const calls = await early.stats();
      // Easypay's window begins at now: nothing to read yet. Vipps's pages before the live end were
      // read (and kept) by the full walk: only the live end is asked again.
      expect(countCalls(calls, '/report/ledger'), id).toBe(0);
      expect(countCalls(calls, '/feed'), id).toBeLessThanOrEqual(1);

      const resumed = await follow(late, id, { from: { now: true }, after: first.feed!.pageInfo.endCursor });
      const later = (await follow(late, id)).nodes;
      expect(resumed.nodes.length, `${id}: entries were booked in the hour`).toBeGreaterThan(0);
      expect(ids(resumed.nodes), id).toEqual(ids(later.filter(atOrAfter(EARLY))));
      // And once more from the resumed cursor: nothing twice.
      const again = await page(late, id, { from: { now: true }, after: resumed.cursor });
      expect(again.feed!.edges).toEqual([]);
      expect(again.feed!.tryLater).toBe(true);
    }
  }, 180_000);

  it('pages of any size resume a started feed exactly', async () => {
    const at = full.get(vipps)![5]!.time;
    const whole = await follow(early, vipps, { from: { at } });
    const small = await follow(early, vipps, { from: { at }, first: 37 });
    expect(ids(small.nodes)).toEqual(ids(whole.nodes));
  }, 60_000);

  it('a cursor resumes only the feed of the same start', async () => {
    const now = (await page(early, vipps, { from: { now: true } })).feed!.pageInfo.endCursor;
    const plain = (await page(early, vipps, { first: 1 })).feed!.pageInfo.endCursor;
    const at = (await page(early, vipps, { from: { at: EARLY }, first: 1 })).feed!.pageInfo.endCursor;
    for (const [after, from] of [
      [now, { at: EARLY }],
      [now, undefined],
      [plain, { now: true }],
      [at, { now: true }],
      [at, { date: '2026-11-20' }],
      [at, undefined],
    ] as const) {
      await early.resetStats();
      const res = await page(early, vipps, { after, from });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(from)).toBe('BAD_USER_INPUT');
      expect(countCalls(await early.stats(), '/report/'), 'refused before any upstream call').toBe(0);
    }
  }, 60_000);

  it('refuses a start that names nothing or two things', async () => {
    for (const from of [{ now: false }, {}, { at: EARLY, date: '2026-11-20' }]) {
      const res = await page(early, vipps, { from });
      expect(res.feed).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(from)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('a feed started on the day summer time ends (25 hours)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harnessAt(AFTER_DST, '2026-10-23');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("Easypay starts at Lisbon's summer midnight (23:00 UTC the day before) and reads only from there", async () => {
    const res = await h.gql<{ ledgers: { edges: Array<{ node: { id: string; provider: string } }> } }>(
      '{ ledgers(first: 50) { edges { node { id provider } } } }',
    );
    const id = res.data!.ledgers.edges.find((e) => e.node.provider === 'EASYPAY')!.node.id;
    h.clearCache();
    await h.resetStats();
    const all = (await follow(h, id)).nodes;
    const fullCalls = countCalls(await h.stats(), '/report/ledger');
    h.clearCache();
    await h.resetStats();
    const started = (await follow(h, id, { from: { date: DST_DAY } })).nodes;
    const startedCalls = countCalls(await h.stats(), '/report/ledger');
    const midnight = new Date(lisbonMidnightMs(DST_DAY)).toISOString().slice(0, 19);
    expect(midnight).toBe('2026-10-24T23:00:00');
    expect(ids(started)).toEqual(ids(all.filter((n) => n.time >= midnight)));
    expect(ids(started)).toEqual(ids(all.filter((n) => n.ledgerDate >= DST_DAY)));
    // The first hour of the 25th in Lisbon is still the 24th in UTC: it is in.
    expect(started.some((n) => n.time < '2026-10-25T00:00:00')).toBe(true);
    // The `created_at` filter asked begins at that midnight: the two days before it are not read.
    expect(startedCalls).toBeGreaterThan(0);
    expect(startedCalls).toBeLessThan(fullCalls);
  }, 120_000);

  it("Vipps starts at Oslo's summer midnight of the 25th (22:00 UTC the day before)", async () => {
    const facts = vippsSandboxFacts(undefined, { now: AFTER_DST, historyDays: VIPPS_SHAPE.historyDays });
    const ledger = facts.ledgers.find((l) => l.timeZone === 'Europe/Oslo' && l.dateCutoffMinutes === 0)!;
    const id = vippsLedgerGlobalId(ledger.ledgerId);
    const all = (await follow(h, id)).nodes;
    const started = (await follow(h, id, { from: { date: DST_DAY } })).nodes;
    expect(ids(started)).toEqual(ids(all.filter((n) => n.time >= '2026-10-24T22:00:00')));
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThan(all.length);
  }, 120_000);
});

describe('a feed started at now on a long history', () => {
  let h: Harness;
  beforeAll(async () => {
    // Small upstream pages: the busy ledger's feed runs to many more pages than one field may read.
    h = await startHarness({ sandbox: { now: EARLY, vendors: { vipps: { historyDays: 3, pageSize: 50 } } } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('reaches the live end in one page (the summary budget, not the per-field one): no history, tryLater', async () => {
    const facts = vippsSandboxFacts(undefined, { now: EARLY, historyDays: 3 });
    await h.resetStats();
    const first = await page(h, vippsLedgerGlobalId(facts.busy.ledgerId), { from: { now: true } });
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(first.feed!.edges).toEqual([]);
    expect(first.feed!.tryLater).toBe(true);
    expect(first.feed!.pageInfo.hasNextPage).toBe(false);
    expect(countCalls(await h.stats(), '/feed')).toBeGreaterThan(h.config.limits.maxUpstreamCallsPerField);
  }, 60_000);
});
