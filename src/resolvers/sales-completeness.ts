import type { SalesCompleteness } from '../sources/model.js';
import { builder } from './builder.js';

export const SalesCompletenessRef = builder.objectRef<SalesCompleteness>('SalesCompleteness').implement({
  description:
    "What the sale's data covers. Shopping-basket VAT is entered by the merchant and may be missing: check these flags before booking lines or VAT from a sale.",
  fields: (t) => ({
    hasLineItems: t.exposeBoolean('hasLineItems', { nullable: true, description: 'The sale has order lines.' }),
    hasVatBreakdown: t.exposeBoolean('hasVatBreakdown', {
      nullable: true,
      description:
        'VAT is broken down per line, so `amounts.net` and `amounts.vat` can be booked. False for variable-amount sales, where `vat` is zero only for want of data.',
    }),
    hasCustomerIdentity: t.exposeBoolean('hasCustomerIdentity', {
      nullable: true,
      description: 'The customer is identified (see `customer`).',
    }),
  }),
});
