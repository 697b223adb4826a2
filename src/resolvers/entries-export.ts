import { ENTRY_CSV_COLUMNS } from '../reconciliation/entries-csv.js';
import { validateExportRange } from '../downloads/entries-export.js';
import { entriesExportFileName, type EntriesExportTarget } from '../downloads/links.js';
import type { LedgerTopic } from '../sources/model.js';
import { builder } from './builder.js';
import { LedgerTopicEnum } from './enums.js';
import { ledgerDetails, LedgerRef } from './ledger.js';

export const ExportFormatEnum = builder.enumType('ExportFormat', {
  description: 'File formats Tally can export.',
  values: {
    CSV: { description: 'RFC 4180 CSV, UTF-8, comma-separated, CRLF line ends, a header row; amounts as exact decimals with `.` (no thousands separators).' },
  } as const,
});

interface EntriesExport {
  target: EntriesExportTarget;
  url: string;
  expiresAt: number;
}

export const EntriesExportRef = builder.objectRef<EntriesExport>('EntriesExport').implement({
  description: 'A file of a ledger\'s entries for an accountant, behind a signed, expiring link.',
  fields: (t) => ({
    downloadUrl: t.string({
      description:
        'A link to the file on this gateway, signed and expiring (see `downloadUrlExpiresAt`), the same mechanism as settlement attachments: open it without an API key. It streams every entry of the range as it reads the upstream pages, so a year of a busy ledger downloads with flat memory; if an upstream fails mid-way the download fails rather than ending short.',
      resolve: (x) => x.url,
    }),
    downloadUrlExpiresAt: t.field({ type: 'DateTime', description: 'When `downloadUrl` stops working (`TALLY_DOWNLOAD_LINK_TTL_SECONDS`, 15 minutes by default); the download itself may run longer.', resolve: (x) => new Date(x.expiresAt).toISOString() }),
    fileName: t.string({ description: 'What the file is saved as, e.g. `tally-vipps_mobilepay-123456-funds-2026-10-01_2026-10-31.csv`.', resolve: (x) => entriesExportFileName(x.target) }),
    contentType: t.string({ description: 'The MIME type: `text/csv; charset=utf-8`.', resolve: () => 'text/csv; charset=utf-8' }),
    format: t.field({ type: ExportFormatEnum, description: 'The file format.', resolve: () => 'CSV' as const }),
    columns: t.stringList({
      description:
        'The CSV header, in order: provider, ledger, book, ledger date, time (UTC), kind, entry type, pspReference, reference, recipient handle, currency, amount and balances (exact decimals), the payout that settled the entry (its ledger date, bank reference and Payout id; empty while unpaid), and the VAT of the sale behind a capture or refund where the Sales API has one.',
      resolve: () => [...ENTRY_CSV_COLUMNS],
    }),
  }),
});

builder.objectField(LedgerRef, 'entriesExport', (t) =>
  t.field({
    type: EntriesExportRef,
    description:
      'Every entry of the dates `from`..`to` (inclusive, at most 366 days, not after today) as a file for the accountant: one row per entry with the ledger, dates, kind, entry type, references, amount and balances as exact decimals, the payout it belongs to, and the sale\'s VAT where there is one. Returns a signed, expiring link; nothing is read upstream until it is opened.',
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First ledger date (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last ledger date (inclusive), at most today.' }),
      topic: t.arg({ type: LedgerTopicEnum, required: true, defaultValue: 'FUNDS', description: 'Which book (Vipps MobilePay); ignored by providers with one book.' }),
      format: t.arg({ type: ExportFormatEnum, required: true, defaultValue: 'CSV', description: 'The file format.' }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      validateExportRange(args.from, args.to, ctx.clock.today(ledger));
      const target: EntriesExportTarget = { provider: ledger.provider, ledgerId: ledger.ledgerId, topic: args.topic as LedgerTopic, from: args.from, to: args.to };
      const { url, expiresAt } = ctx.downloads.exportUrl(target);
      return { target, url, expiresAt };
    },
  }),
);
