import { addDays } from '../core/clock.js';
import { EPOCH } from './format.js';
import type { WorldLedger } from './ledgers.js';

/**
 * Reads back what `generateSales` (traffic.ts) writes into a Vippsnummer/mPOS reference (`1`) or a
 * pspReference (`3`): the ledger's digit, the date's day number and the sequence number. Null
 * when the text is not one of this ledger's.
 */
export function parseSaleReference(l: WorldLedger, digits: string, prefix: '1' | '3'): { date: string; seq: number } | null {
  const m = /^([13])(\d)(\d{4})(\d{6})$/.exec(digits);
  if (!m || m[1] !== prefix || Number(m[2]) !== l.index) return null;
  return { date: addDays(EPOCH, Number(m[3])), seq: Number(m[4]) };
}
