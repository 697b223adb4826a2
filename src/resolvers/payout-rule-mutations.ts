import type { Context } from '../context.js';
import { badInput, TallyError } from '../errors.js';
import type { DinteroAccount } from '../sources/dintero/index.js';
import type { PayoutRule } from '../sources/dintero/model.js';
import { validatePayoutRuleInput } from '../sources/dintero/payout-tree.js';
import { dinteroAccount, dinteroCall } from './billing-account.js';
import { builder } from './builder.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { KeyValueInput } from './key-value.js';
import { PayoutDestinationInput } from './payout-destination.js';
import { PayoutRuleRef } from './payout-rule.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The account and upstream id behind a PayoutRule global id; refuses other ids before any upstream call. */
function ruleTarget(ctx: Context, id: string | number): { account: DinteroAccount; ruleId: string } {
  const inner = decodeGlobalId(String(id), 'PayoutRule').id;
  const colon = inner.indexOf(':');
  if (colon < 0) throw badInput('Malformed PayoutRule id: use an `id` returned by this API.', { argument: 'input.id' });
  return { account: dinteroAccount(ctx, inner.slice(0, colon), 'input.id'), ruleId: inner.slice(colon + 1) };
}

const CreatePayoutRuleInput = builder.inputType('CreatePayoutRuleInput', {
  description: 'A new payout rule. Everything is validated before Dintero is called; a rejected input names the offending path, e.g. `input.destinations[1].value`.',
  fields: (t) => ({
    accountId: t.string({ required: true, description: 'The Dintero account to create the rule in (`T...` or `P...`).' }),
    ruleType: t.string({ required: true, description: 'What the rule matches on, as a path into the payment, e.g. `order.items.store.id`.' }),
    ruleId: t.string({ required: true, description: 'The value at `ruleType` the rule applies to, e.g. a store id.' }),
    destinations: t.field({ type: [PayoutDestinationInput], required: true, description: 'The split tree (at least one destination).' }),
    metadata: t.field({ type: [KeyValueInput], description: 'Up to 10 free-form properties to store with the rule.' }),
    idempotencyKey: t.string({
      description:
        'Any unique text (a UUID) that makes the create safe to repeat: sending the same key again returns the rule created the first time instead of a second rule. Tally never repeats a create on its own, so repeat it yourself, with the same key, when an answer was lost.',
    }),
  }),
});

const UpdatePayoutRuleInput = builder.inputType('UpdatePayoutRuleInput', {
  description: 'A new version of a payout rule: the tree is replaced whole. Omitted `ruleType`, `ruleId` and `metadata` keep their current values.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The rule\'s global `id`.' }),
    ruleType: t.string({ description: 'A new match path; the current one when omitted.' }),
    ruleId: t.string({ description: 'A new match value; the current one when omitted.' }),
    destinations: t.field({ type: [PayoutDestinationInput], required: true, description: 'The new split tree.' }),
    metadata: t.field({ type: [KeyValueInput], description: 'The new properties (replacing all current ones); the current ones when omitted.' }),
    expectedVersion: t.int({
      description: 'Refuse the update (BAD_USER_INPUT) unless the rule is still at this version: protects against overwriting someone else\'s change made since you read it.',
    }),
  }),
});

const DeletePayoutRuleInput = builder.inputType('DeletePayoutRuleInput', {
  description: 'The payout rule to delete.',
  fields: (t) => ({ id: t.id({ required: true, description: 'The rule\'s global `id`.' }) }),
});

interface CreatePayload {
  payoutRule: PayoutRule;
  replayed: boolean;
}

const CreatePayoutRulePayload = builder.objectRef<CreatePayload>('CreatePayoutRulePayload').implement({
  description: 'The result of `createPayoutRule`.',
  fields: (t) => ({
    payoutRule: t.field({ type: PayoutRuleRef, description: 'The rule as Dintero stored it (version 1).', resolve: (p) => p.payoutRule }),
    replayed: t.boolean({
      description: 'True when the `idempotencyKey` had been used before: nothing new was created and this is the rule from the first request.',
      resolve: (p) => p.replayed,
    }),
  }),
});

const UpdatePayoutRulePayload = builder.objectRef<{ payoutRule: PayoutRule }>('UpdatePayoutRulePayload').implement({
  description: 'The result of `updatePayoutRule`.',
  fields: (t) => ({ payoutRule: t.field({ type: PayoutRuleRef, description: 'The rule\'s new version.', resolve: (p) => p.payoutRule }) }),
});

