import { easypayFeeTotals } from '../reconciliation/easypay-fees.js';
import type { EasypayEntryDetails } from '../sources/model.js';
import { builder } from './builder.js';
import { personal } from './personal.js';
import { EasypayFeeRef } from './easypay-fee.js';
import { EasypayPaymentDetailsRef } from './easypay-payment-details.js';
import { MoneyRef } from './money.js';

export const EasypayEntryDetailsRef = builder.objectRef<EasypayEntryDetails>('EasypayEntryDetails').implement({
  description:
    'What only the Easypay ledger report says about an entry: the requested and paid amounts, the fee breakdown, the transfer batch that pays it out, and the payment behind it. For a capture, `amount` = `paidAmount` - `feeTotal`.',
  fields: (t) => ({
    id: t.exposeString('id', { description: "Easypay's id of the ledger entry (`id`, a UUID)." }),
    requestedAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The amount the payment asked for (`amount_details.requested_amount`). Null when Easypay did not report it.',
      resolve: (d) => d.requestedAmount,
    }),
    paidAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'The amount actually paid (`amount_details.payed_amount`, spelled so upstream); can be less than requested. Null when Easypay did not report it.',
      resolve: (d) => d.paidAmount,
    }),
    fees: t.field({
      type: [EasypayFeeRef],
      description: 'The fees charged on this entry, one per fee Easypay lists; empty when none.',
      // Priced as the few items it holds (the spec's examples show one or two), not the default list of 10.
      complexity: { field: 1, multiplier: 3 },
      resolve: (d) => d.fees,
    }),
    feeTotal: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Every part of every fee (fixed + variable + VAT) added up exactly. Null when the entry has no fees.',
      resolve: (d) => easypayFeeTotals(d).total,
    }),
    transferBatch: t.exposeString('transferBatch', {
      nullable: true,
      description:
        'The transfer batch that pays this entry out to the merchant\'s bank (`transfer_batch`, e.g. `"584"`). Null until Easypay has put the entry in a batch.',
    }),
    transferBatchDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The date of that transfer batch (`transfer_batch_date`). Null until the entry is in a batch.',
      resolve: (d) => d.transferBatchDate,
    }),
    descriptive: t.exposeString('descriptive', {
      nullable: true,
      ...personal("Easypay's free-text description of the entry (`descriptive`)."),
    }),
    transactionTime: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        "When the payment behind the entry happened (`transaction_timestamp`), in UTC; can be earlier than the entry's `time` (a capture after its authorisation).",
      resolve: (d) => d.transactionTime,
    }),
    payment: t.field({
      type: EasypayPaymentDetailsRef,
      nullable: true,
      description: 'The payment and operation behind the entry (`details`). Null when Easypay sent no details at all.',
      resolve: (d) => d.payment,
    }),
  }),
});
