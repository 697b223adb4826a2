import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

/**
 * `ledger(id:)` names a ledger without reading it (issue 13): the Report API has no single-ledger
 * endpoint, so reading a Vipps MobilePay ledger means walking the ledger list. `entries` of a past
 * date needs only that date's page: its today comes from the key alone whenever every zone the
 * ledger may be in agrees. Counted on the sandbox's own request counter, cold (cache cleared).
 */

const facts = vippsSandboxFacts(undefined, { now: NOW });
const { ledgerId: BUSY, date: BUSY_DATE } = facts.busy;
const LIST = '/settlement/v1/ledgers';

const W1 = `query($id: ID!, $date: Date!, $first: Int) { ledger(id: $id) { entries(date: $date, first: $first) {
  final edges { node { entryType pspReference reference amount { minorUnits currency } } } pageInfo { hasNextPage } } } }`;
type W1Data = {
  ledger: { entries: { final: boolean; edges: Array<{ node: { entryType: string } }>; pageInfo: { hasNextPage: boolean } } | null } | null;
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function cold(): Promise<void> {
  h.clearCache();
  await h.resetStats();
}

describe('ledger(id:) reads only what its fields need', () => {
  it('entries of a closed date: exactly one report call, no ledger list', async () => {
    await h.gql('{ __typename }');
    await cold();
    const r = await h.gql<W1Data>(W1, { id: vippsLedgerGlobalId(BUSY), date: BUSY_DATE, first: 50 });
    expect(r.errors).toBeUndefined();
    expect(r.data!.ledger!.entries!.edges).toHaveLength(50);
    expect(r.data!.ledger!.entries!.pageInfo.hasNextPage).toBe(true);
    expect(r.data!.ledger!.entries!.final).toBe(true);
    const stats = await h.stats();
    expect(countCalls(stats, LIST)).toBe(0);
    expect(countCalls(stats, '/dates/')).toBe(1);
    expect(
      Object.entries(stats)
        .filter(([k]) => !k.includes('token'))
        .reduce((n, [, v]) => n + v, 0),
    ).toBe(1);
  });

  it('the join of a whole busy date reads no ledger list either', async () => {
    await cold();
    const q = `query($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1000) {
      edges { node { entryType salesEvent { amounts { gross { minorUnits } } } } } } } }`;
    const r = await h.gql<{ ledger: { entries: { edges: Array<{ node: { entryType: string; salesEvent: unknown } }> } } }>(q, {
      id: vippsLedgerGlobalId(BUSY),
      date: BUSY_DATE,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.ledger.entries.edges.filter((e) => e.node.entryType === 'capture' && e.node.salesEvent !== null).length).toBeGreaterThan(
      100,
    );
    const stats = await h.stats();
    expect(countCalls(stats, LIST)).toBe(0);
    expect(countCalls(stats, '/dates/')).toBeGreaterThan(1);
  });

  it('reads the ledger once for all the fields that need it, and not again for entries', async () => {
    await cold();
    const q = `query($id: ID!, $date: Date!) { ledger(id: $id) { ledgerId currency timeZone today owner { scheme } entries(date: $date, first: 5) { summary { count } edges { node { entryType } } } } }`;
    const r = await h.gql<{
      ledger: { ledgerId: string; currency: string; timeZone: string; today: string; entries: { summary: { count: number } } };
    }>(q, { id: vippsLedgerGlobalId(BUSY), date: BUSY_DATE });
    expect(r.errors).toBeUndefined();
    const listed = facts.ledgers.find((l) => l.ledgerId === BUSY)!;
    expect(r.data!.ledger).toMatchObject({ ledgerId: BUSY, currency: listed.currency, today: NOW.slice(0, 10) });
    expect(r.data!.ledger.entries.summary.count).toBe(facts.busy.fundsEntries);
    // The list walked once to the ledger's page, however many fields asked.
    const stats = await h.stats();
    expect(countCalls(stats, LIST)).toBeGreaterThanOrEqual(1);
    expect(countCalls(stats, LIST)).toBe(await listPagesTo(BUSY));
  });

  it('two ledgers looked up at once in one request share the list pages they walk', async () => {
    const [a, b] = facts.ledgers.slice(-2).map((l) => l.ledgerId);
    const alone = Math.max(await listPagesTo(a!), await listPagesTo(b!));
    await cold();
    const r = await h.gql(`query($a: ID!, $b: ID!) { a: ledger(id: $a) { currency } b: ledger(id: $b) { timeZone } }`, {
      a: vippsLedgerGlobalId(a!),
      b: vippsLedgerGlobalId(b!),
    });
    expect(r.errors).toBeUndefined();
    expect(countCalls(await h.stats(), LIST)).toBe(alone);
  });

  it("an unknown ledger: null with one NOT_FOUND for its own fields, NOT_FOUND on entries from the upstream's 404", async () => {
    const missing = vippsLedgerGlobalId('999999');
    const own = await h.op(graphql(`query LedgerByIdLedger($id: ID!) { ledger(id: $id) { id ledgerId currency provider } }`), {
      id: missing,
    });
    expect(own.data!.ledger).toBeNull();
    expect(own.errors).toHaveLength(1);
    expect(own.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(own.errors![0]!.path![0]).toBe('ledger');

    const r = await h.gql<W1Data>(W1, { id: missing, date: BUSY_DATE, first: 5 });
    expect(r.data!.ledger!.entries).toBeNull();
    expect(r.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['ledger', 'entries'], 'NOT_FOUND']]);
  });
});

/** How many ledger list pages a walk to `ledgerId` reads (the sandbox's page size decides). */
async function listPagesTo(ledgerId: string): Promise<number> {
  await h.resetStats();
  h.clearCache();
  const r = await h.op(graphql(`query LedgerByIdLedger2($id: ID!) { ledger(id: $id) { currency } }`), {
    id: vippsLedgerGlobalId(ledgerId),
  });
  expect(r.errors).toBeUndefined();
  return countCalls(await h.stats(), LIST);
}

describe('today without the ledger, and with it when the zones disagree', () => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    await Promise.all(harnesses.map((x) => x.close()));
  });
  // 22:30 UTC in winter: 23:30 in Oslo and Copenhagen (the 15th), 00:30 in Helsinki (the 16th).
  const WINTER = '2026-01-15T22:30:00Z';
  const winter = vippsSandboxFacts(undefined, { now: WINTER, historyDays: 10 });
  const oslo = winter.ledgers.find((l) => l.currency === 'NOK' && l.kind === 'vm')!.ledgerId;

  it('reads the ledger when its zones disagree on today: a Norwegian ledger is on the 15th, its 16th has not begun', async () => {
    const w = await startHarness({ sandbox: { now: WINTER, vendors: { vipps: { historyDays: 10 } } } });
    harnesses.push(w);
    await w.resetStats();
    // Helsinki's today is a date still to come in Oslo: refused (after the ledger's today), its date never asked for.
    const future = await w.gql<W1Data>(W1, { id: vippsLedgerGlobalId(oslo), date: '2026-01-16', first: 5 });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
    expect(future.data!.ledger!.entries).toBeNull();
    expect(countCalls(await w.stats(), '/dates/')).toBe(0);
    expect(countCalls(await w.stats(), LIST)).toBeGreaterThanOrEqual(1);
    const open = await w.gql<W1Data>(W1, { id: vippsLedgerGlobalId(oslo), date: '2026-01-15', first: 5 });
    expect(open.errors).toBeUndefined();
    expect(open.data!.ledger!.entries!.final).toBe(false);
    // A closed date is validated against the same today.
    w.clearCache();
    await w.resetStats();
    const closed = await w.gql<W1Data>(W1, { id: vippsLedgerGlobalId(oslo), date: '2026-01-14', first: 5 });
    expect(closed.errors).toBeUndefined();
    expect(countCalls(await w.stats(), LIST)).toBeGreaterThanOrEqual(1);
  });

  it('a configured zone (VIPPS_LEDGER_TIME_ZONES) decides today without the ledger at any hour', async () => {
    const w = await startHarness({
      sandbox: { now: WINTER, vendors: { vipps: { historyDays: 10 } } },
      env: { VIPPS_LEDGER_TIME_ZONES: `${oslo}=Europe/Oslo` },
    });
    harnesses.push(w);
    await w.resetStats();
    const future = await w.gql<W1Data>(W1, { id: vippsLedgerGlobalId(oslo), date: '2026-01-16', first: 5 });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
    const closed = await w.gql<W1Data>(W1, { id: vippsLedgerGlobalId(oslo), date: '2026-01-14', first: 5 });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.ledger!.entries!.final).toBe(true);
    const stats = await w.stats();
    expect(countCalls(stats, LIST)).toBe(0);
    expect(countCalls(stats, '/dates/')).toBe(1);
  });
});
