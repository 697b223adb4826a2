/** Money as Tally sends it: an exact decimal string with its currency and exponent. */
export interface MoneyValue {
  amount: string;
  currency: string;
  minorUnits?: number;
  exponent?: number;
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, exponent: number | undefined): Intl.NumberFormat {
  const key = `${currency}:${exponent ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      ...(exponent === undefined ? {} : { minimumFractionDigits: exponent, maximumFractionDigits: exponent }),
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats money for its currency with `Intl`, from the exact decimal string (Intl formats a
 * numeric string without going through a float, so 21474836.47 stays exact).
 */
export function formatMoney(money: MoneyValue | null | undefined): string {
  if (!money) return '—';
  return currencyFormat(money.currency, money.exponent).format(money.amount as Intl.StringNumericLiteral);
}

/** The number of decimals of a currency, as the browser's Intl knows it (ISO 4217 in practice). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Parses a decimal the person typed ("1 234,50" or "1234.50") into exact minor units, or null when
 * it is not a plain amount with at most `exponent` decimals. No floating point is involved.
 */
export function parseMinorUnits(text: string, exponent: number): number | null {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) return null;
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** Minor units back to a decimal string for an input field (15000, 2 -> "150.00"). */
export function minorToDecimal(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

function instantFormat(timeZone: string, offset: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}:${offset}`;
  let f = instantFormats.get(key);
  if (!f) {
    f = offset
      ? new Intl.DateTimeFormat(undefined, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          timeZoneName: 'shortOffset',
          timeZone,
        })
      : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
    instantFormats.set(key, f);
  }
  return f;
}

/**
 * An instant shown in a time zone (the ledger's), e.g. "19 Nov 2026, 14:03:07". With `offset`,
 * the UTC offset follows ("25 Oct 2026, 02:30:00 GMT+2"): on a day the clocks go back, 02:30
 * happens twice, and only the offset tells the two apart.
 */
export function formatInstant(iso: string | null | undefined, timeZone?: string, options: { offset?: boolean } = {}): string {
  if (!iso) return '—';
  return instantFormat(timeZone ?? 'UTC', options.offset ?? false).format(new Date(iso));
}

/** An instant as a file wants it, in a zone and sortable: "2026-12-05 00:00:10 GMT+1" (no comma, so no CSV quoting). */
export function zonedTimestamp(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of a zone at an instant, as Intl names it ("GMT+1", "GMT+2", "GMT"). */
export function utcOffset(iso: string, timeZone: string): string {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' });
    offsetFormats.set(timeZone, f);
  }
  return f.formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** Whether instants span more than one UTC offset in a zone (a DST change among them). */
export function spansOffsetChange(isos: Iterable<string>, timeZone: string): boolean {
  let first: string | null = null;
  for (const iso of isos) {
    const o = utcOffset(iso, timeZone);
    if (first === null) first = o;
    else if (o !== first) return true;
  }
  return false;
}

/**
 * A typed amount ("349", "349.00", "349,00", "1 234,50", "-349") as exact minor units without
 * its sign, or null when the text is not an amount. For searching: the sign is left to the kind.
 */
export function searchedMinorUnits(text: string, exponent: number): number | null {
  const unsigned = text.trim().replace(/^[-−+]/, '');
  if (!/^[\d\s\u00a0]+([.,]\d*)?$/.test(unsigned)) return null;
  return parseMinorUnits(unsigned, exponent);
}

/** A calendar date (`YYYY-MM-DD`) shown as the reader writes dates, without moving it across time zones. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** A date `days` before `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
