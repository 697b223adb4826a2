import { dateIn } from '../../domain/dates.js';
import { TallyError } from '../../domain/errors.js';
import { moneyFromDecimal, type Money } from '../../domain/money.js';
import type { EasypayEntryDetails, EasypayFee, Entry, EntryKind } from '../model.js';
import type { EasypayMoneyWire, LedgerEntryWire } from './schemas.js';

const SOURCE = 'easypay' as const;

/**
 * Easypay accounts are euro accounts; `Money.currency` is required by the spec, so this only
 * fills in for a payload that leaves it out (tolerance, easypay quirk 6 (docs/upstreams/easypay.md)).
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
 * `transaction_type` -> normalised kind, from the type descriptions of `LedgerTransactionType` in
 * Easypay's ledger report documentation. The set is open: any other code is `OTHER`, and
 * `entryType` keeps the code verbatim.
 * - `TF` "Transfer Funds": "a movement of funds from an Easypay account to a bank account", word
 *   for word the merchant's payout. `PAYOUT`.
 * - `TB` "Bank Transfer": "funds are moved between different bank accounts". It settles a transfer
 *   batch with the merchant's bank account in either direction (a batch that came to less than
 *   nothing is collected from the bank, which `TF`, one-way by its description, cannot do), so it
 *   is a `PAYOUT` too, with a negative payout amount when the bank paid in.
 * - `OT` "out transfer" and `OP` "out payment" move money to an external account or party: not the
 *   merchant's payout, so `TRANSFER`.
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
  TF: 'PAYOUT',
};

/** The transaction types that are payouts (`KINDS`), each a filter the upstream takes one at a time. */
export const EASYPAY_PAYOUT_TYPES = ['TB', 'TF'] as const;

