import type { Context } from '../context.js';
import { badInput } from '../domain/errors.js';
import type { DinteroAccount } from '../sources/dintero/index.js';
import type { PayoutRule } from '../sources/dintero/model.js';
import { validatePayoutRuleInput } from '../sources/dintero/payout-tree.js';
import { callerId, dinteroAccount, dinteroCall } from './billing-account.js';
import { builder } from './builder.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { KeyValueInput } from './key-value.js';
import { PayoutDestinationInput } from './payout-destination.js';
import { PayoutRuleRef } from './payout-rule.js';
import { asWriteProblem, InvalidInput, PayoutRuleVersionConflict, WriteOutcomeUnknown } from './write-problems.js';
import { maxLength, DINTERO_ACCOUNT_ID_LENGTH } from './string-limits.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The account and upstream id behind a PayoutRule global id; refuses other ids before any upstream call. */
function ruleTarget(ctx: Context, id: string | number): { account: DinteroAccount; ruleId: string } {
  const inner = decodeGlobalId(String(id), 'PayoutRule').id;
  const colon = inner.indexOf(':');
  if (colon < 0) throw badInput('Malformed PayoutRule id: use an `id` returned by this API.', { argument: 'input.id' });
  return { account: dinteroAccount(ctx, inner.slice(0, colon), 'input.id'), ruleId: inner.slice(colon + 1) };
}

const CreatePayoutRuleInput = builder.inputType('CreatePayoutRuleInput', {
  description:
    'A new payout rule. Everything is validated before Dintero is called; a rejected input names the offending path, e.g. `input.destinations[1].value`.',
  fields: (t) => ({
    accountId: t.string({
      required: true,
      description: 'The Dintero account to create the rule in (`T...` or `P...`).',
      ...maxLength(DINTERO_ACCOUNT_ID_LENGTH),
    }),
    ruleType: t.string({
      required: true,
      description: 'What the rule matches on, as a path into the payment, e.g. `order.items.store.id`.',
    }),
    ruleId: t.string({ required: true, description: 'The value at `ruleType` the rule applies to, e.g. a store id.' }),
    destinations: t.field({ type: [PayoutDestinationInput], required: true, description: 'The split tree (at least one destination).' }),
    metadata: t.field({ type: [KeyValueInput], description: 'Up to 10 free-form properties to store with the rule.' }),
    idempotencyKey: t.string({
      description:
        'Any unique text (a UUID; 1-255 printable ASCII characters) that makes the create safe to repeat: sending the same key again returns the rule created the first time instead of a second rule, for 24 hours. Omitted, Tally generates one and returns it in the payload. The key belongs to you: another client using the same text creates its own rule. Tally never repeats a create on its own; when an answer was lost (`UPSTREAM_OUTCOME_UNKNOWN`), repeat it yourself with the same key. The same key with other content is refused.',
    }),
  }),
});

const UpdatePayoutRuleInput = builder.inputType('UpdatePayoutRuleInput', {
  description:
    'A new version of a payout rule: the tree is replaced whole. Omitted `ruleType`, `ruleId` and `metadata` keep their current values.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The rule's global `id`." }),
    ruleType: t.string({ description: 'A new match path; the current one when omitted.' }),
    ruleId: t.string({ description: 'A new match value; the current one when omitted.' }),
    destinations: t.field({ type: [PayoutDestinationInput], required: true, description: 'The new split tree.' }),
    metadata: t.field({
      type: [KeyValueInput],
      description: 'The new properties (replacing all current ones); the current ones when omitted.',
    }),
    expectedVersion: t.int({
      description:
        'Refuse the update unless the rule is still at this `ruleVersion`: `payoutRuleUpdate` answers `PayoutRuleVersionConflict` carrying the current rule (`updatePayoutRule`: a `CONFLICT` error naming the current version in `extensions.currentVersion`). Tally serialises its own writers per rule and checks this against a fresh read immediately before writing, so of two Tally clients sending the same expectedVersion exactly one succeeds. Dintero itself has no conditional update: a writer outside Tally (Dintero Backoffice, another integration) that writes between that read and the write is not stopped; `UpdatePayoutRulePayload.interleavedWrite` then says so.',
    }),
  }),
});

