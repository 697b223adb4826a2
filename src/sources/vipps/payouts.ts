import { addDays } from '../../domain/dates.js';
import { badInput, TallyError } from '../../domain/errors.js';
import { negateMoney } from '../../domain/money.js';
import type { Entry, Payout } from '../model.js';
import { parseDkFiPayoutReference, parseNoPayoutReference, payoutBankReference, payoutMarket, payoutNumberOf } from './bank-reference.js';

/**
 * Payouts on a Vipps MobilePay funds ledger, found in the ledger's own entries: a `payout-scheduled`
 * entry (or the 2023 `scheduled-for-payout`) is the last entry of its ledger date (docs/upstreams/
 * section 1) and carries the balance before and after, so the payout identity
 * `previous.retained + settled = balanceBefore`, `balanceBefore + entry.amount = retained` is the
 * ledger's own balance continuity.
 */

/** How far back a payout's previous one (and how far forward an entry's payout) is looked for: two monthly periods and a carried month. */
export const PAYOUT_LOOKBACK_DAYS = 93;

/** Every funds entry of one ledger date, in upstream order (the caller memoises per request; closed dates come from the cache). */
export type ReadDate = (date: string) => Promise<Entry[]>;

export const isPayoutEntry = (e: Pick<Entry, 'kind'>): boolean => e.kind === 'PAYOUT';

export function vippsPayout(entry: Entry): Payout {
  return {
    provider: entry.provider,
    ledgerId: entry.ledgerId,
    key: entry.key,
    entry,
    ledgerDate: entry.ledgerDate,
    amount: negateMoney(entry.amount),
    bankReference: payoutBankReference(entry),
    payoutNumber: payoutNumberOf(entry.pspReference, entry.ledgerId),
    balanceBefore: entry.balanceBefore,
    retained: entry.balanceAfter,
    transferBatch: null,
  };
}

/** The latest payout strictly before `payout`, date by date back over PAYOUT_LOOKBACK_DAYS. */
export async function previousVippsPayout(payout: Payout, readDate: ReadDate): Promise<Payout | null> {
  const earliest = addDays(payout.ledgerDate, -PAYOUT_LOOKBACK_DAYS);
  for (let d = payout.ledgerDate; d >= earliest; d = addDays(d, -1)) {
    const items = await readDate(d);
    for (let i = items.length - 1; i >= 0; i--) {
      const e = items[i] as Entry;
      if (isPayoutEntry(e) && e.key !== payout.key && (d < payout.ledgerDate || e.time < payout.entry.time)) return vippsPayout(e);
    }
  }
  return null;
}

/**
 * What a payout settles, as the dates to read and which of their entries to keep: everything
 * after the previous payout's entry up to the payout's entry, both excluded. Without a previous
 * payout in the lookback, from the lookback's first date.
 */
export function settledSpan(payout: Payout, previous: Payout | null): { dates: string[]; keep: (e: Entry, segment: number) => boolean } {
  const from = previous ? previous.ledgerDate : addDays(payout.ledgerDate, -PAYOUT_LOOKBACK_DAYS);
  const dates: string[] = [];
  for (let d = from; d <= payout.ledgerDate; d = addDays(d, 1)) dates.push(d);
  const last = dates.length - 1;
  const keep = (e: Entry, s: number) =>
    (s !== 0 || previous === null || (e.key !== previous.key && e.time > previous.entry.time)) &&
    (s !== last || (e.key !== payout.key && e.time < payout.entry.time));
  return { dates, keep };
}

/**
 * The payout that settled a funds entry: the first payout entry at or after it, date by date up to
 * today (at most PAYOUT_LOOKBACK_DAYS on). Null while none has been made.
 */
export async function vippsPayoutOf(entry: Entry, readDate: ReadDate, today: string): Promise<Payout | null> {
  if (isPayoutEntry(entry)) return vippsPayout(entry);
  if (entry.topic !== 'FUNDS') return null;
  const horizon = addDays(entry.ledgerDate, PAYOUT_LOOKBACK_DAYS);
  for (let d = entry.ledgerDate; d <= today && d <= horizon; d = addDays(d, 1)) {
    const found = (await readDate(d)).find((e) => isPayoutEntry(e) && (d > entry.ledgerDate || e.time >= entry.time));
    if (found) return vippsPayout(found);
  }
  return null;
}

/**
 * A payout by the text on the bank statement, read as the ledger's country writes it (the Report
 * API FAQ): the DK/FI reference carries the payout's ledger date, so this reads that one date; the
 * Norwegian text carries no date and is not on the payout entry yet.
 */
export async function vippsPayoutByBankReference(
  text: string,
  currency: string,
  readDate: ReadDate,
  today: string,
): Promise<Payout | null> {
  const market = payoutMarket(currency);
  const norwegian = parseNoPayoutReference(text);
  const parsed = parseDkFiPayoutReference(text);
  if (market === 'NO') {
    if (norwegian) {
      throw badInput(
        "A Norwegian payout text (`Utb. {Recipient} Vippsnr {PayoutNumber}`) carries no date, and Vipps MobilePay does not put it on Norwegian payout entries yet: list `payouts(from:, to:)` around the bank date and match the bank line's payout number against `payoutNumber`.",
        { argument: 'reference' },
      );
    }
    throw badInput(
      `This is a Norwegian (${currency}) ledger: its payouts reach the bank as \`Utb. {Recipient} Vippsnr {PayoutNumber}\`${parsed ? '; a 20-digit `02…` reference is the Danish and Finnish format' : ''}. List \`payouts(from:, to:)\` around the bank date and match \`payoutNumber\`.`,
      { argument: 'reference' },
    );
  }
  if (!parsed) {
    if (norwegian) {
      throw badInput(
        `\`Utb. … Vippsnr …\` is the Norwegian bank text; this ${currency} ledger's payouts carry the Danish and Finnish reference \`02{Recipient:08}001{DD}{MM}{YY}{C}\`.`,
        { argument: 'reference' },
      );
    }
    throw badInput(
      'Not a Danish or Finnish payout reference: expected 20 digits `02{Recipient:08}001{DD}{MM}{YY}{C}`, e.g. `02023452430010504243`.',
      { argument: 'reference' },
    );
  }
  if (parsed.ledgerDate > today) return null;
  const found = (await readDate(parsed.ledgerDate)).find((e) => isPayoutEntry(e) && e.reference?.replace(/\s+/g, '') === parsed.reference);
  if (found) return vippsPayout(found);
  if (!parsed.checkDigitValid) {
    throw new TallyError(
      'NOT_FOUND',
      `No payout on ${parsed.ledgerDate} has this reference, and its check digit does not match its other digits: check it for a typo.`,
    );
  }
  return null;
}
