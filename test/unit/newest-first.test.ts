import { describe, expect, it } from 'vitest';
import { CursorCodec, listFingerprint } from '../../src/paging/cursor.js';
import { paginate, type ConnectionPage, type SegmentedList, type UpstreamPage } from '../../src/paging/engine.js';
import { newestFirst } from '../../src/paging/segments.js';

const codec = new CursorCodec('test-secret-test-secret-test-secret!');
const fingerprint = listFingerprint('Test.items', 'parent', { order: 'NEWEST_FIRST' });

/** Segments of items in pages of `pageSize`; the last segment is open and can grow. */
function growingSource(data: string[][], pageSize: number): SegmentedList<string> & { calls: number } {
  const src = {
    calls: 0,
    segments: data.length,
    fetchPage: async (segment: number, token: string | null): Promise<UpstreamPage<string>> => {
      src.calls++;
      const items = data[segment] ?? [];
      const start = token === null ? 0 : Number(token);
      const end = Math.min(items.length, start + pageSize);
      return {
        items: items.slice(start, end),
        next: end < items.length ? String(end) : null,
        hasMore: end < items.length,
        final: segment < data.length - 1,
      };
    },
  };
  return src;
}

async function walk(source: SegmentedList<string>, first: number, between?: () => void): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: ConnectionPage<string> = await paginate(source, { first, after }, { codec, fingerprint, maxUpstreamCalls: 1000 });
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
    between?.();
  }
  throw new Error('did not end');
}

describe('newestFirst', () => {
  it('lists segments and their items from the last to the first, whatever the page sizes', async () => {
    const data = [['a1', 'a2', 'a3'], [], ['c1', 'c2', 'c3', 'c4', 'c5']];
    for (const first of [1, 2, 3, 10]) {
      expect(await walk(newestFirst(growingSource(data, 2), 100), first)).toEqual(['c5', 'c4', 'c3', 'c2', 'c1', 'a3', 'a2', 'a1']);
    }
  });

  it('keeps every cursor exact while the open segment grows between pages: no item twice, none skipped', async () => {
    const data = [
      ['a1', 'a2'],
      ['b1', 'b2', 'b3'],
    ];
    let n = 3;
    const got = await walk(newestFirst(growingSource(data, 2), 100), 2, () => data[1]!.push(`b${++n}`));
    // What was there when the list was first read, newest first; later payouts belong on a fresh first page.
    expect(got).toEqual(['b3', 'b2', 'b1', 'a2', 'a1']);
    const fresh = await walk(newestFirst(growingSource(data, 2), 100), 100);
    expect(fresh.slice(0, 2)).toEqual([`b${n}`, `b${n - 1}`]);
  });

  it('counts every upstream page of a segment it reads whole against the budget', async () => {
    // An open empty segment (one call) and three closed ones of five upstream pages each: after two
    // of those (11 calls) a budget of 7 is spent; counting a whole segment as one call would read all.
    const data = ['a', 'b', 'c', 'open'].map((k) => (k === 'open' ? [] : Array.from({ length: 10 }, (_, i) => `${k}${i}`)));
    const source = growingSource(data, 2);
    const page = await paginate(newestFirst(source, 100), { first: 100 }, { codec, fingerprint, maxUpstreamCalls: 7 });
    expect(page.budgetExhausted).toBe(true);
    expect(page.edges.map((e) => e.node)).toEqual([...[...data[2]!].reverse(), ...[...data[1]!].reverse()]);
    const resumed = await paginate(
      newestFirst(source, 100),
      { first: 100, after: page.pageInfo.endCursor },
      { codec, fingerprint, maxUpstreamCalls: 6 },
    );
    expect(resumed.edges.map((e) => e.node)).toEqual([...data[0]!].reverse());
  });
});
