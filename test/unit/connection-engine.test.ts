import { describe, expect, it } from 'vitest';
import { CursorCodec, listFingerprint } from '../../src/paging/cursor.js';
import { paginate, type SegmentedList, type UpstreamPage } from '../../src/paging/engine.js';
import { TallyError } from '../../src/domain/errors.js';
import { MappedPage } from '../../src/paging/segments.js';

const codec = new CursorCodec('test-secret-test-secret-test-secret!');
const fingerprint = listFingerprint('Test.items', 'parent', { x: 1 });

/**
 * A fake upstream: segments of items, each served in pages of `pageSize` with opaque tokens, in
 * one of the vendor styles the engine must handle.
 */
function fakeSource(
  segmentSizes: number[],
  pageSize: number,
  style: 'dates' | 'feed' | 'token-with-empty-tail' = 'dates',
  openLast = false,
): SegmentedList<string> & { calls: number } {
  const data = segmentSizes.map((n, s) => Array.from({ length: n }, (_, i) => `s${s}-i${i}`));
  const src = {
    calls: 0,
    segments: data.length,
    fetchPage: async (segment: number, token: string | null): Promise<UpstreamPage<string>> => {
      src.calls++;
      const items = data[segment] ?? [];
      const start = token === null ? 0 : Number(Buffer.from(token, 'base64').toString());
      const slice = items.slice(start, start + pageSize);
      const end = start + slice.length;
      const more = end < items.length;
      const final = !(openLast && segment === data.length - 1);
      const tokenFor = (n: number) => Buffer.from(String(n)).toString('base64');
      if (style === 'feed') {
        return { items: slice, next: tokenFor(end), hasMore: more, final };
      }
      if (style === 'token-with-empty-tail') {
        // Like Vipps' dates endpoint: a hasMore page may be followed by an empty one.
        const moreOrTail = end <= items.length && start < items.length && end === items.length && items.length % pageSize === 0;
        return { items: slice, next: more || moreOrTail ? tokenFor(end) : null, hasMore: more || moreOrTail, final };
      }
      return { items: slice, next: more ? tokenFor(end) : null, hasMore: more, final };
    },
  };
  return src;
}

async function walk(src: SegmentedList<string>, first: number, after: string | null = null, budget = 1000) {
  const seen: string[] = [];
  let cursor = after;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await paginate(src, { first, after: cursor }, { codec, fingerprint, maxUpstreamCalls: budget });
    seen.push(...page.edges.map((e) => e.node));
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { seen, last: page };
  }
  throw new Error('walk did not end');
}

