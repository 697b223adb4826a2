import { addDays, formatUtcMinute, minuteOfDateStart } from '../../domain/dates.js';

/**
 * Easypay `created_at` windows: `interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)` in UTC at minute
 * precision, at most 30 days (seed 004, `created_at`: "Filter records by creation datetime interval
 * in UTC. Maximum allowed range is 30 days"; easypay quirk 2 (docs/upstreams/easypay.md)). The account's ledger dates
 * are days of its time zone (Europe/Lisbon), so a range of dates is cut at that zone's midnights and
 * sent as the UTC minutes they are. Pure functions over minutes since the Unix epoch, so the
 * splitting is unit-testable.
 */

/** "Maximum allowed range is 30 days" (seed 004). */
export const MAX_WINDOW_DAYS = 30;

/** Both ends inclusive, minutes since the epoch, each minute whole (all its seconds). */
export interface MinuteWindow {
  from: number;
  to: number;
}

/**
 * The `created_at` query value for a window (URL encoding is the HTTP client's job), in the
 * documented minute form. `created_at` itself has seconds, and the documentation does not say
 * whether an interval's end minute covers its 60 seconds or stops at its first: so the interval
 * asks one minute more than the window, and `inWindow` keeps what is exactly in it. Consecutive
 * windows then meet exactly: an entry created at 22:59:30 belongs to the window that ends with the
 * minute 22:59, whichever way the upstream reads the end, and to no other.
 */
export function intervalParam(w: MinuteWindow): string {
  return `interval(${formatUtcMinute(w.from)},${formatUtcMinute(w.to + 1)})`;
}

/** Whether an instant (ms since the epoch) is in the window: in one of its minutes, every second of them. */
export function inWindow(w: MinuteWindow, ms: number): boolean {
  const minute = Math.floor(ms / 60_000);
  return minute >= w.from && minute <= w.to;
}

/**
 * Splits the dates `from`..`to` (inclusive) of `timeZone` into windows of whole dates: each runs
 * from a date's midnight there to the minute before the midnight of the date after its last one.
 * A window holds 30 dates, or 29 when those 30 would last longer than 30 days of 24 hours (the
 * autumn date of 25 hours), so no window exceeds what the upstream allows.
 *
 * The upstream's interval ends are both inclusive (inferred from the older `/report/transactions`,
 * see src/sandbox/easypay/query.ts), so consecutive windows must neither share a minute (an entry
 * at midnight would be served twice) nor leave one out (an entry at 23:59 would be lost): each window
 * starts one minute after the previous one ends. Boundaries depend only on `from`, `to` and the
 * zone, so a window's `created_at` (which the upstream binds its cursor to) never changes while a
 * client walks the range.
 */
export function splitWindows(from: string, to: string, timeZone: string, maxDays = MAX_WINDOW_DAYS): MinuteWindow[] {
  if (to < from) return [];
  const end = minuteOfDateStart(addDays(to, 1), timeZone) - 1;
  if (!Number.isFinite(end)) return [];
  const windows: MinuteWindow[] = [];
  for (let first = from; first <= to;) {
    const start = minuteOfDateStart(first, timeZone);
    let days = maxDays;
    // 30 days of 24 hours is the longest interval the upstream accepts (the sandbox answers 412
    // beyond it); the interval sent ends one minute after the window (intervalParam).
    while (days > 1 && minuteOfDateStart(addDays(first, days), timeZone) - start > maxDays * 1440) days--;
    const next = addDays(first, days);
    windows.push({ from: start, to: next > to ? end : minuteOfDateStart(next, timeZone) - 1 });
    first = next;
  }
  return windows;
}

/** The one-minute window an entry created at `minute` is found in again (`node(id:)`). */
export function minuteWindow(minute: number): MinuteWindow {
  return { from: minute, to: minute };
}
