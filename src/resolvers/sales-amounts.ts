import type { SalesAmounts } from '../sources/model.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

export const SalesAmountsRef = builder.objectRef<SalesAmounts>('SalesAmounts').implement({
  description:
    'The totals of a sale. `gross = net + vat`; refunds are negative. For a sale without order lines (a variable amount typed in by the payer) the provider has no VAT breakdown: `net` equals `gross` and `vat` is zero, and `completeness.hasVatBreakdown` is false, so do not book that zero as VAT.',
  fields: (t) => ({
    gross: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'What the customer paid (or got back), VAT included. Equals the `amount` of the capture or refund entry on the funds book. Null when the provider does not send it.',
      resolve: (a) => a.gross,
    }),
    net: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The total without VAT. Null when the provider does not send it.',
      resolve: (a) => a.net,
    }),
    vat: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The VAT in the total: the sum of the lines' `vatAmount`. Null when the provider does not send it.",
      resolve: (a) => a.vat,
    }),
  }),
});
