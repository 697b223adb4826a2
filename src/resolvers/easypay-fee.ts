import type { EasypayFee } from '../sources/model.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

export const EasypayFeeRef = builder.objectRef<EasypayFee>('EasypayFee').implement({
  description:
    "One fee Easypay charged on an entry (`amount_details.fees[]`; in the report's older shape `fixed_fee`, `variable_fee` and `tax_amount`). Amounts are positive: they are what was charged, already deducted from the entry's `amount`.",
  fields: (t) => ({
    fixedAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The fixed part of the fee (`fixed_amount`). Null when Easypay did not report it.',
      resolve: (f) => f.fixedAmount,
    }),
    variableAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The part of the fee proportional to the payment (`variable_amount`). Null when Easypay did not report it.',
      resolve: (f) => f.variableAmount,
    }),
    vatAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'VAT charged on the fee (`vat_amount`). Null when Easypay did not report it.',
      resolve: (f) => f.vatAmount,
    }),
  }),
});
