import type { Context } from '../context.js';
import { badInput } from '../domain/errors.js';
import type { DinteroAccount } from '../sources/dintero/index.js';
import type { SettlementReportConfiguration } from '../sources/dintero/model.js';
import { applyReportConfigChange, newReportConfig, validateReportConfigChange } from '../sources/dintero/payout-tree.js';
import { dinteroAccount, dinteroCall } from './billing-account.js';
import { builder } from './builder.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { SettlementReportConfigurationRef } from './settlement-report-configuration.js';
import { SettlementReportDestinationInput } from './settlement-report-destination.js';
import { maxLength, DINTERO_ACCOUNT_ID_LENGTH } from './string-limits.js';
import { asWriteProblem, InvalidInput, WriteOutcomeUnknown } from './write-problems.js';

function configTarget(ctx: Context, id: string | number): { account: DinteroAccount; configId: string } {
  const inner = decodeGlobalId(String(id), 'SettlementReportConfiguration').id;
  const colon = inner.indexOf(':');
  if (colon < 0) throw badInput('Malformed SettlementReportConfiguration id: use an `id` returned by this API.', { argument: 'input.id' });
  return { account: dinteroAccount(ctx, inner.slice(0, colon), 'input.id'), configId: inner.slice(colon + 1) };
}

const SettlementReportFilterInput = builder.inputType('SettlementReportFilterInput', {
  description: 'A criterion a settlement must meet to be reported (Dintero `filters[]`).',
  fields: (t) => ({
    filter: t.string({ required: true, description: 'What is compared, as Dintero names it, e.g. `payout_destination_id`.' }),
    value: t.string({ required: true, description: 'The value it must have.' }),
  }),
});

const contentFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], required: boolean) => ({
  fileTypes: t.stringList({
    required,
    description: `The report formats to send, each once, as Dintero names them (\`pdf\`, \`xml\`, \`csv\`; any name Dintero accepts).${required ? '' : ' Omitted: unchanged.'}`,
  }),
  destinations: t.field({
    type: [SettlementReportDestinationInput],
    required,
    description: `Who receives the reports (at most 20). An empty list keeps the reports in Dintero Backoffice only.${required ? '' : ' Omitted: unchanged. A destination given again (same type and address) stays the same destination in Dintero.'}`,
  }),
  providers: t.stringList({
    description: `Only these payment providers' settlements. Empty: all providers.${required ? ' Omitted: all.' : ' Omitted: unchanged.'}`,
  }),
  payoutDestinationIds: t.stringList({
    description: `Only settlements to these payout destinations (sellers): sets the \`payout_destination_id\` filters, other kinds of filter stay. Empty: no such filter.${required ? '' : ' Omitted: unchanged.'}`,
  }),
  filters: t.field({
    type: [SettlementReportFilterInput],
    description: `Every filter, of any kind (replaces them all); not together with \`payoutDestinationIds\`. Empty: all settlements.${required ? '' : ' Omitted: unchanged.'}`,
  }),
});

const CreateInput = builder.inputType('CreateSettlementReportConfigurationInput', {
  description: 'A new settlement report configuration, validated (formats, e-mail addresses) before Dintero is called.',
  fields: (t) => ({
    accountId: t.string({
      required: true,
      description: 'The Dintero account (`T...` or `P...`).',
      ...maxLength(DINTERO_ACCOUNT_ID_LENGTH),
    }),
    ...contentFields(t, true),
  }),
});

const UpdateInput = builder.inputType('UpdateSettlementReportConfigurationInput', {
  description:
    'A change to a settlement report configuration: the fields given replace theirs, every field omitted stays as it is in Dintero (filters of other kinds, destination ids and the deprecated `send_every` included). Validated before Dintero is called.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The configuration's global `id`." }),
    ...contentFields(t, false),
  }),
});

const DeleteInput = builder.inputType('DeleteSettlementReportConfigurationInput', {
  description: 'The settlement report configuration to delete.',
  fields: (t) => ({ id: t.id({ required: true, description: "The configuration's global `id`." }) }),
});

const Payload = (name: string, description: string) =>
  builder.objectRef<{ configuration: SettlementReportConfiguration }>(name).implement({
    description,
    fields: (t) => ({
      settlementReportConfiguration: t.field({
        type: SettlementReportConfigurationRef,
        description: 'The configuration as Dintero answered.',
        resolve: (p) => p.configuration,
      }),
    }),
  });

const CreatePayload = Payload('CreateSettlementReportConfigurationPayload', 'The result of `createSettlementReportConfiguration`.');
const UpdatePayload = Payload('UpdateSettlementReportConfigurationPayload', 'The result of `updateSettlementReportConfiguration`.');
const DeletePayload = builder
  .objectRef<{ configuration: SettlementReportConfiguration }>('DeleteSettlementReportConfigurationPayload')
  .implement({
    description: 'The result of `deleteSettlementReportConfiguration`.',
    fields: (t) => ({
      settlementReportConfiguration: t.field({
        type: SettlementReportConfigurationRef,
        description: 'The configuration as it was before deletion.',
        resolve: (p) => p.configuration,
      }),
      deletedSettlementReportConfigurationId: t.id({
        description: "The deleted configuration's global id, for removing it from client caches.",
        resolve: (p) => encodeGlobalId('SettlementReportConfiguration', `${p.configuration.accountId}:${p.configuration.id}`),
      }),
    }),
  });

