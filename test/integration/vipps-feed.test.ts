import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, NOW, startHarness, vippsLedgerGlobalId, type GqlResult, type Harness } from '../helpers/harness.js';

const HISTORY_DAYS = 6;
const facts = vippsSandboxFacts(undefined, { now: NOW, historyDays: HISTORY_DAYS });

interface FeedData {
  ledger: {
    feed: {
      tryLater: boolean;
      edges: Array<{ cursor: string; node: { id: string; ledgerDate: string } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } | null;
  } | null;
}
const FEED = `query($id: ID!, $first: Int, $after: String) { ledger(id: $id) { feed(first: $first, after: $after) {
  tryLater edges { cursor node { id ledgerDate } } pageInfo { hasNextPage endCursor } } } }`;

describe('the Vipps MobilePay feed', () => {
  let h: Harness;
  const id = vippsLedgerGlobalId(facts.quietLedgerId);
  beforeAll(async () => {
    // A small upstream page size, so the feed spans many upstream pages.
    h = await startHarness({ sandbox: { vendors: { vipps: { historyDays: HISTORY_DAYS, pageSize: 7 } } } });
  });
  afterAll(async () => {
    await h.close();
  });

  async function allDates(): Promise<string[]> {
    const ids: string[] = [];
    const q = `query($id: ID!, $from: Date!) { ledger(id: $id) { entries(from: $from, first: 1000) { edges { node { id } } pageInfo { hasNextPage } } } }`;
    const r = await h.gql<{ ledger: { entries: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean } } } }>(q, {
      id,
      from: facts.historyStart,
    });
    expect(r.data!.ledger.entries.pageInfo.hasNextPage).toBe(false);
    ids.push(...r.data!.ledger.entries.edges.map((e) => e.node.id));
    return ids;
  }

  it('walks to the live end with any first, ending in tryLater with a resumable cursor', async () => {
    const expected = await allDates();
    expect(expected.length).toBeGreaterThan(20);
    for (const first of [1, 5, 7, 13, 1000]) {
      const seen: string[] = [];
      let after: string | null = null;
      let last: NonNullable<NonNullable<FeedData['ledger']>['feed']> | null = null;
      for (let guard = 0; guard < 1000; guard++) {
        const r: GqlResult<FeedData> = await h.gql<FeedData>(FEED, { id, first, after });
        expect(r.errors).toBeUndefined();
        last = r.data!.ledger!.feed!;
        seen.push(...last.edges.map((e) => e.node.id));
        expect(last.pageInfo.endCursor).toBeTruthy();
        after = last.pageInfo.endCursor;
        if (!last.pageInfo.hasNextPage) break;
      }
      expect(seen, `first ${first}`).toEqual(expected);
      expect(last!.tryLater).toBe(true);
      // Resuming from the saved cursor at the live end gives nothing new, and a cursor again.
      const again = await h.gql<FeedData>(FEED, { id, first, after });
      expect(again.data!.ledger!.feed!.edges).toHaveLength(0);
      expect(again.data!.ledger!.feed!.tryLater).toBe(true);
      expect(again.data!.ledger!.feed!.pageInfo.endCursor).toBeTruthy();
    }
  });

  it('resumes from any saved edge cursor exactly after that entry', async () => {
    const first = await h.gql<FeedData>(FEED, { id, first: 40 });
    const edges = first.data!.ledger!.feed!.edges;
    for (const i of [0, 6, 7, 13, 29]) {
      const next = await h.gql<FeedData>(FEED, { id, first: 3, after: edges[i]!.cursor });
      expect(next.data!.ledger!.feed!.edges.map((e) => e.node.id)).toEqual(edges.slice(i + 1, i + 4).map((e) => e.node.id));
    }
  });

