import {
  EasypayLedger,
  TRANSACTION_TYPES,
  dateOfMinute,
  dateStartMinute,
  formatMinute,
  visibleBatch,
  type TransactionType,
} from './ledger.js';
import { EasypayOptionsSchema, type EasypayOptions } from './options.js';

/** The seed `startSandbox` uses when none is given (src/sandbox/server.ts). */
const DEFAULT_SEED = 20_260_101;

export interface EasypaySandboxFacts {
  seed: number;
  /** The clock the facts were computed at, `YYYY-MM-DD HH:MM` UTC. */
  now: string;
  /** Today in Lisbon, the account's zone: every date below is a Lisbon date (`ACCOUNT_TIME_ZONE`). */
  today: string;
  /** The first day with entries; there are none before it. */
  historyStart: string;
  totalEntries: number;
  /** Entries per Lisbon date of their `created_at`. */
  countsByDay: Record<string, number>;
  countsByType: Record<TransactionType, number>;
  countsByDayAndType: Record<string, Partial<Record<TransactionType, number>>>;
  /** The latest closed day with at least two entries at exactly 00:00 (Lisbon time). */
  midnightDay: { date: string; entriesAtMidnight: number } | null;
  /** The latest batch already paid out, with the creation times (UTC) of its first and last entries. */
  transferBatch: { id: string; date: string; count: number; firstCreatedAt: string; lastCreatedAt: string } | null;
  /** The entry with the largest absolute amount, as the decimal string the sandbox serves. */
  largestAmount: { id: string; amount: string; cents: number; transactionType: TransactionType; createdAt: string } | null;
}

/**
 * What tests need to know about the sandbox world without reading it over HTTP, computed by the
 * same generator the vendor serves from. Pass the same `now` and options as the sandbox.
 */
export function easypaySandboxFacts(
  seed: number = DEFAULT_SEED,
  options: EasypayOptions & { now?: Date | string } = {},
): EasypaySandboxFacts {
  const { now: nowInput, ...rest } = options;
  const shape = EasypayOptionsSchema.parse(rest);
  const ledger = new EasypayLedger(seed, shape);
  const now = nowInput === undefined ? new Date() : new Date(nowInput);
  const nowMinute = Math.floor(now.getTime() / 60_000);
  const today = dateOfMinute(nowMinute);
  const historyStart = ledger.historyStart(today);

  const countsByDay: Record<string, number> = {};
  const countsByType = Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, 0])) as Record<TransactionType, number>;
  const countsByDayAndType: EasypaySandboxFacts['countsByDayAndType'] = {};
  const midnight = new Map<string, number>();
  const batches = new Map<string, { date: string; count: number; first: string; last: string }>();
  let largest: EasypaySandboxFacts['largestAmount'] = null;
  let total = 0;

  for (const entry of ledger.between(dateStartMinute(historyStart), nowMinute, nowMinute)) {
    const date = dateOfMinute(entry.minute);
    const type = entry.wire.transaction_type;
    total++;
    countsByDay[date] = (countsByDay[date] ?? 0) + 1;
    countsByType[type]++;
    const byType = (countsByDayAndType[date] ??= {});
    byType[type] = (byType[type] ?? 0) + 1;
    if (entry.minute === dateStartMinute(date)) midnight.set(date, (midnight.get(date) ?? 0) + 1);
    const batch = visibleBatch(entry, today);
    if (batch) {
      const b = batches.get(batch) ?? { date: entry.settlementDate, count: 0, first: entry.wire.created_at, last: '' };
      b.count++;
      b.last = entry.wire.created_at;
      batches.set(batch, b);
    }
    if (!largest || Math.abs(entry.amountCents) > Math.abs(largest.cents)) {
      largest = {
        id: entry.wire.id,
        amount: entry.wire.amount.amount,
        cents: entry.amountCents,
        transactionType: type,
        createdAt: entry.wire.created_at,
      };
    }
  }

  const midnightDays = [...midnight].filter(([date, n]) => n >= 2 && date < today);
  const lastMidnight = midnightDays[midnightDays.length - 1];
  // The oldest batches may hold entries from before the history start: take the latest one.
  const lastBatch = [...batches].at(-1);

  return {
    seed,
    now: formatMinute(nowMinute),
    today,
    historyStart,
    totalEntries: total,
    countsByDay,
    countsByType,
    countsByDayAndType,
    midnightDay: lastMidnight ? { date: lastMidnight[0], entriesAtMidnight: lastMidnight[1] } : null,
    transferBatch: lastBatch
      ? {
          id: lastBatch[0],
          date: lastBatch[1].date,
          count: lastBatch[1].count,
          firstCreatedAt: lastBatch[1].first,
          lastCreatedAt: lastBatch[1].last,
        }
      : null,
    largestAmount: largest,
  };
}
