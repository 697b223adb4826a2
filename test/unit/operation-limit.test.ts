import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useOperationLimit } from '../../src/operation-limit.js';

type Execute = (args: { contextValue: { signal?: AbortSignal } }) => Promise<unknown>;

/** One plugin instance (one per gateway); `run` executes an operation through it, as envelop would. */
function limiter(limit: number, inner: (name: string) => Execute) {
  const plugin = useOperationLimit(limit);
  return (name: string, signal?: AbortSignal) => {
    let wrapped: Execute | undefined;
    (plugin.onExecute as (payload: unknown) => void)({ executeFn: inner(name), setExecuteFn: (fn: Execute) => (wrapped = fn) });
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
  const inner = (name: string): Execute => async () => {
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

  it('TALLY_MAX_CONCURRENT_OPERATIONS is 4 by default and a positive whole number', () => {
    expect(loadConfig({}).limits.maxConcurrentOperations).toBe(4);
    expect(loadConfig({ TALLY_MAX_CONCURRENT_OPERATIONS: '16' }).limits.maxConcurrentOperations).toBe(16);
    expect(() => loadConfig({ TALLY_MAX_CONCURRENT_OPERATIONS: '0' })).toThrow(/TALLY_MAX_CONCURRENT_OPERATIONS/);
  });
});
