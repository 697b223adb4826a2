import type { BillingPlan, BillingPrice } from '../sources/dintero/model.js';
import { builder } from './builder.js';

export const BillingPriceRef = builder.objectRef<BillingPrice>('BillingPrice').implement({
  description:
    "A price Dintero charges (Dintero `prices[]` of a subscription or of a cost's plan), in major units and finer than a minor unit: 0.0125 NOK per capture is a hundredth of an øre and a quarter.",
  fields: (t) => ({
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'ISO 4217 currency of the price, e.g. `NOK` (Dintero `currency`).',
    }),
    type: t.exposeString('type', {
      nullable: true,
      description: 'How the price applies, e.g. `unit_amount`: per counted unit (Dintero `type`, kept verbatim).',
    }),
    amount: t.field({
      type: 'Decimal',
      nullable: true,
      description:
        'The price in major units, exact, e.g. `"0.0125"` NOK (Dintero `amount`). Not `Money`: it is finer than the currency\'s minor unit.',
      resolve: (p) => p.amount,
    }),
    upTo: t.field({
      type: 'Decimal',
      nullable: true,
      description:
        'The upper bound of the metric this price applies up to, for tiered prices (Dintero `up_to`); `"0"` as Dintero sends it for an untiered price.',
      resolve: (p) => p.upTo,
    }),
  }),
});

export const BillingPlanRef = builder.objectRef<BillingPlan>('BillingPlan').implement({
  description: 'The price plan a Dintero cost was charged by (Dintero `plan`).',
  fields: (t) => ({
    planId: t.exposeString('id', { nullable: true, description: "Dintero's id of the plan (Dintero `plan.id`)." }),
    prices: t.field({ type: [BillingPriceRef], description: "The plan's prices (Dintero `plan.prices`).", resolve: (p) => p.prices }),
  }),
});
