/**
 * ISO 4217 List One (current currency and funds codes), with each code's minor unit: the number of
 * decimals an amount in it has. Codes whose minor unit the standard gives as "N.A." (precious
 * metals, special drawing rights, the testing and "no currency" codes) map to null: they have no
 * minor unit, and saying 2 would be a guess. Kept as data, not computed: `Intl` follows CLDR, whose
 * digits differ from ISO 4217 for several currencies.
 *
 * Edition: the list as amended through 2025 (XCG for the Caribbean guilder, ZWG for Zimbabwe Gold,
 * SLE for the leone; ANG, ZWL, SLL, HRK and CUC withdrawn). A code withdrawn or added after that is
 * not known here until this list is updated.
 */
const MINOR_UNITS: Record<string, number | null> = {};

const TWO =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR = 'CLF UYW';
const NONE = 'XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX';

for (const [codes, unit] of [
  [TWO, 2],
  [ZERO, 0],
  [THREE, 3],
  [FOUR, 4],
  [NONE, null],
] as const) {
  for (const code of codes.split(' ')) MINOR_UNITS[code] = unit;
}

/** Whether ISO 4217 List One has this code. */
export function isIso4217Code(code: string): boolean {
  return Object.hasOwn(MINOR_UNITS, code);
}

/** The code's minor unit per ISO 4217 (null: the standard gives none); undefined for a code not on the list. */
export function iso4217MinorUnit(code: string): number | null | undefined {
  return Object.hasOwn(MINOR_UNITS, code) ? MINOR_UNITS[code] : undefined;
}

/** Every code of the list, sorted. */
export function iso4217Codes(): string[] {
  return Object.keys(MINOR_UNITS).sort();
}
