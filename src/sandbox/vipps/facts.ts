import { addDays, SandboxClock } from '../core/clock.js';
import { payoutEntryType, type Topic } from './books.js';
import { DEFAULT_VIPPS_SEED, type Currency, type PayoutSchedule, type SalesUnitKind, type Solution } from './ledgers.js';
import { parseVippsOptions } from './options.js';
import { pageEnding, type PageEnding } from './page-quirks.js';
import type { OpenReason } from './settlement.js';
import { VippsWorld } from './world.js';

export interface VippsLedgerFact {
  ledgerId: string;
  currency: Currency;
  name: string;
  recipientHandle: string;
  kind: SalesUnitKind;
  payout: PayoutSchedule;
  /** The Sales API solution of its sales unit; null when the Sales API has nothing for it. */
  salesSolution: Solution | null;
  /** IANA zone its dates run in (from the merchant's country). */
  timeZone: string;
  /** Minutes after local midnight at which its dates begin (0: midnight to midnight; 240: 04:00 to 04:00). */
  dateCutoffMinutes: number;
  /** Every recipient handle it settles: one, or several with joint settlement (`recipientHandle` first). */
  recipientHandles: string[];
  /** The ledger's current date in its zone. */
  today: string;
}

export interface VippsSandboxFacts {
  seed: number;
  /** Today in UTC; a ledger's own today (`ledgers[].today`) can be a date later at night. */
  today: string;
  /** First date with data; earlier dates answer with no entries. */
  historyStart: string;
  /** All ledgers, in the order the ledger list pages them (by ledgerId). */
  ledgers: VippsLedgerFact[];
  /** The one ledger the merchant credentials see (`api:<MSN>`). */
  merchantLedgerId: string;
  /** The busy ledger and its busiest closed date, with that date's funds and fees entry counts. */
  busy: { ledgerId: string; date: string; fundsEntries: number; feesEntries: number };
  /** The monthly-payout ledger whose balance exceeds 2^31 minor units; `exceedsOn` the first closed date it does. */
  large: { ledgerId: string; exceedsOn: string | null; maxBalance: number };
  /** Ledgers whose sales units have Sales API data (Vippsnummer and mPOS). */
  salesLedgerIds: string[];
  /** Ledgers with cash sales (mPOS; Sales API only, pspReference null). */
  cashLedgerIds: string[];
  /** A ledger with a few entries a day, for walking a feed to its end quickly. */
  quietLedgerId: string;
  /** The ledger whose dates run 04:00 to 04:00 and which settles two sales units jointly (mPOS, Sales API data). */
  cutoffLedgerId: string;
  /** Entries of types outside capture/refund/fees-retained/payout-scheduled/capture-fee, by date. */
  unusualEntries: Array<{ ledgerId: string; date: string; entryType: string }>;
  /**
   * Past dates still open (`tryLater: true`) and why: awaiting a weekly or monthly payout, or a
   * negative balance holding the payout back. Today is open on every ledger and is not listed.
   */
  openPastDates: Array<{ ledgerId: string; date: string; reason: Exclude<OpenReason, 'today'> }>;
  /** Dates whose last dates page ends unusually (page-quirks.ts), besides a last page that is exactly full. */
  pageEndings: Array<{ ledgerId: string; topic: Topic; date: string; ending: Exclude<PageEnding, null> }>;
  /** Refunds booked under their capture's pspReference (WorldLedger.refundsSharePsp), on past dates. */
  refundsSharingPsp: Array<{ ledgerId: string; date: string; pspReference: string }>;
  /** Funds balance at the end of each past date, for ledgers whose balance went negative. */
  negativeBalances: Array<{ ledgerId: string; date: string; closing: number }>;
}

/**
 * What tests need to know about a sandbox world, computed by the same generator the server uses
 * (pass the same seed, `now` and options as the sandbox).
 */