const DeletePayoutRuleInput = builder.inputType('DeletePayoutRuleInput', {
  description: 'The payout rule to delete.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The rule's global `id`." }),
    expectedVersion: t.int({
      description: 'Refuse the delete with `CONFLICT` unless the rule is still at this `ruleVersion` (checked as for `updatePayoutRule`).',
    }),
  }),
});

interface CreatePayload {
  payoutRule: PayoutRule;
  replayed: boolean;
  idempotencyKey: string;
}

interface UpdatePayload {
  payoutRule: PayoutRule;
  previousVersion: number | null;
}

const CreatePayoutRulePayload = builder.objectRef<CreatePayload>('CreatePayoutRulePayload').implement({
  description: 'The result of `createPayoutRule`.',
  fields: (t) => ({
    payoutRule: t.field({ type: PayoutRuleRef, description: 'The rule as Dintero stored it (version 1).', resolve: (p) => p.payoutRule }),
    replayed: t.boolean({
      description:
        'True when the `idempotencyKey` had been used before: nothing new was created and this is the rule from the first request.',
      resolve: (p) => p.replayed,
    }),
    idempotencyKey: t.string({
      description:
        'The key this create ran under: yours, or the one Tally generated. Repeating the create with it never makes a second rule.',
      resolve: (p) => p.idempotencyKey,
    }),
  }),
});

const UpdatePayoutRulePayload = builder.objectRef<UpdatePayload>('UpdatePayoutRulePayload').implement({
  description: 'The result of `updatePayoutRule`.',
  fields: (t) => ({
    payoutRule: t.field({ type: PayoutRuleRef, description: "The rule's new version.", resolve: (p) => p.payoutRule }),
    previousVersion: t.int({
      nullable: true,
      description: 'The `ruleVersion` this update replaced, as read right before writing.',
      resolve: (p) => p.previousVersion,
    }),
    interleavedWrite: t.boolean({
      description:
        "True when the new `ruleVersion` is not `previousVersion + 1`: a writer outside Tally also wrote the rule between Tally's check and its write (Dintero has no conditional update). Read the rule and check that it is what you want.",
      resolve: (p) => p.previousVersion !== null && p.payoutRule.ruleVersion !== null && p.payoutRule.ruleVersion !== p.previousVersion + 1,
    }),
  }),
});

const DeletePayoutRulePayload = builder.objectRef<{ payoutRule: PayoutRule }>('DeletePayoutRulePayload').implement({
  description: 'The result of `deletePayoutRule`.',
  fields: (t) => ({
    payoutRule: t.field({
      type: PayoutRuleRef,
      description: 'The rule as deleted (`deletedAt` set); still readable with `includeDeleted`.',
      resolve: (p) => p.payoutRule,
    }),
    deletedPayoutRuleId: t.id({
      description: "The deleted rule's global id, for removing it from client caches.",
      resolve: (p) => encodeGlobalId('PayoutRule', `${p.payoutRule.accountId}:${p.payoutRule.id}`),
    }),
  }),
});

const OUTCOME_UNKNOWN = 'If the answer is lost (`UPSTREAM_OUTCOME_UNKNOWN`), the write may or may not have happened:';

type CreateInput = typeof CreatePayoutRuleInput.$inferInput;
type UpdateInput = typeof UpdatePayoutRuleInput.$inferInput;
type DeleteInput = typeof DeletePayoutRuleInput.$inferInput;

