import type { BillingReport } from '../sources/dintero/model.js';
import { BillingAccountRef, dinteroAccount, dinteroCall } from './billing-account.js';
import { BillingReportLineRef } from './billing-report-line.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { MoneyRef } from './money.js';

export const BillingReportRef = builder.objectRef<BillingReport>('BillingReport').implement({
  description: 'Dintero\'s monthly billing report for the account: the basis of its invoice from Dintero. Item shape inferred: the Billing API does not publish it.',
  fields: (t) => ({
    reportId: t.exposeString('id', { description: 'Dintero\'s id of the report.' }),
    periodStart: t.field({ type: 'Date', nullable: true, description: 'First day billed.', resolve: (r) => r.periodStart?.slice(0, 10) ?? null }),
    periodEnd: t.field({ type: 'Date', nullable: true, description: 'Last day billed.', resolve: (r) => r.periodEnd?.slice(0, 10) ?? null }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When Dintero produced the report.', resolve: (r) => r.createdAt }),
    invoiceNumber: t.exposeString('invoiceNumber', { nullable: true, description: 'The number of the invoice this report belongs to.' }),
    status: t.exposeString('status', { nullable: true, description: 'Dintero\'s status of the report, e.g. `final`.' }),
    amount: t.field({ type: MoneyRef, nullable: true, description: 'Total excluding VAT.', resolve: (r) => r.amount }),
    vatAmount: t.field({ type: MoneyRef, nullable: true, description: 'VAT on the total.', resolve: (r) => r.vatAmount }),
    totalAmount: t.field({ type: MoneyRef, nullable: true, description: 'Total including VAT: what the invoice asks for.', resolve: (r) => r.totalAmount }),
    lines: t.field({ type: [BillingReportLineRef], description: 'The month\'s totals per service.', resolve: (r) => r.lines }),
  }),
});

builder.objectField(BillingAccountRef, 'billingReports', (t) =>
  t.connection(
    {
      type: BillingReportRef,
      nullable: true,
      description: 'The account\'s monthly billing reports from Dintero, newest first. Null with an error if Dintero fails.',
      complexity: (args) => connectionComplexity(args, 2),
      resolve: (account, args, ctx) => {
        const client = dinteroAccount(ctx, account.accountId);
        return resolveConnection<BillingReport>(
          ctx,
          { field: 'BillingAccount.billingReports', parent: account.accountId, content: {} },
          args,
          { segments: 1, fetchPage: (_s, token) => client.billingReportsPage(dinteroCall(ctx), token) },
        );
      },
    },
    { name: 'BillingReportConnection', description: 'A page of billing reports.' },
    { description: 'A billing report and its cursor.' },
  ),
);
