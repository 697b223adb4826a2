import { formatAmount, type Money } from '../domain/money.js';
import type { Entry } from '../sources/model.js';

/** What the export adds to an entry from the other books: its payout and its sale's VAT. */
export interface CsvEntryExtras {
  /** The payout that settled the entry: its ledger date and bank reference (null while unpaid). */
  payout: { ledgerDate: string; bankReference: string | null; id: string } | null;
  /** The VAT of the sale behind the entry, where the Sales API has one. */
  saleVat: Money | null;
}

/** The export's columns, in order. Amounts are exact decimals in the ledger's currency (no thousands separators, `.` as decimal point). */
export const ENTRY_CSV_COLUMNS = [
  'provider',
  'ledger_id',
  'topic',
  'ledger_date',
  'time',
  'kind',
  'entry_type',
  'psp_reference',
  'reference',
  'recipient_handle',
  'currency',
  'amount',
  'balance_before',
  'balance_after',
  'payout_ledger_date',
  'payout_bank_reference',
  'payout_id',
  'sale_vat',
] as const;

/** RFC 4180: quote a field that holds a comma, quote, CR or LF; double the quotes inside. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvHeader(): string {
  return `${ENTRY_CSV_COLUMNS.join(',')}\r\n`;
}

const amount = (m: Money | null) => (m === null ? null : formatAmount(m));

/** One entry as one CSV record (CRLF-terminated, RFC 4180). */
export function csvRow(e: Entry, extras: CsvEntryExtras): string {
  const fields = [
    e.provider,
    e.ledgerId,
    e.topic,
    e.ledgerDate,
    e.time,
    e.kind,
    e.entryType,
    e.pspReference,
    e.reference,
    e.recipientHandle,
    e.amount.currency,
    amount(e.amount),
    amount(e.balanceBefore),
    amount(e.balanceAfter),
    extras.payout?.ledgerDate ?? null,
    extras.payout?.bankReference ?? null,
    extras.payout?.id ?? null,
    amount(extras.saleVat),
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}
