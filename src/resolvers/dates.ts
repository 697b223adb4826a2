import { badInput } from '../errors.js';

const MAX_RANGE_DAYS = 366;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface DateSelection {
  from: string;
  to: string;
  /** Every date of the range up to today, in order: the dates that can have data now. */
  dates: string[];
  /** The range reaches past today: the list will still grow. */
  extendsPastToday: boolean;
}

/**
 * `date`, or `from` with an optional `to` (inclusive, default today), validated as the schema
 * documents: `to` not before `from`, at most 366 days.
 */
export function selectDates(args: { date?: string | null; from?: string | null; to?: string | null }, today: string): DateSelection {
  if (args.date && (args.from || args.to)) {
    throw badInput('Give either `date` or a range (`from`, `to`), not both.', { argument: 'date' });
  }
  let from: string;
  let to: string;
  if (args.date) {
    from = to = args.date;
  } else if (args.from) {
    from = args.from;
    to = args.to ?? (args.from > today ? args.from : today);
  } else if (args.to) {
    throw badInput('`to` needs a `from`: give the first date of the range.', { argument: 'from' });
  } else {
    throw badInput('Give a ledger `date`, or a range with `from` (and optionally `to`, default today).', { argument: 'date' });
  }
  if (to < from) throw badInput(`\`to\` (${to}) is before \`from\` (${from}).`, { argument: 'to' });
  const span = daysBetween(from, to) + 1;
  if (span > MAX_RANGE_DAYS) {
    throw badInput(`The range spans ${span} days; at most ${MAX_RANGE_DAYS} are allowed. Split it into shorter ranges.`, { argument: 'to' });
  }
  const last = to < today ? to : today;
  const dates: string[] = [];
  for (let d = from; d <= last; d = addDays(d, 1)) dates.push(d);
  return { from, to, dates, extendsPastToday: to > today };
}
