import { addDays, dayOfWeek } from '../core/clock.js';
import { hash32, Rng } from '../core/rng.js';
import { dayNumber, formatTime, ulidLike } from './format.js';
import { unitOfSale, type WorldLedger } from './ledgers.js';
import type { DaySales, SaleEvent } from './traffic.js';

/** Day-closing entries, counted back from the end of the date. */
const FEES_RETAINED_BEFORE_END_US = 1_000_000;
const PAYOUT_BEFORE_END_US = 100_000;
/** Late capture fees are booked in the first ten minutes of the next ledger date. */
const LATE_FEE_WINDOW_US = 600_000_000;

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
  /** Written when the date ends (fees-retained, payout): never on today's open date. */
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

/** A booking that is not a sale: drawn from its own stream, so it can be listed without generating the day. */
export interface Extra {
  entryType: string;
  amount: number;
  timeUs: number;
  psp: string;
}

/**
 * Entry types outside the everyday set: `correction` and `top-up` (documented), `adjustment-2027`,
 * a type no spec knows (entry types are an open set: docs/upstreams/vipps-report.md), and the large
 * correction that starts a ledger's negative spell.
 */
export function extras(seed: number, l: WorldLedger, date: string, dayUs: number): Extra[] {
  const lastUs = dayUs - 60_000_000;
  const rng = Rng.forKey(seed, l.ledgerId, date, 'extras');
  const out: Extra[] = [];
  if (rng.chance(0.05)) {
    out.push({
      entryType: 'correction',
      amount: rng.pick([-1, 1]) * rng.int(100, 5_000),
      timeUs: rng.int(0, lastUs - 1),
      psp: ulidLike(rng),
    });
  }
  if (rng.chance(0.02)) {
    out.push({ entryType: 'top-up', amount: rng.int(10, 500) * 100, timeUs: rng.int(0, lastUs - 1), psp: ulidLike(rng) });
  }
  if (l.unknownEntryTypes && rng.chance(0.05)) {
    out.push({ entryType: 'adjustment-2027', amount: rng.int(1, 50) * 100, timeUs: rng.int(0, lastUs - 1), psp: ulidLike(rng) });
  }
  const spell = l.negativeSpell;
  if (spell) {
    const n = dayNumber(date);
    const block = Math.floor(n / spell.everyDays);
    const s = Rng.forKey(seed, l.ledgerId, 'negative-spell', block);
    if (n - block * spell.everyDays === s.int(0, spell.everyDays - 1)) {
      out.push({
        entryType: 'correction',
        amount: -s.int(spell.amount[0], spell.amount[1]),
        timeUs: s.int(0, lastUs - 1),
        psp: ulidLike(s),
      });
    }
  }
  return out;
}

/** The payout entry's spelling on a date: the 2023 `scheduled-for-payout` now and then on one ledger. */
export function payoutEntryType(seed: number, l: WorldLedger, date: string): string {
  if (l.oldPayoutSpelling && Rng.forKey(seed, l.ledgerId, date, 'spelling').chance(0.25)) return 'scheduled-for-payout';
  return 'payout-scheduled';
}

/**
 * Whether the balance is paid out at the end of a date: daily, weekly for Monday's bank transfer
 * (so the end of Sunday), monthly for the 1st (the end of the month's last date) (docs/upstreams/
 * section 1, settlement timing).
 */
export function isPayoutDay(l: WorldLedger, date: string): boolean {
  if (l.payout === 'daily') return true;
  if (l.payout === 'weekly') return dayOfWeek(date) === 0;
  return addDays(date, 1).endsWith('-01');
}

/** Fees booked on a date's fees ledger: its own non-late capture fees plus the previous date's late ones. */
export function feeEvents(prev: DaySales, own: DaySales): Array<{ event: SaleEvent; timeUs: number }> {
  const out: Array<{ event: SaleEvent; timeUs: number }> = [];
  for (const c of prev.captures) {
    if (c.lateFee) out.push({ event: c, timeUs: hash32(c.psp ?? '') % LATE_FEE_WINDOW_US });
  }
  for (const c of own.captures) if (!c.lateFee) out.push({ event: c, timeUs: c.timeUs });
  return out.sort((a, b) => a.timeUs - b.timeUs);
}

/** Funds movement of a date before any payout. */
export function netOf(sales: DaySales, dayExtras: Extra[], fees: Array<{ event: SaleEvent }>): number {
  let net = 0;
  for (const c of sales.captures) net += c.amount;
  for (const r of sales.refunds) net += r.amount;
  for (const x of dayExtras) net += x.amount;
  for (const f of fees) net -= f.event.fee;
  return net;
}

