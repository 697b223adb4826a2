import { describe, expect, it } from 'vitest';
import { formatUtcMinute as formatMinute } from '../../src/domain/dates.js';
import { intervalParam, inWindow, minuteWindow, splitWindows } from '../../src/sources/easypay/windows.js';

const DAY = 1440;
/** The upstream's limit: `to - from` may be at most 30 days (src/sandbox/easypay/query.ts, MAX_RANGE_MINUTES). */
const MAX_SPAN = 30 * DAY;
const LISBON = 'Europe/Lisbon';

/** Every window's interval as the upstream receives it (UTC minutes; each asks one minute past its window, see intervalParam). */
const intervals = (from: string, to: string, zone = LISBON) => splitWindows(from, to, zone).map(intervalParam);

describe('easypay windows', () => {
  it('cuts 366 Lisbon dates into 13 windows of at most 30 days that meet minute to minute', () => {
    const windows = splitWindows('2025-11-20', '2026-11-20', LISBON);
    expect(windows).toHaveLength(13);
    // Winter: Lisbon's midnight is UTC's.
    expect(formatMinute(windows[0]!.from)).toBe('2025-11-20 00:00');
    expect(formatMinute(windows[0]!.to)).toBe('2025-12-19 23:59');
    expect(formatMinute(windows[1]!.from)).toBe('2025-12-20 00:00');
    // The window holding 29 March (23 hours) is 30 dates ending on a summer midnight, 23:00 UTC.
    expect(intervalParam(windows[4]!)).toBe('interval(2026-03-20 00:00,2026-04-18 23:00)');
    expect(intervalParam(windows[5]!)).toBe('interval(2026-04-18 23:00,2026-05-18 23:00)');
    // 30 dates with 25 October (25 hours) would last 30 days and one hour: that window holds 29.
    expect(intervalParam(windows[11]!)).toBe('interval(2026-10-15 23:00,2026-11-14 00:00)');
    expect(intervalParam(windows[12]!)).toBe('interval(2026-11-14 00:00,2026-11-21 00:00)');
    for (const [i, w] of windows.entries()) {
      // The interval asked is one minute longer than the window, and still within the limit.
      expect(w.to + 1 - w.from).toBeLessThanOrEqual(MAX_SPAN);
      expect(w.to).toBeGreaterThanOrEqual(w.from);
      // Inclusive ends: the next window starts exactly one minute later, no overlap and no gap.
      if (i > 0) expect(w.from).toBe(windows[i - 1]!.to + 1);
    }
    const covered = windows.reduce((n, w) => n + (w.to - w.from + 1), 0);
    expect(covered).toBe(366 * DAY);
  });

  it('sends a summer date as 23:00 UTC the day before to 22:59 UTC, and the change days as 23 and 25 hours', () => {
    expect(intervals('2026-07-15', '2026-07-15')).toEqual(['interval(2026-07-14 23:00,2026-07-15 23:00)']);
    expect(intervals('2026-01-15', '2026-01-15')).toEqual(['interval(2026-01-15 00:00,2026-01-16 00:00)']);
    const spring = splitWindows('2026-03-29', '2026-03-29', LISBON)[0]!;
    expect(intervalParam(spring)).toBe('interval(2026-03-29 00:00,2026-03-29 23:00)');
    expect(spring.to - spring.from + 1).toBe(23 * 60);
    const autumn = splitWindows('2026-10-25', '2026-10-25', LISBON)[0]!;
    expect(intervalParam(autumn)).toBe('interval(2026-10-24 23:00,2026-10-26 00:00)');
    expect(autumn.to - autumn.from + 1).toBe(25 * 60);
  });

  it('gives one window for one day, and exactly 30 days in one', () => {
    expect(intervals('2026-02-28', '2026-02-28')).toEqual(['interval(2026-02-28 00:00,2026-03-01 00:00)']);
    expect(splitWindows('2026-01-01', '2026-01-30', LISBON)).toHaveLength(1);
    const two = splitWindows('2026-01-01', '2026-01-31', LISBON);
    expect(two).toHaveLength(2);
    expect(intervalParam(two[1]!)).toBe('interval(2026-01-31 00:00,2026-02-01 00:00)');
  });

  it('keeps the boundaries of earlier windows whatever the end of the range', () => {
    const short = splitWindows('2026-01-01', '2026-03-05', LISBON);
    const long = splitWindows('2026-01-01', '2026-06-30', LISBON);
    expect(long.slice(0, short.length - 1)).toEqual(short.slice(0, -1));
    expect(short.at(-1)!.from).toBe(long[short.length - 1]!.from);
  });

  it('crosses a leap day and month ends, in UTC too', () => {
    expect(intervals('2028-02-01', '2028-03-31', 'UTC')).toEqual([
      'interval(2028-02-01 00:00,2028-03-02 00:00)',
      'interval(2028-03-02 00:00,2028-04-01 00:00)',
    ]);
    // In Lisbon, the second window ends on 1 April's midnight, 23:00 UTC after the change of 26 March 2028.
    expect(intervals('2028-02-01', '2028-03-31')).toEqual([
      'interval(2028-02-01 00:00,2028-03-02 00:00)',
      'interval(2028-03-02 00:00,2028-03-31 23:00)',
    ]);
  });

  it("puts every second in exactly one window: 22:59:30 at a summer window's end is in it, 23:00:00 in the next", () => {
    const [july, next] = splitWindows('2026-07-01', '2026-07-31', LISBON);
    expect(intervalParam(july!)).toBe('interval(2026-06-30 23:00,2026-07-30 23:00)');
    // The interval asked reaches the next window's first minute; what is kept is exact.
    for (const [instant, inFirst] of [
      ['2026-07-30T22:59:00Z', true],
      ['2026-07-30T22:59:30Z', true],
      ['2026-07-30T22:59:59.999Z', true],
      ['2026-07-30T23:00:00Z', false],
      ['2026-06-30T22:59:59Z', false],
      ['2026-06-30T23:00:00Z', true],
    ] as const) {
      const ms = Date.parse(instant);
      expect(inWindow(july!, ms), instant).toBe(inFirst);
      expect(inWindow(next!, ms), instant).toBe(instant === '2026-07-30T23:00:00Z');
    }
    // A key's one-minute window finds an entry created at any second of that minute.
    const minute = Math.floor(Date.parse('2026-07-30T22:59:30Z') / 60_000);
    expect(intervalParam(minuteWindow(minute))).toBe('interval(2026-07-30 22:59,2026-07-30 23:00)');
    expect(inWindow(minuteWindow(minute), Date.parse('2026-07-30T22:59:30Z'))).toBe(true);
    expect(inWindow(minuteWindow(minute), Date.parse('2026-07-30T23:00:00Z'))).toBe(false);
  });

  it('is empty for a reversed range', () => {
    expect(splitWindows('2026-02-02', '2026-02-01', LISBON)).toEqual([]);
  });
});
