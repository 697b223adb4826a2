import { Kind } from 'graphql';
import { isCalendarDate } from '../domain/dates.js';
import { badInput, leafError, TallyError } from '../domain/errors.js';
import { MAX_DECIMAL_DIGITS, parseDecimal, type Decimal } from '../domain/money.js';
import { builder } from './builder.js';

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw badInput(`${JSON.stringify(value)} is not a calendar date: use YYYY-MM-DD, e.g. "2026-11-20".`);
  }
  return value;
}

export const DateScalar = builder.scalarType('Date', {
  description: "A calendar date, `YYYY-MM-DD` (ISO 8601). Ledger dates are the upstream's accounting days.",
  serialize: (v) => v,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * ISO 8601 date-time with seconds (and any number of fraction digits) and a zone: `Z` or `±HH:MM`.
 * Dates without a zone are not instants (their meaning depends on where they are read).
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The instant `text` names, printed in UTC with a `Z` and with exactly the fraction digits it was
 * written with (microseconds stay microseconds: `Date` would cut them to milliseconds), or null
 * when it is not a real instant (`"string"`, `2026-02-30T10:00:00Z`, `25:00`, no zone).
 */
export function canonicalInstant(text: string): string | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const utc = new Date(ms).toISOString();
  // Years outside 0000-9999 print with a sign: not the shape the description promises.
  if (!/^\d{4}-/.test(utc)) return null;
  return `${utc.slice(0, 19)}${fraction}Z`;
}

export const DateTimeScalar = builder.scalarType('DateTime', {
  description:
    "An instant, ISO 8601 in UTC with a `Z` and seconds (e.g. `2026-11-20T10:21:54.141089Z`); the upstream's sub-second digits are kept as it wrote them. A value an upstream sends that is not an instant is never passed on: the field is null with an `UPSTREAM_BAD_RESPONSE` error.",
  serialize: (v) => {
    const value: unknown = v;
    const text =
      value instanceof Date
        ? Number.isNaN(value.getTime())
          ? null
          : value.toISOString()
        : typeof value === 'string'
          ? canonicalInstant(value)
          : null;
    if (text === null) {
      // Every DateTime Tally serves comes from an upstream (or its own clock, which cannot fail): a
      // value that is not an instant is the upstream's answer, never a wrong value handed on.
      throw leafError(
        new TallyError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a value that is not an ISO 8601 instant for this date-time field', {
          details: { scalar: 'DateTime' },
        }),
      );
    }
    return text;
  },
  parseValue: (v) => {
    const text = typeof v === 'string' ? canonicalInstant(v) : null;
    if (text === null)
      throw badInput(`${JSON.stringify(v)} is not an ISO 8601 date-time with seconds and a zone, e.g. "2026-11-20T10:21:54Z".`);
    return text;
  },
  parseLiteral: (ast) => {
    const text = ast.kind === Kind.STRING ? canonicalInstant(ast.value) : null;
    if (text === null) throw badInput('Not an ISO 8601 date-time with seconds and a zone, e.g. "2026-11-20T10:21:54Z".');
    return text;
  },
});

function parseSafeInt(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw badInput(`${JSON.stringify(value)} is not an integer within ±(2^53 - 1).`);
  }
  return value;
}

builder.scalarType('SafeInt', {
  description:
    'An integer within ±(2^53 - 1), exact in JSON and JavaScript. Used for money in minor units, which outgrows the 32-bit GraphQL `Int` (21,474,836.47 NOK).',
  serialize: (v) => v,
  parseValue: parseSafeInt,
  parseLiteral: (ast) => parseSafeInt(ast.kind === Kind.INT ? Number(ast.value) : undefined),
});

const DECIMAL_HELP = `an exact decimal number as a string, e.g. "0.0125" or "-12.5": digits, an optional point and fraction, at most ${MAX_DECIMAL_DIGITS} digits, no exponent`;

function decimalInput(text: string, given: unknown): Decimal {
  const d = parseDecimal(text);
  if (d === null) throw badInput(`${JSON.stringify(given)} is not ${DECIMAL_HELP}.`);
  return d;
}

builder.scalarType('Decimal', {
  description:
    'An exact decimal number as a string, e.g. `"0.0125"`: for values finer than a currency\'s minor unit (Dintero\'s per-transaction prices and cost totals) and for percentages. Printed canonically (no exponent, no leading zeros, no trailing fractional zeros: `"5.0"` is `"5"`). Never a floating-point number: on input pass a string; a JSON number in variables is accepted only when it is an integer, since a fractional one has already been rounded to binary floating point by the time it arrives. Number literals written in the query itself are read from their exact text.',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v === 'string') return decimalInput(v, v);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return decimalInput(String(v), v);
    throw badInput(`${JSON.stringify(v)} is not ${DECIMAL_HELP}. Pass fractional values as strings so that no floating point rounds them.`);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return decimalInput(ast.value, ast.value);
    throw badInput(`Not ${DECIMAL_HELP}.`);
  },
});
