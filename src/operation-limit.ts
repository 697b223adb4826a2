import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/**
 * At most `limit` GraphQL operations execute at once in this process; the others wait their turn
 * in arrival order (a client that goes away while waiting leaves the queue). What an operation
 * holds - the upstream pages it parsed and mapped, the join's indexes, the result it builds - lives
 * until it is answered, and one JavaScript thread gains nothing from working on sixteen heavy
 * operations side by side: it only holds sixteen times as much at once and collects garbage longer
 * (issue 13). Upstream waits still overlap, because `limit` operations run together. Placed last
 * among the plugins, so it wraps whatever executes the operation.
 */
export function useOperationLimit(limit: number): Plugin<Context> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const acquire = (signal: AbortSignal | undefined): Promise<void> => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        const i = waiting.indexOf(turn);
        if (i >= 0) waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      waiting.push(turn);
      signal?.addEventListener('abort', leave, { once: true });
    });
  };
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        await acquire((args.contextValue as Partial<Context> | undefined)?.signal);
        try {
          return await executeFn(args);
        } finally {
          release();
        }
      });
    },
  };
}
