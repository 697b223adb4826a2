import { badInput } from '../errors.js';
import type { BillingCost } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall } from './billing-account.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { MoneyRef } from './money.js';

export const BillingCostRef = builder.objectRef<BillingCost>('BillingCost').implement({
  description: 'What Dintero charges the account for one kind of service on one day (costs are aggregated per closed day). Item shape inferred: the Billing API does not publish it.',
  fields: (t) => ({
    date: t.field({ type: 'Date', nullable: true, description: 'The day the cost was incurred.', resolve: (c) => c.date }),
    type: t.exposeString('type', { description: 'The service charged for, e.g. `checkout/capture`, `payout/transfer`.' }),
    description: t.exposeString('description', { nullable: true, description: 'Dintero\'s description of the service.' }),
    quantity: t.float({ nullable: true, description: 'How many units were charged (transactions, transfers, months).', resolve: (c) => c.quantity }),
    unitPrice: t.field({ type: MoneyRef, nullable: true, description: 'The price per unit, excluding VAT.', resolve: (c) => c.unitPrice }),
    amount: t.field({ type: MoneyRef, nullable: true, description: 'The cost excluding VAT: quantity x unit price.', resolve: (c) => c.amount }),
  }),
});

builder.objectField(BillingAccountRef, 'costs', (t) =>
  t.connection(
    {
      type: BillingCostRef,
      nullable: true,
      description: 'What Dintero charged the account in one month, by day and service, oldest first. Null with an error if Dintero fails.',
      args: {
        year: t.arg.int({ required: true, description: 'The year, e.g. 2026.' }),
        month: t.arg.int({ required: true, description: 'The month, 1-12.' }),
        type: t.arg.string({ description: 'Only this service, e.g. `checkout/capture`.' }),
        date: t.arg({ type: 'Date', description: 'Only this day; requires `type` (a Dintero rule).' }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: (account, args, ctx) => {
        if (args.year < 2000 || args.year > 2100) throw badInput('`year` must be between 2000 and 2100.', { argument: 'year' });
        if (args.month < 1 || args.month > 12) throw badInput('`month` must be between 1 and 12.', { argument: 'month' });
        if (args.date != null && args.type == null) throw badInput('`date` can only be used together with `type` (Dintero refuses it alone).', { argument: 'date' });
        const client = dinteroAccount(ctx, account.accountId);
        const filter = { year: args.year, month: args.month, type: args.type, date: args.date };
        return resolveConnection<BillingCost>(
          ctx,
          { field: 'BillingAccount.costs', parent: account.accountId, content: filter },
          args,
          { segments: 1, fetchPage: (_s, token) => client.costsPage(dinteroCall(ctx), filter, token) },
        );
      },
    },
    { name: 'BillingCostConnection', description: 'A page of costs.' },
    { description: 'A cost and its cursor.' },
  ),
);
