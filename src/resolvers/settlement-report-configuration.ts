import type { ReportFilter, SettlementReportConfiguration } from '../sources/dintero/model.js';
import {
  accountScopedKey,
  BillingAccountRef,
  dinteroAccount,
  dinteroCall,
  dinteroInstant,
  parseAccountScopedKey,
} from './billing-account.js';
import { TallyError } from '../domain/errors.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { SettlementReportDestinationRef } from './settlement-report-destination.js';

/** Dintero's deprecated epoch-millisecond stamps as instants; `0` is the epoch, as sent. One that is no time fails its field. */
function epochInstant(ms: number | null, id: string, field: string): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  if (!Number.isSafeInteger(ms) || Number.isNaN(d.getTime())) {
    throw new TallyError(
      'UPSTREAM_BAD_RESPONSE',
      `dintero sent settlement report configuration ${JSON.stringify(id)} ${field} ${String(ms).slice(0, 40)}, which is not a time in epoch milliseconds`,
      { source: 'dintero' },
    );
  }
  return d.toISOString();
}

export const SettlementReportFilterRef = builder.objectRef<ReportFilter>('SettlementReportFilter').implement({
  description:
    'A criterion a settlement must meet for its report to be sent (Dintero `filters[]`), e.g. `payout_destination_id` = one seller. Kept as Dintero names it, whatever its kind.',
  fields: (t) => ({
    filter: t.exposeString('filter', {
      description: 'What is compared, as Dintero names it (Dintero `filter`), e.g. `payout_destination_id`.',
    }),
    value: t.exposeString('value', { description: 'The value it must have (Dintero `value`).' }),
  }),
});

export const SettlementReportConfigurationRef = builder.node(
  builder.objectRef<SettlementReportConfiguration>('SettlementReportConfiguration'),
  {
    description:
      'Which settlement reports Dintero e-mails for an account: the file formats, the recipients, and which providers and payout destinations they cover.',
    id: { resolve: (c) => accountScopedKey(c.accountId, c.id) },
    loadOne: async (key, ctx) => {
      const scoped = parseAccountScopedKey(ctx, key);
      return scoped ? scoped.account.reportConfigurations.byId(dinteroCall(ctx), scoped.id) : null;
    },
    isTypeOf: (v) => typeof v === 'object' && v !== null && 'fileTypes' in v && 'filters' in v,
    fields: (t) => ({
      configurationId: t.exposeString('id', { description: "Dintero's id of the configuration." }),
      accountId: t.exposeString('accountId', { description: 'The Dintero account.' }),
      fileTypes: t.exposeStringList('fileTypes', {
        description:
          'The report formats sent, as Dintero names them (Dintero `filetypes`): `pdf`, `xml`, `csv` today; any other name Dintero adds is passed on as it is.',
      }),
      destinations: t.field({
        type: [SettlementReportDestinationRef],
        description: 'Who receives the reports. Empty: the reports are only kept in Dintero Backoffice.',
        resolve: (c) => c.destinations,
      }),
      providers: t.exposeStringList('providers', {
        description: 'The payment providers whose settlements are reported. Empty: all providers.',
      }),
      filters: t.field({
        type: [SettlementReportFilterRef],
        description:
          "Every criterion a settlement must meet to be reported (Dintero `filters`), of every kind, in Dintero's order. Empty: all settlements.",
        resolve: (c) => c.filters,
      }),
      payoutDestinationIds: t.stringList({
        description:
          'The values of the `payout_destination_id` filters: only settlements to these payout destinations (sellers) are reported. Empty: no such filter (other kinds are in `filters`).',
        resolve: (c) => c.filters.filter((f) => f.filter === 'payout_destination_id').map((f) => f.value),
      }),
      sendEveryMilliseconds: t.field({
        type: 'SafeInt',
        nullable: true,
        description:
          'How often reports were to be sent, in milliseconds (Dintero `send_every`, e.g. 86400000 for daily). Deprecated by Dintero: it no longer controls when reports are made or sent. Null when not set.',
        resolve: (c) => c.sendEvery,
      }),
      lastSentAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          'When Dintero last sent a report for this configuration (Dintero `last_send_at`, epoch milliseconds, deprecated by Dintero); `1970-01-01T00:00:00.000Z` is the 0 Dintero sends for "never". Null when absent.',
        resolve: (c) => epochInstant(c.lastSendAtMs, c.id, 'last_send_at'),
      }),
      lastModifiedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          "When the configuration was last modified by Dintero's own clock (Dintero `last_modified_at`, epoch milliseconds, deprecated by Dintero). Null when absent.",
        resolve: (c) => epochInstant(c.lastModifiedAtMs, c.id, 'last_modified_at'),
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the configuration was created (Dintero `created_at`).',
        resolve: (c) => dinteroInstant(c.createdAt),
      }),
      updatedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the configuration was last changed (Dintero `updated_at`).',
        resolve: (c) => dinteroInstant(c.updatedAt),
      }),
    }),
  },
);

builder.objectField(BillingAccountRef, 'settlementReportConfigurations', (t) =>
  t.connection(
    {
      type: SettlementReportConfigurationRef,
      nullable: true,
      description: "The account's settlement report configurations, oldest first. Null with an error if Dintero fails.",
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
