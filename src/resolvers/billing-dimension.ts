import type { BillingDimension } from '../sources/dintero/model.js';
import { builder } from './builder.js';

export const BillingDimensionRef = builder.objectRef<BillingDimension>('BillingDimension').implement({
  description: 'What a Dintero cost or subscription is broken down by (Dintero `dimensions[]`), e.g. `payment_product_type` = `vipps`.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The dimension, e.g. `payment_product_type` (Dintero `name`).' }),
    value: t.exposeString('value', {
      nullable: true,
      description: 'Its value, e.g. `vipps` (Dintero `value`); a value that is not text upstream is given as its JSON.',
    }),
  }),
});
