import type { BillingSubscription } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall } from './billing-account.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { KeyValueRef } from './key-value.js';
import { SubscriptionPriceRef } from './subscription-price.js';

export const BillingSubscriptionRef = builder.objectRef<BillingSubscription>('BillingSubscription').implement({
  description: 'A Dintero product the account subscribes to, with its prices. Item shape inferred: the Billing API does not publish it.',
  fields: (t) => ({
    subscriptionId: t.exposeString('id', { description: 'Dintero\'s id of the subscription.' }),
    namespace: t.exposeString('namespace', { nullable: true, description: 'The product area, e.g. `checkout`, `payouts`.' }),
    name: t.exposeString('name', { nullable: true, description: 'The product\'s name.' }),
    status: t.exposeString('status', { nullable: true, description: 'Dintero\'s status, e.g. `active`, `cancelled`.' }),
    currency: t.exposeString('currency', { nullable: true, description: 'ISO 4217 currency the subscription is billed in.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When the subscription started.', resolve: (s) => s.createdAt }),
    cancelledAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was cancelled; null while active.', resolve: (s) => s.cancelledAt }),
    prices: t.field({ type: [SubscriptionPriceRef], description: 'The prices charged.', resolve: (s) => s.prices }),
    dimensions: t.field({ type: [KeyValueRef], description: 'Dintero\'s dimensions of the subscription (what it is billed against).', resolve: (s) => s.dimensions }),
  }),
});

builder.objectField(BillingAccountRef, 'subscriptions', (t) =>
  t.connection(
    {
      type: BillingSubscriptionRef,
      nullable: true,
      description: 'The account\'s Dintero subscriptions, oldest first. Null with an error if Dintero fails.',
      args: {
        namespace: t.arg.string({ description: 'Only this product area, e.g. `checkout`.' }),
        currency: t.arg.string({ description: 'Only subscriptions billed in this ISO 4217 currency, e.g. `NOK`.' }),
      },
      complexity: (args) => connectionComplexity(args, 2),
      resolve: (account, args, ctx) => {
        const client = dinteroAccount(ctx, account.accountId);
        const filter = { namespace: args.namespace, currency: args.currency };
        return resolveConnection<BillingSubscription>(
          ctx,
          { field: 'BillingAccount.subscriptions', parent: account.accountId, content: filter },
          args,
          { segments: 1, fetchPage: (_s, token) => client.subscriptionsPage(dinteroCall(ctx), filter, token) },
        );
      },
    },
    { name: 'BillingSubscriptionConnection', description: 'A page of subscriptions.' },
    { description: 'A subscription and its cursor.' },
  ),
);
