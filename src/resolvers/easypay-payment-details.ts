import type { EasypayEntryDetails } from '../sources/model.js';
import { builder } from './builder.js';

type EasypayPaymentDetails = NonNullable<EasypayEntryDetails['payment']>;

export const EasypayPaymentDetailsRef = builder.objectRef<EasypayPaymentDetails>('EasypayPaymentDetails').implement({
  description:
    "The payment and operation behind an Easypay ledger entry (the report's `details` block). Fields Easypay leaves empty (fees, transfers and manual movements have no customer payment) are null.",
  fields: (t) => ({
    operationId: t.exposeString('operationId', {
      nullable: true,
      description: "Easypay's id of the operation that booked the entry (`operation_id`).",
    }),
    operationKey: t.exposeString('operationKey', {
      nullable: true,
      description: "The merchant's key given to that operation (`operation_key`).",
    }),
    method: t.exposeString('method', {
      nullable: true,
      description: 'Payment method code, verbatim (`CC` card, `MBW` MB WAY, `MB` Multibanco, `DD` direct debit, ...).',
    }),
    paymentId: t.exposeString('paymentId', {
      nullable: true,
      description: "Easypay's id of the payment (`payment_id`); also the entry's `pspReference`.",
    }),
    paymentType: t.exposeString('paymentType', {
      nullable: true,
      description: 'The kind of payment, verbatim (`single`, `frequent`, `subscription`).',
    }),
    paymentKey: t.exposeString('paymentKey', {
      nullable: true,
      description: "The merchant's own key for the payment (`payment_key`); also the entry's `reference`.",
    }),
  }),
});