  it('does not cache the live tail: a resumed feed asks upstream again', async () => {
    const end = await h.gql<FeedData>(FEED, { id, first: 1000 });
    let after = end.data!.ledger!.feed!.pageInfo.endCursor;
    for (let i = 0; i < 20 && end.data!.ledger!.feed!.pageInfo.hasNextPage; i++) {
      const r: GqlResult<FeedData> = await h.gql<FeedData>(FEED, { id, first: 1000, after });
      after = r.data!.ledger!.feed!.pageInfo.endCursor;
      if (!r.data!.ledger!.feed!.pageInfo.hasNextPage) break;
    }
    await h.resetStats();
    await h.gql(FEED, { id, first: 10, after });
    await h.gql(FEED, { id, first: 10, after });
    expect(countCalls(await h.stats(), '/feed')).toBe(2);
  });
});

describe('a long feed walk and the response cache', () => {
  it('keeps the cache within its cap page after page, and still serves each upstream page to every GraphQL page inside it from the cache', async () => {
    // 1 MB of cache holds about one upstream feed page of 1000 entries: the walk must evict as it
    // goes rather than keep every page it passed.
    const h = await startHarness({ env: { TALLY_CACHE_MAX_MB: '1' }, sandbox: { vendors: { vipps: { historyDays: 3 } } } });
    const id = vippsLedgerGlobalId(facts.busy.ledgerId);
    const cache = h.gateway.sources.cache;
    try {
      await h.resetStats();
      let after: string | null = null;
      let entries = 0;
      let requests = 0;
      for (let guard = 0; guard < 2000; guard++) {
        const r: GqlResult<FeedData> = await h.gql<FeedData>(FEED, { id, first: 100, after });
        expect(r.errors).toBeUndefined();
        requests++;
        entries += r.data!.ledger!.feed!.edges.length;
        expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
        expect(cache.size).toBeLessThanOrEqual(4);
        after = r.data!.ledger!.feed!.pageInfo.endCursor;
        if (!r.data!.ledger!.feed!.pageInfo.hasNextPage) break;
      }
      expect(cache.maxBytes).toBe(1024 * 1024);
      expect(entries).toBeGreaterThan(3000);
      // Every upstream page of 1000 is read once, however many GraphQL pages of 100 it serves;
      // only the live tail (never cached) is read again by each GraphQL page inside it.
      const upstreamPages = Math.ceil(entries / 1000);
      expect(countCalls(await h.stats(), '/feed')).toBeLessThanOrEqual(upstreamPages + 10);
      expect(requests).toBeGreaterThanOrEqual(entries / 100);
    } finally {
      await h.close();
    }
  });
});

describe('the feed against a sandbox that moves on', () => {
  it('picks up entries that arrived after the saved cursor', async () => {
    // Two sandboxes on the same seed, one later in the day: the later one has more of today.
    const early = await startHarness({ sandbox: { now: '2026-11-20T09:00:00Z', vendors: { vipps: { historyDays: 2 } } } });
    let cursor: string | null = null;
    let before: string[] = [];
    const id = vippsLedgerGlobalId(facts.busy.ledgerId);
    try {
      for (let guard = 0; guard < 100; guard++) {
        const r: GqlResult<FeedData> = await early.gql<FeedData>(FEED, { id, first: 1000, after: cursor });
        before = before.concat(r.data!.ledger!.feed!.edges.map((e) => e.node.id));
        cursor = r.data!.ledger!.feed!.pageInfo.endCursor;
        if (!r.data!.ledger!.feed!.pageInfo.hasNextPage) break;
      }
    } finally {
      await early.close();
    }
    // Same signing secret and sandbox seed: the saved cursor is valid against the later sandbox.
    const late = await startHarness({ sandbox: { now: '2026-11-20T12:00:00Z', vendors: { vipps: { historyDays: 2 } } } });
    try {
      const r = await late.gql<FeedData>(FEED, { id, first: 1000, after: cursor });
      expect(r.errors).toBeUndefined();
      const added = r.data!.ledger!.feed!.edges.map((e) => e.node.id);
      expect(added.length).toBeGreaterThan(0);
      expect(added.filter((x) => before.includes(x))).toEqual([]);
      expect(r.data!.ledger!.feed!.edges.every((e) => e.node.ledgerDate === '2026-11-20')).toBe(true);
    } finally {
      await late.close();
    }
  });
});
