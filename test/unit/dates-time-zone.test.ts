import { describe, expect, it } from 'vitest';
import {
  addDays,
  clockAt,
  dateIn,
  formatCutoff,
  isCalendarDate,
  ledgerDateOf,
  parseCutoff,
  selectDates,
  startOfDate,
  startOfLedgerDate,
} from '../../src/domain/dates.js';
import { TallyError } from '../../src/domain/errors.js';

/** A fresh formatter per zone: what `dateIn` must always agree with, memo or not. */
const reference = (zone: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms: number) => f.format(ms);
};

describe('dates in a time zone', () => {
  it("finds Lisbon's midnights: 23:00 UTC the day before in summer, and dates of 23 and 25 hours", () => {
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
    for (const zone of [
      'Europe/Lisbon',
      'Europe/Oslo',
      'America/Santiago',
      'America/Havana',
      'Asia/Beirut',
      'Asia/Kolkata',
      'Pacific/Apia',
    ]) {
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

describe('ledger dates with a cutoff (04:00 to 04:00)', () => {
  const oslo4 = { timeZone: 'Europe/Oslo', dateCutoffMinutes: 240 };
  const at = (iso: string) => Date.parse(iso);

  it('keeps the night between midnight and 04:00 on the date before, read on the wall clock', () => {
    // Winter (UTC+1): 04:00 Oslo is 03:00 UTC.
    expect(ledgerDateOf(at('2026-11-19T23:30:00Z'), oslo4)).toBe('2026-11-19');
    expect(ledgerDateOf(at('2026-11-20T02:59:59.999Z'), oslo4)).toBe('2026-11-19');
    expect(ledgerDateOf(at('2026-11-20T03:00:00Z'), oslo4)).toBe('2026-11-20');
    expect(new Date(startOfLedgerDate('2026-11-20', oslo4)).toISOString()).toBe('2026-11-20T03:00:00.000Z');
    // Summer (UTC+2): 04:00 Oslo is 02:00 UTC.
    expect(ledgerDateOf(at('2026-07-02T01:59:00Z'), oslo4)).toBe('2026-07-01');
    expect(new Date(startOfLedgerDate('2026-07-02', oslo4)).toISOString()).toBe('2026-07-02T02:00:00.000Z');
    // The night clocks go back (25 October 2026, 03:00 CEST -> 02:00 CET): the date still turns at 04:00 local.
    expect(new Date(startOfLedgerDate('2026-10-25', oslo4)).toISOString()).toBe('2026-10-25T03:00:00.000Z');
    expect(ledgerDateOf(at('2026-10-25T02:59:00Z'), oslo4)).toBe('2026-10-24');
    // Midnight cutoffs are the plain calendar date.
    expect(ledgerDateOf(at('2026-11-19T23:30:00Z'), { timeZone: 'Europe/Oslo' })).toBe('2026-11-20');
    expect(startOfLedgerDate('2026-11-20', { timeZone: 'Europe/Oslo', dateCutoffMinutes: 0 })).toBe(
      startOfDate('2026-11-20', 'Europe/Oslo'),
    );
  });

  it("gives a clock's today in a ledger's calendar, and the cutoff as HH:MM", () => {
    const clock = clockAt(() => at('2026-11-20T01:30:00Z'));
    expect(clock.today('Europe/Oslo')).toBe('2026-11-20');
    expect(clock.today(oslo4)).toBe('2026-11-19');
    expect([formatCutoff(0), formatCutoff(240), formatCutoff(1439)]).toEqual(['00:00', '04:00', '23:59']);
    expect([parseCutoff('04:00'), parseCutoff('23:59'), parseCutoff('24:00'), parseCutoff('4:00')]).toEqual([240, 1439, null, null]);
  });
});

describe('selectDates: today is the last date a ledger field takes', () => {
  it('refuses a date or a range start after today with BAD_USER_INPUT, and takes ranges reaching past today', () => {
    const refused = (args: Parameters<typeof selectDates>[0], argument: string) => {
      let caught: unknown;
      try {
        selectDates(args, '2026-11-19');
      } catch (err) {
        caught = err;
      }
      expect(caught, JSON.stringify(args)).toBeInstanceOf(TallyError);
      expect((caught as TallyError).code).toBe('BAD_USER_INPUT');
      expect((caught as TallyError).details).toMatchObject({ argument });
    };
    refused({ date: '2026-11-20' }, 'date');
    refused({ from: '2026-11-20' }, 'from');
    refused({ from: '2026-11-20', to: '2026-11-25' }, 'from');
    expect(selectDates({ date: '2026-11-19' }, '2026-11-19').dates).toEqual(['2026-11-19']);
    expect(selectDates({ from: '2026-11-18', to: '2026-11-25' }, '2026-11-19')).toMatchObject({
      dates: ['2026-11-18', '2026-11-19'],
      extendsPastToday: true,
    });
  });
});

describe('isCalendarDate', () => {
  it('takes real YYYY-MM-DD dates only, as a UTC Date reads them (every day from 1899 to 2101 and a few far years)', () => {
    const viaDate = (t: string) => /^\d{4}-\d{2}-\d{2}$/.test(t) && new Date(`${t}T00:00:00Z`).toISOString().slice(0, 10) === t;
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const wrong: string[] = [];
    for (const year of [...Array.from({ length: 203 }, (_, i) => 1899 + i), 0, 4, 100, 400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          let expected = false;
          try {
            expected = viaDate(text);
          } catch {
            expected = false;
          }
          if (isCalendarDate(text) !== expected) wrong.push(text);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    for (const text of ['2026-1-01', '2026-01-01 ', '20260101', '', '2026-01-01T00:00:00Z', '２０２６-01-01'])
      expect(isCalendarDate(text)).toBe(false);
  });
});
