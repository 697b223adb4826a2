import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Context } from '../context.js';
import { GraphQLError } from 'graphql';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';

/**
 * The schema builder: plugins and scalars, no types (those live one per file next to it).
 * Plugin order per shared/notes/stack.md: relay before dataloader; complexity checks the whole
 * document before any root resolver runs.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    SafeInt: { Input: number; Output: number };
  };
}>({
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    // The connection field already multiplies by `first`; its edges must not multiply again.
    edgesFieldOptions: { nullable: false, complexity: { field: 0, multiplier: 1 } },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: {
      description: 'Fetches any object by its global id (Relay Global Object Identification). Returns null when it does not exist or is not visible to you.',
    },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection stands in the whole list (Relay Cursor Connections).',
    },
    nodeTypeOptions: {
      description: 'An object with a stable global id, refetchable with `node(id:)`.',
    },
    // A malformed id is the client's input error, with a code.
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (globalID: string) => decodeGlobalId(globalID),
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ({ complexity: ctx.limits.maxCost, depth: ctx.limits.maxDepth, breadth: ctx.limits.maxCost }),
    complexityError: (kind, result) => {
      const k = String(kind).toLowerCase();
      const max = k === 'depth' ? result.maxDepth : k === 'breadth' ? result.maxBreadth : result.maxComplexity;
      const actual = k === 'depth' ? result.depth : k === 'breadth' ? result.breadth : result.complexity;
      // Returned as a GraphQLError: the plugin passes those through, and the code must survive.
      return new GraphQLError(`Query ${k} ${actual} exceeds the limit of ${max}. Ask for fewer items (\`first\`) or fewer nested lists.`, {
        extensions: { code: 'BAD_USER_INPUT', limit: k, max, actual },
      });
    },
  },
});

builder.queryType({ description: 'Money across Vipps MobilePay, Dintero and Easypay, one schema.' });
