/**
 * Easypay money on the wire: `{"amount": "<decimal string>", "currency": "EUR"}`
 * (`easypay-report-api.extracted.yaml`, `components.schemas.Money`: "up to two decimal places").
 * The spec's own example writes `"13.5"` and `"0.1"` next to `"13.29"` (docs/upstreams/easypay.md,
 * sample data), so the vendor does not always pad to two decimals; the sandbox emits both styles so
 * clients cannot get away with assuming either. Amounts are integer cents throughout, never floats.
 */
export interface EasypayMoney {
  amount: string;
  currency: string;
}

/** `fixed`: always two decimals ("13.50", "13.00"); `trimmed`: trailing zeros dropped ("13.5", "13"). */
export type DecimalStyle = 'fixed' | 'trimmed';

export const CURRENCY = 'EUR';

export function formatCents(cents: number, style: DecimalStyle): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not an integer number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const minor = abs % 100;
  if (style === 'fixed') return `${sign}${units}.${String(minor).padStart(2, '0')}`;
  if (minor === 0) return `${sign}${units}`;
  if (minor % 10 === 0) return `${sign}${units}.${minor / 10}`;
  return `${sign}${units}.${String(minor).padStart(2, '0')}`;
}

export function money(cents: number, style: DecimalStyle): EasypayMoney {
  return { amount: formatCents(cents, style), currency: CURRENCY };
}
