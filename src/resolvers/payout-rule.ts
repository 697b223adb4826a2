import type { Context } from '../context.js';
import { badInput, TallyError } from '../domain/errors.js';
import type { UpstreamPage } from '../paging/page.js';
import type { PayoutRule, Settlement } from '../sources/dintero/model.js';
import { isDeleted } from '../sources/dintero/payout-rules.js';
import {
  accountScopedKey,
  BillingAccountRef,
  dinteroAccount,
  dinteroCall,
  parseAccountScopedKey,
  dinteroInstant,
} from './billing-account.js';
import { builder } from './builder.js';
import { personal } from './personal.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { KeyValueRef } from './key-value.js';
import { PayoutDestinationRef } from './payout-destination.js';

export const PayoutRuleRef = builder.node(builder.objectRef<PayoutRule>('PayoutRule'), {
  description:
    "A Dintero payout rule: how the money of payments matching (`ruleType`, `ruleId`) is split between payout destinations (a platform's commission, sellers...). Rules are versioned on every update and soft-deleted, so history stays readable.",
  id: { resolve: (r) => accountScopedKey(r.accountId, r.id) },
  loadOne: async (key, ctx) => {
    const scoped = parseAccountScopedKey(ctx, key);
    return scoped ? scoped.account.payoutRules.byId(dinteroCall(ctx), scoped.id) : null;
  },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'ruleType' in v && 'destinations' in v,
  fields: (t) => ({
    payoutRuleId: t.exposeString('id', { description: "Dintero's id of the rule; stays the same across versions." }),
    accountId: t.exposeString('accountId', { description: 'The Dintero account the rule belongs to.' }),
    ruleType: t.exposeString('ruleType', {
      description: 'What the rule matches on, as a path into the payment, e.g. `order.items.store.id`.',
    }),
    ruleId: t.exposeString('ruleId', { description: 'The value at `ruleType` that the rule applies to, e.g. a store id.' }),
    ruleVersion: t.int({
      nullable: true,
      description:
        "The rule's version (Dintero `rule_version`): 1 when created, one higher after every update. Pass it as `expectedVersion` to `updatePayoutRule`.",
      resolve: (r) => r.ruleVersion,
    }),
    destinations: t.field({
      type: [PayoutDestinationRef],
      complexity: { field: 1, multiplier: 3 },
      description: 'The split tree, top level first.',
      resolve: (r) => r.destinations,
    }),
    // Nullable since the gdpr scope: free text may name or describe people.
    metadata: t.field({
      type: [KeyValueRef],
      nullable: true,
      ...personal('Free-form properties stored with the rule (an empty list when it has none).'),
      resolve: (r) => r.metadata,
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the rule was created.',
      resolve: (r) => dinteroInstant(r.createdAt),
    }),
    createdBy: t.exposeString('createdBy', { nullable: true, ...personal('The API client or user that created the rule.') }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current version was written.',
      resolve: (r) => dinteroInstant(r.updatedAt),
    }),
    deletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the rule was deleted; null while it is active.',
      resolve: (r) => dinteroInstant(r.deletedAt),
    }),
    deletedBy: t.exposeString('deletedBy', { nullable: true, ...personal('Who deleted the rule; null while it is active.') }),
    currency: t.string({
      nullable: true,
      description:
        "The currency the rule's flat amounts are in minor units of, DERIVED: Dintero's payout rule has no currency field (the Billing API's rule carries none), and a flat amount is counted in the currency of the payment the rule splits. Tally answers the one currency every settlement of the account is in (all settlement pages read, once per request for all rules of the account); null when the account has no settlements yet, or settles in several currencies (then the rule's flat amounts are in the currency of each payment). Costs the account's settlement pages (cached), not a call per rule.",
      resolve: (r, _args, ctx) => settlementCurrency(ctx, r.accountId),
    }),
    isDeleted: t.boolean({
      description: 'True once the rule is deleted (it no longer applies, but stays readable with `includeDeleted`).',
      resolve: (r) => isDeleted(r),
    }),
  }),
});

