import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../src/domain/dates.js';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { utcMinuteText } from '../helpers/lisbon.js';

/**
 * Every ledger `ledgers` lists can be followed with `feed`, whatever its provider: an accounting
 * system walks each feed to its live end, saves the cursor, and later picks up only what is new.
 *
 * Two sandboxes on the same seed, one a few hours later, stand for the world before and after.
 * The early one is at 00:02 on 2026-11-20, just after the Easypay feed's first 30-day window
 * (2026-10-21 .. 2026-11-19 23:59) ended: its last minutes are still settling, so the saved
 * Easypay cursor stops inside that window. The sandbox books Easypay entries up to 14 minutes
 * after their `created_at` (late bookings), so some of those last minutes only appear after the
 * cursor was saved, into a window that has passed by the time the cursor is resumed.
 */
const EARLY = '2026-11-20T00:02:00Z';
const LATE = '2026-11-20T03:00:00Z';
const FEED_FROM = '2026-10-21';
/** The gateway holds back Easypay entries younger than this (src/sources/easypay/provider.ts). */
const SETTLE_MINUTES = 15;
const EASYPAY_SHAPE = { historyDays: 1, entriesPerDay: 1500, bookingDelayMinutes: 14 };
const VIPPS_SHAPE = { historyDays: 2 };

