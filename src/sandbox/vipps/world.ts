import { addDays, startOfLedgerDate, type SandboxClock } from '../core/clock.js';
import { WeightedLru } from './cache.js';
import { bookDay, extras, feeEvents, netOf, type DayLedger, type Extra, type StoredEntry, type Topic } from './books.js';
import { formatTime } from './format.js';
import { buildLedgers, type WorldLedger } from './ledgers.js';
import type { VippsOptions } from './options.js';
import { customerOf, payerOf, type Customer, type Payer } from './payers.js';
import { parseSaleReference } from './references.js';
import { SettlementChain, type OpenReason } from './settlement.js';
import { CASH_BASE, drawCount, generateSales, REFUND_BASE, salesStream, type DaySales, type SaleEvent } from './traffic.js';

/**
 * The Vipps world of one sandbox: ledgers, and per ledger and date the sales that happened, the
 * funds and fees entries they produced, and whether the date is closed. Everything is a pure
 * function of (seed, ledger, date, the world's first date); the caches only save time. Each
 * ledger's dates run midnight to midnight in its own time zone (or from its cutoff to its cutoff,
 * `WorldLedger.dateCutoffMinutes`), and its "today" is the date there now in the sandbox clock.
 */
export class VippsWorld {
  readonly ledgers: WorldLedger[];
  private readonly byId: Map<string, WorldLedger>;
  /** The first date with data; fixed when the world is made, so balances never shift under a running sandbox. */
  private readonly firstDate: string;
  private readonly salesCache = new WeightedLru<DaySales>(600_000, (d) => d.captures.length + d.refunds.length + d.cash.length);
  private readonly dayCache = new WeightedLru<DayLedger>(300_000, (d) => d.funds.length + d.fees.length);
  private readonly salesDateCache = new WeightedLru<SaleEvent[]>(300_000, (d) => d.length);
  /** Funds movement of a date before its payout: a number per ledger and date, kept forever. */
  private readonly netCache = new Map<string, number>();
  private readonly chains = new Map<string, SettlementChain>();

  constructor(
    readonly seed: number,
    readonly clock: SandboxClock,
    readonly options: Pick<VippsOptions, 'historyDays' | 'scale'>,
  ) {
    this.ledgers = buildLedgers(seed);
    this.byId = new Map(this.ledgers.map((l) => [l.ledgerId, l]));
    this.firstDate = addDays(clock.today(), -options.historyDays);
    for (const l of this.ledgers) this.chains.set(l.ledgerId, new SettlementChain(l, this.firstDate, (d) => this.dayNet(l, d)));
  }

  ledger(ledgerId: string): WorldLedger | undefined {
    return this.byId.get(ledgerId);
  }

  /** The ledger's current date in its own time zone and date cutoff. */
  today(l: WorldLedger): string {
    return this.clock.today(l.timeZone, l.dateCutoffMinutes);
  }

  /** The first date served; dates before it answer with no entries (closed). */
  historyStart(): string {
    return this.firstDate;
  }

  /** Where a date begins (ms) in the ledger's zone: its midnight, or its cutoff time that morning. */
  private startMs(l: WorldLedger, date: string): number {
    return startOfLedgerDate(date, l.timeZone, l.dateCutoffMinutes);
  }

  /** How long a date lasts (µs) in the ledger's zone: 23, 24 or 25 hours. */
  dayUs(l: WorldLedger, date: string): number {
    return (this.startMs(l, addDays(date, 1)) - this.startMs(l, date)) * 1000;
  }

  /** Microseconds into the ledger's today. */
  nowUs(l: WorldLedger): number {
    return (this.clock.now().getTime() - this.startMs(l, this.today(l))) * 1000;
  }

  /** The UTC time of a moment `us` into a ledger date, as the Report and Sales APIs print it. */
  timeOf(l: WorldLedger, date: string, us: number): string {
    return formatTime(this.startMs(l, date), us);
  }

  /** How many captures a date has, without generating it (the first draw of the date's stream). */
  captureCount(l: WorldLedger, date: string): number {
    return drawCount(l, date, salesStream(this.seed, l, date), this.options.scale);
  }

  sales(l: WorldLedger, date: string): DaySales {
    return this.salesCache.getOrCreate(`${l.ledgerId}|${date}`, () =>
      generateSales(this.seed, l, date, this.options.scale, this.dayUs(l, date)),
    );
  }

  extras(l: WorldLedger, date: string): Extra[] {
    return extras(this.seed, l, date, this.dayUs(l, date));
  }

  private fees(l: WorldLedger, date: string) {
    return feeEvents(this.sales(l, addDays(date, -1)), this.sales(l, date));
  }

  /** Net funds movement of a date before its closing payout. */
  dayNet(l: WorldLedger, date: string): number {
    const key = `${l.ledgerId}|${date}`;
    const hit = this.netCache.get(key);
    if (hit !== undefined) return hit;
    const net = netOf(this.sales(l, date), this.extras(l, date), this.fees(l, date));
    this.netCache.set(key, net);
    return net;
  }

