import { dayOfWeek } from '../core/clock.js';
import { hash32, Rng } from '../core/rng.js';
import { basket, negateLine, sumGross, type SalesLine } from './basket.js';
import { catalogueFor } from './catalogue.js';
import { dayNumber, pad } from './format.js';
import type { WorldLedger } from './ledgers.js';

export const HOUR_US = 3_600_000_000;
/** Sales stop a minute before the date ends so the day-closing entries are always the last of a date. */
export const LAST_SALE_MARGIN_US = 60_000_000;
/** Captures use sequence numbers below this, refunds from it, cash sales from CASH_BASE. */
export const REFUND_BASE = 500_000;
export const CASH_BASE = 700_000;
const MAX_SALES_PER_DAY = 400_000;

/** Relative traffic per hour of the merchant's day: quiet nights, lunch and after-work peaks. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 16, 18, 20, 18, 16, 16, 18, 20, 16, 12, 8, 5, 3, 2];
const HOUR_CUMULATIVE = HOUR_WEIGHTS.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], []);
const HOUR_TOTAL = HOUR_CUMULATIVE.at(-1) ?? 1;

/** One capture or refund as it happened: the source of the Report entries and of the Sales API event. */
export interface SaleEvent {
  kind: 'capture' | 'refund';
  /** The report ledger date on which it happened. */
  date: string;
  /** Microseconds since the start of `date` in the ledger's time zone. */
  timeUs: number;
  /** null for cash (docs/upstreams/vipps-sales.md: pspReference null for cash). */
  psp: string | null;
  reference: string;
  /** Signed minor units: captures positive, refunds negative, as on the funds ledger. */
  amount: number;
  /** null for sales without order lines (VARIABLE_AMOUNT, and API sales units that have no Sales API data). */
  lines: SalesLine[] | null;
  paymentType: string;
  /** Capture fee (positive minor units); 0 on refunds and cash. */
  fee: number;
  /** The capture fee is booked on the next ledger date (docs/upstreams/vipps-report.md, capture-fee). */
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

/**
 * A sale's time on a date `dayUs` long: an hour by the traffic weights, a moment within it. On the
 * days of 23 and 25 hours the traffic hours stretch to fill the date.
 */
function drawTime(rng: Rng, dayUs: number): number {
  const x = rng.next() * HOUR_TOTAL;
  let hour = 0;
  while (hour < 23 && (HOUR_CUMULATIVE[hour] ?? HOUR_TOTAL) <= x) hour++;
  const hourUs = dayUs / 24;
  const start = Math.floor(hour * hourUs);
  const end = Math.min(Math.floor((hour + 1) * hourUs), dayUs - LAST_SALE_MARGIN_US) - 1;
  return rng.int(start, Math.max(start, end));
}

/** How many captures a date has: the first draw of the date's stream. */
export function drawCount(l: WorldLedger, date: string, rng: Rng, scale: number): number {
  const dow = dayOfWeek(date);
  const busy = dow === 5 || dow === 6 || dow === 0;
  const [lo, hi] = busy ? l.perBusyDay : l.perDay;
  return Math.min(MAX_SALES_PER_DAY, Math.round(rng.int(lo, hi) * scale));
}

export function salesStream(seed: number, l: WorldLedger, date: string): Rng {
  return Rng.forKey(seed, l.ledgerId, date, 'sales');
}

/** Whether a refund of this capture is booked under the capture's own pspReference (WorldLedger.refundsSharePsp). */
export function sharesPsp(l: WorldLedger, capturePsp: string): boolean {
  return l.refundsSharePsp !== undefined && hash32(`refund-psp|${capturePsp}`) % 1000 < l.refundsSharePsp * 1000;
}

/** The sales of one ledger date, `dayUs` long: a pure function of (seed, ledger, date, scale). */
export function generateSales(seed: number, l: WorldLedger, date: string, scale: number, dayUs: number): DaySales {
  const rng = salesStream(seed, l, date);
  const n = drawCount(l, date, rng, scale);
  const lastSaleUs = dayUs - LAST_SALE_MARGIN_US;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = drawTime(rng, dayUs);
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
      if (refundTime < lastSaleUs) {
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
          // Decided by a hash, not a draw, so the rest of the day's stream is the same either way.
          psp: sharesPsp(l, capturePsp) ? capturePsp : psp(REFUND_BASE + refunds.length),
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
    for (let j = 0; j < m; j++) cashTimes[j] = drawTime(rng, dayUs);
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
