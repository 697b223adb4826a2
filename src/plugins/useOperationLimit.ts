import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/**
 * Operations whose cost is at most this share of the budget never wait: they hold little (a
 * ledger, a page of 50 entries, `{ __typename }`), and a queue of heavy reads must not hold them up.
 */
const LIGHT_SHARE = 0.01;

/**
 * The operation's cost as the cost limit (`TALLY_MAX_COST`, Pothos's complexity) counts it: a
 * connection costs `first` times its selection, so the cost follows the entries an operation
 * reads, maps and answers, which is what it holds in memory until it is answered.
 */
export function operationCost(
  args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues' | 'contextValue'>,
): number {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return Number.POSITIVE_INFINITY;
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  try {
    return complexityFromQuery(document, {
      schema: args.schema,
      variables: args.variableValues ?? {},
      ctx: (args.contextValue ?? {}) as object,
    }).complexity;
  } catch {
    // Variables that do not fit: execution refuses them at once, but count the operation as heavy.
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Operations execute in this process at most `budget` of cost at a time
 * (`TALLY_MAX_CONCURRENT_COST`); the others wait their turn in arrival order (a client that goes
 * away while waiting leaves the queue). What an operation holds - the upstream pages it parsed and
 * mapped, the join's indexes, the result it builds - lives until it is answered, and one JavaScript
 * thread gains nothing from working on sixteen heavy operations side by side: it only holds sixteen
 * times as much at once and collects garbage longer (issue 13). Counting by cost instead of by
 * operation keeps many light operations (one page of 50 entries, a ledger, a payout rule) in
 * flight together, so their upstream waits overlap, while only a few of a busy day's first 1000
 * entries with their sales run at once. An operation costing more than the budget runs alone; one
 * costing at most 1% of it never waits. Placed last among the plugins, so it wraps whatever
 * executes the operation.
 */
export function useOperationLimit(budget: number, weigh: (args: ExecutionArgs) => number = operationCost): Plugin<Context> {
  let inFlight = 0;
  const waiting: Array<{ weight: number; start: () => void }> = [];
  const admit = () => {
    while (waiting.length > 0) {
      const head = waiting[0] as { weight: number; start: () => void };
      if (inFlight > 0 && inFlight + head.weight > budget) return;
      waiting.shift();
      inFlight += head.weight;
      head.start();
    }
  };
  const acquire = (weight: number, signal: AbortSignal | undefined): Promise<void> => {
    if (weight <= budget * LIGHT_SHARE || (waiting.length === 0 && (inFlight === 0 || inFlight + weight <= budget))) {
      inFlight += weight;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        weight,
        start: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
      };
      const leave = () => {
        const i = waiting.indexOf(entry);
        if (i >= 0) waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
        admit();
      };
      waiting.push(entry);
      signal?.addEventListener('abort', leave, { once: true });
    });
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const weight = Math.max(1, Math.min(budget, weigh(args)));
      setExecuteFn(async (execArgs) => {
        await acquire(weight, (execArgs.contextValue as Partial<Context> | undefined)?.signal);
        let held = true;
        const release = () => {
          if (!held) return;
          held = false;
          inFlight -= weight;
          admit();
        };
        let streamed = false;
        try {
          const result = await executeFn(execArgs);
          // A streamed answer (@defer/@stream) still works after it is returned: it holds its
          // share until its last payload is read, or the client goes away.
          if (isAsyncIterable(result)) {
            streamed = true;
            return holdUntilDone(result, release);
          }
          return result;
        } finally {
          if (!streamed) release();
        }
      });
    },
  };
}

/** The same stream, calling `done` once when it ends, fails or is closed early (even before its first payload). */
function holdUntilDone<T>(source: AsyncIterable<T>, done: () => void): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const r = await it.next();
        if (r.done) done();
        return r;
      } catch (err) {
        done();
        throw err;
      }
    },
    async return(value?: unknown) {
      done();
      return it.return ? it.return(value) : { done: true, value: value as T };
    },
    async throw(err?: unknown) {
      done();
      if (it.throw) return it.throw(err);
      throw err;
    },
  };
}
