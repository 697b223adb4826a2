import type { SubscriptionPrice } from '../sources/dintero/model.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

export const SubscriptionPriceRef = builder.objectRef<SubscriptionPrice>('SubscriptionPrice').implement({
  description: 'A price of a Dintero subscription.',
  fields: (t) => ({
    priceId: t.exposeString('id', { nullable: true, description: 'Dintero\'s id of the price.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the price is for.' }),
    priceModel: t.exposeString('priceModel', { nullable: true, description: 'How it is charged: `flat`, `per_unit` or `tiered` (Dintero `price_model`).' }),
    unit: t.exposeString('unit', { nullable: true, description: 'The unit charged per, e.g. `transaction`, `month`.' }),
    unitPrice: t.field({ type: MoneyRef, nullable: true, description: 'The price per unit, excluding VAT.', resolve: (p) => p.unitPrice }),
  }),
});
