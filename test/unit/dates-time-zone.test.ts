import { describe, expect, it } from 'vitest';
import { addDays, dateIn, startOfDate } from '../../src/dates.js';

/** A fresh formatter per zone: what `dateIn` must always agree with, memo or not. */
const reference = (zone: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms: number) => f.format(ms);
};

describe('dates in a time zone', () => {
  it('finds Lisbon\'s midnights: 23:00 UTC the day before in summer, and dates of 23 and 25 hours', () => {
    expect(new Date(startOfDate('2026-07-15', 'Europe/Lisbon')).toISOString()).toBe('2026-07-14T23:00:00.000Z');
    expect(new Date(startOfDate('2026-01-15', 'Europe/Lisbon')).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    const hours = (date: string) => (startOfDate(addDays(date, 1), 'Europe/Lisbon') - startOfDate(date, 'Europe/Lisbon')) / 3_600_000;
    expect([hours('2026-03-29'), hours('2026-07-15'), hours('2026-10-25')]).toEqual([23, 24, 25]);
    expect(dateIn(Date.parse('2026-07-14T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-07-15');
    expect(dateIn(Date.parse('2026-07-14T22:59:59.999Z'), 'Europe/Lisbon')).toBe('2026-07-14');
    expect(dateIn(Date.parse('2026-01-15T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-01-15');
  });

  it('agrees with Intl at every instant, in time order and out of it, also where clocks change at midnight', () => {
    // Lisbon and Oslo change at 01:00 UTC; Santiago, Havana and Beirut at local midnight; Kolkata is +05:30; Apia skipped a date in 2011.
    for (const zone of ['Europe/Lisbon', 'Europe/Oslo', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Asia/Kolkata', 'Pacific/Apia']) {
      const want = reference(zone);
      const instants: number[] = [];
      for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 37 * 60_000) instants.push(ms);
      for (let ms = Date.parse('2011-12-28T00:00:00Z'); ms < Date.parse('2012-01-02T00:00:00Z'); ms += 13 * 60_000) instants.push(ms);
      // Each side of every midnight, to the millisecond.
      for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 1)) {
        const m = startOfDate(d, zone);
        instants.push(m - 1, m, m + 1);
      }
      // In time order, then out of it: the memo of the last date must not answer for another.
      const order = [...instants, ...[...instants].reverse().filter((_, i) => i % 5 === 0)];
      const wrong = order.filter((ms) => dateIn(ms, zone) !== want(ms)).map((ms) => `${zone} ${new Date(ms).toISOString()}`);
      expect(wrong).toEqual([]);
    }
  });
});