interface FeedPage {
  edges: Array<{ cursor: string; node: { id: string; time: string; easypay: { id: string } | null } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  tryLater: boolean;
}

const LEDGERS = `query { ledgers(first: 100) { edges { node { id provider ledgerId } } pageInfo { hasNextPage } } }`;
const FEED = `query($id: ID!, $after: String) {
  ledger(id: $id) {
    feed(first: 1000, after: $after) {
      edges { cursor node { id time easypay { id } } }
      pageInfo { hasNextPage endCursor }
      tryLater
    }
  }
}`;

async function harnessAt(now: string): Promise<Harness> {
  return startHarness({
    sandbox: { now, vendors: { vipps: VIPPS_SHAPE, easypay: EASYPAY_SHAPE } },
    upstreams: (u) => ({ ...u, easypay: u.easypay && { ...u.easypay, feedFrom: FEED_FROM } }),
    // The gateway's one clock at the sandbox's instant: "now" for Easypay's settling, "today" per ledger.
    gateway: { clock: clockAt(() => Date.parse(now)) },
  });
}

/** Follows a feed to its live end; returns the entries in order and the saved cursor. */
async function follow(
  h: Harness,
  id: string,
  after: string | null,
): Promise<{ nodes: FeedPage['edges'][number]['node'][]; cursor: string; requests: number }> {
  const nodes: FeedPage['edges'][number]['node'][] = [];
  let cursor = after;
  for (let requests = 1; requests <= 200; requests++) {
    const res = await h.gql<{ ledger: { feed: FeedPage } }>(FEED, { id, after: cursor });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const feed = res.data!.ledger.feed;
    nodes.push(...feed.edges.map((e) => e.node));
    // Always resumable, also from an empty page.
    expect(feed.pageInfo.endCursor).toBeTruthy();
    cursor = feed.pageInfo.endCursor;
    if (feed.tryLater) {
      expect(feed.pageInfo.hasNextPage).toBe(false);
      return { nodes, cursor: cursor!, requests };
    }
    // Not at the live end: there is more to read now (a full page, or the upstream budget spent).
    expect(feed.pageInfo.hasNextPage).toBe(true);
  }
  throw new Error(`feed of ${id} did not reach its live end`);
}

/** The Easypay ids the sandbox itself lists for created_at minutes `from`..`to` (UTC), in its order. */
async function upstreamEasypayIds(h: Harness, from: string, to: string): Promise<Array<{ id: string; createdAt: string }>> {
  const out: Array<{ id: string; createdAt: string }> = [];
  let cursor = '';
  for (let page = 0; page < 500; page++) {
    const url = new URL(`${h.sandbox.origin}/easypay/2.0/report/ledger`);
    url.searchParams.set('created_at', `interval(${from},${to})`);
    url.searchParams.set('limit', '100');
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, {
      headers: { AccountId: EASYPAY_SANDBOX_CREDENTIALS.accountId, ApiKey: EASYPAY_SANDBOX_CREDENTIALS.apiKey },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { metadata: { next_cursor: string | null }; data: Array<{ id: string; created_at: string }> };
    out.push(...body.data.map((e) => ({ id: e.id, createdAt: e.created_at })));
    if (!body.metadata.next_cursor) return out;
    cursor = body.metadata.next_cursor;
  }
  throw new Error('upstream listing did not end');
}

const minuteText = (iso: string, minusMinutes: number) => utcMinuteText(Date.parse(iso) - minusMinutes * 60_000);

describe('a feed on every ledger, followed to its live end and resumed after new entries appear', () => {
  let early: Harness;
  let late: Harness;
  let ledgers: Array<{ id: string; provider: string; ledgerId: string }>;
  const saved = new Map<string, { ids: string[]; upstreamIds: Array<string | undefined>; cursor: string }>();

  beforeAll(async () => {
    early = await harnessAt(EARLY);
    late = await harnessAt(LATE);
    const res = await early.gql<{
      ledgers: { edges: Array<{ node: { id: string; provider: string; ledgerId: string } }>; pageInfo: { hasNextPage: boolean } };
    }>(LEDGERS);
    expect(res.errors).toBeUndefined();
    expect(res.data!.ledgers.pageInfo.hasNextPage).toBe(false);
    ledgers = res.data!.ledgers.edges.map((e) => e.node);
  }, 120_000);

  afterAll(async () => {
    await early?.close();
    await late?.close();
  });

  it('lists ledgers of both providers', () => {
    expect(new Set(ledgers.map((l) => l.provider))).toEqual(new Set(['VIPPS_MOBILEPAY', 'EASYPAY']));
  });

  it("follows every listed ledger's feed to its live end, each entry once, oldest first", async () => {
    for (const ledger of ledgers) {
      const walk = await follow(early, ledger.id, null);
      const ids = walk.nodes.map((n) => n.id);
      expect(new Set(ids).size, ledger.ledgerId).toBe(ids.length);
      const times = walk.nodes.map((n) => n.time);
      expect(times, ledger.ledgerId).toEqual([...times].sort());
      expect(ids.length, `${ledger.provider} ${ledger.ledgerId} has entries`).toBeGreaterThan(0);
      saved.set(ledger.id, { ids, upstreamIds: walk.nodes.map((n) => n.easypay?.id), cursor: walk.cursor });
    }
  }, 240_000);

  it('hands out Easypay entries exactly as the upstream lists them, up to the settled minute', async () => {
    const easypay = ledgers.find((l) => l.provider === 'EASYPAY')!;
    const walk = saved.get(easypay.id)!;
    const settled = minuteText(EARLY, SETTLE_MINUTES);
    const upstream = await upstreamEasypayIds(early, '2026-11-19 00:00', settled);
    expect(upstream.length).toBeGreaterThan(1000);
    expect(walk.upstreamIds).toEqual(upstream.map((e) => e.id));
  }, 120_000);

  it('resumes every saved cursor with only what is new, and the two walks together are the whole feed', async () => {
    let grown = 0;
    for (const ledger of ledgers) {
      const before = saved.get(ledger.id)!;
      const resumed = await follow(late, ledger.id, before.cursor);
      const newIds = resumed.nodes.map((n) => n.id);
      const seen = new Set(before.ids);
      expect(
        newIds.filter((id) => seen.has(id)),
        `${ledger.ledgerId}: nothing handed out twice`,
      ).toEqual([]);
      if (newIds.length > 0) grown++;
      // Nothing lost: a fresh walk of the later world is exactly the saved walk followed by the resumed one.
      const fresh = await follow(late, ledger.id, null);
      expect(
        fresh.nodes.map((n) => n.id),
        ledger.ledgerId,
      ).toEqual([...before.ids, ...newIds]);
    }
    // Three hours later, today's entries have grown on every provider's ledgers.
    expect(grown).toBeGreaterThan(1);
  }, 300_000);

  it('picks up Easypay entries booked late into the window that had passed by the time the cursor was resumed', async () => {
    const easypay = ledgers.find((l) => l.provider === 'EASYPAY')!;
    const before = saved.get(easypay.id)!;
    const resumed = await follow(late, easypay.id, before.cursor);
    // The feed's first window ends 2026-11-19 23:59; the cursor was saved inside it.
    const intoPassedWindow = resumed.nodes.filter((n) => n.time < '2026-11-20T00:00:00Z');
    expect(intoPassedWindow.length).toBeGreaterThan(0);
    // Some of them did not exist upstream yet when the cursor was saved (booked after 00:02).
    const visibleEarly = new Set((await upstreamEasypayIds(early, '2026-11-19 23:00', '2026-11-19 23:59')).map((e) => e.id));
    const bookedLate = intoPassedWindow.filter((n) => !visibleEarly.has(n.easypay!.id));
    expect(bookedLate.length).toBeGreaterThan(0);
    // And every entry up to the later settled minute is there, in the upstream's order.
    const upstream = await upstreamEasypayIds(late, minuteText(EARLY, SETTLE_MINUTES - 1), minuteText(LATE, SETTLE_MINUTES));
    expect(resumed.nodes.map((n) => n.easypay!.id)).toEqual(upstream.map((e) => e.id));
  }, 120_000);
});