const DeletePayoutRulePayload = builder.objectRef<{ payoutRule: PayoutRule }>('DeletePayoutRulePayload').implement({
  description: 'The result of `deletePayoutRule`.',
  fields: (t) => ({
    payoutRule: t.field({ type: PayoutRuleRef, description: 'The rule as deleted (`deletedAt` set); still readable with `includeDeleted`.', resolve: (p) => p.payoutRule }),
    deletedPayoutRuleId: t.id({
      description: 'The deleted rule\'s global id, for removing it from client caches.',
      resolve: (p) => encodeGlobalId('PayoutRule', `${p.payoutRule.accountId}:${p.payoutRule.id}`),
    }),
  }),
});

builder.mutationField('createPayoutRule', (t) =>
  t.field({
    type: CreatePayoutRulePayload,
    description:
      'Creates a payout rule in a Dintero account. Invalid input is refused with BAD_USER_INPUT naming the path (e.g. `input.destinations[0].value`) before Dintero is called. Not retried by Tally; pass an `idempotencyKey` to make repeating it safe.',
    args: { input: t.arg({ type: CreatePayoutRuleInput, required: true, description: 'The new rule.' }) },
    resolve: async (_root, { input }, ctx) => {
      const account = dinteroAccount(ctx, input.accountId, 'input.accountId');
      const rule = validatePayoutRuleInput(input, 'input');
      const key = input.idempotencyKey ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
        throw badInput('input.idempotencyKey: 1-255 printable ASCII characters without spaces, e.g. a UUID', { argument: 'input', path: 'input.idempotencyKey' });
      }
      const created = await account.payoutRules.create(dinteroCall(ctx), rule, key);
      return { payoutRule: created.rule, replayed: created.replayed };
    },
  }),
);

builder.mutationField('updatePayoutRule', (t) =>
  t.field({
    type: UpdatePayoutRulePayload,
    description: 'Writes a new version of a payout rule (its `ruleVersion` goes up by one). Validated like `createPayoutRule` before Dintero is called; never retried by Tally.',
    args: { input: t.arg({ type: UpdatePayoutRuleInput, required: true, description: 'The rule and its new content.' }) },
    resolve: async (_root, { input }, ctx) => {
      const { account, ruleId } = ruleTarget(ctx, input.id);
      // Validate what was given first, so a bad tree costs no upstream call even when the current rule must be read.
      const placeholder = '-';
      validatePayoutRuleInput({ ...input, ruleType: input.ruleType ?? placeholder, ruleId: input.ruleId ?? placeholder }, 'input');
      let ruleType = input.ruleType;
      let matchId = input.ruleId;
      let metadata = input.metadata;
      if (ruleType == null || matchId == null || metadata == null || input.expectedVersion != null) {
        const current = await account.payoutRules.byId(dinteroCall(ctx), ruleId);
        if (!current || current.deletedAt !== null) throw new TallyError('NOT_FOUND', 'No such payout rule, or it was deleted', { source: 'dintero' });
        if (input.expectedVersion != null && current.ruleVersion !== input.expectedVersion) {
          throw badInput(`input.expectedVersion: the rule is at version ${current.ruleVersion}, not ${input.expectedVersion}; someone changed it since you read it`, {
            argument: 'input',
            path: 'input.expectedVersion',
          });
        }
        ruleType ??= current.ruleType;
        matchId ??= current.ruleId;
        metadata ??= current.metadata;
      }
      const rule = validatePayoutRuleInput({ ruleType, ruleId: matchId, destinations: input.destinations, metadata }, 'input');
      return { payoutRule: await account.payoutRules.update(dinteroCall(ctx), ruleId, rule) };
    },
  }),
);

builder.mutationField('deletePayoutRule', (t) =>
  t.field({
    type: DeletePayoutRulePayload,
    description: 'Deletes a payout rule. Dintero keeps it (soft delete): it no longer applies, and `payoutRules(includeDeleted: true)` still lists it.',
    args: { input: t.arg({ type: DeletePayoutRuleInput, required: true, description: 'The rule to delete.' }) },
    resolve: async (_root, { input }, ctx) => {
      const { account, ruleId } = ruleTarget(ctx, input.id);
      return { payoutRule: await account.payoutRules.remove(dinteroCall(ctx), ruleId) };
    },
  }),
);
