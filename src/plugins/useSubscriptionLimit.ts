import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/**
 * At most `max` open subscriptions per client in this process (`TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT`).
 * A subscription holds no admission slot of the operation limit (which counts what executes: a
 * subscription waits between its polls and executes only its events), so the open ones are capped
 * here instead: one more is refused with `RATE_LIMITED` until one of them ends. A subscription that
 * fails before its stream opens (a bad cursor, a ledger not granted) counts for nothing.
 */
export function useSubscriptionLimit(max: number): Plugin<Context> {
  const open = new Map<string, number>();
  const release = (client: string) => {
    const n = (open.get(client) ?? 1) - 1;
    if (n <= 0) open.delete(client);
    else open.set(client, n);
  };
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const client = (args.contextValue as Partial<Context>).client?.name ?? '';
      const count = open.get(client) ?? 0;
      if (count >= max) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(`This client has ${max} subscriptions open, as many as one client may hold: close one first.`, {
              extensions: { code: 'RATE_LIMITED', limit: 'subscriptionsPerClient', max },
            }),
          ],
        });
        return;
      }
      open.set(client, count + 1);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        release(client);
      };
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            done();
            return;
          }
          return { onEnd: done };
        },
        onSubscribeError: done,
      };
    },
  };
}
