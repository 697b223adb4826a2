import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { operationCost, useOperationLimit } from '../../src/plugins/useOperationLimit.js';
import { parse } from 'graphql';
import { schema } from '../../src/resolvers/index.js';

type Execute = (args: { contextValue: { signal?: AbortSignal } }) => Promise<unknown>;

/**
 * One plugin instance (one per gateway) with a budget of `limit` cost; `run` executes an operation
 * of cost `weight` (1 unless given) through it, as envelop would.
 */
function limiter(limit: number, inner: (name: string) => Execute) {
  const plugin = useOperationLimit(limit, (args) => (args as unknown as { weight: number }).weight);
  return (name: string, signal?: AbortSignal, weight = 1) => {
    let wrapped: Execute | undefined;
    (plugin.onExecute as (payload: unknown) => void)({
      args: { weight },
      executeFn: inner(name),
      setExecuteFn: (fn: Execute) => (wrapped = fn),
    });
    return wrapped!({ contextValue: { signal } });
  };
}

/** An operation that runs until the test lets it finish. */
function controlled() {
  const started: string[] = [];
  const finish = new Map<string, (v: unknown) => void>();
  let running = 0;
  let most = 0;
  const fail = new Set<string>();
  const inner =
    (name: string): Execute =>
    async () => {
      started.push(name);
      running++;
      most = Math.max(most, running);
      try {
        await new Promise((resolve) => finish.set(name, resolve));
        if (fail.has(name)) throw new Error(`${name} failed`);
        return name;
      } finally {
        running--;
      }
    };
  return { started, finish, fail, inner, most: () => most };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('useOperationLimit', () => {
  it("holds a streamed answer's share (@defer/@stream) until its last payload is read, not only until the stream is returned", async () => {
    const started: string[] = [];
    let release: (() => void) | undefined;
    const inner =
      (name: string): Execute =>
      async () => {
        started.push(name);
        if (name !== 'stream') return name;
        const gate = new Promise<void>((r) => (release = r));
        return (async function* () {
          yield { hasNext: true };
          await gate;
          yield { hasNext: false };
        })();
      };
    const run = limiter(1, inner);
    const stream = (await run('stream')) as AsyncIterator<unknown>;
    const next = run('next');
    await stream.next();
    await tick();
    expect(started).toEqual(['stream']);
    release!();
    await stream.next();
    await stream.next();
    await next;
    expect(started).toEqual(['stream', 'next']);
  });

  it('runs at most `limit` operations at once and starts the waiting ones in arrival order', async () => {
    const c = controlled();
    // One plugin instance per gateway: wrap each through the same instance.
    const run = limiter(2, c.inner);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((n) => run(n));
    await tick();
    expect(c.started).toEqual(['a', 'b']);
    c.finish.get('b')!(undefined);
    await tick();
    expect(c.started).toEqual(['a', 'b', 'c']);
    c.finish.get('a')!(undefined);
    await tick();
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
    for (const n of ['c', 'd']) c.finish.get(n)!(undefined);
    await tick();
    c.finish.get('e')!(undefined);
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(c.most()).toBe(2);
  });

  it('frees the slot of an operation that throws', async () => {
    const c = controlled();
    const run = limiter(1, c.inner);
    c.fail.add('a');
    const a = run('a');
    const b = run('b');
    await tick();
    expect(c.started).toEqual(['a']);
    c.finish.get('a')!(undefined);
    await expect(a).rejects.toThrow('a failed');
    await tick();
    expect(c.started).toEqual(['a', 'b']);
    c.finish.get('b')!(undefined);
    expect(await b).toBe('b');
  });

  it('lets a waiting operation whose client went away leave the queue without taking a turn', async () => {
    const c = controlled();
    const run = limiter(1, c.inner);
    const gone = new AbortController();
    const a = run('a');
    const b = run('b', gone.signal);
    const d = run('d');
    gone.abort(new Error('client went away'));
    await expect(b).rejects.toThrow('client went away');
    c.finish.get('a')!(undefined);
    expect(await a).toBe('a');
    await tick();
    expect(c.started).toEqual(['a', 'd']);
    c.finish.get('d')!(undefined);
    expect(await d).toBe('d');
  });

  it('counts cost, not operations: light operations run many at once while heavy ones wait their turn; one costing at most 1% of the budget never waits', async () => {
    const c = controlled();
    const run = limiter(100, c.inner);
    const heavy = ['h1', 'h2', 'h3'].map((n) => run(n, undefined, 40));
    await tick();
    // 40 + 40 fit in 100, a third 40 does not.
    expect(c.started).toEqual(['h1', 'h2']);
    const mid = run('m', undefined, 15);
    const light = run('l', undefined, 1);
    await tick();
    // The light one passes the queue; the middle one waits behind h3 (arrival order, no overtaking).
    expect(c.started).toEqual(['h1', 'h2', 'l']);
    c.finish.get('h1')!(undefined);
    await tick();
    // 40 (h2) + 40 (h3) + 1 (l) + 15 (m) = 96: both queued ones start.
    expect(c.started).toEqual(['h1', 'h2', 'l', 'h3', 'm']);
    for (const n of ['h2', 'h3', 'm', 'l']) c.finish.get(n)!(undefined);
    expect(await Promise.all([...heavy, mid, light])).toEqual(['h1', 'h2', 'h3', 'm', 'l']);
  });

  it('an operation costing more than the budget runs alone, and runs', async () => {
    const c = controlled();
    const run = limiter(100, c.inner);
    const a = run('a', undefined, 30);
    const huge = run('huge', undefined, 10_000);
    const b = run('b', undefined, 30);
    await tick();
    expect(c.started).toEqual(['a']);
    c.finish.get('a')!(undefined);
    await tick();
    expect(c.started).toEqual(['a', 'huge']);
    c.finish.get('huge')!(undefined);
    await tick();
    expect(c.started).toEqual(['a', 'huge', 'b']);
    c.finish.get('b')!(undefined);
    expect(await Promise.all([a, huge, b])).toEqual(['a', 'huge', 'b']);
  });

  it("weighs an operation by the cost limit's own count: first x selection, the named operation of the document, its fragments and variables", () => {
    const document = parse(`
      query Small($id: ID!) { ledger(id: $id) { entries(date: "2026-01-01", first: 50) { edges { node { ...E } } } } }
      query Big($id: ID!, $first: Int) { ledger(id: $id) { entries(date: "2026-01-01", first: $first) { edges { node { ...E salesEvent { lines { name } } } } } } }
      fragment E on Entry { entryType reference amount { amount currency } }
    `);
    const cost = (operationName: string, variables: Record<string, unknown>) =>
      operationCost({ schema, document, operationName, variableValues: variables, contextValue: {} });
    const small = cost('Small', { id: 'x' });
    const big = cost('Big', { id: 'x', first: 1000 });
    expect(small).toBeGreaterThan(50);
    expect(big).toBeGreaterThan(20 * small);
    expect(cost('Big', { id: 'x', first: 100 })).toBeLessThan(big / 5);
    expect(cost('Nope', {})).toBe(Number.POSITIVE_INFINITY);
    expect(cost('Big', { id: 'x', first: 'many' })).toBe(Number.POSITIVE_INFINITY);
  });

  it("TALLY_MAX_CONCURRENT_COST is 52000 by default (four of a busy day's first 1000 entries with their sales) and a positive whole number", () => {
    expect(loadConfig({}).limits.maxConcurrentCost).toBe(52_000);
    expect(loadConfig({ TALLY_MAX_CONCURRENT_COST: '200000' }).limits.maxConcurrentCost).toBe(200_000);
    expect(() => loadConfig({ TALLY_MAX_CONCURRENT_COST: '0' })).toThrow(/TALLY_MAX_CONCURRENT_COST/);
  });
});
