import { TallyError, type SourceName } from './errors.js';

/**
 * Money as DESIGN.md defines it: integer minor units (a 53-bit safe integer), an ISO 4217 currency,
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
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
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
