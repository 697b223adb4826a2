import type { BillingReport } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall, dinteroInstant } from './billing-account.js';
import { builder } from './builder.js';
import { personal } from './personal.js';
import { connectionComplexity, resolveConnection } from './connection.js';

export const BillingReportRef = builder.objectRef<BillingReport>('BillingReport').implement({
  description: "A Dintero billing report of the account for one period (Dintero `GET /billing/reports`): the basis of Dintero's invoice.",
  fields: (t) => ({
    reportId: t.exposeString('id', { description: "Dintero's id of the report (Dintero `id`)." }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Dintero produced the report (Dintero `created_at`).',
      resolve: (r) => dinteroInstant(r.createdAt),
    }),
    createdBy: t.exposeString('createdBy', { nullable: true, ...personal('Who produced the report (Dintero `created_by`).') }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the report last changed (Dintero `updated_at`).',
      resolve: (r) => dinteroInstant(r.updatedAt),
    }),
    startAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of the billed period (Dintero `start_at`).',
      resolve: (r) => dinteroInstant(r.startAt),
    }),
    endAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of the billed period (Dintero `end_at`).',
      resolve: (r) => dinteroInstant(r.endAt),
    }),
  }),
});

builder.objectField(BillingAccountRef, 'billingReports', (t) =>
  t.connection(
    {
      type: BillingReportRef,
      nullable: true,
      description:
        "The account's billing reports, in Dintero's order, every upstream page followed (`limit` + the envelope's `starting_after`). Null with an error if Dintero fails.",
      complexity: (args) => connectionComplexity(args),
      resolve: (account, args, ctx) => {
        const client = dinteroAccount(ctx, account.accountId);
        return resolveConnection<BillingReport>(
          ctx,
          { field: 'BillingAccount.billingReports', parent: account.accountId, content: {} },
          args,
          { segments: 1, fetchPage: (_s, token) => client.billingReports.page(dinteroCall(ctx), token) },
        );
      },
    },
    { name: 'BillingReportConnection', description: 'A page of billing reports.' },
    { description: 'A billing report and its cursor.' },
  ),
);
