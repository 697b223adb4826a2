import { Kind } from 'graphql';
import { isCalendarDate } from '../dates.js';
import { badInput } from '../errors.js';
import { MAX_DECIMAL_DIGITS, parseDecimal, type Decimal } from '../money.js';
import { builder } from './builder.js';


function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw badInput(`${JSON.stringify(value)} is not a calendar date: use YYYY-MM-DD, e.g. "2026-11-20".`);
  }
  return value;
}

export const DateScalar = builder.scalarType('Date', {
  description: 'A calendar date, `YYYY-MM-DD` (ISO 8601). Ledger dates are the upstream\'s accounting days.',
  serialize: (v) => v,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 in UTC with a `Z` (e.g. `2026-11-20T10:21:54.141089Z`); the upstream\'s sub-second digits are kept.',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw badInput(`${JSON.stringify(v)} is not an ISO 8601 date-time.`);
    return v;
  },
});

function parseSafeInt(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw badInput(`${JSON.stringify(value)} is not an integer within ±(2^53 - 1).`);
  }
  return value;
}

export const SafeIntScalar = builder.scalarType('SafeInt', {
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

export const DecimalScalar = builder.scalarType('Decimal', {
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
