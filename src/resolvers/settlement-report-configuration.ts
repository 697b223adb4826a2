import type { SettlementReportConfiguration } from '../sources/dintero/model.js';
import { accountScopedKey, BillingAccountRef, dinteroAccount, dinteroCall, parseAccountScopedKey } from './billing-account.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { SettlementReportDestinationRef } from './settlement-report-destination.js';

export const SettlementReportConfigurationRef = builder.node(builder.objectRef<SettlementReportConfiguration>('SettlementReportConfiguration'), {
  description: 'Which settlement reports Dintero e-mails for an account: the file formats, the recipients, and which providers and payout destinations they cover.',
  id: { resolve: (c) => accountScopedKey(c.accountId, c.id) },
  loadOne: async (key, ctx) => {
    const scoped = parseAccountScopedKey(ctx, key);
    return scoped ? scoped.account.reportConfigurations.byId(dinteroCall(ctx), scoped.id) : null;
  },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'fileTypes' in v && 'payoutDestinationIds' in v,
  fields: (t) => ({
    configurationId: t.exposeString('id', { description: 'Dintero\'s id of the configuration.' }),
    accountId: t.exposeString('accountId', { description: 'The Dintero account.' }),
    fileTypes: t.exposeStringList('fileTypes', { description: 'The report formats sent: `pdf`, `xml`, `csv`, `json`.' }),
    destinations: t.field({
      type: [SettlementReportDestinationRef],
      description: 'Who receives the reports. Empty: the reports are only kept in Dintero Backoffice.',
      resolve: (c) => c.destinations,
    }),
    providers: t.exposeStringList('providers', { description: 'The payment providers whose settlements are reported. Empty: all providers.' }),
    payoutDestinationIds: t.exposeStringList('payoutDestinationIds', {
      description: 'Only settlements to these payout destinations (sellers) are reported (Dintero `filters` on `payout_destination_id`). Empty: all.',
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When the configuration was created.', resolve: (c) => c.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the configuration was last changed.', resolve: (c) => c.updatedAt }),
  }),
});

builder.objectField(BillingAccountRef, 'settlementReportConfigurations', (t) =>
  t.connection(
    {
      type: SettlementReportConfigurationRef,
      nullable: true,
      description: 'The account\'s settlement report configurations, oldest first. Null with an error if Dintero fails.',
      complexity: (args) => connectionComplexity(args),
      resolve: (account, args, ctx) => {
        const client = dinteroAccount(ctx, account.accountId);
        return resolveConnection<SettlementReportConfiguration>(
          ctx,
          { field: 'BillingAccount.settlementReportConfigurations', parent: account.accountId, content: {} },
          args,
          { segments: 1, fetchPage: (_s, token) => client.reportConfigurations.page(dinteroCall(ctx), token) },
        );
      },
    },
    { name: 'SettlementReportConfigurationConnection', description: 'A page of settlement report configurations.' },
    { description: 'A settlement report configuration and its cursor.' },
  ),
);
