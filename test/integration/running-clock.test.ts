import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { startHarness, vippsLedgerGlobalId, type GqlResult, type Harness } from '../helpers/harness.js';

/**
 * The gateway on a running sandbox clock (`SANDBOX_CLOCK=run`, `SANDBOX_CLOCK_SPEED=60`), as in
 * sandbox mode: its own clock follows the sandbox's, so `today`, the dates it accepts, finality,
 * the feed's live end and the Sales API's events all move with it. Real time is injected, never
 * slept: at 60 times real speed, a real second is a sandbox minute.
 */
const SPEED = 60;
const HISTORY_DAYS = 2;

function realTime(): { now: () => number; advance: (sandboxMinutes: number) => void } {
  let real = Date.parse('2030-01-01T00:00:00Z');
  return { now: () => real, advance: (minutes) => (real += (minutes * 60_000) / SPEED) };
}

interface FeedData {
  ledger: {
    today: string;
    feed: {
      tryLater: boolean;
      edges: Array<{ node: { id: string; ledgerDate: string; time: string } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}
const FEED = `query($id: ID!, $after: String) { ledger(id: $id) { today feed(first: 1000, after: $after) {
  tryLater edges { node { id ledgerDate time } } pageInfo { hasNextPage endCursor } } } }`;

async function feedToLiveEnd(
  h: Harness,
  id: string,
  after: string | null,
): Promise<{ ids: string[]; times: string[]; cursor: string | null; today: string }> {
  const ids: string[] = [];
  const times: string[] = [];
  let today = '';
  for (let guard = 0; guard < 100; guard++) {
    const r: GqlResult<FeedData> = await h.gql<FeedData>(FEED, { id, after });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const feed = r.data!.ledger.feed;
    today = r.data!.ledger.today;
    ids.push(...feed.edges.map((e) => e.node.id));
    times.push(...feed.edges.map((e) => e.node.time));
    after = feed.pageInfo.endCursor ?? after;
    if (!feed.pageInfo.hasNextPage) return { ids, times, cursor: after, today };
  }
  throw new Error('the feed never reached its live end');
}

describe('the gateway on a running sandbox clock', () => {
  // Friday 20 November 2026, 10:00 in Oslo.
  const START = '2026-11-20T09:00:00Z';
  const facts = vippsSandboxFacts(undefined, { now: START, historyDays: HISTORY_DAYS });
  const real = realTime();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sandbox: { now: START, clock: 'run', clockSpeed: SPEED, timeSource: real.now, vendors: { vipps: { historyDays: HISTORY_DAYS } } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('delivers the entries booked while it runs to a saved feed cursor, each once, and their sales with them', async () => {
    const id = vippsLedgerGlobalId(facts.busy.ledgerId);
    const before = await feedToLiveEnd(h, id, null);
    expect(before.today).toBe('2026-11-20');
    const salesQ = `query($id: ID!) { ledger(id: $id) { salesEvents(date: "2026-11-20", first: 1000) { edges { node { pspReference time } } } } }`;
    const salesAt10 = await h.gql<{ ledger: { salesEvents: { edges: Array<{ node: { pspReference: string; time: string } }> } } }>(salesQ, {
      id,
    });
    expect(salesAt10.errors).toBeUndefined();

    real.advance(45);
    const added = await feedToLiveEnd(h, id, before.cursor);
    expect(added.ids.length).toBeGreaterThan(20);
    expect(added.ids.filter((x) => before.ids.includes(x))).toEqual([]);
    for (const t of added.times) {
      expect(Date.parse(t)).toBeGreaterThanOrEqual(Date.parse(START) - 1000);
      expect(Date.parse(t)).toBeLessThanOrEqual(Date.parse('2026-11-20T09:45:00Z'));
    }
    // Read again from the start, the feed is the two reads end to end.
    expect((await feedToLiveEnd(h, id, null)).ids).toEqual([...before.ids, ...added.ids]);
    // The Sales API's events follow the same clock: more of them, the earlier ones unchanged.
    const salesLater = await h.gql<typeof salesAt10.data & object>(salesQ, { id });
    const earlier = salesAt10.data!.ledger.salesEvents.edges;
    const later = salesLater.data!.ledger.salesEvents.edges;
    expect(later.length).toBeGreaterThan(earlier.length);
    expect(later.slice(0, earlier.length)).toEqual(earlier);
  });
});

describe("the gateway on a running sandbox clock at a ledger's cutoff", () => {
  it("rolls the 04:00 ledger's today over at 04:00 in Oslo: the new date is accepted, the old one becomes final", async () => {
    // 03:58 in Oslo: the kiosk ledger (04:00 to 04:00) is still on the 19th; every other ledger is on the 20th.
    const START = '2026-11-20T02:58:00Z';
    const kiosk = vippsLedgerGlobalId(vippsSandboxFacts(undefined, { now: START, historyDays: HISTORY_DAYS }).cutoffLedgerId);
    const real = realTime();
    const h = await startHarness({
      sandbox: { now: START, clock: 'run', clockSpeed: SPEED, timeSource: real.now, vendors: { vipps: { historyDays: HISTORY_DAYS } } },
    });
    const q = `query($id: ID!, $date: Date) { ledger(id: $id) { today entries(date: $date, first: 1000) { final tryLater edges { node { entryType } } } } }`;
    type Day = {
      ledger: { today: string; entries: { final: boolean; tryLater: boolean; edges: Array<{ node: { entryType: string } }> } | null };
    };
    try {
      const before = await h.gql<Day>(q, { id: kiosk, date: '2026-11-19' });
      expect(before.errors).toBeUndefined();
      expect(before.data!.ledger.today).toBe('2026-11-19');
      expect(before.data!.ledger.entries).toMatchObject({ final: false, tryLater: true });
      const tooEarly = await h.gql<Day>(q, { id: kiosk, date: '2026-11-20' });
      expect(tooEarly.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

      real.advance(3);
      const after = await h.gql<Day>(q, { id: kiosk, date: '2026-11-19' });
      expect(after.errors).toBeUndefined();
      expect(after.data!.ledger.today).toBe('2026-11-20');
      expect(after.data!.ledger.entries).toMatchObject({ final: true, tryLater: false });
      expect(after.data!.ledger.entries!.edges.length).toBeGreaterThan(before.data!.ledger.entries!.edges.length);
      const next = await h.gql<Day>(q, { id: kiosk, date: '2026-11-20' });
      expect(next.errors).toBeUndefined();
      expect(next.data!.ledger.entries).toMatchObject({ final: false, tryLater: true });
    } finally {
      await h.close();
    }
  });
});
