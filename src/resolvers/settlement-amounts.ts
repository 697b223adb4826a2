import type { SettlementAmounts } from '../sources/dintero/model.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

export const SettlementAmountsRef = builder.objectRef<SettlementAmounts>('SettlementAmounts').implement({
  description:
    "A settlement's totals in one currency. All four amounts are magnitudes (never negative) so that `net = capture - refund - fee` always holds: Dintero's specification sends fees positive while the live API sends them negative for some providers (payex, bambora), and Tally normalises both.",
  fields: (t) => ({
    currency: t.exposeString('currency', { description: 'ISO 4217 currency of the four amounts.' }),
    capture: t.field({
      type: MoneyRef,
      description: 'Payments captured from customers in the settlement period (gross sales).',
      resolve: (a) => a.capture,
    }),
    refund: t.field({
      type: MoneyRef,
      description: 'Money refunded to customers, as a positive amount that is subtracted.',
      resolve: (a) => a.refund,
    }),
    fee: t.field({
      type: MoneyRef,
      description:
        "The payment provider's fees, always a positive amount that is subtracted, whatever sign the upstream used (book it as an expense).",
      resolve: (a) => a.fee,
    }),
    net: t.field({
      type: MoneyRef,
      description: "What was paid out to the bank account: `capture - refund - fee` (Dintero's `amount`).",
      resolve: (a) => a.net,
    }),
  }),
});
