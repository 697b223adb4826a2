import { ENTRY_CSV_COLUMNS, type EntryCsvFormat } from '../reconciliation/entries-csv.js';
import { validateExportRange } from '../downloads/entries-export.js';
import { entriesExportFileName, type EntriesExportTarget } from '../downloads/links.js';
import type { LedgerTopic } from '../sources/model.js';
import { builder } from './builder.js';
import { LedgerTopicEnum } from './enums.js';
import { ledgerDetails, LedgerRef } from './ledger.js';

export const ExportFormatEnum = builder.enumType('ExportFormat', {
  description:
    'File formats Tally can export. Both have the same columns (`EntriesExport.columns`), exact amounts and ISO 8601 dates; they differ in separators only.',
  values: {
    CSV: {
      description:
        'RFC 4180 CSV, UTF-8 without a byte-order mark, comma-separated, CRLF line ends, a header row; amounts as exact decimals with `.` (no thousands separators). The default, as it has always been for programs that read the file (columns added since come after the first 18).',
    },
    CSV_NORDIC: {
      description:
        "CSV as Excel opens it with a double click where the decimal separator is a comma (Norwegian, Danish, Swedish and Finnish Excel): a UTF-8 byte-order mark first (without it Excel reads æ, ø and å in the machine's legacy code page), `;` between fields, amounts as exact decimals with a decimal comma (`-1234,50`, no thousands separators), CRLF line ends, a header row. Fields are quoted as in RFC 4180 (a field holding `;`, `\"`, CR or LF). A text field (references, entry types, handles) that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so Excel shows it instead of running it as a formula; amounts never do.",
    },
  } as const,
});

interface EntriesExport {
  target: EntriesExportTarget;
  url: string;
  expiresAt: number;
}

export const EntriesExportRef = builder.objectRef<EntriesExport>('EntriesExport').implement({
  description: "A file of a ledger's entries for an accountant, behind a signed, expiring link.",
  fields: (t) => ({
    downloadUrl: t.string({
      description:
        'A link to the file on this gateway, signed and expiring (see `downloadUrlExpiresAt`), the same mechanism as settlement attachments: open it without an API key. It streams every entry of the range as it reads the upstream pages, so a year of a busy ledger downloads with flat memory; if an upstream fails mid-way the download fails rather than ending short.',
      resolve: (x) => x.url,
    }),
    downloadUrlExpiresAt: t.field({
      type: 'DateTime',
      description:
        'When `downloadUrl` stops working (`TALLY_DOWNLOAD_LINK_TTL_SECONDS`, 15 minutes by default); the download itself may run longer.',
      resolve: (x) => new Date(x.expiresAt).toISOString(),
    }),
    fileName: t.string({
      description: 'What the file is saved as, e.g. `tally-vipps_mobilepay-123456-funds-2026-10-01_2026-10-31.csv`.',
      resolve: (x) => entriesExportFileName(x.target),
    }),
    contentType: t.string({
      description: 'The MIME type: `text/csv; charset=utf-8` (both formats).',
      resolve: () => 'text/csv; charset=utf-8',
    }),
    format: t.field({ type: ExportFormatEnum, description: 'The file format, as asked for.', resolve: (x) => x.target.format }),
    columns: t.stringList({
      description:
        "The CSV header, in order: provider, ledger, book, ledger date, time (UTC), kind, entry type, pspReference, reference, recipient handle, currency, amount and balances (exact decimals), the payout that settled the entry (its ledger date, bank reference and Payout id; empty while unpaid), and the VAT of the sale behind a capture or refund where the Sales API has one; then `ledger_date_status` (`open` while the entry's ledger date can still change, as `entries(date:).final` says, else `closed`), `payout_number` (the payout as a person reads it: the Vipps MobilePay payout number of the bank line's `Vippsnr`, the Easypay transfer batch), Easypay's fee parts summed over the entry's fees (`easypay_fee_fixed`, `easypay_fee_variable`, `easypay_fee_vat`, `easypay_fee_total`; positive, already deducted from `amount`) and its `easypay_transfer_batch` and `easypay_transfer_batch_date` (empty for other providers and until Easypay batches the entry).",
      resolve: () => [...ENTRY_CSV_COLUMNS],
    }),
  }),
});

builder.objectField(LedgerRef, 'entriesExport', (t) =>
  t.field({
    type: EntriesExportRef,
    description:
      "Every entry of the dates `from`..`to` (inclusive, at most 366 days, not after today) as a file for the accountant: one row per entry with the ledger, dates, kind, entry type, references, amount and balances as exact decimals, the payout it belongs to, and the sale's VAT where there is one. Returns a signed, expiring link; nothing is read upstream until it is opened.",
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First ledger date (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last ledger date (inclusive), at most today.' }),
      topic: t.arg({
        type: LedgerTopicEnum,
        required: true,
        defaultValue: 'FUNDS',
        description: 'Which book (Vipps MobilePay); ignored by providers with one book.',
      }),
      format: t.arg({
        type: ExportFormatEnum,
        required: true,
        defaultValue: 'CSV',
        description:
          'The file format: `CSV` (the default: comma, decimal point) or `CSV_NORDIC` (what Norwegian, Danish, Swedish and Finnish Excel opens: `;`, decimal comma, a UTF-8 byte-order mark).',
      }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      validateExportRange(args.from, args.to, ctx.clock.today(ledger));
      const target: EntriesExportTarget = {
        provider: ledger.provider,
        ledgerId: ledger.ledgerId,
        topic: args.topic as LedgerTopic,
        from: args.from,
        to: args.to,
        format: args.format as EntryCsvFormat,
      };
      const { url, expiresAt } = ctx.downloads.exportUrl(target);
      return { target, url, expiresAt };
    },
  }),
);
