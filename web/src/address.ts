/** The address parameters that carry a calendar date (`YYYY-MM-DD`) or a month (`YYYY-MM`). */
const DATE_PARAMS = ['date', 'from', 'to'];
const MONTH_PARAMS = ['month'];

/** True for a real calendar date written `YYYY-MM-DD` (not `2026-13-45`, not `2026-02-30`). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A problem with one parameter of the address, said so that a person can fix it. */
export interface AddressProblem {
  param: string;
  value: string;
  expected: string;
}

/**
 * The date parameters of an address that are not dates. A link that was typed, cut off or edited
 * by hand (`?date=2026-13-45`) is answered with what is wrong and how to go on, before any screen
 * tries to format or query it.
 */
export function addressProblems(params: URLSearchParams): AddressProblem[] {
  const out: AddressProblem[] = [];
  for (const param of DATE_PARAMS) {
    const value = params.get(param);
    if (value !== null && value !== '' && !isCalendarDate(value))
      out.push({ param, value, expected: 'a calendar date written YYYY-MM-DD, e.g. 2026-11-19' });
  }
  for (const param of MONTH_PARAMS) {
    const value = params.get(param);
    if (value !== null && value !== '' && !isCalendarDate(`${value}-01`))
      out.push({ param, value, expected: 'a month written YYYY-MM, e.g. 2026-11' });
  }
  return out;
}