  private chain(l: WorldLedger): SettlementChain {
    return this.chains.get(l.ledgerId) as SettlementChain;
  }

  /** Funds balance at the start of a date: what the last payout left, plus everything since. */
  openingBalance(l: WorldLedger, date: string): number {
    return this.chain(l).opening(date);
  }

  /** Why a date is still open now (`tryLater: true`), or null when it is closed. */
  openReason(l: WorldLedger, date: string): OpenReason | null {
    return this.chain(l).openReason(date, this.today(l));
  }

  day(l: WorldLedger, date: string): DayLedger {
    return this.dayCache.getOrCreate(`${l.ledgerId}|${date}`, () =>
      bookDay({
        seed: this.seed,
        ledger: l,
        date,
        startMs: this.startMs(l, date),
        dayUs: this.dayUs(l, date),
        sales: this.sales(l, date),
        extras: this.extras(l, date),
        fees: this.fees(l, date),
        opening: this.openingBalance(l, date),
      }),
    );
  }

  /** The entries of a ledger date as served now: all of a past date, today's only up to the current time. */
  visibleEntries(l: WorldLedger, topic: Topic, date: string): StoredEntry[] {
    const today = this.today(l);
    if (date > today || date < this.historyStart()) return [];
    const list = this.day(l, date)[topic];
    if (date < today) return list;
    const nowUs = this.nowUs(l);
    let end = 0;
    while (end < list.length && !list[end]!.endOfDay && list[end]!.timeUs <= nowUs) end++;
    return list.slice(0, end);
  }

  payer(payerKey: string): Payer {
    return payerOf(this.seed, payerKey);
  }

  /** The customer the Sales API sends with the sale of `psp`, or null. */
  customer(psp: string): Customer | null {
    return customerOf(this.seed, psp);
  }

  /** A sale is visible once it has happened and its Sales API date is not in the future. */
  private saleVisible(l: WorldLedger, e: SaleEvent): boolean {
    const today = this.today(l);
    if (e.date > today || (e.date === today && e.timeUs > this.nowUs(l))) return false;
    return !(e.lateSale && e.date >= today);
  }

  /** Sales API events of one ledger date (late captures of the previous date included), as served now. */
  salesForDate(l: WorldLedger, date: string): SaleEvent[] {
    const today = this.today(l);
    if (l.solution === null || date > today || date < this.historyStart()) return [];
    const all = this.salesDateCache.getOrCreate(`${l.ledgerId}|${date}`, () => {
      const prev = this.sales(l, addDays(date, -1));
      const own = this.sales(l, date);
      const late = [...prev.captures, ...prev.refunds].filter((e) => e.lateSale).sort((a, b) => a.timeUs - b.timeUs);
      const onTime = [...own.captures, ...own.refunds, ...own.cash].filter((e) => !e.lateSale).sort((a, b) => a.timeUs - b.timeUs);
      return [...late, ...onTime];
    });
    if (date < today) return all;
    let end = 0;
    while (end < all.length && this.saleVisible(l, all[end]!)) end++;
    return all.slice(0, end);
  }

  /** The date and sales a reference or pspReference points into; null when it is not one of this ledger's served dates. */
  private eventsOfDay(l: WorldLedger, digits: string, prefix: '1' | '3'): { seq: number; sales: DaySales } | null {
    const found = parseSaleReference(l, digits, prefix);
    if (!found || found.date < this.historyStart() || found.date > this.today(l)) return null;
    return { seq: found.seq, sales: this.sales(l, found.date) };
  }

  salesByPspReference(l: WorldLedger, psp: string): SaleEvent[] {
    if (l.solution === null) return [];
    const found = this.eventsOfDay(l, psp, '3');
    if (!found) return [];
    const { seq, sales } = found;
    // A capture's pspReference also finds its refunds booked under it (WorldLedger.refundsSharePsp).
    const candidates =
      seq < REFUND_BASE ? [sales.captures[seq], ...sales.refunds.filter((r) => r.psp === psp)] : [sales.refunds[seq - REFUND_BASE]];
    return candidates
      .filter((e): e is SaleEvent => e !== undefined && e.psp === psp && this.saleVisible(l, e))
      .sort((a, b) => a.timeUs - b.timeUs);
  }

  salesByReference(l: WorldLedger, reference: string): SaleEvent[] {
    if (l.solution === null) return [];
    const found = this.eventsOfDay(l, reference, '1');
    if (!found) return [];
    const { seq, sales } = found;
    const candidates = seq >= CASH_BASE ? sales.cash : [...sales.captures.slice(seq, seq + 1), ...sales.refunds];
    return candidates.filter((e) => e.reference === reference && this.saleVisible(l, e)).sort((a, b) => a.timeUs - b.timeUs);
  }
}
