import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Context } from '../context.js';
import type { Decimal } from '../domain/money.js';
import { GraphQLError } from 'graphql';
import { isTallyError, TallyError } from '../domain/errors.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { hasScope } from '../auth/clients.js';
import { gdprForbidden } from './personal.js';

/**
 * The schema builder: plugins and scalars, no types (those live one per file next to it).
 * Plugin order: complexity checks the whole document before any root resolver runs. Scope-auth
 * is first, so its `gdpr` check wraps the resolver of every personal field
 * (src/resolvers/personal.ts) whatever path reaches it; errors (typed mutation results,
 * src/resolvers/write-problems.ts) after relay. Batched reads (the Sales join) use DataLoader
 * directly, per request (src/sources/vipps/sales-request.ts), not a Pothos plugin.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  /** `gdpr`: the client may read personal data (fields marked with `personal()`). */
  AuthScopes: { gdpr: boolean };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    SafeInt: { Input: number; Output: number };
    Decimal: { Input: Decimal; Output: Decimal };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin, ComplexityPlugin, SimpleObjectsPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({ gdpr: hasScope(ctx.client, 'gdpr') }),
    // A personal field without the scope is null with one coded error per request, not a failed object.
    unauthorizedError: (_parent, ctx, info) => gdprForbidden(ctx, info),
  },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    // The connection field already multiplies by `first`; its edges must not multiply again.
    edgesFieldOptions: {
      nullable: false,
      complexity: { field: 0, multiplier: 1 },
      description: 'The items of this page, each with the cursor to resume right after it.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: {
      description:
        'Opaque, signed cursor: pass it as `after` to continue right after this item. Valid only for the same field and arguments.',
    },
    pageInfoFieldOptions: { description: 'Where this page stands, and the cursor to continue from.' },
    hasNextPageFieldOptions: {
      description:
        'More items can be read now by passing `endCursor` as `after`. On a live list (a feed, an open date) false means "nothing more yet", not "the end".',
    },
    hasPreviousPageFieldOptions: { description: 'This page was requested with `after`, so items came before it.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page.' },
    endCursorFieldOptions: {
      description:
        'Where to continue: pass it as `after`. Present even on an empty page of a live list, so a saved position can be resumed later.',
    },
    firstArgOptions: { description: 'How many items to return, 1 to 1000 (default 100). One page may read several upstream pages.' },
    afterArgOptions: { description: "A cursor from this field (an edge's `cursor` or `pageInfo.endCursor`): continue right after it." },
    lastArgOptions: { description: 'Not supported: the upstreams page forward only. Use `first` and `after`.' },
    beforeArgOptions: { description: 'Not supported: the upstreams page forward only. Use `first` and `after`.' },
    idFieldOptions: {
      description:
        "Global id (Relay): stable across restarts and page sizes; pass it to `node(id:)` to refetch. The upstream's own id is a separate field.",
    },
    nodeQueryOptions: {
      description:
        'Fetches any object by its global id (Relay Global Object Identification). When the object does not exist, or is outside what these credentials are granted, the answer is null with one `NOT_FOUND` error on this field, the same in both cases (an object you are not granted does not exist for you). A malformed id, or one of a type without global ids, is `BAD_USER_INPUT`.',
      args: { id: { description: 'A global `id` returned by this API.' } },
      resolve: async (_root, args, _ctx, _info, resolveNode) => {
        let found: unknown;
        try {
          found = await resolveNode(args.id);
        } catch (err) {
          // A loader's own NOT_FOUND ("no such ledger, or not visible", an upstream 404) says more than
          // "no object": answered like an unknown id, so ungranted and unknown cannot be told apart.
          if (isTallyError(err) && err.code === 'NOT_FOUND') throw nodeNotFound();
          throw err;
        }
        if (found === null || found === undefined) throw nodeNotFound();
        return found;
      },
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

/** The one answer of `node(id:)` for an id that names nothing these credentials may see. */
function nodeNotFound(): TallyError {
  return new TallyError('NOT_FOUND', 'No object has this id, or it is not visible to these credentials.', { details: { argument: 'id' } });
}

builder.queryType({ description: 'Money across Vipps MobilePay, Dintero and Easypay, one schema.' });
builder.mutationType({
  description:
    'Changes to provider configuration (Dintero payout rules and settlement report configurations). Inputs are validated before anything is sent upstream; Tally never retries a write on its own.',
});
