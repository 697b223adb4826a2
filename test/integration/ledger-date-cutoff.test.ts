import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts, type VippsLedgerFact } from '../../src/sandbox/vipps/index.js';
import { countCalls, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

/**
 * A ledger whose dates run 04:00 to 04:00 (the Report API page: a ledger date "can be configured
 * to other cutoffs such as 04:00 to 04:00"), through the gateway, in the night between midnight
 * and the cutoff. 01:30 UTC on Friday 20 November 2026 is 02:30 in Oslo (UTC+1): the calendar
 * says the 20th, the ledger is still on the 19th, which began at 04:00 Oslo (03:00 UTC) and ends
 * at 04:00 on the 20th (03:00 UTC). The sandbox's cutoff ledger is configured in the gateway the
 * way an operator would (`VIPPS_LEDGER_DATE_CUTOFFS`, added from the sandbox in sandbox mode).
 */

const NIGHT = '2026-11-20T01:30:00Z';
const LEDGER_TODAY = '2026-11-19';
const YESTERDAY = '2026-11-18';
/** Oslo's midnight of the 20th, and where the ledger's 19th and 18th began (04:00 Oslo). */
const MIDNIGHT = '2026-11-19T23:00:00';
const START_19 = '2026-11-19T03:00:00';
const START_18 = '2026-11-18T03:00:00';

const facts = vippsSandboxFacts(undefined, { now: NIGHT, historyDays: 10 });
const cutoff = facts.ledgers.find((l) => l.ledgerId === facts.cutoffLedgerId) as VippsLedgerFact;
const id = vippsLedgerGlobalId(cutoff.ledgerId);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { now: NIGHT, vendors: { vipps: { historyDays: 10 } } } });
});
afterAll(async () => {
  await h.close();
});

type Row = {
  time: string;
  ledgerDate: string;
  entryType: string;
  pspReference: string | null;
  recipientHandle: string | null;
  salesEvent: { pspReference: string | null; time: string } | null;
};
type Day = { final: boolean; tryLater: boolean; edges: Array<{ node: Row }>; pageInfo: { hasNextPage: boolean } };

async function day(date: string, extra = ''): Promise<Day> {
  const q = `query($id: ID!, $date: Date) { ledger(id: $id) { entries(date: $date, first: 1000) { final tryLater
    edges { node { time ledgerDate entryType pspReference recipientHandle ${extra} } } pageInfo { hasNextPage } } } }`;
  const r = await h.gql<{ ledger: { entries: Day } }>(q, { id, date });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const page = r.data!.ledger.entries;
  expect(page.pageInfo.hasNextPage).toBe(false);
  return page;
}