export interface DayInput {
  seed: number;
  ledger: WorldLedger;
  date: string;
  /** Where the date begins (ms) and how long it lasts (µs) in the ledger's zone. */
  startMs: number;
  dayUs: number;
  sales: DaySales;
  extras: Extra[];
  fees: Array<{ event: SaleEvent; timeUs: number }>;
  /** Funds balance carried in from the previous date (0 after a payout). */
  opening: number;
}

/**
 * The funds and fees entries of one ledger date, with `balanceBefore + amount = balanceAfter` on
 * every entry. The day closes with `fees-retained` (same id on both ledgers, as the guide's prose
 * says: docs/upstreams/vipps-report.md, sample day notes) and, on a payout day with a positive balance, the
 * payout of all of it. A negative balance is not paid out and carries into the next date
 * (docs/upstreams/vipps-report.md, settlement timing).
 */
export function bookDay(input: DayInput): DayLedger {
  const { seed, ledger: l, date, startMs, dayUs, sales: s } = input;
  const currency = l.currency;
  const entry = (
    timeUs: number,
    entryType: string,
    psp: string,
    reference: string,
    amount: number,
    handle: string | null,
    payerKey: string | null,
    endOfDay: boolean,
  ): StoredEntry => ({
    json: {
      pspReference: psp,
      time: formatTime(startMs, timeUs),
      ledgerDate: date,
      entryType,
      reference,
      currency,
      amount,
      balanceBefore: 0,
      balanceAfter: 0,
      recipientHandle: handle,
    },
    timeUs,
    endOfDay,
    payerKey,
  });
  const funds: StoredEntry[] = [];
  for (const c of s.captures)
    funds.push(
      entry(c.timeUs, 'capture', c.psp ?? '', c.reference, c.amount, unitOfSale(l, c.reference).recipientHandle, c.payerKey, false),
    );
  for (const r of s.refunds)
    funds.push(
      entry(r.timeUs, 'refund', r.psp ?? '', r.reference, r.amount, unitOfSale(l, r.reference).recipientHandle, r.payerKey, false),
    );
  // Corrections and top-ups carry no sales unit (recipientHandle may be null: vipps-report quirk 8 (docs/upstreams/vipps-report.md)).
  for (const x of input.extras) funds.push(entry(x.timeUs, x.entryType, x.psp, '', x.amount, null, null, false));
  funds.sort((a, b) => a.timeUs - b.timeUs);

  let balance = input.opening;
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

  let feeSum = 0;
  for (const f of input.fees) feeSum += f.event.fee;
  const feesRetainedPsp = ulidLike(Rng.forKey(seed, l.ledgerId, date, 'fees-retained'));
  const feesRetainedUs = dayUs - FEES_RETAINED_BEFORE_END_US;
  if (feeSum > 0) {
    balance = book(funds, entry(feesRetainedUs, 'fees-retained', feesRetainedPsp, '', -feeSum, null, null, true), balance);
  }
  let payout = false;
  if (isPayoutDay(l, date) && balance > 0) {
    const payoutNumber = 2_000_000 + dayNumber(date);
    const psp = `${l.ledgerId}-${payoutNumber}`;
    balance = book(
      funds,
      entry(dayUs - PAYOUT_BEFORE_END_US, payoutEntryType(seed, l, date), psp, payoutReference(l, date), -balance, null, null, true),
      balance,
    );
    payout = true;
  }

  const fees: StoredEntry[] = [];
  let feeBalance = 0;
  for (const f of input.fees) {
    const e = f.event;
    feeBalance = book(
      fees,
      entry(f.timeUs, 'capture-fee', e.psp ?? '', e.reference, -e.fee, unitOfSale(l, e.reference).recipientHandle, null, false),
      feeBalance,
    );
  }
  if (feeSum > 0) book(fees, entry(feesRetainedUs, 'fees-retained', feesRetainedPsp, '', feeSum, null, null, true), feeBalance);
  return { funds, fees, opening: input.opening, closing: balance, payout };
}

/**
 * The `reference` of a payout entry. The Report API FAQ: "In Denmark and Finland, the reference
 * field of the payout-scheduled entry contains the same reference as we put on the payment to the
 * merchant's bank account", by default `02{Recipient:08}001{DD}{MM}{YY}{C}`, the date being the
 * payout's ledger date; Vipps MobilePay only "hope[s] to provide this capability in Norway as well
 * soon". So a Norwegian payout entry carries no bank text (its bank line, `Utb. {Recipient} Vippsnr
 * {PayoutNumber}`, is on the bank statement only): its reference is empty. The FAQ does not spell
 * out the check digit `{C}`; the mod-10 (Luhn) digit of everything after the leading `02`
 * reproduces its example `02023452430010504243`.
 */
function payoutReference(l: WorldLedger, date: string): string {
  if (l.country === 'NO') return '';
  const body = `${l.unitNumber.padStart(8, '0').slice(-8)}001${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    const d = Number(body[i]) * (double ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return `02${body}${(10 - (sum % 10)) % 10}`;
}
