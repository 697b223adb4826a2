import { Kind } from 'graphql';
import { isCalendarDate } from '../dates.js';
import { badInput } from '../errors.js';
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
