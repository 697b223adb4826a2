import { addDays, daysBetween, type SandboxClock } from '../core/clock.js';
import { Rng, hash32 } from '../core/rng.js';
import { WeightedLru } from './cache.js';
import { catalogueFor, FIRST_NAMES, LAST_NAMES, MESSAGES, type Product } from './catalogue.js';
import type { VippsOptions } from './options.js';
import { buildLedgers, type WorldLedger } from './world.js';

/** Day numbers (and the 4 digits of them inside references) count from here. */
const EPOCH = '2020-01-01';
const HOUR_US = 3_600_000_000;
/** Sales stop at 23:59:00 so the day-closing entries below are always the last of a date. */
const LAST_SALE_US = 86_340_000_000;
const FEES_RETAINED_US = 86_399_000_000;
const TOP_UP_US = 86_399_500_000;
const PAYOUT_US = 86_399_900_000;
/** Late capture fees are booked in the first ten minutes of the next ledger date. */
const LATE_FEE_WINDOW_US = 600_000_000;
/** Captures use sequence numbers below this, refunds from it, cash sales from CASH_BASE. */
const REFUND_BASE = 500_000;
const CASH_BASE = 700_000;
const MAX_SALES_PER_DAY = 400_000;

/** Relative traffic per hour of day (UTC): quiet nights, lunch and after-work peaks. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 16, 18, 20, 18, 16, 16, 18, 20, 16, 12, 8, 5, 3, 2];
const HOUR_CUMULATIVE = HOUR_WEIGHTS.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], []);
const HOUR_TOTAL = HOUR_CUMULATIVE.at(-1) ?? 1;

/** A Sales API order line (vipps-sales-api.reconstructed.yaml, Line). */
export interface SalesLine {
  lineId: string;
  name: string;
  quantity: number;
  unitPriceGross: number;
  unitPriceNet: number;
  discountTotal: number;
  lineTotalGross: number;
  lineTotalNet: number;
  vatRate: number;
  vatAmount: number;
  category: string;
}

/** One capture or refund as it happened: the source of the Report entries and of the Sales API event. */
export interface SaleEvent {
  kind: 'capture' | 'refund';
  /** The report ledger date on which it happened. */
  date: string;
  timeUs: number;
  /** null for cash (specs/README.md section 2: pspReference null for cash). */
  psp: string | null;
  reference: string;
  /** Signed minor units: captures positive, refunds negative, as on the funds ledger. */
  amount: number;
  /** null for sales without order lines (VARIABLE_AMOUNT, and API sales units that have no Sales API data). */
  lines: SalesLine[] | null;
  paymentType: string;
  /** Capture fee (positive minor units); 0 on refunds and cash. */
  fee: number;
  /** The capture fee is booked on the next ledger date (specs/README.md section 1, capture-fee). */
  lateFee: boolean;
  /** The Sales API books it on the next date (late capture): a join must not assume the same date. */
  lateSale: boolean;
  /** Whose GDPR data the Report entry carries (the capture's pspReference), VM-number ledgers only. */
  payerKey: string | null;
}

export interface DaySales {
  date: string;
  /** Sorted by time; capture `i` has sequence number `i` in its pspReference and reference. */
  captures: SaleEvent[];
  /** In generation order; refund `i` has sequence `REFUND_BASE + i`. */
  refunds: SaleEvent[];
  /** Sorted by time; Sales API only. */
  cash: SaleEvent[];
}

/** A Report API entry (vipps-report-api.reconstructed-current.yaml, LedgerEntry), minus the GDPR fields. */
export interface EntryJson {
  pspReference: string;
  time: string;
  ledgerDate: string;
  entryType: string;
  reference: string;
  currency: string;
  amount: number;
  balanceBefore: number;
  balanceAfter: number;
  recipientHandle: string | null;
}

export interface StoredEntry {
  json: EntryJson;
  timeUs: number;
  /** Written when the date closes (fees-retained, top-up, payout): never on today's open date. */
  endOfDay: boolean;
  payerKey: string | null;
}

export interface DayLedger {
  funds: StoredEntry[];
  fees: StoredEntry[];
  /** Funds balance before the first entry and after the last one. */
  opening: number;
  closing: number;
  payout: boolean;
}

export type Topic = 'funds' | 'fees';

export interface Payer {
  name: string;
  maskedPhoneNo: string;
  message: string | null;
}

interface Extra {
  entryType: string;
  amount: number;
  timeUs: number;
  psp: string;
}

