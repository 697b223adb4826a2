import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isTallyError, type TallyError } from '../domain/errors.js';

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
