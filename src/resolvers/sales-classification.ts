import type { SalesClassification } from '../sources/model.js';
import { builder } from './builder.js';

export const SalesClassificationRef = builder.objectRef<SalesClassification>('SalesClassification').implement({
  description: 'How the sale was made, as the provider classifies it.',
  fields: (t) => ({
    solution: t.exposeString('solution', {
      nullable: true,
      description:
        'The selling solution, verbatim: `VARIABLE_AMOUNT` (the payer typed an amount: no order lines), `SHOPPING_BASKET` (Vippsnummer basket with lines), `MPOS` (point of sale with lines). New values may appear; treat unknown ones as data.',
    }),
    salesCategory: t.exposeString('salesCategory', {
      nullable: true,
      description: "The merchant's category for the sales unit, when the provider has one.",
    }),
  }),
});
