import { badInput } from './errors.js';

/**
 * The gateway's one module of calendar arithmetic and of "now" (docs/architecture.md, Dates and clocks).
 * Dates are ISO calendar dates (`YYYY-MM-DD`) with no zone of their own; the zone a date is read
 * in (a ledger's `timeZone`) is always explicit. "Now" comes from one injected `Clock`, so tests
 * and the sandbox's hard nights run at a chosen instant. The sandbox keeps its own copy
 * (src/sandbox/ stands in for somebody else's servers and imports nothing from the gateway).
 */

const MS_PER_DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Where a ledger's dates begin and end: at `dateCutoffMinutes` past midnight (local wall-clock
 * time) in `timeZone`. The Report API page documents that a ledger date "normally lasts from
 * midnight to midnight in the timezone of the merchant", but can be configured to other cutoffs
 * such as 04:00 to 04:00: with a 04:00 cutoff, 02:00 on the 6th still belongs to the 5th.
 */
export interface DateCalendar {
  /** IANA zone, e.g. `Europe/Oslo`; `UTC`. */
  timeZone: string;
  /** Minutes after local midnight at which a date begins (0: midnight; 240: 04:00). */
  dateCutoffMinutes?: number;
}

/** The one source of "now" for the gateway: sources and resolvers ask it, never `Date.now()`. */
export interface Clock {
  /** The current instant, milliseconds since the Unix epoch. */
  now(): number;
  /**
   * The date it is now: in `timeZone` (IANA, e.g. `Europe/Oslo`; `UTC`), or in a ledger's
   * calendar (its zone and its date cutoff; pass the ledger itself).
   */
  today(calendar: string | DateCalendar): string;
}

/** A clock over `now` (the wall clock by default); `today` is that instant's date in the calendar asked for. */
export function clockAt(now: () => number = Date.now): Clock {
  return { now, today: (calendar) => (typeof calendar === 'string' ? dateIn(now(), calendar) : ledgerDateOf(now(), calendar)) };
}

