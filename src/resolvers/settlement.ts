import { validateSettlementFilters } from '../sources/dintero/index.js';
import type { Settlement, SettlementFilters } from '../sources/dintero/model.js';
import {
  accountScopedKey,
  BillingAccountRef,
  dinteroAccount,
  dinteroCall,
  parseAccountScopedKey,
  dinteroInstant,
} from './billing-account.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { SettlementAmountsRef } from './settlement-amounts.js';
import { SettlementAttachmentRef } from './settlement-attachment.js';

export const SettlementPaymentStatusEnum = builder.enumType('SettlementPaymentStatus', {
  description: "Whether a settlement's money has been paid out to the bank account.",
  values: {
    PAID: { description: 'Paid out (`settledAt` is the payout date).' },
    POSTPONED: { description: 'Not paid out yet (`settledAt` is null), e.g. held back or waiting for the next payout run.' },
    OTHER: { description: 'A status Tally does not know yet; see `paymentStatusUpstream`.' },
  } as const,
});

export const SettlementRef = builder.node(builder.objectRef<Settlement>('Settlement'), {
  description:
    "A payout from a payment provider (payex, Vipps, Collector, Bambora, Swish...) to a Dintero account, with the period it covers, its totals per currency and the provider's report files (Dintero Billing API settlements).",
  id: { resolve: (s) => accountScopedKey(s.accountId, s.id) },
  loadOne: async (key, ctx) => {
    const scoped = parseAccountScopedKey(ctx, key);
    return scoped ? scoped.account.settlements.byId(dinteroCall(ctx), scoped.id) : null;
  },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'paymentStatus' in v && 'amounts' in v,
  fields: (t) => ({
    settlementId: t.exposeString('id', { description: "Dintero's settlement id." }),
    accountId: t.exposeString('accountId', { description: 'The Dintero account the settlement belongs to.' }),
    provider: t.exposeString('provider', {
      description: 'The payment provider that paid out, as Dintero names it (`payex`, `vipps`, `collector`, `bambora`, `swish`, ...).',
    }),
    providerReference: t.exposeString('providerReference', {
      nullable: true,
      description: "The provider's own reference for this payout: what appears on the bank statement or the provider's report.",
    }),
    paymentStatus: t.field({ type: SettlementPaymentStatusEnum, description: 'Paid out or postponed.', resolve: (s) => s.paymentStatus }),
    paymentStatusUpstream: t.exposeString('paymentStatusUpstream', {
      nullable: true,
      description: "Dintero's `payment_status`, verbatim.",
    }),
    periodStart: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of the period whose transactions this settlement covers (`start_at`).',
      resolve: (s) => dinteroInstant(s.startAt),
    }),
    periodEnd: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of the period whose transactions this settlement covers (`end_at`).',
      resolve: (s) => dinteroInstant(s.endAt),
    }),
    settledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the money was paid out (`settled_at`); null while postponed. The `settledFrom`/`settledTo` filters match this date.',
      resolve: (s) => dinteroInstant(s.settledAt),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When Dintero registered the settlement (`created_at`). The `createdFrom`/`createdTo` filters match this date.',
      resolve: (s) => dinteroInstant(s.createdAt),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Dintero last changed the settlement.',
      resolve: (s) => dinteroInstant(s.updatedAt),
    }),
    emailReceivedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "When Dintero received the provider's settlement e-mail or file.",
      resolve: (s) => dinteroInstant(s.emailReceivedAt),
    }),
    storeId: t.exposeString('storeId', {
      nullable: true,
      description: 'The store, when every transaction in the settlement belongs to the same one; null otherwise.',
    }),
    payoutDestinationId: t.exposeString('payoutDestinationId', {
      nullable: true,
      description: 'The payout destination (seller) paid, when every transaction shares it; null otherwise.',
    }),
    // One entry per currency: rarely more than two (complexity is priced on what is realistic, not the default of 10).
    amounts: t.field({
      type: [SettlementAmountsRef],
      complexity: { field: 1, multiplier: 2 },
      description: 'The totals, one entry per currency in the settlement.',
      resolve: (s) => s.amounts,
    }),
    attachments: t.field({
      type: [SettlementAttachmentRef],
      complexity: { field: 1, multiplier: 3 },
      description: 'The settlement report files, each with a signed `downloadUrl`.',
      resolve: (s) => s.attachments,
    }),
  }),
});

builder.objectField(BillingAccountRef, 'settlements', (t) =>
  t.connection(
    {
      type: SettlementRef,
      nullable: true,
      description:
        "The account's settlements, newest first: by payout date (postponed ones by creation date), or by creation date when a `createdFrom`/`createdTo` filter is used. Every filter of the Dintero API is available, named for the date it really filters on. Null with an error if Dintero fails.",
      args: {
        settledFrom: t.arg({
          type: 'Date',
          description:
            'Only settlements paid out on or after this date (upstream `created_at.gte`, which despite its name filters on the payout date). Postponed settlements never match.',
        }),
        settledTo: t.arg({ type: 'Date', description: 'Only settlements paid out on or before this date (upstream `created_at.lte`).' }),
        createdFrom: t.arg({
          type: 'Date',
          description:
            'Only settlements Dintero registered on or after this date (upstream `item_created_at.gte`). Cannot be combined with `settledFrom`.',
        }),
        createdTo: t.arg({
          type: 'Date',
          description:
            'Only settlements Dintero registered on or before this date (upstream `item_created_at.lte`). Cannot be combined with `settledTo`.',
        }),
        providers: t.arg.stringList({ description: 'Only these payment providers (`payex`, `vipps`, ...); any of them.' }),
        payoutDestinationId: t.arg.string({ description: 'Only settlements paid to this payout destination (seller).' }),
        search: t.arg.string({ description: 'Only settlements whose id contains this text.' }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: (account, args, ctx) => {
        const filters: SettlementFilters = {
          settledFrom: args.settledFrom,
          settledTo: args.settledTo,
          createdFrom: args.createdFrom,
          createdTo: args.createdTo,
          providers: args.providers ? [...new Set(args.providers)].sort() : null,
          payoutDestinationId: args.payoutDestinationId,
          search: args.search,
        };
        validateSettlementFilters(filters);
        const client = dinteroAccount(ctx, account.accountId);
        return resolveConnection<Settlement>(
          ctx,
          { field: 'BillingAccount.settlements', parent: account.accountId, content: { ...filters } },
          args,
          { segments: 1, fetchPage: (_s, token) => client.settlements.page(dinteroCall(ctx), filters, token) },
        );
      },
    },
    { name: 'SettlementConnection', description: 'A page of settlements.' },
    { description: 'A settlement and its cursor.' },
  ),
);
