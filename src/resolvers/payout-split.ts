import { badInput } from '../domain/errors.js';
import { isCurrencyCode, moneyFromMinor, type Money } from '../domain/money.js';
import type { PayoutDestination } from '../sources/dintero/model.js';
import { splitAmount, validateDestinations, type SplitAllocation } from '../sources/dintero/payout-tree.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';
import { PayoutDestinationInput, PayoutDestinationTypeEnum } from './payout-destination.js';
import { PayoutRuleRef } from './payout-rule.js';
import { maxLength, CURRENCY_CODE_LENGTH } from './string-limits.js';

interface PayoutSplit {
  amount: Money;
  allocations: Array<SplitAllocation & { money: Money }>;
  allocated: Money;
  unallocated: Money;
}

const ROUNDING_RULE =
  "Computed exactly in whole minor units. On each level: FLAT_AMOUNT nodes first, in order, each capped at what is left; then PERCENTAGE nodes, each a percentage of what the level has after its flat amounts, rounded down to a whole minor unit, with the minor units lost to rounding given one each to the shares whose dropped fractions were largest (the earlier node on a tie), so the level's shares add up to its total percentage of the amount rounded down; then the first REMAINING_AMOUNT node receives everything the level has left and splits it among its nested destinations by the same rules. A PERCENTAGE or FLAT_AMOUNT node with nested destinations instead of a destination splits its share among them by the same rules. `allocated + unallocated` always equals `amount`.";

const PayoutAllocationRef = builder.objectRef<SplitAllocation & { money: Money }>('PayoutAllocation').implement({
  description: 'What one PERCENTAGE or FLAT_AMOUNT node of a payout tree receives from a split.',
  fields: (t) => ({
    path: t.exposeString('path', {
      description: "The node's place in the tree, e.g. `destinations[1].destinations[0]` (the second top-level node's first nested node).",
    }),
    type: t.field({ type: PayoutDestinationTypeEnum, description: "The node's type.", resolve: (a) => a.type }),
    destination: t.exposeString('destination', { nullable: true, description: 'The payout destination (seller) paid.' }),
    amount: t.field({ type: MoneyRef, description: 'The share, exact in minor units.', resolve: (a) => a.money }),
  }),
});

const PayoutSplitRef = builder.objectRef<PayoutSplit>('PayoutSplit').implement({
  description: `A preview of how a payout tree divides an amount; nothing is sent to Dintero. ${ROUNDING_RULE}`,
  fields: (t) => ({
    amount: t.field({ type: MoneyRef, description: 'The amount that was split.', resolve: (s) => s.amount }),
    allocations: t.field({
      type: [PayoutAllocationRef],
      description:
        'One share per PERCENTAGE and FLAT_AMOUNT node that pays a destination, in tree order (a destination named on several nodes appears once per node; a node that splits its share among nested destinations appears through them).',
      resolve: (s) => s.allocations,
    }),
    allocated: t.field({ type: MoneyRef, description: 'The sum of all shares.', resolve: (s) => s.allocated }),
    unallocated: t.field({
      type: MoneyRef,
      description:
        'What no node claims (percentages under 100% on a level without a REMAINING_AMOUNT node); stays with the account. Zero for a tree that distributes everything.',
      resolve: (s) => s.unallocated,
    }),
  }),
});

function preview(destinations: readonly PayoutDestination[], amount: number, currency: string): PayoutSplit {
  if (!isCurrencyCode(currency))
    throw badInput(`${JSON.stringify(currency)} is not an ISO 4217 currency code, e.g. NOK.`, { argument: 'currency' });
  const result = splitAmount(destinations, amount);
  const allocated = result.allocations.reduce((sum, a) => sum + a.minorUnits, 0);
  return {
    amount: moneyFromMinor(amount, currency),
    allocations: result.allocations.map((a) => ({ ...a, money: moneyFromMinor(a.minorUnits, currency) })),
    allocated: moneyFromMinor(allocated, currency),
    unallocated: moneyFromMinor(result.unallocatedMinorUnits, currency),
  };
}

const splitArgs = {
  amount: {
    description:
      'The amount to split, in minor units (e.g. 49990 = 499.90 NOK); whole and not negative. Flat amounts in the tree are in the same currency.',
  },
  currency: { description: 'ISO 4217 currency of the amount, e.g. `NOK`.' },
};

builder.objectField(PayoutRuleRef, 'splitPreview', (t) =>
  t.field({
    type: PayoutSplitRef,
    description: `How this rule would split an amount, per destination, in exact minor units. ${ROUNDING_RULE}`,
    args: {
      amount: t.arg({ type: 'SafeInt', required: true, ...splitArgs.amount }),
      currency: t.arg.string({ required: true, ...splitArgs.currency, ...maxLength(CURRENCY_CODE_LENGTH) }),
    },
    resolve: (rule, args) => preview(rule.destinations, args.amount, args.currency),
  }),
);

builder.queryField('payoutSplitPreview', (t) =>
  t.field({
    type: PayoutSplitRef,
    description: `How an unsaved payout tree (as you would pass it to \`createPayoutRule\`) would split an amount; validated by the same rules, nothing is sent upstream. ${ROUNDING_RULE}`,
    args: {
      destinations: t.arg({ type: [PayoutDestinationInput], required: true, description: 'The payout tree to try.' }),
      amount: t.arg({ type: 'SafeInt', required: true, ...splitArgs.amount }),
      currency: t.arg.string({ required: true, ...splitArgs.currency, ...maxLength(CURRENCY_CODE_LENGTH) }),
    },
    resolve: (_root, args) => preview(validateDestinations(args.destinations, 'destinations'), args.amount, args.currency),
  }),
);