async function createRule(input: CreateInput, ctx: Context): Promise<CreatePayload> {
  const account = dinteroAccount(ctx, input.accountId, 'input.accountId');
  const rule = validatePayoutRuleInput(input, 'input');
  const key = input.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw badInput('input.idempotencyKey: 1-255 printable ASCII characters without spaces, e.g. a UUID', {
      argument: 'input',
      path: 'input.idempotencyKey',
    });
  }
  const created = await account.payoutRules.create(dinteroCall(ctx), rule, { clientId: callerId(ctx), idempotencyKey: key });
  return { payoutRule: created.rule, replayed: created.replayed, idempotencyKey: created.idempotencyKey };
}

async function updateRule(input: UpdateInput, ctx: Context): Promise<UpdatePayload> {
  const { account, ruleId } = ruleTarget(ctx, input.id);
  // Validate what was given first, so a bad tree costs no upstream call.
  const placeholder = '-';
  validatePayoutRuleInput({ ...input, ruleType: input.ruleType ?? placeholder, ruleId: input.ruleId ?? placeholder }, 'input');
  const { rule, previousVersion } = await account.payoutRules.update(dinteroCall(ctx), ruleId, input.expectedVersion ?? null, (current) =>
    validatePayoutRuleInput(
      {
        ruleType: input.ruleType ?? current.ruleType,
        ruleId: input.ruleId ?? current.ruleId,
        destinations: input.destinations,
        metadata: input.metadata ?? current.metadata,
      },
      'input',
    ),
  );
  return { payoutRule: rule, previousVersion };
}

async function deleteRule(input: DeleteInput, ctx: Context): Promise<{ payoutRule: PayoutRule }> {
  const { account, ruleId } = ruleTarget(ctx, input.id);
  return { payoutRule: await account.payoutRules.remove(dinteroCall(ctx), ruleId, input.expectedVersion ?? null) };
}

/** The same write, its expected failures answered as typed members of the result union. */
async function typed<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw asWriteProblem(err);
  }
}

const deprecatedFor = (field: string) =>
  `Use \`${field}\`: the same write, with its expected failures (a version conflict carrying the current rule, input problems with their paths, an unknown outcome with the key to repeat) answered as typed members of its result union instead of top-level errors.`;

builder.mutationField('createPayoutRule', (t) =>
  t.field({
    type: CreatePayoutRulePayload,
    deprecationReason: deprecatedFor('payoutRuleCreate'),
    description: `Creates a payout rule in a Dintero account. Invalid input is refused with BAD_USER_INPUT naming the path (e.g. \`input.destinations[0].value\`) before Dintero is called. Always idempotent: the create runs under your \`idempotencyKey\` or one Tally generates and returns. Not retried by Tally. ${OUTCOME_UNKNOWN} repeat the create with the same key (\`extensions.idempotencyKey\`); it answers the rule created the first time, or creates it once.`,
    args: { input: t.arg({ type: CreatePayoutRuleInput, required: true, description: 'The new rule.' }) },
    resolve: (_root, { input }, ctx) => createRule(input, ctx),
  }),
);

builder.mutationField('updatePayoutRule', (t) =>
  t.field({
    type: UpdatePayoutRulePayload,
    deprecationReason: deprecatedFor('payoutRuleUpdate'),
    description: `Writes a new version of a payout rule (its \`ruleVersion\` goes up by one). Validated like \`createPayoutRule\` before Dintero is called; Tally's writers to one rule take turns, and each re-reads the rule right before writing (see \`expectedVersion\`). Never retried by Tally. ${OUTCOME_UNKNOWN} read the rule (\`node(id:)\`) and compare its \`ruleVersion\` before repeating.`,
    args: { input: t.arg({ type: UpdatePayoutRuleInput, required: true, description: 'The rule and its new content.' }) },
    resolve: (_root, { input }, ctx) => updateRule(input, ctx),
  }),
);