export function vippsSandboxFacts(
  seed: number = DEFAULT_VIPPS_SEED,
  opts: { now?: Date | string; historyDays?: number; scale?: number } = {},
): VippsSandboxFacts {
  const options = parseVippsOptions({ historyDays: opts.historyDays, scale: opts.scale });
  const clock = new SandboxClock({ start: opts.now === undefined ? undefined : new Date(opts.now) });
  const world = new VippsWorld(seed, clock, options);
  const today = clock.today();
  const historyStart = world.historyStart();
  const bySlug = (slug: string) => {
    const l = world.ledgers.find((x) => x.slug === slug);
    if (!l) throw new Error(`sandbox world has no ${slug} ledger`);
    return l;
  };

  const busyLedger = bySlug('bakeriet');
  let busyDate = historyStart;
  let busiest = -1;
  for (let d = historyStart; d < today; d = addDays(d, 1)) {
    const n = world.captureCount(busyLedger, d);
    if (n > busiest) {
      busiest = n;
      busyDate = d;
    }
  }
  const busyDay = world.day(busyLedger, busyDate);

  const large = bySlug('nordlys');
  let exceedsOn: string | null = null;
  let maxBalance = 0;
  for (let d = historyStart; d < today; d = addDays(d, 1)) {
    const before = world.openingBalance(large, d) + world.dayNet(large, d);
    if (before > maxBalance) maxBalance = before;
    if (exceedsOn === null && before > 2 ** 31) exceedsOn = d;
  }

  const unusualEntries: VippsSandboxFacts['unusualEntries'] = [];
  for (const l of world.ledgers) {
    for (let d = historyStart; d < today; d = addDays(d, 1)) {
      for (const x of world.extras(l, d)) unusualEntries.push({ ledgerId: l.ledgerId, date: d, entryType: x.entryType });
      if (l.oldPayoutSpelling && payoutEntryType(seed, l, d) !== 'payout-scheduled' && world.day(l, d).payout) {
        unusualEntries.push({ ledgerId: l.ledgerId, date: d, entryType: payoutEntryType(seed, l, d) });
      }
    }
  }

  const openPastDates: VippsSandboxFacts['openPastDates'] = [];
  const pageEndings: VippsSandboxFacts['pageEndings'] = [];
  const negativeBalances: VippsSandboxFacts['negativeBalances'] = [];
  const refundsSharingPsp: VippsSandboxFacts['refundsSharingPsp'] = [];
  for (const l of world.ledgers) {
    const own = world.today(l);
    if (l.refundsSharePsp !== undefined) {
      for (let d = historyStart; d < own; d = addDays(d, 1)) {
        const captures = new Set(world.sales(l, d).captures.map((c) => c.psp));
        for (const r of world.sales(l, d).refunds)
          if (captures.has(r.psp)) refundsSharingPsp.push({ ledgerId: l.ledgerId, date: d, pspReference: r.psp ?? '' });
      }
    }
    for (let d = historyStart; d < own; d = addDays(d, 1)) {
      const reason = world.openReason(l, d);
      if (reason !== null && reason !== 'today') openPastDates.push({ ledgerId: l.ledgerId, date: d, reason });
      const closing = world.openingBalance(l, addDays(d, 1));
      if (closing < 0) negativeBalances.push({ ledgerId: l.ledgerId, date: d, closing });
      for (const topic of ['funds', 'fees'] as const) {
        const ending = pageEnding(seed, l, topic, d);
        if (ending) pageEndings.push({ ledgerId: l.ledgerId, topic, date: d, ending });
      }
    }
  }

  return {
    seed,
    today,
    historyStart,
    ledgers: world.ledgers.map((l) => ({
      ledgerId: l.ledgerId,
      currency: l.currency,
      name: l.name,
      recipientHandle: l.recipientHandle,
      kind: l.kind,
      payout: l.payout,
      salesSolution: l.solution,
      timeZone: l.timeZone,
      dateCutoffMinutes: l.dateCutoffMinutes,
      recipientHandles: l.units.map((u) => u.recipientHandle),
      today: world.today(l),
    })),
    merchantLedgerId: bySlug('fjordkaffe').ledgerId,
    busy: { ledgerId: busyLedger.ledgerId, date: busyDate, fundsEntries: busyDay.funds.length, feesEntries: busyDay.fees.length },
    large: { ledgerId: large.ledgerId, exceedsOn, maxBalance },
    salesLedgerIds: world.ledgers.filter((l) => l.solution !== null).map((l) => l.ledgerId),
    cashLedgerIds: world.ledgers.filter((l) => (l.cashRate ?? 0) > 0).map((l) => l.ledgerId),
    quietLedgerId: bySlug('kallio').ledgerId,
    cutoffLedgerId: bySlug('dognkiosk').ledgerId,
    unusualEntries,
    openPastDates,
    pageEndings,
    negativeBalances,
    refundsSharingPsp,
  };
}
