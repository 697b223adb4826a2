import { addDays } from '../core/clock.js';
import { isPayoutDay } from './books.js';
import type { WorldLedger } from './ledgers.js';

/** Why a ledger date is still open (`tryLater: true`). */
export type OpenReason = 'today' | 'awaiting-payout' | 'negative-balance';

/**
 * A ledger's balance from date to date and when its dates close. The balance starts at 0 on the
 * world's first date; a payout day pays out a positive balance, and a negative one is not paid
 * out but carried on (docs/upstreams/vipps-report.md, settlement timing). A date stays open until the payout
 * that settles it has been made: a monthly-payout ledger's dates for the rest of the month, and
 * after a negative balance for as long as it lasts, weeks perhaps ("tryLater can stay true for very
 * long: monthly settlement (whole month), negative balance (60+ days)": docs/upstreams/vipps-report.md).
 */
export class SettlementChain {
  /** Balance at the end of each date computed so far: a number per date, kept for the world's life. */
  private readonly closings = new Map<string, number>();

  constructor(
    private readonly ledger: WorldLedger,
    /** The first date of the world: nothing is booked before it. */
    private readonly anchor: string,
    /** Funds movement of a date before its payout. */
    private readonly net: (date: string) => number,
  ) {}

  /** The balance carried into a date. */
  opening(date: string): number {
    return date <= this.anchor ? 0 : this.closing(addDays(date, -1));
  }

  /** The balance at the end of a date, after its payout (if any). */
  closing(date: string): number {
    if (date < this.anchor) return 0;
    const hit = this.closings.get(date);
    if (hit !== undefined) return hit;
    // Forward from the last date known (iterative: a long history would overflow a recursion).
    const todo: string[] = [];
    let d = date;
    while (d >= this.anchor && !this.closings.has(d)) {
      todo.push(d);
      d = addDays(d, -1);
    }
    let balance = d < this.anchor ? 0 : (this.closings.get(d) ?? 0);
    for (let i = todo.length - 1; i >= 0; i--) {
      const x = todo[i] as string;
      balance += this.net(x);
      if (isPayoutDay(this.ledger, x) && balance > 0) balance = 0;
      this.closings.set(x, balance);
    }
    return balance;
  }

  /** A payout day whose balance was not negative: everything up to its end is settled. */
  settles(date: string): boolean {
    return date >= this.anchor && isPayoutDay(this.ledger, date) && this.opening(date) + this.net(date) >= 0;
  }

  /**
   * Why `date` is still open when it is `today` (the ledger's own today), or null when it is
   * closed. Dates before the world began are closed (and empty).
   */
  openReason(date: string, today: string): OpenReason | null {
    if (date >= today) return 'today';
    if (date < this.anchor) return null;
    let firstPayoutDay: string | null = null;
    for (let p = date; p < today; p = addDays(p, 1)) {
      if (!isPayoutDay(this.ledger, p)) continue;
      firstPayoutDay ??= p;
      if (this.settles(p)) return null;
    }
    return firstPayoutDay === null ? 'awaiting-payout' : 'negative-balance';
  }
}
