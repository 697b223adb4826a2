import { GraphQLError, Kind, visit, type ArgumentNode, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CursorCodec } from '../paging/cursor.js';
import { isTallyError } from '../domain/errors.js';

/**
 * Every `after` argument of the operation (literal or variable) is checked against the gateway's
 * signature before any resolver runs: a forged, truncated or empty cursor is refused with
 * `BAD_USER_INPUT` without a single upstream call, token and ledger lookup included. Whether the
 * cursor belongs to that field and those arguments is checked later, by the engine.
 */
export function useCursorPrecheck(codec: CursorCodec): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const cursors: Array<{ value: string; node: ArgumentNode }> = [];
      for (const node of afterArguments(args.document)) {
        if (node.value.kind === Kind.STRING) cursors.push({ value: node.value.value, node });
        else if (node.value.kind === Kind.VARIABLE) {
          const v = variables[node.value.name.value];
          if (typeof v === 'string') cursors.push({ value: v, node });
        }
      }
      for (const cursor of cursors) {
        try {
          codec.check(cursor.value);
        } catch (err) {
          if (!isTallyError(err)) throw err;
          setResultAndStopExecution({
            errors: [new GraphQLError(err.message, { nodes: [cursor.node], extensions: { code: err.code, ...(err.details ?? {}) } })],
          });
          return;
        }
      }
    },
  };
}

/**
 * The `after` arguments of a document, found once per parsed document: yoga hands every request
 * with the same text the same parsed (and never changed) document, so only the variables' values
 * are read per request. A walk of the whole document was a few percent of a cached request's CPU.
 */
const afterArgumentsOf = new WeakMap<DocumentNode, readonly ArgumentNode[]>();

function afterArguments(document: DocumentNode): readonly ArgumentNode[] {
  let found = afterArgumentsOf.get(document);
  if (!found) {
    const nodes: ArgumentNode[] = [];
    visit(document, {
      Argument(node) {
        if (node.name.value === 'after') nodes.push(node);
      },
    });
    afterArgumentsOf.set(document, (found = nodes));
  }
  return found;
}
