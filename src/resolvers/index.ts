import {
  DirectiveLocation,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLString,
  isInterfaceType,
  specifiedDirectives,
} from 'graphql';
import { builder } from './builder.js';
import { registerNodeTypes } from './global-id.js';
import { boundStringArguments } from './string-limits.js';
import './scalars.js';
import './money.js';
import './enums.js';
import './identifier.js';
import './easypay-fee.js';
import './easypay-payment-details.js';
import './easypay-entry-details.js';
import './entry.js';
import './ledger.js';
import './ledger-feed-subscription.js';
import './sales-event.js';
import './entry-summary.js';
import './payout.js';
import './entry-links.js';
import './vat-summary.js';
import './entries-export.js';
import './billing-account.js';
import './settlement-amounts.js';
import './settlement-attachment.js';
import './settlement.js';
import './key-value.js';
import './payout-destination.js';
import './payout-rule.js';
import './write-problems.js';
import './payout-rule-mutations.js';
import './payout-split.js';
import './settlement-report-destination.js';
import './settlement-report-configuration.js';
import './settlement-report-configuration-mutations.js';
import './billing-cost.js';
import './billing-report.js';
import './billing-dimension.js';
import './billing-price.js';
import './billing-subscription.js';

/** The whole schema: every type file registers itself on the builder above. */
export const schema = builder.toSchema({ sortSchema: true, directives: [...specifiedDirectives, ...incrementalDirectives()] });
boundStringArguments(schema);

const nodeInterface = schema.getType('Node');
if (isInterfaceType(nodeInterface)) registerNodeTypes(schema.getImplementations(nodeInterface).objects.map((t) => t.name));

/**
 * `@defer` and `@stream` as the incremental delivery proposal defines them, declared in the schema
 * itself so that the printed schema (schema/schema.graphql) shows them to codegen'd clients and to
 * relay-compiler; graphql-yoga's defer-stream plugin then finds them present and executes them.
 */
function incrementalDirectives(): GraphQLDirective[] {
  const common = {
    if: {
      type: new GraphQLNonNull(GraphQLBoolean),
      defaultValue: true,
      description: 'Deliver incrementally only when true (e.g. from a variable); false answers in one piece.',
    },
    label: {
      type: GraphQLString,
      description: 'A name for the later payload(s), unique in the operation, so a client can tell them apart.',
    },
  };
  return [
    new GraphQLDirective({
      name: 'defer',
      description:
        "Answer this fragment in a later payload (multipart/mixed or server-sent events), so the rest shows first: e.g. a connection's `summary` while its first page of entries is already shown. Not on root fields. The last payload carries `extensions.cost`.",
      locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
      args: common,
    }),
    new GraphQLDirective({
      name: 'stream',
      description:
        "Answer this list's first `initialCount` items at once and the rest in later payloads, e.g. a connection's `edges`. The list costs the same against the cost limit streamed or not. Not on root fields.",
      locations: [DirectiveLocation.FIELD],
      args: { ...common, initialCount: { type: GraphQLInt, defaultValue: 0, description: 'How many items the first payload carries.' } },
    }),
  ];
}
