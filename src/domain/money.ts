import { TallyError, type SourceName } from './errors.js';

/**
 * Money as docs/architecture.md defines it: integer minor units (a 53-bit safe integer), an ISO 4217 currency,
 * and an exact decimal string. This is the one module that converts or formats money; nothing here
 * uses floating point arithmetic on amounts.
 */
export interface Money {
  minorUnits: number;
  currency: string;
}

/**
 * ISO 4217 minor-unit exponents that differ from 2 (ISO 4217 list one, current edition). Every
 * other well-formed code has two decimals.
 */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CURRENCY = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function isCurrencyCode(text: string): boolean {
  return CURRENCY.test(text);
}

/** Money from integer minor units, as Vipps and Dintero send them. */
export function moneyFromMinor(minorUnits: number, currency: string, source?: SourceName): Money {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', `Amount ${minorUnits} is not an integer number of minor units`, {
      source,
    });
  }
  if (!isCurrencyCode(currency)) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', `Unknown currency code ${JSON.stringify(currency)}`, { source });
  }
  return { minorUnits, currency };
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Money from an exact decimal string ("13.5", "13", "-0.07"), as Easypay sends it. Digits are
 * shifted as text, never through a float; more decimals than the currency has is an error, not a
 * silent rounding.
 */
export function moneyFromDecimal(text: string, currency: string, source?: SourceName): Money {
  const m = DECIMAL.exec(text.trim());
  if (!m) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', `Amount ${JSON.stringify(text)} is not a decimal number`, { source });
  }
  const [, sign, whole = '0', frac = ''] = m;
  const exponent = currencyExponent(currency);
  const significant = frac.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', `Amount ${text} has more decimals than ${currency} allows`, { source });
  }
  const digits = BigInt(whole + frac.padEnd(exponent, '0').slice(0, exponent));
  const value = sign === '-' ? -digits : digits;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', `Amount ${text} is beyond 2^53 minor units`, { source });
  }
  return moneyFromMinor(Number(value), currency, source);
}

/** The exact decimal string of an amount: `49900 NOK` -> `"499.00"`, `-7 EUR` -> `"-0.07"`. */
export function formatAmount(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.minorUnits < 0;
  const digits = String(Math.abs(money.minorUnits)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${frac}` : ''}`;
}

/** Exact sum; all amounts must share a currency. */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const a of amounts) {
    if (a.currency !== currency) throw new Error(`Cannot add ${a.currency} to ${currency}`);
    total += BigInt(a.minorUnits);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TallyError('UPSTREAM_BAD_RESPONSE', 'Sum beyond 2^53 minor units');
  }
  return { minorUnits: Number(total), currency };
}

/**
 * An exact decimal number, as canonical text: an optional `-`, the integer digits without leading
 * zeros, and a fraction without trailing zeros (`"0.0125"`, `"500"`, `"-3.5"`, `"0"`). For values
 * finer than a currency's minor unit (Dintero's per-transaction prices and cost totals, 0.0125 NOK)
 * and for payout percentages; `Money` stays for whole minor units. Built only by `parseDecimal` and
 * `decimalFromJsonNumber`, so every `Decimal` is valid and two equal values have equal text.
 */
export type Decimal = string & { readonly __decimal: unique symbol };

/** At most this many digits in all: far beyond any price or percentage, small enough that text stays bounded. */
export const MAX_DECIMAL_DIGITS = 40;

/** The canonical `Decimal` of a decimal text (`"5.0"`, `"+500"`, `"-0.0125"`), or null when it is not one. No exponents. */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  if (whole.length + frac.length > MAX_DECIMAL_DIGITS) return null;
  const intPart = whole.replace(/^0+(?=\d)/, '');
  const fracPart = frac.replace(/0+$/, '');
  const zero = /^0*$/.test(intPart) && fracPart === '';
  return `${sign === '-' && !zero ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}` as Decimal;
}

const JSON_NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * The `Decimal` a JSON number was written as. JSON.parse has already turned `0.0125` into the
 * nearest double; `String()` gives that double's shortest round-trip text, which is the text the
 * upstream wrote whenever it wrote at most 15 significant digits, and that text is then shifted as
 * digits (exponent included), never through float arithmetic. Null for NaN, infinities and values
 * beyond MAX_DECIMAL_DIGITS.
 */
export function decimalFromJsonNumber(n: number): Decimal | null {
  if (!Number.isFinite(n)) return null;
  const m = JSON_NUMBER_TEXT.exec(String(n));
  if (!m) return null;
  const [, sign = '', whole = '0', frac = '', exp = '0'] = m;
  const shift = Number(exp);
  if (Math.abs(shift) > MAX_DECIMAL_DIGITS) return null;
  let digits = whole + frac;
  let point = whole.length + shift;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits.padEnd(point, '0');
  }
  const fraction = digits.slice(point);
  return parseDecimal(`${sign}${digits.slice(0, point)}${fraction ? `.${fraction}` : ''}`);
}

/** A `Decimal` as an integer and the power of ten it is divided by: `"-0.0125"` -> `{ digits: -125n, scale: 4 }`. */
export function decimalParts(d: Decimal): { digits: bigint; scale: number } {
  const negative = d.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? d.slice(1) : d).split('.');
  const digits = BigInt(whole + frac);
  return { digits: negative ? -digits : digits, scale: frac.length };
}

/** `d x 10^scale` as an exact integer, or null when `d` has more than `scale` decimals. */
export function decimalToScaled(d: Decimal, scale: number): bigint | null {
  const parts = decimalParts(d);
  if (parts.scale > scale) return null;
  return parts.digits * 10n ** BigInt(scale - parts.scale);
}

/** `d x 10^scale` rounded half away from zero onto an integer (for stored values with more decimals than a rule allows). */
export function decimalToScaledRounded(d: Decimal, scale: number): bigint {
  const parts = decimalParts(d);
  if (parts.scale <= scale) return parts.digits * 10n ** BigInt(scale - parts.scale);
  const divisor = 10n ** BigInt(parts.scale - scale);
  const magnitude = parts.digits < 0n ? -parts.digits : parts.digits;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return parts.digits < 0n ? -rounded : rounded;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const x = decimalParts(a);
  const y = decimalParts(b);
  const scale = Math.max(x.scale, y.scale);
  const l = x.digits * 10n ** BigInt(scale - x.scale);
  const r = y.digits * 10n ** BigInt(scale - y.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The same amount with the opposite sign (never `-0`). */
export function negateMoney(m: Money): Money {
  return { minorUnits: m.minorUnits === 0 ? 0 : -m.minorUnits, currency: m.currency };
}
