/** `YYYY-MM-DD` plus (or minus) whole calendar days, in plain UTC arithmetic (not src/domain/dates.ts). */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
