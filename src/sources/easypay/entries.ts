import { dateIn } from '../../dates.js';
import { TallyError } from '../../errors.js';
import { moneyFromDecimal, type Money } from '../../money.js';
import type { EasypayEntryDetails, EasypayFee, Entry, EntryKind } from '../model.js';
import type { EasypayMoneyWire, LedgerEntryWire } from './schemas.js';

const SOURCE = 'easypay' as const;

/**
 * Easypay accounts are euro accounts; `Money.currency` is required by the spec, so this only
 * fills in for a payload that leaves it out (tolerance, QUIRKS.md section 3 item 6).
 */
export const EASYPAY_DEFAULT_CURRENCY = 'EUR';

/**
 * The zone an Easypay account's ledger dates are counted in: Easypay is a Portuguese payment
 * institution and its accounts keep Portugal's mainland time (issue 8: "Easypay ledgers
 * Europe/Lisbon"). The API itself knows no days, only UTC instants (`created_at`, seed 004), so a
 * ledger date is the Lisbon calendar date of `created_at`: UTC+0 in winter, UTC+1 in summer, when
 * an entry created at 23:30 UTC belongs to the next date.
 */
export const EASYPAY_TIME_ZONE = 'Europe/Lisbon';

/**
 * `transaction_type` -> normalised kind, from the type descriptions of `LedgerTransactionType`
 * (specs/easypay-report-api.extracted.yaml). The set is open (QUIRKS.md section 3 item 5): any other
 * code is `OTHER`, and `entryType` keeps the code verbatim.
 * - `TB` "bank transfer": the transfer of a settled batch to the merchant's bank, i.e. the payout.
 * - `OT` "out transfer" and `OP` "out payment" move money to an external account or party: not the
 *   merchant's payout, so `TRANSFER`.
 * - `TF` is undocumented in what was read (specs/README.md section 5: inferred to be a transfer).
 */
const KINDS: Record<string, EntryKind> = {
  CP: 'CAPTURE',
  RF: 'REFUND',
  RV: 'REVERSAL',
  FEE: 'FEE',
  SP: 'SPLIT',
  MAN: 'MANUAL_ADJUSTMENT',
  TB: 'PAYOUT',
  OT: 'TRANSFER',
  CB: 'CHARGEBACK',
  OP: 'TRANSFER',
  TF: 'TRANSFER',
};