export function dayNumber(date: string): number {
  return daysBetween(EPOCH, date);
}

const ZEROS = '000000000000';
function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : ZEROS.slice(0, width - s.length) + s;
}

// Busy days format thousands of timestamps; two-digit parts come from a table.
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: UTC with microseconds, as the spec's examples (QUIRKS.md section 1, item 7). */
export function formatTime(date: string, us: number): string {
  const totalSeconds = Math.floor(us / 1_000_000);
  const micro = us - totalSeconds * 1_000_000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${date}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}.${pad(micro, 6)}Z`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Fee and payout bookkeeping ids look like ULIDs in the docs' samples (QUIRKS.md section 1, sample day). */
function ulidLike(rng: Rng): string {
  let out = '01';
  while (out.length < 26) out += CROCKFORD[rng.int(0, 31)];
  return out;
}

function drawTime(rng: Rng): number {
  const x = rng.next() * HOUR_TOTAL;
  let hour = 0;
  while (hour < 23 && (HOUR_CUMULATIVE[hour] ?? HOUR_TOTAL) <= x) hour++;
  const start = hour * HOUR_US;
  const end = Math.min((hour + 1) * HOUR_US, LAST_SALE_US) - 1;
  return rng.int(start, end);
}

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function makeLine(lineId: string, p: Product, quantity: number, discount: number): SalesLine {
  const gross = p.price * quantity - discount;
  const vat = Math.round((gross * p.vatRate) / (10_000 + p.vatRate));
  return {
    lineId,
    name: p.name,
    quantity,
    unitPriceGross: p.price,
    unitPriceNet: Math.round((p.price * 10_000) / (10_000 + p.vatRate)),
    discountTotal: discount,
    lineTotalGross: gross,
    lineTotalNet: gross - vat,
    vatRate: p.vatRate,
    vatAmount: vat,
    category: p.category,
  };
}

/**
 * A returned line: negative quantity and totals, unit prices unchanged, so that
 * `unitPriceGross*quantity - discountTotal = lineTotalGross` still holds (vipps-sales-api.reconstructed.yaml, Line).
 */
function negateLine(l: SalesLine): SalesLine {
  return {
    ...l,
    quantity: -l.quantity,
    discountTotal: -l.discountTotal,
    lineTotalGross: -l.lineTotalGross,
    lineTotalNet: -l.lineTotalNet,
    vatAmount: -l.vatAmount,
  };
}

function basket(rng: Rng, catalogue: Product[], maxLines: number): SalesLine[] {
  const count = rng.int(1, maxLines);
  const lines: SalesLine[] = [];
  for (let i = 0; i < count; i++) {
    const p = rng.pick(catalogue);
    const quantity = p.price >= 20_000 ? 1 : rng.int(1, 4);
    const discount = rng.chance(0.1) ? Math.round((p.price * quantity) / 10) : 0;
    lines.push(makeLine(String(rng.int(100_000, 999_999)), p, quantity, discount));
  }
  return lines;
}

function sumGross(lines: SalesLine[]): number {
  let s = 0;
  for (const l of lines) s += l.lineTotalGross;
  return s;
}

/**
 * The Vipps world of one sandbox: ledgers, and per ledger and date the sales that happened and the
 * funds and fees entries they produced. Everything is a pure function of (seed, ledger, date);
 * the caches only save time. "Today" comes from the sandbox clock and is open.
 */
export class VippsWorld {
  readonly ledgers: WorldLedger[];
  private readonly byId: Map<string, WorldLedger>;
  private readonly salesCache = new WeightedLru<DaySales>(600_000, (d) => d.captures.length + d.refunds.length + d.cash.length);
  private readonly dayCache = new WeightedLru<DayLedger>(300_000, (d) => d.funds.length + d.fees.length);
  private readonly salesDateCache = new WeightedLru<SaleEvent[]>(300_000, (d) => d.length);
  /** Funds movement of a date before its closing payout: a handful of numbers per ledger and day, kept forever. */
  private readonly netCache = new Map<string, number>();

  constructor(
    readonly seed: number,
    readonly clock: SandboxClock,
    readonly options: Pick<VippsOptions, 'historyDays' | 'scale'>,
  ) {
    this.ledgers = buildLedgers(seed);
    this.byId = new Map(this.ledgers.map((l) => [l.ledgerId, l]));
  }

  ledger(ledgerId: string): WorldLedger | undefined {
    return this.byId.get(ledgerId);
  }

  today(): string {
    return this.clock.today();
  }

  /** The first date served; dates before it answer with no entries (closed). */
  historyStart(): string {
    return addDays(this.today(), -this.options.historyDays);
  }

  /** Microseconds into today. */
  nowUs(): number {
    const now = this.clock.now();
    return (now.getTime() - Date.parse(`${isoDay(now)}T00:00:00Z`)) * 1000;
  }

  /** How many captures a date has, without generating it (the first draw of the date's stream). */
  captureCount(l: WorldLedger, date: string): number {
    return this.drawCount(l, date, Rng.forKey(this.seed, l.ledgerId, date, 'sales'));
  }

  private drawCount(l: WorldLedger, date: string, rng: Rng): number {
    const dow = dayOfWeek(date);
    const busy = dow === 5 || dow === 6 || dow === 0;
    const [lo, hi] = busy ? l.perBusyDay : l.perDay;
    return Math.min(MAX_SALES_PER_DAY, Math.round(rng.int(lo, hi) * this.options.scale));
  }

  sales(l: WorldLedger, date: string): DaySales {
    return this.salesCache.getOrCreate(`${l.ledgerId}|${date}`, () => this.generateSales(l, date));
  }

  private generateSales(l: WorldLedger, date: string): DaySales {
    const rng = Rng.forKey(this.seed, l.ledgerId, date, 'sales');
    const n = this.drawCount(l, date, rng);
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = drawTime(rng);
    times.sort();

    const dn = pad(dayNumber(date) % 10_000, 4);
    const compactDate = date.replaceAll('-', '');
    const refPrefix = l.kind === 'api' ? `${l.slug}-${compactDate}-` : `1${l.index}${dn}`;
    const pspPrefix = `3${l.index}${dn}`;
    const reference = (seq: number) => refPrefix + pad(seq, 6);
    const psp = (seq: number) => pspPrefix + pad(seq, 6);
    const catalogue = catalogueFor(l.country, l.slug);
    const withLines = l.solution === 'SHOPPING_BASKET' || l.solution === 'MPOS';
    const hasSales = l.solution !== null;

    const paymentType = (): string => {
      if (l.kind === 'vm') return 'WALLET';
      if (l.kind === 'api') return 'WALLET';
      // A value outside the documented enum, rarely: clients must treat paymentType as open.
      const r = rng.next();
      return r < 0.004 ? 'GIFT_CARD' : r < 0.7 ? 'CARD' : 'WALLET';
    };

    const captures: SaleEvent[] = [];
    const refunds: SaleEvent[] = [];
    for (let i = 0; i < n; i++) {
      const timeUs = times[i] ?? 0;
      let lines: SalesLine[] | null = null;
      let amount: number;
      if (withLines) {
        lines = basket(rng, catalogue, l.solution === 'MPOS' ? 4 : 5);
        amount = sumGross(lines);
      } else {
        amount = Math.max(100, Math.round(rng.int(l.amount[0], l.amount[1]) / 100) * 100);
      }
      const capturePsp = psp(i);
      const capture: SaleEvent = {
        kind: 'capture',
        date,
        timeUs,
        psp: capturePsp,
        reference: reference(i),
        amount,
        lines,
        paymentType: paymentType(),
        fee: Math.max(1, Math.round((amount * l.feeBp) / 10_000)),
        lateFee: rng.chance(0.02),
        lateSale: hasSales && rng.chance(0.01),
        payerKey: l.kind === 'vm' ? capturePsp : null,
      };
      captures.push(capture);

      if (rng.chance(l.refundRate)) {
        const refundTime = timeUs + rng.int(60_000_000, 2 * HOUR_US);
        if (refundTime < LAST_SALE_US) {
          let refundLines: SalesLine[] | null = null;
          let refundAmount: number;
          if (lines) {
            const chosen = lines.filter(() => rng.chance(0.6));
            refundLines = (chosen.length > 0 ? chosen : lines.slice(0, 1)).map(negateLine);
            refundAmount = sumGross(refundLines);
          } else {
            refundAmount = rng.chance(0.5) ? -amount : -Math.max(100, Math.round(rng.int(amount / 4, amount) / 100) * 100);
          }
          refunds.push({
            kind: 'refund',
            date,
            timeUs: refundTime,
            psp: psp(REFUND_BASE + refunds.length),
            reference: capture.reference,
            amount: refundAmount,
            lines: refundLines,
            paymentType: capture.paymentType,
            fee: 0,
            lateFee: false,
            lateSale: hasSales && rng.chance(0.01),
            payerKey: capture.payerKey,
          });
        }
      }
    }

    const cash: SaleEvent[] = [];
    if (l.cashRate) {
      const m = Math.round(n * l.cashRate);
      const cashTimes = new Float64Array(m);
      for (let j = 0; j < m; j++) cashTimes[j] = drawTime(rng);
      cashTimes.sort();
      for (let j = 0; j < m; j++) {
        const lines = basket(rng, catalogue, 3);
        cash.push({
          kind: 'capture',
          date,
          timeUs: cashTimes[j] ?? 0,
          psp: null,
          reference: reference(CASH_BASE + j),
          amount: sumGross(lines),
          lines,
          paymentType: 'CASH',
          fee: 0,
          lateFee: false,
          lateSale: false,
          payerKey: null,
        });
      }
    }
    return { date, captures, refunds, cash };
  }

  /**
   * Entry types outside the everyday set, drawn from their own stream so that facts can list them
   * without generating whole days: `correction` and `top-up` (documented), and `adjustment-2027`,
   * a type no spec knows (entry types are an open set: specs/README.md section 1).
   */
  extras(l: WorldLedger, date: string): Extra[] {
    const rng = Rng.forKey(this.seed, l.ledgerId, date, 'extras');
    const out: Extra[] = [];
    if (rng.chance(0.05)) {
      out.push({ entryType: 'correction', amount: rng.pick([-1, 1]) * rng.int(100, 5_000), timeUs: rng.int(0, LAST_SALE_US - 1), psp: ulidLike(rng) });
    }
    if (rng.chance(0.02)) {
      out.push({ entryType: 'top-up', amount: rng.int(10, 500) * 100, timeUs: rng.int(0, LAST_SALE_US - 1), psp: ulidLike(rng) });
    }
    if (l.unknownEntryTypes && rng.chance(0.05)) {
      out.push({ entryType: 'adjustment-2027', amount: rng.int(1, 50) * 100, timeUs: rng.int(0, LAST_SALE_US - 1), psp: ulidLike(rng) });
    }
    return out;
  }

  /** The payout entry's spelling on a date: the 2023 `scheduled-for-payout` now and then on one ledger. */
  payoutEntryType(l: WorldLedger, date: string): string {
    if (l.oldPayoutSpelling && Rng.forKey(this.seed, l.ledgerId, date, 'spelling').chance(0.25)) return 'scheduled-for-payout';
    return 'payout-scheduled';
  }

  isPayoutDay(l: WorldLedger, date: string): boolean {
    if (l.payout === 'daily') return true;
    if (l.payout === 'weekly') return dayOfWeek(date) === 0;
    return addDays(date, 1).endsWith('-01');
  }

  /** First date of the payout period `date` belongs to: balances accumulate from there. */
  private periodStart(l: WorldLedger, date: string): string {
    if (l.payout === 'daily') return date;
    if (l.payout === 'weekly') return addDays(date, -((dayOfWeek(date) + 6) % 7));
    return `${date.slice(0, 8)}01`;
  }

  /** Fees booked on a date's fees ledger: its own non-late capture fees plus the previous date's late ones. */
  private feeEvents(l: WorldLedger, date: string): Array<{ event: SaleEvent; timeUs: number }> {
    const prev = this.sales(l, addDays(date, -1));
    const own = this.sales(l, date);
    const out: Array<{ event: SaleEvent; timeUs: number }> = [];
    for (const c of prev.captures) {
      if (c.lateFee) out.push({ event: c, timeUs: hash32(c.psp ?? '') % LATE_FEE_WINDOW_US });
    }
    for (const c of own.captures) if (!c.lateFee) out.push({ event: c, timeUs: c.timeUs });
    return out.sort((a, b) => a.timeUs - b.timeUs);
  }

  /** Net funds movement of a date before its closing payout (or top-up). */
  dayNet(l: WorldLedger, date: string): number {
    const key = `${l.ledgerId}|${date}`;
    const hit = this.netCache.get(key);
    if (hit !== undefined) return hit;
    const s = this.sales(l, date);
    let net = 0;
    for (const c of s.captures) net += c.amount;
    for (const r of s.refunds) net += r.amount;
    for (const x of this.extras(l, date)) net += x.amount;
    for (const f of this.feeEvents(l, date)) net -= f.event.fee;
    this.netCache.set(key, net);
    return net;
  }

  /**
   * Funds balance at the start of a date. The previous payout day ended at exactly 0 (everything
   * paid out, or a top-up cleared a negative balance), so only this period's days count.
   */
  openingBalance(l: WorldLedger, date: string): number {
    let balance = 0;
    for (let d = this.periodStart(l, date); d < date; d = addDays(d, 1)) balance += this.dayNet(l, d);
    return balance;
  }

  day(l: WorldLedger, date: string): DayLedger {
    return this.dayCache.getOrCreate(`${l.ledgerId}|${date}`, () => this.assemble(l, date));
  }

  private assemble(l: WorldLedger, date: string): DayLedger {
    const s = this.sales(l, date);
    const currency = l.currency;
    const entry = (timeUs: number, entryType: string, psp: string, reference: string, amount: number, handle: string | null, payerKey: string | null, endOfDay: boolean): StoredEntry => ({
      json: { pspReference: psp, time: formatTime(date, timeUs), ledgerDate: date, entryType, reference, currency, amount, balanceBefore: 0, balanceAfter: 0, recipientHandle: handle },
      timeUs,
      endOfDay,
      payerKey,
    });
    const funds: StoredEntry[] = [];
    for (const c of s.captures) funds.push(entry(c.timeUs, 'capture', c.psp ?? '', c.reference, c.amount, l.recipientHandle, c.payerKey, false));
    for (const r of s.refunds) funds.push(entry(r.timeUs, 'refund', r.psp ?? '', r.reference, r.amount, l.recipientHandle, r.payerKey, false));
    // Corrections and top-ups carry no sales unit (recipientHandle may be null: QUIRKS.md section 1, item 8).
    for (const x of this.extras(l, date)) funds.push(entry(x.timeUs, x.entryType, x.psp, '', x.amount, null, null, false));
    funds.sort((a, b) => a.timeUs - b.timeUs);

    const opening = this.openingBalance(l, date);
    let balance = opening;
    const book = (list: StoredEntry[], e: StoredEntry, before: number): number => {
      e.json.balanceBefore = before;
      e.json.balanceAfter = before + e.json.amount;
      list.push(e);
      return e.json.balanceAfter;
    };
    for (const e of funds) {
      e.json.balanceBefore = balance;
      balance += e.json.amount;
      e.json.balanceAfter = balance;
    }

    const feeEvents = this.feeEvents(l, date);
    let feeSum = 0;
    for (const f of feeEvents) feeSum += f.event.fee;
    // Same id on both ledgers, as the prose of the guide says (QUIRKS.md section 1, sample day notes).
    const feesRetainedPsp = ulidLike(Rng.forKey(this.seed, l.ledgerId, date, 'fees-retained'));
    if (feeSum > 0) {
      balance = book(funds, entry(FEES_RETAINED_US, 'fees-retained', feesRetainedPsp, '', -feeSum, null, null, true), balance);
    }
    let payout = false;
    if (this.isPayoutDay(l, date)) {
      if (balance < 0) {
        // No payout on a negative balance (QUIRKS.md section 1, settlement timing); the merchant tops it up.
        const topUpPsp = ulidLike(Rng.forKey(this.seed, l.ledgerId, date, 'top-up'));
        balance = book(funds, entry(TOP_UP_US, 'top-up', topUpPsp, '', -balance, null, null, true), balance);
      } else if (balance > 0) {
        const payoutNumber = 2_000_000 + dayNumber(date);
        const psp = `${l.ledgerId}-${payoutNumber}`;
        const type = this.payoutEntryType(l, date);
        balance = book(funds, entry(PAYOUT_US, type, psp, payoutReference(l, date, payoutNumber), -balance, null, null, true), balance);
        payout = true;
      }
    }

    const fees: StoredEntry[] = [];
    let feeBalance = 0;
    for (const f of feeEvents) {
      const e = f.event;
      feeBalance = book(fees, entry(f.timeUs, 'capture-fee', e.psp ?? '', e.reference, -e.fee, l.recipientHandle, null, false), feeBalance);
    }
    if (feeSum > 0) book(fees, entry(FEES_RETAINED_US, 'fees-retained', feesRetainedPsp, '', feeSum, null, null, true), feeBalance);
    return { funds, fees, opening, closing: balance, payout };
  }

  /** The entries of a ledger date as served now: all of a closed date, today's only up to the current time. */
  visibleEntries(l: WorldLedger, topic: Topic, date: string): StoredEntry[] {
    const today = this.today();
    if (date > today || date < this.historyStart()) return [];
    const list = this.day(l, date)[topic];
    if (date < today) return list;
    const nowUs = this.nowUs();
    let end = 0;
    while (end < list.length && !list[end]!.endOfDay && list[end]!.timeUs <= nowUs) end++;
    return list.slice(0, end);
  }

  payer(payerKey: string): Payer {
    const rng = Rng.forKey(this.seed, 'payer', payerKey);
    return {
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      maskedPhoneNo: `xxxx ${rng.digits(4)}`,
      message: rng.chance(0.2) ? null : rng.pick(MESSAGES),
    };
  }

  /** A sale is visible once it has happened and its Sales API date is not in the future. */
  private saleVisible(e: SaleEvent, today: string, nowUs: number): boolean {
    if (e.date > today || (e.date === today && e.timeUs > nowUs)) return false;
    return !(e.lateSale && e.date >= today);
  }

  /** Sales API events of one ledger date (late captures of the previous date included), as served now. */
  salesForDate(l: WorldLedger, date: string): SaleEvent[] {
    const today = this.today();
    if (l.solution === null || date > today || date < this.historyStart()) return [];
    const all = this.salesDateCache.getOrCreate(`${l.ledgerId}|${date}`, () => {
      const prev = this.sales(l, addDays(date, -1));
      const own = this.sales(l, date);
      const late = [...prev.captures, ...prev.refunds].filter((e) => e.lateSale).sort((a, b) => a.timeUs - b.timeUs);
      const onTime = [...own.captures, ...own.refunds, ...own.cash].filter((e) => !e.lateSale).sort((a, b) => a.timeUs - b.timeUs);
      return [...late, ...onTime];
    });
    if (date < today) return all;
    const nowUs = this.nowUs();
    let end = 0;
    while (end < all.length && this.saleVisible(all[end]!, today, nowUs)) end++;
    return all.slice(0, end);
  }

  /** Sales whose date is encoded in a reference or pspReference; [] when it is not one of this ledger's. */
  private eventsOfDay(l: WorldLedger, digits: string, prefix: '1' | '3'): { date: string; seq: number; sales: DaySales } | null {
    const m = /^([13])(\d)(\d{4})(\d{6})$/.exec(digits);
    if (!m || m[1] !== prefix || Number(m[2]) !== l.index) return null;
    const date = addDays(EPOCH, Number(m[3]));
    if (date < this.historyStart() || date > this.today()) return null;
    return { date, seq: Number(m[4]), sales: this.sales(l, date) };
  }

  salesByPspReference(l: WorldLedger, psp: string): SaleEvent[] {
    if (l.solution === null) return [];
    const found = this.eventsOfDay(l, psp, '3');
    if (!found) return [];
    const { seq, sales } = found;
    const e = seq < REFUND_BASE ? sales.captures[seq] : sales.refunds[seq - REFUND_BASE];
    if (!e || e.psp !== psp || !this.saleVisible(e, this.today(), this.nowUs())) return [];
    return [e];
  }

  salesByReference(l: WorldLedger, reference: string): SaleEvent[] {
    if (l.solution === null) return [];
    const found = this.eventsOfDay(l, reference, '1');
    if (!found) return [];
    const { seq, sales } = found;
    const today = this.today();
    const nowUs = this.nowUs();
    const candidates = seq >= CASH_BASE ? sales.cash : [...sales.captures.slice(seq, seq + 1), ...sales.refunds];
    return candidates
      .filter((e) => e.reference === reference && this.saleVisible(e, today, nowUs))
      .sort((a, b) => a.timeUs - b.timeUs);
  }
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Bank statement text of a payout, at most 35 characters (ISO 20022): Norway `Utb. <payout> Vippsnr <n>`,
 * Denmark/Finland `02{recipient:08}001{DD}{MM}{YY}{check}` (QUIRKS.md section 1, item 11), the date
 * being the payout's ledger date. The FAQ (seed 002) does not spell out the check digit; the mod-10
 * (Luhn) digit of everything after the leading `02` reproduces its example `02023452430010504243`.
 */
function payoutReference(l: WorldLedger, date: string, payoutNumber: number): string {
  if (l.country === 'NO') return `Utb. ${payoutNumber} Vippsnr ${l.unitNumber}`;
  const body = `${l.unitNumber.padStart(8, '0').slice(-8)}001${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    const d = Number(body[i]) * (double ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return `02${body}${(10 - (sum % 10)) % 10}`;
}
