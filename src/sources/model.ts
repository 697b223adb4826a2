import type { TallyError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import type { UpstreamMeter } from './http/meter.js';

/**
 * The provider-neutral domain model the sources return and the resolvers expose (docs/architecture.md,
 * Providers). No vendor JSON shape crosses this line.
 */

/**
 * Every ledger provider Tally has, with the sentence the schema's `Provider` enum shows for it: the
 * one list a new provider is added to (README, "Adding a ledger provider").
 */
export const PROVIDERS = {
  VIPPS_MOBILEPAY: 'Vipps MobilePay (Report API ledgers, Sales API sales).',
  EASYPAY: 'Easypay (Portugal), the API 2.0 ledger report.',
} as const;
export type Provider = keyof typeof PROVIDERS;
export type LedgerTopic = 'FUNDS' | 'FEES';

export interface Identifier {
  scheme: string;
  id: string;
}

export interface SalesUnit {
  name: string | null;
  recipientHandle: string | null;
  businessIdentifier: Identifier | null;
}

export interface Ledger {
  provider: Provider;
  ledgerId: string;
  currency: string;
  /**
   * The IANA time zone the ledger's dates are counted in (midnight to midnight there): "today",
   * date validation and finality for this ledger come from the one clock read in this zone.
   */
  timeZone: string;
  /**
   * Minutes after local midnight at which the ledger's dates begin and end in `timeZone` (0:
   * midnight to midnight; 240: 04:00 to 04:00). "today", the ledger date of an instant and
   * finality follow it.
   */
  dateCutoffMinutes: number;
  payoutBankAccount: Identifier | null;
  owner: Identifier | null;
  settlesForRecipientHandles: string[];
  salesUnits: SalesUnit[];
  /**
   * Set on a ledger a provider lists although it could not read it (its upstream refused or
   * failed): the list shows the ledger as null with this error, never with guessed details.
   */
  unavailable?: TallyError;
}

/** What names a ledger without reading it: its provider and upstream id (the inside of its global id). */
export type LedgerHandle = Pick<Ledger, 'provider' | 'ledgerId'>;

/** Normalised entry kinds; the upstream's own type is kept verbatim next to it. */
export const ENTRY_KINDS = [
  'CAPTURE',
  'REFUND',
  'REVERSAL',
  'FEE',
  'FEES_RETAINED',
  'FEES_INVOICED',
  'PAYOUT',
  'PAYOUT_ABORTED',
  'TRANSFER',
  'SPLIT',
  'CHARGEBACK',
  'DISPUTE',
  'CORRECTION',
  'MANUAL_ADJUSTMENT',
  'TOP_UP',
  'CREDIT_NOTE',
  'OTHER',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Payer details Vipps returns only with `includeGDPRSensitiveData=true`, for Vippsnummer payments. */
export interface PayerDetails {
  name: string | null;
  maskedPhoneNo: string | null;
  message: string | null;
}

export interface Entry {
  provider: Provider;
  ledgerId: string;
  /** FUNDS or FEES for Vipps MobilePay; null for providers without topics. */
  topic: LedgerTopic | null;
  /** Stable, unique within the provider: the basis of the global id. */
  key: string;
  pspReference: string | null;
  /** ISO 8601 instant, normalised to UTC. */
  time: string;
  ledgerDate: string;
  entryType: string;
  kind: EntryKind;
  reference: string | null;
  amount: Money;
  balanceBefore: Money | null;
  balanceAfter: Money | null;
  recipientHandle: string | null;
  payer: PayerDetails | null;
  /** Easypay-only details, null for other providers. */
  easypay: EasypayEntryDetails | null;
}

export interface EasypayFee {
  fixedAmount: Money | null;
  variableAmount: Money | null;
  vatAmount: Money | null;
}

export interface EasypayEntryDetails {
  id: string;
  requestedAmount: Money | null;
  paidAmount: Money | null;
  fees: EasypayFee[];
  transferBatch: string | null;
  transferBatchDate: string | null;
  descriptive: string | null;
  /** When the payment behind the entry happened (`transaction_timestamp`), ISO 8601 UTC. */
  transactionTime: string | null;
  payment: {
    operationId: string | null;
    operationKey: string | null;
    method: string | null;
    paymentId: string | null;
    paymentType: string | null;
    paymentKey: string | null;
  } | null;
}

/** Per-request context a source call carries: where to record calls and when to give up. */
export interface CallContext {
  meter?: UpstreamMeter;
  signal?: AbortSignal;
  /** Set on the polls of a subscription: what a live end answers is shared within a poll slot (`LiveRead`). */
  live?: LiveRead;
}

/**
 * A read made for a subscription's poll. An answer at a live end (a feed's tail, which is never
 * cached for queries) is kept for the poll slot it was read in, under the upstream request itself,
 * and shared by every reader of that request in the slot, across replicas through the store: one
 * upstream call per live end and slot, however many subscribe. Slots are `intervalMs` of the
 * gateway's clock, numbered from the epoch.
 */
export interface LiveRead {
  slot: number;
  intervalMs: number;
}

/**
 * One sale behind a capture or refund: the Vipps MobilePay Sales API event (docs/upstreams/
 * section 2). Amounts carry the Report entry's sign, so a refund's totals are negative.
 */
export interface SalesEvent {
  provider: 'VIPPS_MOBILEPAY';
  ledgerId: string;
  /** Stable within the ledger: the pspReference, or for cash sales the reference, type and time. */
  key: string;
  /** `capture` | `refund`, verbatim (an open set upstream). */
  entryType: string;
  /** `entryType` classified as a ledger entry's: CAPTURE, REFUND, and OTHER for a type the Sales API adds. */
  kind: EntryKind;
  /** ISO 8601 instant, normalised to UTC. */
  time: string;
  /** Null for sales without a PSP transaction (cash). */
  pspReference: string | null;
  reference: string | null;
  currency: string;
  /** `CARD` | `CASH` | `WALLET` documented; kept verbatim because new values appear. */
  paymentType: string | null;
  amounts: SalesAmounts;
  lines: SalesLine[];
  customer: SalesCustomer | null;
  classification: SalesClassification | null;
  completeness: SalesCompleteness | null;
}

/** The Sales API sends amounts "when available" (vipps-sales-api.reconstructed.yaml, Amounts). */
export interface SalesAmounts {
  gross: Money | null;
  net: Money | null;
  vat: Money | null;
}

export interface SalesLine {
  lineId: string | null;
  name: string | null;
  /** May be fractional (weights, hours); negative on refunds. */
  quantity: number | null;
  unitPriceGross: Money | null;
  unitPriceNet: Money | null;
  discountTotal: Money | null;
  lineTotalGross: Money | null;
  lineTotalNet: Money | null;
  /** Basis points, as the upstream gives it (2500 = 25 %). */
  vatRate: number | null;
  vatAmount: Money | null;
  category: string | null;
}

export interface SalesCustomer {
  email: string | null;
  phone: string | null;
  name: string | null;
}

export interface SalesClassification {
  /** `VARIABLE_AMOUNT` | `SHOPPING_BASKET` | `MPOS` documented; an open set. */
  solution: string | null;
  salesCategory: string | null;
}

export interface SalesCompleteness {
  hasLineItems: boolean | null;
  hasVatBreakdown: boolean | null;
  hasCustomerIdentity: boolean | null;
}

/**
 * A payout: money the provider sent to the merchant's bank, and what it settles. Vipps
 * MobilePay: a `payout-scheduled` entry, whose balances are the ledger's (seed 002: "a balance
 * transfer, not a sum of payments"). Easypay: a `TF` (funds to the merchant's bank) or `TB` (a bank transfer, either way) entry and the transfer batch it settles.
 */
export interface Payout {
  provider: Provider;
  ledgerId: string;
  /** The payout entry's key: the basis of the global id. */
  key: string;
  /** The entry that pays out (`payout-scheduled`, Easypay `TF` or `TB`). */
  entry: Entry;
  ledgerDate: string;
  /** Sent to the bank: the payout entry's amount as a positive number. */
  amount: Money;
  bankReference: string | null;
  /** Vipps MobilePay: the number after the ledger id in the entry's pspReference. */
  payoutNumber: string | null;
  /** The ledger balance right before the payout entry. */
  balanceBefore: Money | null;
  /** What stayed on the ledger after it (a rolling reserve; negative when a debt is carried). */
  retained: Money | null;
  /** Easypay: the transfer batch id; null for Vipps MobilePay. */
  transferBatch: string | null;
}
