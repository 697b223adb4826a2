/**
 * Exact decimal arithmetic on the schema's `Decimal` strings ("0.0125", "-3.5"): scaled BigInts,
 * never a float, so Dintero's prices finer than an øre add up exactly.
 */
function parse(text: string): { units: bigint; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

/** The exact sum of decimal strings, printed without trailing fractional zeros ("2.7" + "3.05" = "5.75"). */
export function sumDecimals(values: ReadonlyArray<string>): string {
  const parsed = values.map(parse);
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const total = parsed.reduce((sum, p) => sum + p.units * 10n ** BigInt(scale - p.scale), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  let text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  if (scale > 0) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return negative && text !== '0' ? `-${text}` : text;
}

/** A decimal string shown with its currency, at full precision (not rounded to a minor unit). */
export function formatDecimal(value: string | null | undefined, currency?: string | null): string {
  if (value == null) return '—';
  const [whole = '0', fraction] = value.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.startsWith('-') ? '−' : ''}${currency ? `${currency} ` : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
