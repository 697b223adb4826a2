import { builder } from './builder.js';
import { EntryRef } from './entry.js';
import { ProviderEnum } from './enums.js';
import { LedgerRef, ledgerKey, loadLedger, namedLedger, providerOf } from './ledger.js';
import { SalesEventRef } from './sales-event.js';

builder.objectField(EntryRef, 'ledger', (t) =>
  t.field({
    type: LedgerRef,
    nullable: true,
    description: 'The ledger this entry is on (read once per request, however many entries ask).',
    resolve: (entry, _a, ctx) => loadLedger(ctx, ledgerKey(entry)),
  }),
);

builder.objectField(EntryRef, 'fee', (t) =>
  t.field({
    type: EntryRef,
    nullable: true,
    description:
      "Vipps MobilePay: the `capture-fee` on the fees book for this capture, found by its pspReference (the fee carries the capture's) on the capture's ledger date or the next one, where late fees are booked. Null for other entries, while the fee is not booked yet, and for Easypay (whose fees are inside the entry: `easypay.fees`). The fees book is read once per date, so the cost grows with dates, not entries.",
    resolve: async (entry, _a, ctx) => {
      const ledger = await loadLedger(ctx, ledgerKey(entry));
      if (!ledger) return null;
      return providerOf(ctx, ledger).feeOf(ledger, entry, ctx.clock.today(ledger));
    },
  }),
);

builder.objectField(SalesEventRef, 'entry', (t) =>
  t.field({
    type: EntryRef,
    nullable: true,
    description:
      'The funds entry of this capture or refund (same pspReference and type), on the ledger date of its time or a neighbouring one. Null for cash sales (no pspReference, no ledger entry) and while the entry is not booked yet. The funds book is read once per date, so the cost grows with dates, not sales.',
    resolve: async (sale, _a, ctx) => {
      if (sale.pspReference === null) return null;
      const ledger = await loadLedger(ctx, ledgerKey(sale));
      if (!ledger) return null;
      return providerOf(ctx, ledger).entryForSale(ledger, sale, ctx.clock.today(ledger));
    },
  }),
);

builder.queryField('ledgerByLedgerId', (t) =>
  t.field({
    type: LedgerRef,
    nullable: true,
    description:
      "One ledger by the upstream's own id (Vipps `ledgerId`, the Easypay account id), for clients that stored it rather than the global `id`. Null with a `NOT_FOUND` error when it does not exist or is not visible to these credentials; read only for the fields that need it, as `ledger(id:)`.",
    args: {
      provider: t.arg({ type: ProviderEnum, required: true, description: 'The provider that keeps the ledger.' }),
      ledgerId: t.arg.string({ required: true, description: 'The upstream ledger id, as in `Ledger.ledgerId`.' }),
    },
    resolve: (_root, args, ctx) => namedLedger(ctx, `${args.provider}:${args.ledgerId}`),
  }),
);
