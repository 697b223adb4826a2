import { formatUtcMinute, utcMinuteOfDate } from '../../dates.js';

/**
 * Easypay `created_at` windows: `interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)` in UTC at minute
 * precision, at most 30 days (specs/README.md section 5, `GET /report/ledger`; QUIRKS.md section 3
 * item 2). Pure functions over minutes since the Unix epoch, so the splitting is unit-testable.
 */

const MINUTES_PER_DAY = 1440;
/** "Maximum range of 30 days" (`components.parameters.CreatedAt`). */
export const MAX_WINDOW_DAYS = 30;

/** Both ends inclusive, minutes since the epoch. */
export interface MinuteWindow {
  from: number;
  to: number;
}

/** The `created_at` query value for a window (URL encoding is the HTTP client's job). */
export function intervalParam(w: MinuteWindow): string {
  return `interval(${formatUtcMinute(w.from)},${formatUtcMinute(w.to)})`;
}

/**
 * Splits the dates `from`..`to` (inclusive) into windows of at most 30 whole days: `from 00:00` to
 * `from + 29 days 23:59`, then the next day at 00:00, and so on, the last one ending at `to 23:59`.
 *
 * The upstream's interval ends are both inclusive (inferred from the older `/report/transactions`,
 * see src/sandbox/easypay/query.ts), so consecutive windows must neither share a minute (an entry
 * at 00:00 would be served twice) nor leave one out (an entry at 23:59 would be lost): each window
 * starts one minute after the previous one ends. 29 days 23:59 is 43,199 minutes, inside the
 * 43,200 the upstream allows. Boundaries depend only on `from` and `to`, so a window's `created_at`
 * (which the upstream binds its cursor to) never changes while a client walks the range.
 */
export function splitWindows(from: string, to: string, maxDays = MAX_WINDOW_DAYS): MinuteWindow[] {
  const start = utcMinuteOfDate(from);
  const end = utcMinuteOfDate(to) + MINUTES_PER_DAY - 1;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const step = maxDays * MINUTES_PER_DAY;
  const windows: MinuteWindow[] = [];
  for (let w = start; w <= end; w += step) windows.push({ from: w, to: Math.min(w + step - 1, end) });
  return windows;
}

/** The one-minute window an entry created at `minute` is found in again (`node(id:)`). */
export function minuteWindow(minute: number): MinuteWindow {
  return { from: minute, to: minute };
}
