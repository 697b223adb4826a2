/**
 * The sandbox's notion of "today". Data exists for dates before today (closed) and for today
 * (open: `tryLater: true`, entries only up to the current time of day). A fixed `now` makes tests
 * independent of the wall clock; without one the sandbox follows real time.
 */
export class SandboxClock {
  constructor(private readonly fixedNow?: Date) {}

  now(): Date {
    return this.fixedNow ? new Date(this.fixedNow) : new Date();
  }

  /** Today's ledger date, `YYYY-MM-DD` in UTC. */
  today(): string {
    return isoDate(this.now());
  }
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (may be negative), in UTC. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Whole days from `a` to `b` (`b - a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A strict `YYYY-MM-DD` that is also a real calendar date. */
export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}
