/**
 * The sandbox's notion of "now" and its date arithmetic. Data exists for dates before today
 * (closed unless the upstream keeps them open) and for today (open: `tryLater: true`, entries only
 * up to the current time of day).
 *
 * The clock stands still (`fixed`: tests, and `SANDBOX_NOW` alone) or runs (`run`) from where it
 * starts (`SANDBOX_NOW`, else the wall clock) at `speed` sandbox milliseconds per real one
 * (`SANDBOX_CLOCK_SPEED`), so a busy hour's bookings can be watched arriving at any time of day.
 * Without a start and at speed 1 it is the wall clock. Real time comes from `timeSource`, which
 * tests replace to move a running clock (and expire tokens) without sleeping.
 *
 * "Today" depends on where you stand: a Report API ledger date "normally lasts from midnight to
 * midnight in the timezone of the merchant" (seed 000 (docs/upstreams/vipps-report.md)), so at 23:30 UTC in
 * summer it is already tomorrow in Oslo. Dates are `YYYY-MM-DD` strings; zones are IANA names.
 */
export interface SandboxClockOptions {
  /** Where the clock starts; the real time when the clock is made, if not given. */
  start?: Date;
  /** `fixed` stands at `start` (the default when a start is given); `run` runs from it (the default without one). */
  mode?: SandboxClockMode;
  /** Sandbox milliseconds per real millisecond while running (60: a sandbox minute per real second). */
  speed?: number;
  /** Real time, milliseconds since the epoch (`Date.now` unless a test injects its own). */
  timeSource?: () => number;
}

export type SandboxClockMode = 'fixed' | 'run';

export class SandboxClock {
  readonly mode: SandboxClockMode;
  readonly speed: number;
  private readonly real: () => number;
  private readonly realStart: number;
  private readonly startMs: number;

  constructor(options: SandboxClockOptions = {}) {
    this.real = options.timeSource ?? Date.now;
    this.mode = options.mode ?? (options.start === undefined ? 'run' : 'fixed');
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0) || !Number.isFinite(this.speed))
      throw new RangeError(`sandbox clock speed must be a positive number, got ${this.speed}`);
    this.realStart = this.real();
    this.startMs = options.start?.getTime() ?? this.realStart;
    if (Number.isNaN(this.startMs)) throw new RangeError('sandbox clock start is not a valid instant');
  }

  /** The sandbox's current instant (ms since the epoch). */
  nowMs(): number {
    if (this.mode === 'fixed') return this.startMs;
    return this.startMs + Math.floor((this.real() - this.realStart) * this.speed);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /**
   * Real time (ms), for lifetimes that run on the wall clock whatever the sandbox's time: access
   * tokens, so a test with a fixed `now` and a one-second TTL still sees its token expire.
   */
  realNow(): number {
    return this.real();
  }

  /** Today's date in a time zone (UTC when none is given), its dates starting `cutoffMinutes` after local midnight. */
  today(timeZone = 'UTC', cutoffMinutes = 0): string {
    return ledgerDateIn(this.nowMs(), timeZone, cutoffMinutes);
  }

  /** How the clock is set, as `GET /_clock` reports it. */
  describe(): { now: string; mode: SandboxClockMode; speed: number } {
    return { now: this.now().toISOString(), mode: this.mode, speed: this.mode === 'fixed' ? 0 : this.speed };
  }
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (may be negative): calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Whole days from `a` to `b` (`b - a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday ... 6 = Saturday, of a calendar date. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A strict `YYYY-MM-DD` that is also a real calendar date. */
export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
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
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading in a zone at an instant, as if it were UTC (ms). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/** The calendar date in a zone at an instant. */
export function dateIn(instantMs: number, timeZone: string): string {
  return new Date(wallClockMs(instantMs, timeZone)).toISOString().slice(0, 10);
}

/**
 * The date an instant belongs to when dates begin `cutoffMinutes` after local midnight (a ledger
 * configured "04:00 to 04:00": 02:00 on the 6th is still the 5th), read off the wall clock.
 */
export function ledgerDateIn(instantMs: number, timeZone: string, cutoffMinutes = 0): string {
  return new Date(wallClockMs(instantMs, timeZone) - cutoffMinutes * 60_000).toISOString().slice(0, 10);
}

/** The instant (ms) a date begins when dates begin `cutoffMinutes` after local midnight. */
export function startOfLedgerDate(date: string, timeZone: string, cutoffMinutes = 0): number {
  if (cutoffMinutes === 0) return startOfDate(date, timeZone);
  const wall = Date.parse(`${date}T00:00:00Z`) + cutoffMinutes * 60_000;
  let instant = wall - (wallClockMs(wall, timeZone) - wall);
  instant = wall - (wallClockMs(instant, timeZone) - instant);
  return instant;
}

const midnights = new Map<string, number>();

/**
 * The instant (ms) a date begins in a zone. Midnight exists on every date in the zones the
 * sandbox uses (European DST changes at 01:00 UTC), so two passes of offset correction are exact.
 */
export function startOfDate(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const hit = midnights.get(key);
  if (hit !== undefined) return hit;
  const asUtc = Date.parse(`${date}T00:00:00Z`);
  let instant = asUtc - (wallClockMs(asUtc, timeZone) - asUtc);
  instant = asUtc - (wallClockMs(instant, timeZone) - instant);
  if (midnights.size > 50_000) midnights.clear();
  midnights.set(key, instant);
  return instant;
}

/** Milliseconds a date lasts in a zone: 24 h, or 23 h and 25 h on the days daylight saving time changes. */
export function dateLengthMs(date: string, timeZone: string): number {
  return startOfDate(addDays(date, 1), timeZone) - startOfDate(date, timeZone);
}
