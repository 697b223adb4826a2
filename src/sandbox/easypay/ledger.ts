import { addDays, dateIn, dateLengthMs, daysBetween, startOfDate } from '../core/clock.js';
import { hash32, Rng } from '../core/rng.js';
import { money, type DecimalStyle, type EasypayMoney } from './money.js';

/**
 * `LedgerTransactionType` from `easypay-report-api.extracted.yaml` plus `TF`, which the live docs
 * list and the 2024-12 file lacks (docs/upstreams/easypay.md, easypay quirk 5 (docs/upstreams/easypay.md)).
 */
export const TRANSACTION_TYPES = ['CP', 'RF', 'RV', 'FEE', 'SP', 'MAN', 'TB', 'OT', 'CB', 'OP', 'TF'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export function isTransactionType(value: string): value is TransactionType {
  return (TRANSACTION_TYPES as readonly string[]).includes(value);
}

/**
 * Direction of `amount` per type, as the effect on the merchant's Easypay balance. The spec gives
 * no signs at all; these follow the type descriptions in `LedgerTransactionType`:
 * money in (CP capture, SP the merchant's share of a split payment), money out (RF, FEE, OT, CB,
 * OP, and TF: "a movement of funds from an Easypay account to a bank account", the payout of a
 * transfer batch), and either way (TB a bank transfer "between different bank accounts", which the
 * sandbox uses to collect a batch that came to less than nothing from the merchant's bank; RV
 * undoes whatever it reverts; MAN is a manual correction).
 * Clients must book by the sign, never by the type.
 */
export const DIRECTION: Record<TransactionType, 1 | -1 | 0> = {
  CP: 1,
  SP: 1,
  RF: -1,
  FEE: -1,
  // Settles a batch with the merchant's bank; the sandbox collects negative batches with it (batchTransfer).
  TB: 0,
  OT: -1,
  CB: -1,
  OP: -1,
  RV: 0,
  MAN: 0,
  TF: -1,
};

/** Relative frequency: captures dominate a merchant's ledger, chargebacks are rare. */
const WEIGHTS: Record<TransactionType, number> = {
  CP: 50,
  RF: 8,
  RV: 3,
  FEE: 8,
  SP: 6,
  MAN: 3,
  TB: 4,
  OT: 3,
  CB: 2,
  OP: 3,
  TF: 3,
};
const WEIGHT_TOTAL = TRANSACTION_TYPES.reduce((sum, t) => sum + WEIGHTS[t], 0);

/** Types that move a customer's payment, and so carry payment details. */
const PAYMENT_TYPES: ReadonlySet<TransactionType> = new Set(['CP', 'RF', 'RV', 'SP', 'CB']);

/** 2^31 cents: a value above it overflows a 32-bit integer of cents (docs/architecture.md, Money). */
export const INT32_CENTS = 2_147_483_648;

const METHODS = ['CC', 'MBW', 'MB', 'DD', 'VI'] as const;
/** Variable fee in basis points per method (inferred; Easypay publishes prices per contract). */
const VARIABLE_BPS: Record<(typeof METHODS)[number], number> = { CC: 140, MBW: 70, MB: 50, DD: 30, VI: 20 };
/** Portuguese standard VAT rate, applied to fees. */
const VAT_PERCENT = 23;

export interface EasypayFee {
  fixed_amount: EasypayMoney;
  variable_amount: EasypayMoney;
  vat_amount: EasypayMoney;
}

/** `LedgerEntry` as served (`easypay-report-api.extracted.yaml`, `components.schemas.LedgerEntry`). */
export interface LedgerEntryWire {
  id: string;
  created_at: string;
  transaction_timestamp: string;
  transaction_type: TransactionType;
  amount: EasypayMoney;
  amount_details: {
    requested_amount: EasypayMoney;
    payed_amount: EasypayMoney;
    fees: EasypayFee[];
  };
  transfer_batch_date: string;
  transfer_batch: string;
  descriptive: string;
  details: {
    operation_id: string;
    operation_key: string;
    method: string;
    payment_id: string;
    payment_type: string;
    payment_key: string;
  };
}

/** A generated entry: the wire shape with the batch it will settle in, and its sort key. */
export interface GeneratedEntry {
  /** Seconds since the Unix epoch of `created_at` (ISO 8601 with seconds on the wire). */
  second: number;
  /** The minute `second` is in: the precision of the `created_at` filter. */
  minute: number;
  /** `amount` in integer cents, for facts and tests. */
  amountCents: number;
  settlementDate: string;
  batchId: string;
  wire: Omit<LedgerEntryWire, 'transfer_batch' | 'transfer_batch_date'>;
}

/** Minutes since the epoch for `YYYY-MM-DD` + minute of day, in UTC: how `created_at` filters read. */
export function dayMinute(date: string, minuteOfDay = 0): number {
  return Date.parse(`${date}T00:00:00Z`) / 60_000 + minuteOfDay;
}

/**
 * The account's days are Lisbon's: Easypay is a Portuguese institution, its merchants trade and its
 * batches settle on Portugal's mainland days (UTC+0 in winter, UTC+1 in summer). The API itself
 * knows only UTC instants (seed 004: `created_at` filters "in UTC"); these days are how the sandbox
 * lays its traffic out, and they match the ledger dates Tally gives Easypay accounts.
 */
export const ACCOUNT_TIME_ZONE = 'Europe/Lisbon';

/** Minutes since the epoch of the first minute of a Lisbon date (23:00 UTC the day before in summer). */
export function dateStartMinute(date: string): number {
  return startOfDate(date, ACCOUNT_TIME_ZONE) / 60_000;
}

/** Minutes a Lisbon date lasts: 1440, or 1380 and 1500 on the days summer time starts and ends. */
export function dateLengthMinutes(date: string): number {
  return dateLengthMs(date, ACCOUNT_TIME_ZONE) / 60_000;
}

/** `YYYY-MM-DD HH:MM` in UTC: `transaction_timestamp` and the `created_at` filter's ends, as the ledger report documents them. */
export function formatMinute(minute: number): string {
  return new Date(minute * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** `created_at`: "formatted as ISO 8601", the report's example `2019-08-24T14:15:22Z` (UTC, seconds). */
export function formatCreatedAt(second: number): string {
  return `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * The second within its minute an entry is created at, from its id (so the rest of the world is
 * drawn as before). `pinned` entries keep their second: 0 for those at exactly 00:00, and the
 * second half of the minute for those in a date's last minute, the instant (22:59:30 UTC in
 * summer) a client cutting windows at whole minutes would lose between two of them.
 */
function secondOf(id: string, pinned: 'start' | 'late' | null): number {
  if (pinned === 'start') return 0;
  const h = hash32(`easypay-second|${id}`);
  return pinned === 'late' ? 30 + (h % 30) : h % 60;
}

/**
 * The day entries of `date` are paid out on: two days later, moved to the next weekday. Batch ids
 * are decimal strings like the spec's example `"584"`, one per payout day, counting up.
 */
export function settlementOf(date: string): { date: string; batchId: string } {
  let d = addDays(date, 2);
  for (;;) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) break;
    d = addDays(d, 1);
  }
  return { date: d, batchId: String(daysBetween('2024-06-01', d) + 100) };
}

function pickType(rng: Rng): TransactionType {
  let r = rng.next() * WEIGHT_TOTAL;
  for (const t of TRANSACTION_TYPES) {
    r -= WEIGHTS[t];
    // Payouts are never drawn: each settles a whole batch (batchTransfer).
    if (r < 0) return t === 'TB' || t === 'TF' ? 'OT' : t;
  }
  return 'CP';
}

/** Payment amounts in cents, with whole euros and whole ten-cents common enough that "13" and "13.5" occur. */
function paymentCents(rng: Rng, minCents: number, maxCents: number): number {
  const roll = rng.next();
  if (roll < 0.15) return rng.int(Math.ceil(minCents / 100), Math.floor(maxCents / 100)) * 100;
  if (roll < 0.3) return rng.int(Math.ceil(minCents / 10), Math.floor(maxCents / 10)) * 10;
  return rng.int(minCents, maxCents);
}

function vatOn(cents: number): number {
  return Math.floor((cents * VAT_PERCENT + 50) / 100);
}

interface Fee {
  fixed: number;
  variable: number;
  vat: number;
}

/**
 * One day of the ledger, a pure function of (seed, date, shape). Every entry satisfies
 * `amount = direction * payed_amount - sum(fees)`, the relation of the spec's example
 * (13.5 - 0.07 - 0.1 - 0.04 = 13.29, docs/upstreams/easypay.md): a capture books its net amount.
 */
export function generateDay(seed: number, date: string, shape: LedgerShape): GeneratedEntry[] {
  const entries = generateBaseDay(seed, date, shape);
  const transfer = batchTransfer(seed, date, shape);
  return transfer ? [...entries, transfer].sort(compareEntries) : entries;
}

/** When the batch transfer of a payout day is created: early morning, Lisbon time. */
const TRANSFER_MINUTE = 5 * 60;

/**
 * The payout of the transfer batch of `date` (a weekday on which batches are paid): one entry
 * carrying the batch it settles, for exactly the batch's sum, so the batch and its payout reconcile
 * (the pairing with `transfer_batch` is inferred). A batch that came to more than nothing is paid
 * out with a `TF`, which the ledger report documents as "a movement of funds from an Easypay account
 * to a bank account": a negative amount. A batch whose sum is negative is collected from the
 * merchant's bank, which a one-way `TF` cannot be: a `TB` ("Bank Transfer", funds moved between
 * bank accounts) with a positive amount. Null on days that settle no batch.
 */
function batchTransfer(seed: number, date: string, shape: LedgerShape): GeneratedEntry | null {
  let sum = 0;
  let count = 0;
  let id: string | null = null;
  // Entries are paid two days after their creation, moved to the next weekday (settlementOf).
  for (let back = 2; back <= 4; back++) {
    const created = addDays(date, -back);
    const settlement = settlementOf(created);
    if (settlement.date !== date) continue;
    id = settlement.batchId;
    for (const e of generateBaseDay(seed, created, shape)) {
      sum += e.amountCents;
      count++;
    }
  }
  if (id === null || count === 0) return null;
  const rng = Rng.forKey(seed, 'easypay-transfer', date);
  const style: DecimalStyle = rng.chance(0.5) ? 'trimmed' : 'fixed';
  const minute = dateStartMinute(date) + TRANSFER_MINUTE;
  const type: TransactionType = sum >= 0 ? 'TF' : 'TB';
  const magnitude = Math.abs(sum);
  const transferId = rng.uuid();
  const second = minute * 60 + secondOf(transferId, null);
  return {
    second,
    minute,
    amountCents: -sum,
    settlementDate: date,
    batchId: id,
    wire: {
      id: transferId,
      created_at: formatCreatedAt(second),
      transaction_timestamp: formatMinute(minute),
      transaction_type: type,
      amount: money(-sum, style),
      // `amount = direction x payed_amount` with no fees: out for a TF, in for a TB that collects.
      amount_details: { requested_amount: money(magnitude, style), payed_amount: money(magnitude, style), fees: [] },
      descriptive: type === 'TF' ? `Transfer of batch ${id} to the bank account` : `Bank transfer collecting batch ${id}`,
      details: {
        operation_id: rng.uuid(),
        operation_key: `op-${rng.digits(8)}`,
        method: '',
        payment_id: '',
        payment_type: '',
        payment_key: '',
      },
    },
  };
}

/** A day's entries without the batch transfer. */
function generateBaseDay(seed: number, date: string, shape: LedgerShape): GeneratedEntry[] {
  const rng = Rng.forKey(seed, 'easypay', date);
  const avg = shape.entriesPerDay;
  const count = avg <= 0 ? 0 : rng.int(Math.max(1, Math.ceil(avg / 2)), Math.max(1, Math.floor((avg * 3) / 2)));
  const dayNumber = daysBetween('1970-01-01', date);
  // Every type within any 11 consecutive days, whatever the weights draw.
  // (A forced TB is drawn as MAN, a forced TF as OT: payouts are the batches' own, see batchTransfer.)
  const rotated = TRANSACTION_TYPES[((dayNumber % 11) + 11) % 11] ?? 'CP';
  const forcedType = rotated === 'TB' ? 'MAN' : rotated === 'TF' ? 'OT' : rotated;
  // Entries at exactly 00:00 (two, sharing the minute) on even days and at 23:59 on every third
  // (Lisbon time): the edges where a client's windows meet, and where inclusive ends double-count
  // if mishandled. A date lasts 23 or 25 hours when summer time starts or ends.
  const atMidnight = dayNumber % 2 === 0 ? 2 : 0;
  const settlement = settlementOf(date);
  const base = dateStartMinute(date);
  const lastMinute = dateLengthMinutes(date) - 1;

  const entries: GeneratedEntry[] = [];
  let previousMinute = rng.int(0, lastMinute);
  for (let i = 0; i < count; i++) {
    let minuteOfDay: number;
    let pinned: 'start' | 'late' | null = null;
    if (i < atMidnight) {
      minuteOfDay = 0;
      pinned = 'start';
    } else if (i === atMidnight && dayNumber % 3 === 0) {
      minuteOfDay = lastMinute;
      pinned = 'late';
    } else if (i > 0 && rng.chance(0.15)) minuteOfDay = previousMinute;
    else minuteOfDay = rng.int(0, lastMinute);
    previousMinute = minuteOfDay;
    const forced = i === count - 1;
    const type = forced ? forcedType : pickType(rng);
    entries.push(generateEntry(rng, type, base + minuteOfDay, settlement, forced, pinned, shape.extremeAmounts ?? false));
  }
  return entries.sort(compareEntries);
}

/** Served order: `created_at`, then `id` (several entries share a second). */
export function compareEntries(a: EntryPosition, b: EntryPosition): number {
  if (a.second !== b.second) return a.second - b.second;
  return a.wire.id < b.wire.id ? -1 : a.wire.id > b.wire.id ? 1 : 0;
}

function generateEntry(
  rng: Rng,
  type: TransactionType,
  minute: number,
  settlement: { date: string; batchId: string },
  forced: boolean,
  pinned: 'start' | 'late' | null = null,
  extremes = false,
): GeneratedEntry {
  const id = rng.uuid();
  const second = minute * 60 + secondOf(id, pinned);
  const style: DecimalStyle = rng.chance(0.5) ? 'trimmed' : 'fixed';
  const method = rng.pick(METHODS);
  const fees: Fee[] = [];
  let direction: 1 | -1 = DIRECTION[type] === 0 ? (rng.chance(0.5) ? 1 : -1) : (DIRECTION[type] as 1 | -1);
  let requested: number;
  let payed: number;
  let descriptive: string;

  const large = (type === 'MAN' || type === 'TB') && (forced || rng.chance(0.1));
  switch (type) {
    case 'CP':
    case 'SP': {
      requested = paymentCents(rng, 100, 50_000);
      // A partial payment now and then (inferred; the schema keeps both amounts for a reason).
      payed = rng.chance(0.05) ? requested - rng.int(1, Math.floor(requested / 2)) : requested;
      const fixed = rng.pick([7, 10, 15, 25, 35]);
      const variable = Math.floor((payed * VARIABLE_BPS[method]) / 10_000);
      fees.push({ fixed, variable, vat: vatOn(fixed + variable) });
      // The spec's examples show two fee objects; a service fee rides along sometimes.
      if (rng.chance(0.2)) fees.push({ fixed: 5, variable: 0, vat: vatOn(5) });
      descriptive = type === 'CP' ? `Capture ${method} order ${rng.digits(6)}` : `Split payment share ${rng.digits(6)}`;
      break;
    }
    case 'RF':
    case 'CB': {
      requested = paymentCents(rng, 100, 30_000);
      payed = requested;
      if (type === 'CB') fees.push({ fixed: 1500, variable: 0, vat: vatOn(1500) });
      else if (rng.chance(0.5)) fees.push({ fixed: 25, variable: 0, vat: vatOn(25) });
      descriptive = type === 'RF' ? `Refund order ${rng.digits(6)}` : `Chargeback dispute ${rng.digits(8)}`;
      break;
    }
    case 'RV': {
      // Reverting a capture takes money back; reverting a fee gives it back.
      direction = rng.chance(0.75) ? -1 : 1;
      requested = direction < 0 ? paymentCents(rng, 100, 30_000) : paymentCents(rng, 10, 2_000);
      payed = requested;
      descriptive = direction < 0 ? `Revert capture ${rng.digits(6)}` : `Revert fee ${rng.digits(6)}`;
      break;
    }
    case 'FEE': {
      requested = 0;
      payed = 0;
      const fixed = paymentCents(rng, 50, 5_000);
      fees.push({ fixed, variable: 0, vat: vatOn(fixed) });
      descriptive = rng.pick(['Monthly account fee', 'Multibanco reference fee', 'Card terminal fee']);
      break;
    }
    case 'MAN':
    case 'TB': {
      // One movement in ten, and a day's forced one, is drawn beyond 2^31 cents. Without extreme
      // amounts the same draw is folded into EUR 1-500, so every later draw (and entry) is the same.
      const big = large ? rng.int(INT32_CENTS, 9_999_999_999) : 0;
      requested = large ? (extremes ? big : 100 + (big % 49_901)) : paymentCents(rng, 100, type === 'TB' ? 5_000_000 : 500_000);
      payed = requested;
      descriptive = type === 'MAN' ? 'Manual balance adjustment' : `Bank transfer of batch ${settlement.batchId}`;
      break;
    }
    case 'OT':
    case 'OP':
    case 'TF': {
      requested = paymentCents(rng, 1_000, 300_000);
      payed = requested;
      descriptive = type === 'OT' ? 'Transfer to external account' : type === 'OP' ? `Out payment ${rng.digits(6)}` : 'Account transfer';
      break;
    }
  }

  const feeTotal = fees.reduce((sum, f) => sum + f.fixed + f.variable + f.vat, 0);
  const amountCents = direction * payed - feeTotal;
  const isPayment = PAYMENT_TYPES.has(type);
  // Payments can be older than their ledger entry (capture after authorisation).
  const transactionMinute = isPayment ? minute - rng.int(0, 180) : minute;
  const paymentType = rng.next() < 0.8 ? 'single' : rng.chance(0.6) ? 'frequent' : 'subscription';

  return {
    second,
    minute,
    amountCents,
    settlementDate: settlement.date,
    batchId: settlement.batchId,
    wire: {
      id,
      created_at: formatCreatedAt(second),
      transaction_timestamp: formatMinute(transactionMinute),
      transaction_type: type,
      amount: money(amountCents, style),
      amount_details: {
        requested_amount: money(requested, style),
        payed_amount: money(payed, style),
        fees: fees.map((f) => ({
          fixed_amount: money(f.fixed, style),
          variable_amount: money(f.variable, style),
          vat_amount: money(f.vat, style),
        })),
      },
      descriptive,
      // The schema types every details field as a plain string; entries without a customer
      // payment (fees, transfers, manual movements) carry empty payment fields (inferred).
      details: {
        operation_id: rng.uuid(),
        operation_key: `op-${rng.digits(8)}`,
        method: isPayment ? method : '',
        payment_id: isPayment ? rng.uuid() : '',
        payment_type: isPayment ? paymentType : '',
        payment_key: isPayment ? `customer-${rng.digits(5)}` : '',
      },
    },
  };
}

export interface EntryPosition {
  second: number;
  wire: { id: string };
}

export interface LedgerShape {
  /** Average entries per day. */
  entriesPerDay: number;
  /** Days of history before today (today is served too, up to the current minute). */
  historyDays: number;
  /** Longest delay between an entry's `created_at` and its appearance in the report (0: none). */
  bookingDelayMinutes?: number;
  /** Manual movements beyond 2^31 cents (EasypayOptions.extremeAmounts). */
  extremeAmounts?: boolean;
}

/**
 * The ledger as the clock sees it: generated lazily per day, cached (bounded, so a benchmark with
 * many days does not hold them all), with today's entries only up to the current minute and
 * batch fields only once the batch's payout day has come.
 */
export class EasypayLedger {
  private cache = new Map<string, GeneratedEntry[]>();
  private static readonly MAX_CACHED_DAYS = 400;

  constructor(
    readonly seed: number,
    readonly shape: LedgerShape,
    /**
     * The date the history is counted back from, fixed when the sandbox starts, so a running clock
     * never drops the account's oldest days (a closed date keeps its entries); today's date when absent.
     */
    private readonly firstToday?: string,
  ) {}

  historyStart(today: string): string {
    return addDays(this.firstToday ?? today, -this.shape.historyDays);
  }

  day(date: string): GeneratedEntry[] {
    let entries = this.cache.get(date);
    if (!entries) {
      entries = generateDay(this.seed, date, this.shape);
      if (this.cache.size >= EasypayLedger.MAX_CACHED_DAYS) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(date, entries);
    }
    return entries;
  }

  /** The minute an entry shows in the report: its `created_at`, or later for a late booking. */
  bookedAt(entry: GeneratedEntry): number {
    const max = this.shape.bookingDelayMinutes ?? 0;
    return max === 0 ? entry.minute : entry.minute + (hash32(`${this.seed}:${entry.wire.id}`) % (max + 1));
  }

  /** Entries created in the minutes `from` to `to` (each whole: its 60 seconds) that exist at `nowMinute`, in served order (created_at, id). */
  *between(from: number, to: number, nowMinute: number): Generator<GeneratedEntry> {
    const upper = Math.min(to, nowMinute);
    if (from > upper) return;
    const today = dateOfMinute(nowMinute);
    const first = maxDate(dateOfMinute(from), this.historyStart(today));
    const last = dateOfMinute(upper);
    for (let date = first; date <= last; date = addDays(date, 1)) {
      for (const entry of this.day(date)) {
        if (entry.minute >= from && entry.minute <= upper && this.bookedAt(entry) <= nowMinute) yield entry;
      }
    }
  }
}

/** The Lisbon date of a minute since the epoch: the account's day it belongs to. */
export function dateOfMinute(minute: number): string {
  return dateIn(minute * 60_000, ACCOUNT_TIME_ZONE);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The batch an entry is in as of `today`: none until its payout day has come. */
export function visibleBatch(entry: GeneratedEntry, today: string): string {
  return entry.settlementDate <= today ? entry.batchId : '';
}

/** Field order of the schema; unbatched entries carry empty strings (both fields are non-null strings there). */
export function toWire(entry: GeneratedEntry, today: string): LedgerEntryWire {
  const batch = visibleBatch(entry, today);
  const { id, created_at, transaction_timestamp, transaction_type, amount, amount_details, descriptive, details } = entry.wire;
  return {
    id,
    created_at,
    transaction_timestamp,
    transaction_type,
    amount,
    amount_details,
    transfer_batch_date: batch ? entry.settlementDate : '',
    transfer_batch: batch,
    descriptive,
    details,
  };
}
