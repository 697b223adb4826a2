import { GraphQLError, Kind, visit, type ArgumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CursorCodec } from './connections/cursor.js';
import { isTallyError, type TallyError } from './errors.js';

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
      visit(args.document, {
        Argument(node) {
          if (node.name.value !== 'after') return;
          if (node.value.kind === Kind.STRING) cursors.push({ value: node.value.value, node });
          else if (node.value.kind === Kind.VARIABLE) {
            const v = variables[node.value.name.value];
            if (typeof v === 'string') cursors.push({ value: v, node });
          }
        },
      });
      for (const cursor of cursors) {
        try {
          codec.check(cursor.value);
        } catch (err) {
          if (!isTallyError(err)) throw err;
          setResultAndStopExecution({ errors: [new GraphQLError(err.message, { nodes: [cursor.node], extensions: { code: err.code, ...(err.details ?? {}) } })] });
          return;
        }
      }
    },
  };
}

/**
 * One failing upstream call is one error: fields that failed because of the same call (the sales
 * page that many entries were joined from) share one error object, and the response carries it
 * once, at its first path, with `extensions.paths` (every affected field, up to 50) and
 * `extensions.count`. Runs before error masking, which keeps these extensions.
 */
export function useSharedUpstreamErrors(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const single = result as ExecutionResult;
          if (!single.errors || single.errors.length < 2) return;
          const groups = new Map<TallyError, GraphQLError[]>();
          const out: GraphQLError[] = [];
          for (const e of single.errors) {
            const tally = upstreamCause(e);
            if (!tally) {
              out.push(e);
              continue;
            }
            const group = groups.get(tally);
            if (group) group.push(e);
            else {
              groups.set(tally, [e]);
              out.push(e);
            }
          }
          if (out.length === single.errors.length) return;
          setResult({
            ...single,
            errors: out.map((e) => {
              const tally = upstreamCause(e);
              const group = tally ? groups.get(tally) : undefined;
              if (!group || group.length < 2) return e;
              return new GraphQLError(e.message, {
                nodes: e.nodes,
                positions: e.positions,
                path: e.path,
                originalError: e.originalError,
                extensions: { ...e.extensions, count: group.length, paths: group.slice(0, 50).map((g) => g.path) },
              });
            }),
          } as typeof result);
        },
      };
    },
  };
}

/** The error object behind a field error, when fields can share it (one failed call, one refusal per request). */
function upstreamCause(e: GraphQLError): TallyError | undefined {
  const cause = e.originalError;
  return isTallyError(cause) ? cause : undefined;
}