describe('connection engine', () => {
  const shapes: Array<{ name: string; sizes: number[] }> = [
    { name: 'one segment', sizes: [23] },
    { name: 'segments with empty ones between', sizes: [5, 0, 0, 11, 0, 7] },
    { name: 'empty list', sizes: [0] },
    { name: 'exact multiples of the page size', sizes: [12, 12] },
  ];
  const firsts = [1, 2, 3, 4, 5, 7, 10, 12, 13, 100];
  const pageSizes = [1, 3, 4, 6, 1000];

  for (const style of ['dates', 'feed', 'token-with-empty-tail'] as const) {
    for (const shape of shapes) {
      it(`walks every item exactly once (${style}, ${shape.name}) for every first x upstream page size`, async () => {
        const expected = shape.sizes.flatMap((n, s) => Array.from({ length: n }, (_, i) => `s${s}-i${i}`));
        for (const ps of pageSizes) {
          for (const first of firsts) {
            const { seen } = await walk(fakeSource(shape.sizes, ps, style), first);
            expect(seen, `page size ${ps}, first ${first}`).toEqual(expected);
          }
        }
      });
    }
  }

  it('resumes from every edge cursor without skipping or repeating', async () => {
    for (const ps of [1, 3, 4, 1000]) {
      const src = fakeSource([5, 0, 9, 4], ps);
      const expected = (await walk(src, 1000)).seen;
      for (const first of [1, 2, 5]) {
        const page = await paginate(src, { first: 1000 }, { codec, fingerprint, maxUpstreamCalls: 1000 });
        for (const [i, edge] of page.edges.entries()) {
          const { seen } = await walk(src, first, edge.cursor);
          expect(seen, `page size ${ps}, resume after #${i}, first ${first}`).toEqual(expected.slice(i + 1));
        }
      }
    }
  });

  it('stops at the upstream-call budget and continues from endCursor', async () => {
    const src = fakeSource([3, 0, 0, 0, 0, 0, 0, 4], 2);
    const first = await paginate(src, { first: 100 }, { codec, fingerprint, maxUpstreamCalls: 3 });
    expect(first.budgetExhausted).toBe(true);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((e) => e.node)).toEqual(['s0-i0', 's0-i1', 's0-i2']);
    const { seen } = await walk(src, 100, first.pageInfo.endCursor, 3);
    expect(seen).toEqual(['s7-i0', 's7-i1', 's7-i2', 's7-i3']);
  });

  it('fetches each upstream page once per GraphQL page even when first is small', async () => {
    const src = fakeSource([10], 10);
    await paginate(src, { first: 3 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(src.calls).toBe(1);
  });

  it('ends a live feed with hasNextPage false, tryLater true, and a resumable endCursor', async () => {
    const sizes = [4];
    const src = fakeSource(sizes, 3, 'feed', true);
    const page = await paginate(src, { first: 10 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(page.edges).toHaveLength(4);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.tryLater).toBe(true);
    expect(page.pageInfo.endCursor).toBeTruthy();
    // New items arrive; resuming from the saved cursor returns exactly them.
    sizes[0] = 6;
    const grown = fakeSource(sizes, 3, 'feed', true);
    const next = await paginate(grown, { first: 10, after: page.pageInfo.endCursor }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(next.edges.map((e) => e.node)).toEqual(['s0-i4', 's0-i5']);
    expect(next.tryLater).toBe(true);
    // An empty live end still hands back a cursor to resume from.
    const empty = await paginate(grown, { first: 10, after: next.pageInfo.endCursor }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(empty.edges).toHaveLength(0);
    expect(empty.pageInfo.endCursor).toBeTruthy();
  });

  it('rejects last/before, first out of range, and tampered or foreign cursors with BAD_USER_INPUT', async () => {
    const src = fakeSource([5], 2);
    const page = await paginate(src, { first: 2 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    const good = page.pageInfo.endCursor!;
    const bad: Array<[string, Parameters<typeof paginate>[1], string]> = [
      ['last', { last: 2 }, 'forward'],
      ['before', { first: 2, before: good }, 'forward'],
      ['first 0', { first: 0 }, 'between 1 and 1000'],
      ['first 1001', { first: 1001 }, 'between 1 and 1000'],
      ['tampered', { first: 2, after: good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA') }, 'signature'],
      ['truncated', { first: 2, after: good.slice(0, 10) }, 'cursor'],
      ['garbage', { first: 2, after: '%%%' }, 'cursor'],
    ];
    for (const [name, args, message] of bad) {
      const err = await paginate(src, args, { codec, fingerprint, maxUpstreamCalls: 10 }).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(TallyError);
      expect((err as TallyError).code, name).toBe('BAD_USER_INPUT');
      expect((err as TallyError).message, name).toContain(message);
    }
    const foreign = listFingerprint('Test.items', 'parent', { x: 2 });
    const err = await paginate(src, { first: 2, after: good }, { codec, fingerprint: foreign, maxUpstreamCalls: 10 }).catch(
      (e: unknown) => e,
    );
    expect((err as TallyError).message).toContain('another field or other arguments');
    const otherSecret = new CursorCodec('another-secret-another-secret-another');
    const err2 = await paginate(src, { first: 2, after: good }, { codec: otherSecret, fingerprint, maxUpstreamCalls: 10 }).catch(
      (e: unknown) => e,
    );
    expect((err2 as TallyError).code).toBe('BAD_USER_INPUT');
  });

  it('fingerprints ignore argument order', () => {
    expect(listFingerprint('f', 'p', { a: 1, b: 2 })).toBe(listFingerprint('f', 'p', { b: 2, a: 1 }));
    expect(listFingerprint('f', 'p', { a: 1 })).not.toBe(listFingerprint('f', 'p', { a: 2 }));
  });
});

describe('cursor signing', () => {
  it('signs an edge cursor only when it is read, and the same string as resuming from it expects', async () => {
    let signed = 0;
    const counting = new CursorCodec('test-secret-test-secret-test-secret!');
    const encode = counting.encode.bind(counting);
    counting.encode = (f, p) => {
      signed++;
      return encode(f, p);
    };
    const page = await paginate(fakeSource([1000], 1000), { first: 1000 }, { codec: counting, fingerprint, maxUpstreamCalls: 10 });
    expect(page.edges).toHaveLength(1000);
    // Nothing yet: neither the 1000 edges nor pageInfo have been asked for a cursor.
    expect(signed).toBe(0);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(signed).toBe(0);
    const tenth = page.edges[9]!.cursor;
    expect(signed).toBe(1);
    expect(page.edges[9]!.cursor).toBe(tenth);
    expect(signed).toBe(1);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
    expect(signed).toBe(2);
    const end = page.pageInfo.endCursor;
    expect(page.pageInfo.endCursor).toBe(end);
    expect(signed).toBe(3);
    // The lazily signed end cursor is the one the same page signs eagerly (the last edge's position).
    expect(end).toBe(page.edges[999]!.cursor);
    const resumed = await paginate(fakeSource([1000], 1000), { first: 2, after: tenth }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(resumed.edges.map((e) => e.node)).toEqual(['s0-i10', 's0-i11']);
  });
});

describe('pages mapped item by item (MappedPage)', () => {
  /** The same fake upstream, its pages mapped lazily, counting the items mapped. */
  function mappedSource(sizes: number[], pageSize: number) {
    const plain = fakeSource(sizes, pageSize);
    const cache = new Map<string, MappedPage<string, string>>();
    const src = {
      mapped: 0,
      segments: plain.segments,
      fetchPage: async (segment: number, token: string | null): Promise<UpstreamPage<string>> => {
        const key = `${segment}:${token}`;
        let page = cache.get(key);
        if (!page) {
          const p = await plain.fetchPage(segment, token);
          page = MappedPage.of(
            p.items,
            (item) => {
              src.mapped++;
              return `mapped ${item}`;
            },
            p,
          );
          cache.set(key, page);
        }
        return page.withCached(false);
      },
    };
    return src;
  }

  it('maps only the items it hands out, with the same cursors as a plain page', async () => {
    const lazy = mappedSource([40, 7], 30);
    const plain = fakeSource([40, 7], 30);
    const a = await paginate(lazy, { first: 5 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    const b = await paginate(plain, { first: 5 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(lazy.mapped).toBe(5);
    expect(a.edges.map((e) => e.node)).toEqual(b.edges.map((e) => `mapped ${e.node}`));
    expect(a.edges.map((e) => e.cursor)).toEqual(b.edges.map((e) => e.cursor));
    expect(a.pageInfo).toEqual(b.pageInfo);
    // Resuming maps the next items once; the whole walk equals the plain one.
    const rest = await walk(lazy, 9, a.pageInfo.endCursor);
    const plainRest = await walk(plain, 9, b.pageInfo.endCursor);
    expect(rest.seen).toEqual(plainRest.seen.map((s) => `mapped ${s}`));
    expect(lazy.mapped).toBe(47);
  });

  it('maps every item once when all are read, and a derived page is a plain page', async () => {
    let mapped = 0;
    const page = MappedPage.of(
      ['a', 'b', 'c'],
      (s) => {
        mapped++;
        return s.toUpperCase();
      },
      { next: null, hasMore: false, final: true },
    );
    expect(page.itemsBetween(1, 2)).toEqual(['B']);
    expect(page.items).toEqual(['A', 'B', 'C']);
    expect(page.withCached(true).items).toEqual(['A', 'B', 'C']);
    expect(mapped).toBe(3);
    const derived = { ...page.withCached(true), items: page.items.filter((s) => s !== 'B') };
    const r = await paginate({ segments: 1, fetchPage: async () => derived }, { first: 5 }, { codec, fingerprint, maxUpstreamCalls: 10 });
    expect(r.edges.map((e) => e.node)).toEqual(['A', 'C']);
  });
});