type CreateArgs = typeof CreateInput.$inferInput;
type UpdateArgs = typeof UpdateInput.$inferInput;
type DeleteArgs = typeof DeleteInput.$inferInput;

async function createConfig(input: CreateArgs, ctx: Context): Promise<{ configuration: SettlementReportConfiguration }> {
  const account = dinteroAccount(ctx, input.accountId, 'input.accountId');
  const content = newReportConfig(input, 'input');
  return { configuration: await account.reportConfigurations.write(dinteroCall(ctx), { method: 'POST', input: content }) };
}

async function updateConfig(input: UpdateArgs, ctx: Context): Promise<{ configuration: SettlementReportConfiguration }> {
  const { account, configId } = configTarget(ctx, input.id);
  const change = validateReportConfigChange(input, 'input');
  return {
    configuration: await account.reportConfigurations.update(dinteroCall(ctx), configId, (current) =>
      applyReportConfigChange(current, change),
    ),
  };
}

async function deleteConfig(input: DeleteArgs, ctx: Context): Promise<{ configuration: SettlementReportConfiguration }> {
  const { account, configId } = configTarget(ctx, input.id);
  return { configuration: await account.reportConfigurations.write(dinteroCall(ctx), { method: 'DELETE', id: configId }) };
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
  `Use \`${field}\`: the same write, with its expected failures (input problems with their paths, an unknown outcome) answered as typed members of its result union instead of top-level errors.`;

builder.mutationField('createSettlementReportConfiguration', (t) =>
  t.field({
    type: CreatePayload,
    deprecationReason: deprecatedFor('settlementReportConfigurationCreate'),
    description:
      'Creates a settlement report configuration. Never retried by Tally: if the answer is lost, list the configurations before creating again.',
    args: { input: t.arg({ type: CreateInput, required: true, description: 'The new configuration.' }) },
    resolve: (_root, { input }, ctx) => createConfig(input, ctx),
  }),
);

builder.mutationField('updateSettlementReportConfiguration', (t) =>
  t.field({
    type: UpdatePayload,
    deprecationReason: deprecatedFor('settlementReportConfigurationUpdate'),
    description:
      'Changes a settlement report configuration: what the input names, nothing else. Dintero replaces a whole configuration on update, so Tally reads it first and sends back every field the input leaves out as it was. Never retried by Tally.',
    args: { input: t.arg({ type: UpdateInput, required: true, description: 'The configuration and what to change.' }) },
    resolve: (_root, { input }, ctx) => updateConfig(input, ctx),
  }),
);

builder.mutationField('deleteSettlementReportConfiguration', (t) =>
  t.field({
    type: DeletePayload,
    deprecationReason: deprecatedFor('settlementReportConfigurationDelete'),
    description: 'Deletes a settlement report configuration: Dintero stops sending those reports. Never retried by Tally.',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'The configuration to delete.' }) },
    resolve: (_root, { input }, ctx) => deleteConfig(input, ctx),
  }),
);

const TYPED =
  "Expected failures are typed results: `InvalidInput` (each problem with its path into `input`, nothing sent to Dintero) and `WriteOutcomeUnknown` (the answer was lost: list the configurations before repeating). Top-level errors (with `extensions.code`) remain for what is not the caller's to handle: authentication, an account or configuration not visible to these credentials (`NOT_FOUND`), Dintero down or refusing.";

const resultUnion = (name: string, field: string, success: string) => ({
  types: [InvalidInput, WriteOutcomeUnknown],
  directResult: true as const,
  union: { name, description: `The result of \`${field}\`: ${success}, or why not (\`InvalidInput\`, \`WriteOutcomeUnknown\`).` },
});

builder.mutationField('settlementReportConfigurationCreate', (t) =>
  t.field({
    type: CreatePayload,
    errors: resultUnion('SettlementReportConfigurationCreateResult', 'settlementReportConfigurationCreate', 'the created configuration'),
    description: `Creates a settlement report configuration, as \`createSettlementReportConfiguration\` does (never retried by Tally). ${TYPED}`,
    args: { input: t.arg({ type: CreateInput, required: true, description: 'The new configuration.' }) },
    resolve: (_root, { input }, ctx) => typed(() => createConfig(input, ctx)),
  }),
);

builder.mutationField('settlementReportConfigurationUpdate', (t) =>
  t.field({
    type: UpdatePayload,
    errors: resultUnion('SettlementReportConfigurationUpdateResult', 'settlementReportConfigurationUpdate', 'the changed configuration'),
    description: `Changes a settlement report configuration (what the input names, nothing else), as \`updateSettlementReportConfiguration\` does. ${TYPED}`,
    args: { input: t.arg({ type: UpdateInput, required: true, description: 'The configuration and what to change.' }) },
    resolve: (_root, { input }, ctx) => typed(() => updateConfig(input, ctx)),
  }),
);

builder.mutationField('settlementReportConfigurationDelete', (t) =>
  t.field({
    type: DeletePayload,
    errors: resultUnion('SettlementReportConfigurationDeleteResult', 'settlementReportConfigurationDelete', 'the deleted configuration'),
    description: `Deletes a settlement report configuration, as \`deleteSettlementReportConfiguration\` does. ${TYPED}`,
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'The configuration to delete.' }) },
    resolve: (_root, { input }, ctx) => typed(() => deleteConfig(input, ctx)),
  }),
);
