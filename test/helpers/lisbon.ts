/**
 * Lisbon's midnights in UTC, worked out from the EU's summer-time rule (Directive 2000/84/EC:
 * summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October; Portugal's mainland is UTC+0 in winter, UTC+1 in summer) rather than from `Intl`, so
 * tests check the gateway's and the sandbox's zone arithmetic against a rule they do not share.
 */
import { plusDays } from './calendar.js';

function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

/** Whether midnight of `date` falls in summer time (the change days begin in the time they start in). */
function summerMidnight(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return date > lastSunday(year, 3) && date <= lastSunday(year, 10);
}

/** The UTC instant (ms) `date` begins in Lisbon. */
export function lisbonMidnightMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - (summerMidnight(date) ? 3_600_000 : 0);
}

/** `YYYY-MM-DD HH:MM` in UTC, the form of Easypay's `created_at` filter. */
export function utcMinuteText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** The `created_at` interval of one Lisbon date: its midnight to the minute before the next one, in UTC. */
export function lisbonDateInterval(date: string): string {
  const end = lisbonMidnightMs(plusDays(date, 1)) - 60_000;
  return `interval(${utcMinuteText(lisbonMidnightMs(date))},${utcMinuteText(end)})`;
}

/** The Lisbon date of a UTC instant. */
export function lisbonDate(ms: number): string {
  const utc = new Date(ms).toISOString().slice(0, 10);
  const nextDate = plusDays(utc, 1);
  return ms >= lisbonMidnightMs(nextDate) ? nextDate : utc;
}