/** `HH:MM` of a cutoff in minutes after midnight (`04:00` for 240). */
export function formatCutoff(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes after midnight of `HH:MM` (00:00-23:59); null when it is not one. */
export function parseCutoff(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * The ledger date of the instant `ms`: the local date in the calendar's zone, a date earlier while
 * the local time is before the cutoff. Read off the wall clock (not `ms` minus the cutoff), so a
 * night whose clocks change still turns at 04:00 local time.
 */
export function ledgerDateOf(ms: number, calendar: DateCalendar): string {
  const cutoff = calendar.dateCutoffMinutes ?? 0;
  if (cutoff === 0) return dateIn(ms, calendar.timeZone);
  return new Date(wallClockMs(ms, calendar.timeZone) - cutoff * 60_000).toISOString().slice(0, 10);
}

/**
 * The instant (ms since the epoch) the ledger date `date` begins: its local midnight, or the
 * cutoff time that morning (04:00 local on `date` for a 04:00 cutoff).
 */
export function startOfLedgerDate(date: string, calendar: DateCalendar): number {
  const cutoff = calendar.dateCutoffMinutes ?? 0;
  if (cutoff === 0) return startOfDate(date, calendar.timeZone);
  return localInstant(Date.parse(`${date}T00:00:00Z`) + cutoff * 60_000, calendar.timeZone);
}

/** The wall clock. */
export const systemClock: Clock = clockAt();

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatDate(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(ms);
}

/** Per zone, the last date asked for and the instants it spans, `[from, to)`. */
const lastDates = new Map<string, { date: string; from: number; to: number }>();

/**
 * The calendar date of the instant `ms` in `timeZone`. Entries come in time order, so the date
 * asked for last is kept with the instants it spans (from `startOfDate`, each end checked with the
 * formatter itself, so a zone whose clocks change at midnight is never memoised wrongly): most
 * calls are two comparisons instead of an `Intl` format (about 2 µs, per Easypay entry).
 */
export function dateIn(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString().slice(0, 10);
  const last = lastDates.get(timeZone);
  if (last && ms >= last.from && ms < last.to) return last.date;
  const date = formatDate(ms, timeZone);
  const from = startOfDate(date, timeZone);
  const to = startOfDate(addDays(date, 1), timeZone);
  const exact =
    from <= ms &&
    ms < to &&
    formatDate(from, timeZone) === date &&
    formatDate(from - 1, timeZone) !== date &&
    formatDate(to - 1, timeZone) === date &&
    formatDate(to, timeZone) !== date;
  if (exact) lastDates.set(timeZone, { date, from, to });
  return date;
}

/** Whether `text` is a real calendar date in `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  // By arithmetic rather than through a Date and its ISO string: every Date argument of every
  // request passes here (twice: the compiled path checks variables before graphql-jit coerces them).
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] as number));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (negative when `b` is before `a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / MS_PER_DAY);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading in `timeZone` at the instant `ms`, as if that reading were UTC (ms). */
function wallClockMs(ms: number, timeZone: string): number {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

const midnights = new Map<string, number>();

/**
 * The instant (ms since the epoch) `date` begins in `timeZone`: its midnight, which lies 23:00 UTC
 * the day before in Lisbon's summer, for example. Two rounds of offset correction are exact for
 * zones whose clocks change away from midnight (all of Europe's change at 01:00 UTC).
 */
export function startOfDate(date: string, timeZone: string): number {
  const asUtc = Date.parse(`${date}T00:00:00Z`);
  if (timeZone === 'UTC') return asUtc;
  const key = `${timeZone}|${date}`;
  const hit = midnights.get(key);
  if (hit !== undefined) return hit;
  const instant = localInstant(asUtc, timeZone);
  if (midnights.size > 10_000) midnights.clear();
  midnights.set(key, instant);
  return instant;
}

/** The instant at which the wall clock in `timeZone` reads `wall` (a reading written as if it were UTC, ms). */
function localInstant(wall: number, timeZone: string): number {
  if (timeZone === 'UTC') return wall;
  let instant = wall - (wallClockMs(wall, timeZone) - wall);
  instant = wall - (wallClockMs(instant, timeZone) - instant);
  return instant;
}

/** Minutes since the Unix epoch of the first minute of `date` in `timeZone`. */
export function minuteOfDateStart(date: string, timeZone: string): number {
  return Math.floor(startOfDate(date, timeZone) / 60_000);
}

/** `YYYY-MM-DD HH:MM` in UTC of a minute since the epoch. */
export function formatUtcMinute(minute: number): string {
  return new Date(minute * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The longest range of dates one `entries` field walks. */
export const MAX_RANGE_DAYS = 366;

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
 * documents: `date` and `from` not after today, `to` not before `from`, at most 366 days. `today`
 * is the ledger's today (its time zone and date cutoff). Every ledger field that takes dates
 * validates them here, before anything is asked upstream.
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
    to = args.to ?? today;
  } else if (args.to) {
    throw badInput('`to` needs a `from`: give the first date of the range.', { argument: 'from' });
  } else {
    throw badInput('Give a ledger `date`, or a range with `from` (and optionally `to`, default today).', { argument: 'date' });
  }
  // `today` is the last date a ledger has: a later one is a mistake (a date typed in another
  // calendar, a clock ahead), never an empty open day that looks as if nothing was booked.
  if (args.date && args.date > today) {
    throw badInput(`\`date\` (${args.date}) is after this ledger's today (${today}): no later date exists yet.`, { argument: 'date' });
  }
  if (from > today) {
    throw badInput(`\`from\` (${from}) is after this ledger's today (${today}): a range starts at today at the latest.`, {
      argument: 'from',
    });
  }
  if (to < from) throw badInput(`\`to\` (${to}) is before \`from\` (${from}).`, { argument: 'to' });
  const span = daysBetween(from, to) + 1;
  if (span > MAX_RANGE_DAYS) {
    throw badInput(`The range spans ${span} days; at most ${MAX_RANGE_DAYS} are allowed. Split it into shorter ranges.`, {
      argument: 'to',
    });
  }
  const last = to < today ? to : today;
  const dates: string[] = [];
  for (let d = from; d <= last; d = addDays(d, 1)) dates.push(d);
  return { from, to, dates, extendsPastToday: to > today };
}

/**
 * Orders two instants written as UTC ISO 8601 with a `Z` and seconds (`2026-11-20T10:21:54Z`,
 * `...54.141089Z`), exactly: the upstreams' sub-second digits (Vipps sends microseconds) are
 * compared as written, never rounded to milliseconds. Negative when `a` is earlier, 0 when equal.
 */
export function compareInstants(a: string, b: string): number {
  const whole = a.slice(0, 19).localeCompare(b.slice(0, 19));
  if (whole !== 0) return whole < 0 ? -1 : 1;
  const fa = a.slice(20, -1);
  const fb = b.slice(20, -1);
  const width = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(width, '0');
  const pb = fb.padEnd(width, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}
