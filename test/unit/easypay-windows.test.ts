import { describe, expect, it } from 'vitest';
import { formatUtcMinute as formatMinute, utcMinuteOfDate as minuteOfDate } from '../../src/dates.js';
import { intervalParam, splitWindows } from '../../src/sources/easypay/windows.js';

const DAY = 1440;
/** The upstream's limit: `to - from` may be at most 30 days (src/sandbox/easypay/query.ts, MAX_RANGE_MINUTES). */
const MAX_SPAN = 30 * DAY;

describe('easypay windows', () => {
  it('cuts 366 days into 13 windows of at most 30 days that meet minute to minute', () => {
    const windows = splitWindows('2025-11-20', '2026-11-20');
    expect(windows).toHaveLength(13);
    expect(formatMinute(windows[0]!.from)).toBe('2025-11-20 00:00');
    expect(formatMinute(windows[0]!.to)).toBe('2025-12-19 23:59');
    expect(formatMinute(windows[1]!.from)).toBe('2025-12-20 00:00');
    expect(formatMinute(windows.at(-1)!.to)).toBe('2026-11-20 23:59');
    for (const [i, w] of windows.entries()) {
      expect(w.to - w.from).toBeLessThanOrEqual(MAX_SPAN);
      expect(w.to).toBeGreaterThanOrEqual(w.from);
      // Inclusive ends: the next window starts exactly one minute later, no overlap and no gap.
      if (i > 0) expect(w.from).toBe(windows[i - 1]!.to + 1);
    }
    const covered = windows.reduce((n, w) => n + (w.to - w.from + 1), 0);
    expect(covered).toBe(366 * DAY);
  });

  it('gives one window for one day, and exactly 30 days in one', () => {
    expect(splitWindows('2026-02-28', '2026-02-28')).toEqual([{ from: minuteOfDate('2026-02-28'), to: minuteOfDate('2026-02-28') + DAY - 1 }]);
    expect(splitWindows('2026-01-01', '2026-01-30')).toHaveLength(1);
    const two = splitWindows('2026-01-01', '2026-01-31');
    expect(two).toHaveLength(2);
    expect(intervalParam(two[1]!)).toBe('interval(2026-01-31 00:00,2026-01-31 23:59)');
  });

  it('keeps the boundaries of earlier windows whatever the end of the range', () => {
    const short = splitWindows('2026-01-01', '2026-03-05');
    const long = splitWindows('2026-01-01', '2026-06-30');
    expect(long.slice(0, short.length - 1)).toEqual(short.slice(0, -1));
    expect(short.at(-1)!.from).toBe(long[short.length - 1]!.from);
  });

  it('crosses a leap day and month ends in UTC', () => {
    const windows = splitWindows('2028-02-01', '2028-03-31');
    expect(intervalParam(windows[0]!)).toBe('interval(2028-02-01 00:00,2028-03-01 23:59)');
    expect(intervalParam(windows[1]!)).toBe('interval(2028-03-02 00:00,2028-03-31 23:59)');
  });

  it('is empty for a reversed range', () => {
    expect(splitWindows('2026-02-02', '2026-02-01')).toEqual([]);
  });
});
