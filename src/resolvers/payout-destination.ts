import type { PayoutDestination } from '../sources/dintero/model.js';
import type { RawDestination } from '../sources/dintero/payout-tree.js';
import { builder } from './builder.js';

export const PayoutDestinationTypeEnum = builder.enumType('PayoutDestinationType', {
  description: "How a node of a payout rule's tree takes its share (Dintero `type`).",
  values: {
    PERCENTAGE: {
      description:
        "A percentage (above 0, at most 100, up to 6 decimals) of what its level has after the level's flat amounts (Dintero `percentage`).",
    },
    FLAT_AMOUNT: {
      description: 'A fixed amount in minor units (e.g. 15000 = 150.00 NOK), taken first on its level (Dintero `flat_amount`).',
    },
    REMAINING_AMOUNT: {
      description: 'Whatever its level has left after the other nodes, split among its nested `destinations` (Dintero `remaining_amount`).',
    },
  } as const,
});

export const PayoutDestinationRef = builder.objectRef<PayoutDestination>('PayoutDestination');
PayoutDestinationRef.implement({
  description:
    "One node of a payout rule's split tree: a share (percentage or flat amount) paid to a destination or split further among nested destinations, or the remainder of its level split among nested destinations.",
  fields: (t) => ({
    type: t.field({ type: PayoutDestinationTypeEnum, description: 'How this node takes its share.', resolve: (d) => d.type }),
    value: t.field({
      type: 'Decimal',
      nullable: true,
      description:
        'The percentage (for PERCENTAGE, e.g. `"2.5"`) or the amount in minor units (for FLAT_AMOUNT, e.g. `"15000"`), exact (Dintero `value`, which arrives as a number or as a string); null for REMAINING_AMOUNT.',
      resolve: (d) => d.value,
    }),
    destination: t.exposeString('destination', {
      nullable: true,
      description:
        'Who is paid: a payout destination (seller) id. Null for a node that pays through its nested destinations (always for REMAINING_AMOUNT).',
    }),
    destinations: t.field({
      type: [PayoutDestinationRef],
      // Nested levels are small (a commission and a seller or two); priced so a 5-level editor query stays affordable.
      complexity: { field: 1, multiplier: 2 },
      description:
        "The nested destinations that split this node's share: always for REMAINING_AMOUNT, and for a PERCENTAGE or FLAT_AMOUNT node without a destination; empty otherwise.",
      resolve: (d) => d.destinations,
    }),
  }),
});

export const PayoutDestinationInput = builder.inputRef<RawDestination>('PayoutDestinationInput');
PayoutDestinationInput.implement({
  description:
    "One node of a payout rule's split tree. PERCENTAGE and FLAT_AMOUNT nodes need a `value` and either a `destination` or nested `destinations` that split their share (not both); a REMAINING_AMOUNT node has neither value nor destination and needs nested `destinations`. Percentages on one level add up to at most 100; trees nest at most 5 levels.",
  fields: (t) => ({
    type: t.field({ type: PayoutDestinationTypeEnum, required: true, description: 'How this node takes its share.' }),
    value: t.field({
      type: 'Decimal',
      description:
        'PERCENTAGE: above 0 and at most 100, up to 6 decimals, e.g. `"2.5"`. FLAT_AMOUNT: a positive whole number of minor units, e.g. `"15000"`. Omit for REMAINING_AMOUNT.',
    }),
    destination: t.string({
      description:
        'The payout destination (seller) id to pay. Omit for REMAINING_AMOUNT and for a node that splits its share among nested `destinations`.',
    }),
    destinations: t.field({
      type: [PayoutDestinationInput],
      description:
        "The destinations that split this node's share: required for REMAINING_AMOUNT (what is left), optional instead of `destination` for PERCENTAGE and FLAT_AMOUNT.",
    }),
  }),
});
