import { formatAmount, type Money } from '../domain/money.js';
import type { Entry } from '../sources/model.js';
import { easypayFeeTotals } from './easypay-fees.js';

/**
 * The file formats of an entries export (`ExportFormat`). `CSV` is RFC 4180 as any program reads
 * it; `CSV_NORDIC` is what Excel opens with a double click where the decimal separator is a comma
 * (Norway, Denmark, Sweden, Finland): fields between `;`, amounts with a decimal comma, and a UTF-8
 * byte-order mark, without which Excel reads the file in the machine's legacy code page and shows
 * `Ã¸` for `ø`.
 */
export type EntryCsvFormat = 'CSV' | 'CSV_NORDIC';

interface Dialect {
  separator: string;
  decimal: string;
  bom: string;
  /** Excel runs a cell that starts with `=`, `+`, `-` or `@` as a formula: text fields get a leading `'` there. */
  guardFormulas: boolean;
}

const DIALECTS: Record<EntryCsvFormat, Dialect> = {
  CSV: { separator: ',', decimal: '.', bom: '', guardFormulas: false },
  CSV_NORDIC: { separator: ';', decimal: ',', bom: '\uFEFF', guardFormulas: true },
};

/** What the export adds to an entry from the other books and the provider. */
export interface CsvEntryExtras {
  /** The payout that settled the entry (null while unpaid): its ledger date, bank reference, global id and readable number. */
  payout: { ledgerDate: string; bankReference: string | null; id: string; number: string | null } | null;
  /** The VAT of the sale behind the entry, where the Sales API has one. */
  saleVat: Money | null;
  /** The entry's ledger date can still change upstream (today, or a date the provider keeps open). */
  dateOpen: boolean;
}

/** The export's columns, in order. Those after `sale_vat` were added later, at the end, so readers of the earlier columns by position keep working. */
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
  'ledger_date_status',
  'payout_number',
  'easypay_fee_fixed',
  'easypay_fee_variable',
  'easypay_fee_vat',
  'easypay_fee_total',
  'easypay_transfer_batch',
  'easypay_transfer_batch_date',
] as const;

/** A field as text: quoted when it holds the separator, a quote, CR or LF (RFC 4180), quotes doubled inside. */
export function csvField(value: string | null, separator = ','): string {
  if (value === null) return '';
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvHeader(format: EntryCsvFormat = 'CSV'): string {
  const d = DIALECTS[format];
  return `${d.bom}${ENTRY_CSV_COLUMNS.join(d.separator)}\r\n`;
}

/** One entry as one CSV record (CRLF-terminated) in `format`. */
export function csvRow(e: Entry, extras: CsvEntryExtras, format: EntryCsvFormat = 'CSV'): string {
  const d = DIALECTS[format];
  // Exact decimals from integer minor units; only the decimal mark differs between formats.
  const amount = (m: Money | null) => (m === null ? null : formatAmount(m).replace('.', d.decimal));
  const text = (s: string | null) => (s !== null && d.guardFormulas && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  const fees = e.easypay ? easypayFeeTotals(e.easypay) : null;
  const fields = [
    e.provider,
    text(e.ledgerId),
    e.topic,
    e.ledgerDate,
    e.time,
    e.kind,
    text(e.entryType),
    text(e.pspReference),
    text(e.reference),
    text(e.recipientHandle),
    e.amount.currency,
    amount(e.amount),
    amount(e.balanceBefore),
    amount(e.balanceAfter),
    extras.payout?.ledgerDate ?? null,
    text(extras.payout?.bankReference ?? null),
    extras.payout?.id ?? null,
    amount(extras.saleVat),
    extras.dateOpen ? 'open' : 'closed',
    text(extras.payout?.number ?? null),
    amount(fees?.fixed ?? null),
    amount(fees?.variable ?? null),
    amount(fees?.vat ?? null),
    amount(fees?.total ?? null),
    text(e.easypay?.transferBatch ?? null),
    e.easypay?.transferBatchDate ?? null,
  ];
  return `${fields.map((f) => csvField(f, d.separator)).join(d.separator)}\r\n`;
}
