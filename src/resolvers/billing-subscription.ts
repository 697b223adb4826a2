import type { BillingSubscription } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall, dinteroInstant } from './billing-account.js';
import { BillingDimensionRef } from './billing-dimension.js';
import { BillingPriceRef } from './billing-price.js';
import { builder } from './builder.js';
import { personal } from './personal.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { maxLength, CURRENCY_CODE_LENGTH } from './string-limits.js';

export const BillingSubscriptionRef = builder.objectRef<BillingSubscription>('BillingSubscription').implement({
  description: 'A metric Dintero charges the account for, with its prices (Dintero `GET /billing/subscriptions`).',
  fields: (t) => ({
    subscriptionId: t.exposeString('id', { description: "Dintero's id of the subscription (Dintero `id`)." }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the subscription was created (Dintero `created_at`).',
      resolve: (s) => dinteroInstant(s.createdAt),
    }),
    createdBy: t.exposeString('createdBy', { nullable: true, ...personal('Who created it (Dintero `created_by`).') }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last changed (Dintero `updated_at`).',
      resolve: (s) => dinteroInstant(s.updatedAt),
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: "Dintero's description, e.g. `checkout/capture` (Dintero `description`).",
    }),
    namespace: t.exposeString('namespace', { nullable: true, description: 'The product area, e.g. `checkout` (Dintero `namespace`).' }),
    metricName: t.exposeString('metricName', {
      nullable: true,
      description: 'What is counted and charged, e.g. `capture` (Dintero `metric_name`).',
    }),
    dimensions: t.field({
      type: [BillingDimensionRef],
      description: 'What the subscription applies to (Dintero `dimensions`).',
      resolve: (s) => s.dimensions,
    }),
    prices: t.field({ type: [BillingPriceRef], description: 'The prices charged (Dintero `prices`).', resolve: (s) => s.prices }),
  }),
});

builder.objectField(BillingAccountRef, 'subscriptions', (t) =>
  t.connection(
    {
      type: BillingSubscriptionRef,
      nullable: true,
      description:
        "The account's Dintero subscriptions, in Dintero's order, every upstream page followed (`limit` + `starting_after`). Null with an error if Dintero fails.",
      args: {
        namespace: t.arg.string({ description: 'Only this product area, e.g. `checkout`.' }),
        currency: t.arg.string({
          description: 'Only subscriptions with prices in this ISO 4217 currency, e.g. `NOK`.',
          ...maxLength(CURRENCY_CODE_LENGTH),
        }),
      },
      complexity: (args) => connectionComplexity(args, 2),
      resolve: (account, args, ctx) => {
        const client = dinteroAccount(ctx, account.accountId);
        const filter = { namespace: args.namespace, currency: args.currency };
        return resolveConnection<BillingSubscription>(
          ctx,
          { field: 'BillingAccount.subscriptions', parent: account.accountId, content: filter },
          args,
          { segments: 1, fetchPage: (_s, token) => client.subscriptions.page(dinteroCall(ctx), filter, token) },
        );
      },
    },
    { name: 'BillingSubscriptionConnection', description: 'A page of subscriptions.' },
    { description: 'A subscription and its cursor.' },
  ),
);
