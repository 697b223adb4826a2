import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/** The request header that asks for `extensions.cost` outside the sandbox. */
export const COST_HEADER = 'x-tally-cost';

/**
 * `extensions.cost`: the upstream calls an operation made per source and endpoint, cache hits and
 * time spent upstream. Always on in the sandbox; elsewhere when the request sends `x-tally-cost: 1`.
 */
export function useCostExtension(always: boolean): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request?: Request };
      const wanted = always || ctx.request?.headers.get(COST_HEADER) === '1' || ctx.request?.headers.get(COST_HEADER) === 'true';
      if (!wanted) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return;
          const single = result as { data?: unknown; errors?: unknown; extensions?: Record<string, unknown> };
          setResult({ ...single, extensions: { ...(single.extensions ?? {}), cost: ctx.meter.summary() } } as typeof result);
        },
      };
    },
  };
}