builder.objectField(BillingAccountRef, 'payoutRules', (t) =>
  t.connection(
    {
      type: PayoutRuleRef,
      nullable: true,
      description:
        "The account's payout rules, oldest first, every upstream page followed (`limit` + the envelope's `starting_after`), so an account with hundreds of rules lists them all. Deleted rules are left out unless `includeDeleted` is true. Null with an error if Dintero fails.",
      args: {
        ruleType: t.arg.string({ description: 'Only rules matching on this path, e.g. `order.items.store.id`.' }),
        ruleId: t.arg.string({ description: 'Only rules for this value, e.g. one store id; requires `ruleType` (a Dintero rule).' }),
        includeDeleted: t.arg.boolean({ defaultValue: false, description: 'Also list deleted rules (soft-deleted upstream).' }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: (account, args, ctx) => {
        if (args.ruleId != null && args.ruleType == null)
          throw badInput('`ruleId` can only be used together with `ruleType` (Dintero refuses it alone).', { argument: 'ruleId' });
        const client = dinteroAccount(ctx, account.accountId);
        const filter = { ruleType: args.ruleType, ruleId: args.ruleId, includeDeleted: args.includeDeleted ?? false };
        return resolveConnection<PayoutRule>(
          ctx,
          { field: 'BillingAccount.payoutRules', parent: account.accountId, content: filter },
          args,
          { segments: 1, fetchPage: (_s, token) => client.payoutRules.page(dinteroCall(ctx), filter, token) },
        );
      },
    },
    { name: 'PayoutRuleConnection', description: 'A page of payout rules.' },
    { description: 'A payout rule and its cursor.' },
  ),
);

/** The most settlement pages read to learn an account's currency: beyond it the answer is an error, not a guess. */
const MAX_SETTLEMENT_PAGES = 20;
const currencies = new WeakMap<Context, Map<string, Promise<string[]>>>();

/** The one currency all of an account's settlements are in, or null (none yet, or several); per request. */
async function settlementCurrency(ctx: Context, accountId: string): Promise<string | null> {
  const all = await settlementCurrencies(ctx, accountId);
  return all.length === 1 ? (all[0] ?? null) : null;
}

/** Every currency of an account's settlements, sorted, all pages read (once per request and account). */
function settlementCurrencies(ctx: Context, accountId: string): Promise<string[]> {
  let byAccount = currencies.get(ctx);
  if (!byAccount) currencies.set(ctx, (byAccount = new Map()));
  let found = byAccount.get(accountId);
  if (!found) {
    found = (async () => {
      const client = dinteroAccount(ctx, accountId);
      const seen = new Set<string>();
      let token: string | null = null;
      for (let pages = 0; pages < MAX_SETTLEMENT_PAGES; pages++) {
        const page: UpstreamPage<Settlement> = await client.settlements.page(dinteroCall(ctx), {}, token);
        for (const s of page.items) for (const a of s.amounts) seen.add(a.currency);
        if (page.next === null || !page.hasMore) return [...seen].sort();
        token = page.next;
      }
      throw new TallyError(
        'UPSTREAM_BAD_RESPONSE',
        `The account's settlements run past ${MAX_SETTLEMENT_PAGES} pages; its currency was not derived rather than guessed from a part of them.`,
        { source: 'dintero' },
      );
    })();
    byAccount.set(accountId, found);
  }
  return found;
}

builder.objectField(BillingAccountRef, 'settlementCurrencies', (t) =>
  t.field({
    type: ['String'],
    nullable: true,
    description:
      "The currencies the account's settlements are in (ISO 4217, sorted), every settlement page read (cached). One currency is what `PayoutRule.currency` answers for the account's rules; several mean a rule's flat amounts are in each payment's currency. Empty before the first settlement. Null with an error if Dintero fails or the settlements run past 20 pages.",
    resolve: (account, _args, ctx) => settlementCurrencies(ctx, account.accountId),
  }),
);
