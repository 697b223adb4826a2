import { badInput } from '../domain/errors.js';
import type { BillingCost } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall, dinteroInstant } from './billing-account.js';
import { BillingDimensionRef } from './billing-dimension.js';
import { BillingPlanRef } from './billing-price.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';

export const BillingCostRef = builder.objectRef<BillingCost>('BillingCost').implement({
  description:
    "What Dintero charged the account for one metric over one period (Dintero `GET /billing/costs`): how many units were counted, what they cost by the plan's prices, broken down by dimensions. Amounts are exact decimals in major units, finer than a minor unit.",
  fields: (t) => ({
    costId: t.exposeString('id', { description: "Dintero's id of the cost (Dintero `id`)." }),
    startAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of the period the cost covers (Dintero `start_at`).',
      resolve: (c) => dinteroInstant(c.startAt),
    }),
    endAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of the period the cost covers (Dintero `end_at`).',
      resolve: (c) => dinteroInstant(c.endAt),
    }),
    totalCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'How many units were counted, e.g. captures (Dintero `total_count`).',
      resolve: (c) => c.totalCount,
    }),
    totalAmount: t.field({
      type: 'Decimal',
      nullable: true,
      description:
        'What the period cost, excluding VAT, in major units of `currency`, exact, e.g. `"0.1"` (Dintero `total_amount`). Not rounded to a minor unit: sum these, then round once.',
      resolve: (c) => c.totalAmount,
    }),
    totalMetricValue: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'The total of the metric the plan prices (Dintero `total_metric_value`), e.g. a counted volume; exact.',
      resolve: (c) => c.totalMetricValue,
    }),
    currency: t.exposeString('currency', {
      nullable: true,
      description: 'ISO 4217 currency of `totalAmount`, e.g. `NOK` (Dintero `currency`).',
    }),
    namespace: t.exposeString('namespace', { nullable: true, description: 'The product area, e.g. `checkout` (Dintero `namespace`).' }),
    metricName: t.exposeString('metricName', { nullable: true, description: 'What is counted, e.g. `capture` (Dintero `metric_name`).' }),
    type: t.exposeString('type', {
      nullable: true,
      description: 'Namespace and metric together, e.g. `checkout/capture` (Dintero `type`); the value the `type` filter takes.',
    }),
    dimensions: t.field({
      type: [BillingDimensionRef],
      description: 'What the cost is broken down by (Dintero `dimensions`).',
      resolve: (c) => c.dimensions,
    }),
    plan: t.field({
      type: BillingPlanRef,
      nullable: true,
      description: 'The price plan the cost was charged by (Dintero `plan`).',
      resolve: (c) => c.plan,
    }),
  }),
});

builder.objectField(BillingAccountRef, 'costs', (t) =>
  t.connection(
    {
      type: BillingCostRef,
      nullable: true,
      description:
        "What Dintero charged the account in one month, in Dintero's order, every upstream page followed (`limit` + `starting_after`). Null with an error if Dintero fails.",
      args: {
        year: t.arg.int({ required: true, description: 'The year, e.g. 2026.' }),
        month: t.arg.int({ required: true, description: 'The month, 1-12.' }),
        type: t.arg.string({ description: 'Only this cost type, e.g. `checkout/capture`.' }),
        date: t.arg({ type: 'Date', description: 'Only this day; requires `type` (a Dintero rule).' }),
      },
      complexity: (args) => connectionComplexity(args, 2),
      resolve: (account, args, ctx) => {
        if (args.year < 2000 || args.year > 2100) throw badInput('`year` must be between 2000 and 2100.', { argument: 'year' });
        if (args.month < 1 || args.month > 12) throw badInput('`month` must be between 1 and 12.', { argument: 'month' });
        if (args.date != null && args.type == null)
          throw badInput('`date` can only be used together with `type` (Dintero refuses it alone).', { argument: 'date' });
        const client = dinteroAccount(ctx, account.accountId);
        const filter = { year: args.year, month: args.month, type: args.type, date: args.date };
        return resolveConnection<BillingCost>(ctx, { field: 'BillingAccount.costs', parent: account.accountId, content: filter }, args, {
          segments: 1,
          fetchPage: (_s, token) => client.costs.page(dinteroCall(ctx), filter, token),
        });
      },
    },
    { name: 'BillingCostConnection', description: 'A page of costs.' },
    { description: 'A cost and its cursor.' },
  ),
);
