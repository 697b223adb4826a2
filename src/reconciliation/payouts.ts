import type { Money } from '../money.js';
import type { Entry, Provider } from '../sources/model.js';

/**
 * A payout: money the provider sent to the merchant's bank, with what it settles. Vipps
 * MobilePay: a `payout-scheduled` entry, whose balances are the ledger's (seed 002: "a balance
 * transfer, not a sum of payments"). Easypay: a transfer batch and its bank-transfer (`TB`) entry.
 */
export interface Payout {
  provider: Provider;
  ledgerId: string;
  /** Stable within the provider: the basis of the global id. */
  key: string;
  /** The entry that pays out (`payout-scheduled`, Easypay `TB`). */
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

/** Whether an entry pays the ledger out to the bank. */
export function isPayoutEntry(e: Pick<Entry, 'kind'>): boolean {
  return e.kind === 'PAYOUT';
}

export function negate(m: Money): Money {
  return { minorUnits: m.minorUnits === 0 ? 0 : -m.minorUnits, currency: m.currency };
}

/** A payout of a provider that reports balances on its entries (Vipps MobilePay). */
export function payoutFromBalanceEntry(entry: Entry, payoutNumber: string | null): Payout {
  return {
    provider: entry.provider,
    ledgerId: entry.ledgerId,
    key: entry.key,
    entry,
    ledgerDate: entry.ledgerDate,
    amount: negate(entry.amount),
    bankReference: entry.reference,
    payoutNumber,
    balanceBefore: entry.balanceBefore,
    retained: entry.balanceAfter,
    transferBatch: null,
  };
}