describe('a ledger cut at 04:00, between midnight and the cutoff', () => {
  it('the sandbox simulates one, in Oslo, at 04:00', () => {
    expect(cutoff).toMatchObject({ currency: 'NOK', timeZone: 'Europe/Oslo', dateCutoffMinutes: 240, today: LEDGER_TODAY });
    // Every other ledger has turned at midnight.
    for (const l of facts.ledgers.filter((x) => x.ledgerId !== cutoff.ledgerId)) expect(l.today, l.ledgerId).toBe('2026-11-20');
  });

  it('says its cutoff, and is still on the 19th: today, without reading the ledger', async () => {
    await h.resetStats();
    const bare = await h.op(graphql(`query LedgerDateCutoffLedger($id: ID!) { ledger(id: $id) { today } }`), { id });
    expect(bare.errors).toBeUndefined();
    expect(bare.data!.ledger!.today).toBe(LEDGER_TODAY);
    // Every Nordic zone agrees it is the 20th at midnight; the configured cutoff makes it the 19th from the id alone.
    expect(countCalls(await h.stats(), '/settlement/v1/ledgers')).toBe(0);
    const r = await h.op(graphql(`query LedgerDateCutoffLedger2($id: ID!) { ledger(id: $id) { dateCutoff timeZone today } }`), { id });
    expect(r.data!.ledger).toEqual({ dateCutoff: '04:00', timeZone: 'Europe/Oslo', today: LEDGER_TODAY });
    const others = await h.op(
      graphql(`query LedgerDateCutoffLedgers { ledgers(first: 50) { edges { node { ledgerId dateCutoff today } } } }`),
    );
    for (const { node } of others.data!.ledgers!.edges.map((e) => e!).filter((e) => e.node.ledgerId !== cutoff.ledgerId))
      expect(node).toMatchObject({ dateCutoff: '00:00', today: '2026-11-20' });
  });

  it('its today is open and holds the entries after midnight, with ledger date the 19th; its 20th has not begun', async () => {
    const today = await day(LEDGER_TODAY);
    expect(today).toMatchObject({ final: false, tryLater: true });
    const times = today.edges.map((e) => e.node.time);
    expect(times.length).toBeGreaterThan(0);
    for (const e of today.edges) {
      expect(e.node.ledgerDate).toBe(LEDGER_TODAY);
      expect(e.node.time >= START_19 && e.node.time <= NIGHT.replace('Z', ''), e.node.time).toBe(true);
    }
    // The night: booked after Oslo's midnight, still on the 19th.
    expect(times.filter((t) => t >= MIDNIGHT).length).toBeGreaterThan(0);
    const future = await h.op(
      graphql(`query LedgerDateCutoffLedger3($id: ID!) { ledger(id: $id) { entries(date: "2026-11-20", first: 5) { final } } }`),
      { id },
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
  });

  it('yesterday is closed and runs 04:00 to 04:00: its payout is the last entry, just before 04:00 on the 19th', async () => {
    const yesterday = await day(YESTERDAY);
    expect(yesterday).toMatchObject({ final: true, tryLater: false });
    for (const e of yesterday.edges) {
      expect(e.node.ledgerDate).toBe(YESTERDAY);
      expect(e.node.time >= START_18 && e.node.time < START_19, e.node.time).toBe(true);
    }
    expect(yesterday.edges.some((e) => e.node.time >= '2026-11-18T23:00:00')).toBe(true);
    expect(yesterday.edges.at(-1)?.node).toMatchObject({ entryType: 'payout-scheduled', time: '2026-11-19T02:59:59.900000Z' });
    // A range up to today is open; one ending yesterday is final.
    const range = await h.gql<{ ledger: { open: { final: boolean }; closed: { final: boolean } } }>(
      `query($id: ID!) { ledger(id: $id) { open: entries(from: "${YESTERDAY}", first: 1) { final } closed: entries(from: "2026-11-17", to: "${YESTERDAY}", first: 1) { final } } }`,
      { id },
    );
    expect(range.errors).toBeUndefined();
    expect(range.data!.ledger).toEqual({ open: { final: false }, closed: { final: true } });
  });

  it("joins the night's captures to their sales both ways: the Sales API books them on the ledger date", async () => {
    const today = await day(LEDGER_TODAY, 'salesEvent { pspReference time }');
    const night = today.edges.map((e) => e.node).filter((n) => n.time >= MIDNIGHT && n.entryType === 'capture');
    expect(night.length).toBeGreaterThan(0);
    for (const n of night)
      expect(n.salesEvent, `${n.pspReference} at ${n.time}`).toMatchObject({ pspReference: n.pspReference, time: n.time });

    type Sale = { pspReference: string | null; time: string; entry: { ledgerDate: string; pspReference: string } | null };
    const sales = await h.gql<{ ledger: { salesEvents: { edges: Array<{ node: Sale }> } } }>(
      `query($id: ID!) { ledger(id: $id) { salesEvents(date: "${LEDGER_TODAY}", first: 1000) { edges { node { pspReference time entry { ledgerDate pspReference } } } } } }`,
      { id },
    );
    expect(sales.errors, JSON.stringify(sales.errors)).toBeUndefined();
    const nightSales = sales.data!.ledger.salesEvents.edges.map((e) => e.node).filter((s) => s.pspReference !== null && s.time >= MIDNIGHT);
    expect(nightSales.length).toBeGreaterThan(0);
    for (const s of nightSales)
      expect(s.entry, `${s.pspReference} at ${s.time}`).toMatchObject({ ledgerDate: LEDGER_TODAY, pspReference: s.pspReference });
  });

  it("exports up to its today, and refuses the calendar's date that has not begun on the ledger", async () => {
    const q = `query($id: ID!, $to: Date!) { ledger(id: $id) { entriesExport(from: "${YESTERDAY}", to: $to) { fileName } } }`;
    const ok = await h.gql(q, { id, to: LEDGER_TODAY });
    expect(ok.errors).toBeUndefined();
    const late = await h.gql(q, { id, to: '2026-11-20' });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
  });
});
