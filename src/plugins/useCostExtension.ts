import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/** The request header that asks for `extensions.cost` outside the sandbox. */
export const COST_HEADER = 'x-tally-cost';

/**
 * `extensions.cost`: the upstream calls an operation made per source and endpoint, cache hits and
 * time spent upstream, on the answer (or the last payload of a streamed one). Always on in the sandbox; elsewhere when the request sends `x-tally-cost: 1`.
 */
export function useCostExtension(always: boolean): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request?: Request };
      const wanted = always || ctx.request?.headers.get(COST_HEADER) === '1' || ctx.request?.headers.get(COST_HEADER) === 'true';
      if (!wanted) return;
      return {
        onExecuteDone(payload) {
          // With @defer/@stream the answer is a stream of payloads: the cost is complete only when
          // the last one (`hasNext: false`) is sent, and only that one carries it.
          return handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            const single = result as { data?: unknown; errors?: unknown; hasNext?: boolean; extensions?: Record<string, unknown> };
            if (single.hasNext === true) return;
            if (!('data' in single) && !('errors' in single) && !('hasNext' in single)) return;
            setResult({ ...single, extensions: { ...(single.extensions ?? {}), cost: ctx.meter.summary() } } as typeof result);
          });
        },
      };
    },
  };
}