export function easypayEntryKind(code: string): EntryKind {
  return Object.hasOwn(KINDS, code) ? (KINDS[code] as EntryKind) : 'OTHER';
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Upstream timestamps: `YYYY-MM-DD HH:MM` in UTC per the schema, `2019-08-24 14:15:22+00:00` in the
 * response example (QUIRKS.md section 3 item 2). Returns the ISO instant in UTC and its minute since
 * the epoch (the precision `created_at` filters at).
 */
export function parseEasypayTimestamp(raw: string): { iso: string; minute: number } {
  const m = TIMESTAMP.exec(raw.trim());
  const bad = () => new TallyError('UPSTREAM_BAD_RESPONSE', `Unreadable Easypay timestamp ${JSON.stringify(raw.slice(0, 40))}`, { source: SOURCE });
  if (!m) throw bad();
  const [, date, hh, mm, ss = '00', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${offset}`);
  if (Number.isNaN(ms)) throw bad();
  return { iso: `${new Date(ms).toISOString().slice(0, 19)}Z`, minute: Math.floor(ms / 60_000) };
}

/**
 * An Easypay entry's key: account, `created_at` minute and the upstream id. The report has no
 * entry endpoint, but the minute is a one-minute `created_at` window that finds the entry again.
 */
export function easypayEntryKey(accountId: string, createdMinute: number, id: string): string {
  return ['easypay', accountId, String(createdMinute), id].join('|');
}

export function parseEasypayEntryKey(key: string): { accountId: string; minute: number; id: string } | null {
  const parts = key.split('|');
  if (parts.length !== 4 || parts[0] !== 'easypay') return null;
  const [, accountId = '', minute = '', id = ''] = parts;
  if (!accountId || !id || !/^\d{1,12}$/.test(minute)) return null;
  return { accountId, minute: Number(minute), id };
}

function toMoney(m: EasypayMoneyWire | null | undefined, fallbackCurrency: string): Money | null {
  if (!m) return null;
  return moneyFromDecimal(m.amount, m.currency ?? fallbackCurrency, SOURCE);
}

function fees(wire: LedgerEntryWire, currency: string): EasypayFee[] {
  const d = wire.amount_details;
  if (!d) return [];
  if (d.fees) {
    return d.fees.map((f) => ({
      fixedAmount: toMoney(f.fixed_amount, currency),
      variableAmount: toMoney(f.variable_amount, currency),
      vatAmount: toMoney(f.vat_amount, currency),
    }));
  }
  // The older example shape carries one fee as three loose amounts (QUIRKS.md section 3 item 6).
  if (d.fixed_fee || d.variable_fee || d.tax_amount) {
    return [{ fixedAmount: toMoney(d.fixed_fee, currency), variableAmount: toMoney(d.variable_fee, currency), vatAmount: toMoney(d.tax_amount, currency) }];
  }
  return [];
}

/** One `LedgerEntry` as a provider-neutral `Entry` of the Easypay account `accountId`. */
export function toEasypayEntry(wire: LedgerEntryWire, accountId: string): Entry {
  // The older shape has no top-level `amount`: what reaches the account is `transfered_amount`
  // (13.5 - 0.07 - 0.1 - 0.04 = 13.29 in the spec example).
  const amountWire = (wire.amount ?? wire.amount_details?.transfered_amount) as EasypayMoneyWire;
  const currency = amountWire.currency ?? EASYPAY_DEFAULT_CURRENCY;
  const amount = moneyFromDecimal(amountWire.amount, currency, SOURCE);
  const created = parseEasypayTimestamp(wire.created_at);
  const details = wire.details;
  const payment =
    details && Object.values(details).some((v) => v !== null)
      ? {
          operationId: details.operation_id,
          operationKey: details.operation_key,
          method: details.method,
          paymentId: details.payment_id,
          paymentType: details.payment_type,
          paymentKey: details.payment_key,
        }
      : null;
  const easypay: EasypayEntryDetails = {
    id: wire.id,
    requestedAmount: toMoney(wire.amount_details?.requested_amount, currency),
    paidAmount: toMoney(wire.amount_details?.payed_amount, currency),
    fees: fees(wire, currency),
    transferBatch: wire.transfer_batch,
    // `transfer_batch_date` is a date (YYYY-MM-DD); a timestamp-like value is cut to its date.
    transferBatchDate: /^\d{4}-\d{2}-\d{2}/.exec(wire.transfer_batch_date ?? '')?.[0] ?? null,
    descriptive: wire.descriptive,
    transactionTime: wire.transaction_timestamp ? parseEasypayTimestamp(wire.transaction_timestamp).iso : null,
    payment,
  };
  return {
    provider: 'EASYPAY',
    ledgerId: accountId,
    topic: null,
    key: easypayEntryKey(accountId, created.minute, wire.id),
    // Easypay's payment id is the provider's reference of the payment behind the entry (a capture
    // and its refund share it); the merchant's own key for the payment is the `reference`.
    pspReference: details?.payment_id ?? null,
    time: created.iso,
    // Easypay has no accounting day of its own: the date of `created_at` in the account's zone, the
    // same days the `created_at` windows are cut on (windows.ts).
    ledgerDate: dateIn(created.minute * 60_000, EASYPAY_TIME_ZONE),
    entryType: wire.transaction_type,
    kind: easypayEntryKind(wire.transaction_type),
    reference: details?.payment_key ?? null,
    amount,
    balanceBefore: null,
    balanceAfter: null,
    recipientHandle: null,
    payer: null,
    easypay,
  };
}
