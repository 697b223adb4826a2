import { daysBetween } from '../core/clock.js';
import type { Rng } from '../core/rng.js';

/** Day numbers (and the 4 digits of them inside references) count from here. */
export const EPOCH = '2020-01-01';

export function dayNumber(date: string): number {
  return daysBetween(EPOCH, date);
}

const ZEROS = '000000000000';
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : ZEROS.slice(0, width - s.length) + s;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC with microseconds as the spec's examples (docs/upstreams/vipps-report.md,
 * item 7), of the instant `us` microseconds after `startMs` (the start of a ledger date in its zone).
 */
export function formatTime(startMs: number, us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const micro = us - seconds * 1_000_000;
  return `${new Date(startMs + seconds * 1000).toISOString().slice(0, 19)}.${pad(micro, 6)}Z`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Fee and payout bookkeeping ids look like ULIDs in the docs' samples (docs/upstreams/vipps-report.md, sample day). */
export function ulidLike(rng: Rng): string {
  let out = '01';
  while (out.length < 26) out += CROCKFORD[rng.int(0, 31)];
  return out;
}
