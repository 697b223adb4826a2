import type { Identifier } from '../model.js';

/**
 * A Report API ledger date "normally lasts from midnight to midnight in the timezone of the
 * merchant; but it can be configured to other cutoffs" (the Report API page). The Report API
 * does not say which zone, so it is read from the ledger's country; another cutoff than midnight
 * is configured on its own (`VIPPS_LEDGER_DATE_CUTOFFS`, `VippsReportClient.dateCutoffMinutes`).
 */
const COUNTRY_ZONES: Record<string, string> = {
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
};

/** The currencies Vipps MobilePay settles in, for ledgers whose identifiers name no country. */
const CURRENCY_ZONES: Record<string, string> = {
  NOK: 'Europe/Oslo',
  DKK: 'Europe/Copenhagen',
  EUR: 'Europe/Helsinki',
};

/** `business:NO:ORG` -> `NO`, `BBAN:DK` -> `DK`. */
function countryOf(id: Identifier | null): string | undefined {
  return id?.scheme.split(':').find((part) => COUNTRY_ZONES[part] !== undefined);
}

/**
 * The IANA zone of a Vipps MobilePay ledger: the configured override for the ledger (a ledger
 * counted in another zone), else the country of its owner (`business:NO:ORG`), else of its payout
 * account (`BBAN:NO`), else of its currency, else Norway's (Vipps MobilePay's home market).
 */
export function vippsLedgerTimeZone(
  ledger: { ledgerId: string; currency: string; owner: Identifier | null; payoutBankAccount: Identifier | null },
  overrides: Readonly<Record<string, string>>,
): string {
  const override = overrides[ledger.ledgerId];
  if (override) return override;
  const country = countryOf(ledger.owner) ?? countryOf(ledger.payoutBankAccount);
  if (country) return COUNTRY_ZONES[country] as string;
  return CURRENCY_ZONES[ledger.currency] ?? 'Europe/Oslo';
}

/** Every zone `vippsLedgerTimeZone` can answer for a ledger without an override. */
const VIPPS_ZONES: readonly string[] = [...new Set([...Object.values(COUNTRY_ZONES), ...Object.values(CURRENCY_ZONES), 'Europe/Oslo'])];

/**
 * The zones a Vipps MobilePay ledger may be counted in before its owner, payout account and
 * currency are read: its configured override, else any of `vippsLedgerTimeZone`'s answers.
 */
export function possibleVippsLedgerTimeZones(ledgerId: string, overrides: Readonly<Record<string, string>>): readonly string[] {
  const override = overrides[ledgerId];
  return override ? [override] : VIPPS_ZONES;
}
