import { isCalendarDate } from '../../domain/dates.js';

/**
 * The text Vipps MobilePay puts on a payout's bank transfer (seed 002, FAQ "What text is shown for
 * the payouts in my bank?"), which the `payout-scheduled` entry carries as its `reference`:
 *
 * - Denmark and Finland, by default: `02{Recipient:08}001{DD}{MM}{YY}{C}`, 20 digits. The date is
 *   the payout's ledger date (the FAQ's example `02023452430010504243` is the payout of ledger date
 *   2024-04-05), so a reference names the one date whose pages hold its payout.
 * - Norway: `Utb. {Recipient} Vippsnr {PayoutNumber}`, not configurable. It carries no date, and the
 *   FAQ says only Denmark and Finland put the bank text on the `payout-scheduled` entry (Vipps
 *   MobilePay hopes "to provide this capability in Norway as well soon"): a Norwegian entry's
 *   `reference` is the bank text only once it has that form.
 *
 * The FAQ does not spell out the check digit `{C}`. The standard mod-10 (Luhn) check over the
 * digits after the leading `02` reproduces the FAQ's example and is what this module computes; a
 * reference whose check digit disagrees is still looked up (merchants may change the format on the
 * portal, and an unknown check digit must never hide a payout), and only reported as the likely
 * cause when nothing matches.
 */

export interface DkFiPayoutReference {
  /** The 20 digits, spaces removed. */
  reference: string;
  /** `{Recipient:08}`: the recipient number, zero-padded to 8 digits as it appears. */
  recipient: string;
  /** The payout's ledger date, `YYYY-MM-DD` (the century is 2000: the Report API starts in 2020). */
  ledgerDate: string;
  checkDigit: number;
  /** Whether `checkDigit` is the Luhn digit of the payload (see the module comment). */
  checkDigitValid: boolean;
}

const DK_FI = /^02(\d{8})001(\d{2})(\d{2})(\d{2})(\d)$/;
const NO = /^Utb\.?\s+(\d+)\s+Vippsnr\s+(\d+)$/i;

/** Luhn check digit of a digit string (doubling every second digit from the right). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Parses a DK/FI payout reference (spaces tolerated, as banks group digits); null when it is not one. */
export function parseDkFiPayoutReference(text: string): DkFiPayoutReference | null {
  const reference = text.replace(/\s+/g, '');
  const m = DK_FI.exec(reference);
  if (!m) return null;
  const [, recipient = '', dd = '', mm = '', yy = '', c = ''] = m;
  const ledgerDate = `20${yy}-${mm}-${dd}`;
  if (!isCalendarDate(ledgerDate)) return null;
  const checkDigit = Number(c);
  return { reference, recipient, ledgerDate, checkDigit, checkDigitValid: luhnDigit(reference.slice(2, 19)) === checkDigit };
}

/** The default DK/FI reference for a recipient number and payout ledger date. */
export function formatDkFiPayoutReference(recipient: string, ledgerDate: string): string {
  if (!/^\d{1,8}$/.test(recipient)) throw new Error(`recipient ${JSON.stringify(recipient)} is not 1-8 digits`);
  const body = `${recipient.padStart(8, '0')}001${ledgerDate.slice(8, 10)}${ledgerDate.slice(5, 7)}${ledgerDate.slice(2, 4)}`;
  return `02${body}${luhnDigit(body)}`;
}

/** The Norwegian bank text `Utb. {Recipient} Vippsnr {PayoutNumber}`; null when it is not one. */
export function parseNoPayoutReference(text: string): { recipient: string; payoutNumber: string } | null {
  const m = NO.exec(text.trim());
  return m ? { recipient: m[1] ?? '', payoutNumber: m[2] ?? '' } : null;
}

/** Which bank text a payout has: Vipps MobilePay settles NOK in Norway, DKK in Denmark and EUR in Finland. */
export type PayoutMarket = 'NO' | 'DK_FI' | 'OTHER';

export function payoutMarket(currency: string): PayoutMarket {
  if (currency === 'NOK') return 'NO';
  return currency === 'DKK' || currency === 'EUR' ? 'DK_FI' : 'OTHER';
}

/**
 * The bank statement text a payout entry carries, as the FAQ says each country has it: in Denmark
 * and Finland the entry's `reference` is the text on the bank transfer (default format or one the
 * merchant chose on the portal); a Norwegian entry does not carry it yet, so its `reference` counts
 * only in the Norwegian bank format. Null when the entry has no bank text.
 */
export function payoutBankReference(entry: { reference: string | null; amount: { currency: string } }): string | null {
  const reference = entry.reference?.trim() ? entry.reference : null;
  if (reference === null) return null;
  if (payoutMarket(entry.amount.currency) === 'NO') return parseNoPayoutReference(reference) ? reference.trim() : null;
  return reference;
}

/** The payout number inside a payout entry's `pspReference` (`<ledgerId>-<payoutNumber>`, docs/upstreams/vipps-report.md). */
export function payoutNumberOf(pspReference: string | null, ledgerId: string): string | null {
  if (!pspReference?.startsWith(`${ledgerId}-`)) return null;
  const n = pspReference.slice(ledgerId.length + 1);
  return /^\d+$/.test(n) ? n : null;
}