export function easypayEntryKind(code: string): EntryKind {
  return Object.hasOwn(KINDS, code) ? (KINDS[code] as EntryKind) : 'OTHER';
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Upstream timestamps. The ledger report documents `created_at` as ISO 8601 (its example
 * `2019-08-24T14:15:22Z`) and `transaction_timestamp` as `YYYY-MM-DD HH:MM`; older answers wrote
 * `created_at` in that minute form too, and the response example once as `2019-08-24 14:15:22+00:00`.
 * All are read (UTC when no zone is written). Returns the instant in UTC with the seconds and
 * fraction digits as written (`:00` when the upstream wrote minutes only) and its minute since the
 * epoch (the precision the `created_at` filter works at).
 */
export function parseEasypayTimestamp(raw: string, entryId?: string): { iso: string; minute: number } {
  const m = TIMESTAMP.exec(raw.trim());
  const bad = () =>
    new TallyError(
      'UPSTREAM_BAD_RESPONSE',
      `Unreadable Easypay timestamp ${JSON.stringify(raw.slice(0, 40))}${entryId ? ` on ledger entry ${entryId}` : ''}`,
      {
        source: SOURCE,
        ...(entryId ? { details: { easypayEntryId: entryId } } : {}),
      },
    );
  if (!m) throw bad();
  const [, date, hh, mm, ss = '00', fraction = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const text = `${date}T${hh}:${mm}:${ss}${offset}`;
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March and accepts 24:00: neither is what was written.
  const day = Date.parse(`${date}T00:00:00Z`);
  if (
    Number.isNaN(ms) ||
    Number.isNaN(day) ||
    new Date(day).toISOString().slice(0, 10) !== date ||
    Number(hh) > 23 ||
    Number(mm) > 59 ||
    Number(ss) > 59
  )
    throw bad();
  return { iso: `${new Date(ms).toISOString().slice(0, 19)}${fraction}Z`, minute: Math.floor(ms / 60_000) };
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

/**
 * The exact text of an amount. The ledger report documents a decimal string ("123.45"). A JSON
 * number is read only when its shortest decimal form (what a JSON writer prints for a double) has
 * at most 15 significant digits and no exponent: every such decimal survives the trip through a
 * double unchanged, so that text is exactly the amount sent. Any other number (more digits than a
 * double keeps, an exponent) has been rounded on the way and is refused, as is anything else.
 */
export function amountText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  const text = String(raw);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const significant = text.replace(/[-.]/g, '').replace(/^0+/, '');
  return significant.length <= 15 ? text : null;
}

/** A money field of one entry that cannot be read exactly: the error names the entry and the field. */
function unreadableAmount(entryId: string, field: string, reason: string): TallyError {
  return new TallyError(
    'UPSTREAM_BAD_RESPONSE',
    `Easypay ledger entry ${entryId}: \`${field}\` cannot be read as an exact amount (${reason})`,
    {
      source: SOURCE,
      details: { easypayEntryId: entryId, field },
    },
  );
}

function readMoney(m: EasypayMoneyWire | null | undefined, fallbackCurrency: string, entryId: string, field: string): Money | null {
  if (!m) return null;
  const text = amountText(m.amount);
  if (text === null) {
    const what =
      typeof m.amount === 'number'
        ? `the JSON number ${String(m.amount)} has more digits than a double keeps exactly`
        : `a ${m.amount === null ? 'null' : typeof m.amount} where a decimal string belongs`;
    throw unreadableAmount(entryId, field, what);
  }
  try {
    return moneyFromDecimal(text, m.currency ?? fallbackCurrency, SOURCE);
  } catch (err) {
    throw err instanceof TallyError ? unreadableAmount(entryId, field, err.message) : err;
  }
}

/**
 * Sets `key` to what `read` gives, or, when it cannot be read, to a getter that raises the error:
 * the field that holds the value fails (null with the coded error, or its nearest nullable parent
 * per GraphQL's rules), everything else about the entry and its page is served.
 */
function settle<T extends object, K extends keyof T>(target: T, key: K, read: () => T[K]): T {
  try {
    target[key] = read();
  } catch (err) {
    if (!(err instanceof TallyError)) throw err;
    Object.defineProperty(target, key, {
      enumerable: true,
      get() {
        throw err;
      },
    });
  }
  return target;
}

function fees(wire: LedgerEntryWire, currency: string): EasypayFee[] {
  const d = wire.amount_details;
  if (!d) return [];
  type Part = [EasypayMoneyWire | null, string];
  const fee = ([fixed, fixedField]: Part, [variable, variableField]: Part, [vat, vatField]: Part): EasypayFee => {
    const f = { fixedAmount: null, variableAmount: null, vatAmount: null } as EasypayFee;
    settle(f, 'fixedAmount', () => readMoney(fixed, currency, wire.id, fixedField));
    settle(f, 'variableAmount', () => readMoney(variable, currency, wire.id, variableField));
    return settle(f, 'vatAmount', () => readMoney(vat, currency, wire.id, vatField));
  };
  if (d.fees) {
    return d.fees.map((f, i) => {
      const at = `amount_details.fees.${i}`;
      return fee([f.fixed_amount, `${at}.fixed_amount`], [f.variable_amount, `${at}.variable_amount`], [f.vat_amount, `${at}.vat_amount`]);
    });
  }
  // The older example shape carries one fee as three loose amounts (easypay quirk 6 (docs/upstreams/easypay.md)).
  if (d.fixed_fee || d.variable_fee || d.tax_amount) {
    return [
      fee(
        [d.fixed_fee, 'amount_details.fixed_fee'],
        [d.variable_fee, 'amount_details.variable_fee'],
        [d.tax_amount, 'amount_details.tax_amount'],
      ),
    ];
  }
  return [];
}

/** One `LedgerEntry` as a provider-neutral `Entry` of the Easypay account `accountId`. */
export function toEasypayEntry(wire: LedgerEntryWire, accountId: string): Entry {
  // The older shape has no top-level `amount`: what reaches the account is `transfered_amount`
  // (13.5 - 0.07 - 0.1 - 0.04 = 13.29 in the spec example).
  const amountWire = (wire.amount ?? wire.amount_details?.transfered_amount) as EasypayMoneyWire;
  const amountField = wire.amount ? 'amount' : 'amount_details.transfered_amount';
  const currency = amountWire.currency ?? EASYPAY_DEFAULT_CURRENCY;
  // Without its instant an entry has no place in its window, no date and no key: its page fails, naming it.
  const created = parseEasypayTimestamp(wire.created_at, wire.id);
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
  const easypay = {
    id: wire.id,
    requestedAmount: null,
    paidAmount: null,
    fees: fees(wire, currency),
    transferBatch: wire.transfer_batch,
    // `transfer_batch_date` is a date (YYYY-MM-DD); a timestamp-like value is cut to its date.
    transferBatchDate: /^\d{4}-\d{2}-\d{2}/.exec(wire.transfer_batch_date ?? '')?.[0] ?? null,
    descriptive: wire.descriptive,
    transactionTime: null,
    payment,
  } as EasypayEntryDetails;
  settle(easypay, 'transactionTime', () =>
    wire.transaction_timestamp ? parseEasypayTimestamp(wire.transaction_timestamp, wire.id).iso : null,
  );
  settle(easypay, 'requestedAmount', () =>
    readMoney(wire.amount_details?.requested_amount, currency, wire.id, 'amount_details.requested_amount'),
  );
  settle(easypay, 'paidAmount', () => readMoney(wire.amount_details?.payed_amount, currency, wire.id, 'amount_details.payed_amount'));
  const entry: Entry = {
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
    amount: null as unknown as Money,
    balanceBefore: null,
    balanceAfter: null,
    recipientHandle: null,
    payer: null,
    easypay,
  };
  // Non-null in the schema: an amount that cannot be read fails `Entry.amount` (and so the list it
  // is in, per GraphQL's null rules) with an error naming the entry, and every total that needs it.
  return settle(entry, 'amount', () => readMoney(amountWire, currency, wire.id, amountField) as Money);
}