builder.mutationField('deletePayoutRule', (t) =>
  t.field({
    type: DeletePayoutRulePayload,
    deprecationReason: deprecatedFor('payoutRuleDelete'),
    description: `Deletes a payout rule. Dintero keeps it (soft delete): it no longer applies, and \`payoutRules(includeDeleted: true)\` still lists it. Takes turns with Tally's other writers to the rule. ${OUTCOME_UNKNOWN} read the rule and check \`isDeleted\` before repeating.`,
    args: { input: t.arg({ type: DeletePayoutRuleInput, required: true, description: 'The rule to delete.' }) },
    resolve: (_root, { input }, ctx) => deleteRule(input, ctx),
  }),
);

const TOP_LEVEL =
  "Top-level errors (with `extensions.code`) remain for what is not the caller's to handle: authentication, an account or rule not visible to these credentials (`NOT_FOUND`), Dintero down or refusing, another Tally write to the rule still running (`CONFLICT`, retry shortly).";

builder.mutationField('payoutRuleCreate', (t) =>
  t.field({
    type: CreatePayoutRulePayload,
    errors: {
      types: [InvalidInput, WriteOutcomeUnknown],
      directResult: true,
      union: {
        name: 'PayoutRuleCreateResult',
        description: 'The result of `payoutRuleCreate`: the created rule, or why not (`InvalidInput`, `WriteOutcomeUnknown`).',
      },
    },
    description: `Creates a payout rule in a Dintero account, as \`createPayoutRule\` does (validated before Dintero is called, always idempotent, never retried by Tally), with its expected failures as typed results: \`InvalidInput\` (each problem with its path into \`input\`) and \`WriteOutcomeUnknown\` (the answer was lost: repeat with its \`idempotencyKeyToRepeat\`). ${TOP_LEVEL}`,
    args: { input: t.arg({ type: CreatePayoutRuleInput, required: true, description: 'The new rule.' }) },
    resolve: (_root, { input }, ctx) => typed(() => createRule(input, ctx)),
  }),
);

builder.mutationField('payoutRuleUpdate', (t) =>
  t.field({
    type: UpdatePayoutRulePayload,
    errors: {
      types: [PayoutRuleVersionConflict, InvalidInput, WriteOutcomeUnknown],
      directResult: true,
      union: {
        name: 'PayoutRuleUpdateResult',
        description:
          'The result of `payoutRuleUpdate`: the new version, or why not (`PayoutRuleVersionConflict` with the current rule, `InvalidInput`, `WriteOutcomeUnknown`).',
      },
    },
    description: `Writes a new version of a payout rule, as \`updatePayoutRule\` does, with its expected failures as typed results: \`PayoutRuleVersionConflict\` (the rule is no longer at \`expectedVersion\`; it carries the current rule, so no second request is needed), \`InvalidInput\` and \`WriteOutcomeUnknown\` (read the rule and compare before repeating). ${TOP_LEVEL}`,
    args: { input: t.arg({ type: UpdatePayoutRuleInput, required: true, description: 'The rule and its new content.' }) },
    resolve: (_root, { input }, ctx) => typed(() => updateRule(input, ctx)),
  }),
);

builder.mutationField('payoutRuleDelete', (t) =>
  t.field({
    type: DeletePayoutRulePayload,
    errors: {
      types: [PayoutRuleVersionConflict, InvalidInput, WriteOutcomeUnknown],
      directResult: true,
      union: {
        name: 'PayoutRuleDeleteResult',
        description:
          'The result of `payoutRuleDelete`: the deleted rule, or why not (`PayoutRuleVersionConflict` with the current rule, `InvalidInput`, `WriteOutcomeUnknown`).',
      },
    },
    description: `Deletes a payout rule (a soft delete), as \`deletePayoutRule\` does, with its expected failures as typed results (\`PayoutRuleVersionConflict\` when \`expectedVersion\` is stale, \`InvalidInput\`, \`WriteOutcomeUnknown\`). ${TOP_LEVEL}`,
    args: { input: t.arg({ type: DeletePayoutRuleInput, required: true, description: 'The rule to delete.' }) },
    resolve: (_root, { input }, ctx) => typed(() => deleteRule(input, ctx)),
  }),
);
