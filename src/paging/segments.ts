import { TallyError } from '../domain/errors.js';
import type { ItemsByIndex, SegmentedList, UpstreamPage } from './page.js';

/**
 * An upstream page whose items are mapped from the validated upstream items on first read, each
 * once (`ItemsByIndex`). Pages are cached across requests, so what one request mapped the next
 * finds mapped; an upstream item is let go once mapped. Mapping must be deterministic and must not
 * fail on an item the page's schema accepted.
 */
export class MappedPage<R, T> implements UpstreamPage<T>, ItemsByIndex<T> {
  private constructor(
    private readonly state: {
      raw: Array<R | undefined>;
      mapped: Array<T | undefined>;
      map: (item: R, index: number) => T;
      all?: T[];
      memo?: Map<object, unknown>;
    },
    readonly next: string | null,
    readonly hasMore: boolean,
    readonly final: boolean,
    readonly cached?: boolean,
  ) {}

  static of<R, T>(
    raw: readonly R[],
    map: (item: R, index: number) => T,
    signals: Pick<UpstreamPage<T>, 'next' | 'hasMore' | 'final'>,
  ): MappedPage<R, T> {
    return new MappedPage(
      { raw: [...raw], mapped: new Array<T | undefined>(raw.length), map },
      signals.next,
      signals.hasMore,
      signals.final,
    );
  }

  /** The same page, as served from the cache or not. */
  withCached(cached: boolean | undefined): MappedPage<R, T> {
    return new MappedPage(this.state, this.next, this.hasMore, this.final, cached);
  }

  itemCount(): number {
    return this.state.raw.length;
  }

  /**
   * What `make` computes from this page, made once and kept with it: a page served from the cache
   * keeps it for every request that reads the page (an index of its items by key, say). `make`
   * must depend on the page's items alone; `kind` names what is kept.
   */
  memo<V>(kind: object, make: (page: this) => V): V {
    const memo = (this.state.memo ??= new Map());
    if (memo.has(kind)) return memo.get(kind) as V;
    const value = make(this);
    memo.set(kind, value);
    return value;
  }

  /** Item `i`, mapped now if it was not yet. */
  itemAt(i: number): T {
    const s = this.state;
    let item = s.mapped[i];
    if (item === undefined) {
      item = s.map(s.raw[i] as R, i);
      s.mapped[i] = item;
      s.raw[i] = undefined;
    }
    return item;
  }

  /**
   * Item `i` if it has been mapped, else undefined and `rawAt(i)` has it as the upstream sent it:
   * for reading a key of every item (an index) while mapping only the items a caller then picks.
   */
  mappedAt(i: number): T | undefined {
    return this.state.mapped[i];
  }

  /** Item `i` as the upstream sent it, until it is mapped (undefined after). See `mappedAt`. */
  rawAt(i: number): R | undefined {
    return this.state.raw[i];
  }

  itemsBetween(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start), last = Math.min(end, this.state.raw.length); i < last; i++) out.push(this.itemAt(i));
    return out;
  }

  get items(): T[] {
    return (this.state.all ??= this.itemsBetween(0, this.state.raw.length));
  }
}

/**
 * A segmented list with items left out, page by page. The predicate must depend on the item
 * alone (and the segment), so the same upstream page always yields the same filtered page: the
 * engine's offsets into it stay exact, and so do cursors. Pages that filter to nothing still carry
 * their tokens, so the walk goes on past them.
 */
export function filterList<T>(list: SegmentedList<T>, keep: (item: T, segment: number) => boolean): SegmentedList<T> {
  return {
    segments: list.segments,
    fetchPage: async (segment, token) => {
      const page = await list.fetchPage(segment, token);
      return { ...page, items: page.items.filter((item) => keep(item, segment)) };
    },
  };
}

/**
 * Every item of a segmented list, segment by segment, within a provider (a payout's transfers, a
 * whole ledger date): each segment is read until a page says no more or hands back no new token,
 * at most `maxPagesPerSegment` pages. Totals and exports walk with `walkPages` (src/paging/walk.ts).
 */
export async function allItems<T>(list: SegmentedList<T>, maxPagesPerSegment: number): Promise<T[]> {
  const out: T[] = [];
  for (let s = 0; s < list.segments; s++) {
    let token: string | null = null;
    for (let pages = 0; pages < maxPagesPerSegment; pages++) {
      const page: UpstreamPage<T> = await list.fetchPage(s, token);
      out.push(...page.items);
      if (!page.hasMore || !page.next || page.next === token) break;
      token = page.next;
    }
  }
  return out;
}

/**
 * The same list newest first: the segments (dates, windows) from the last to the first, and each
 * segment's items from the last to the first, read whole (at most `maxPagesPerSegment` upstream
 * pages; the calls count against the budget as they are made). A segment still open upstream can
 * grow at its end while a client pages through it, so its first read hands out no items but a
 * token naming how many it had (`n:<count>`): the pages after it list exactly those, newest first,
 * and every cursor into the segment stays exact. What is booked there later is newer than all of
 * them and shows on a fresh first page.
 */
export function newestFirst<T>(list: SegmentedList<T>, maxPagesPerSegment: number): SegmentedList<T> {
  const whole = async (s: number) => {
    const items: T[] = [];
    let upstreamCalls = 0;
    let final = true;
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      const page: UpstreamPage<T> = await list.fetchPage(s, cursor);
      upstreamCalls += page.upstreamCalls ?? (page.cached ? 0 : 1);
      if (!page.final) final = false;
      items.push(...page.items);
      if (!page.hasMore || !page.next || page.next === cursor) break;
      if (pages + 1 >= maxPagesPerSegment) {
        throw new TallyError(
          'UPSTREAM_BAD_RESPONSE',
          `A segment of the list has more than ${maxPagesPerSegment} pages; it cannot be read newest first`,
        );
      }
      cursor = page.next;
    }
    return { items, upstreamCalls, final };
  };
  return {
    segments: list.segments,
    fetchPage: async (segment, token): Promise<UpstreamPage<T>> => {
      const read = await whole(list.segments - 1 - segment);
      const counted = token !== null && /^n:\d+$/.test(token) ? Number(token.slice(2)) : null;
      const signals = { cached: read.upstreamCalls === 0, upstreamCalls: read.upstreamCalls };
      if (counted === null && !read.final && read.items.length > 0) {
        return { items: [], next: `n:${read.items.length}`, hasMore: true, final: false, ...signals };
      }
      const items = (counted === null ? read.items : read.items.slice(0, counted)).reverse();
      return { items, next: null, hasMore: false, final: read.final, ...signals };
    },
  };
}

/** A segmented list with every item mapped (deterministically, one to one). */
export function mapList<T, U>(list: SegmentedList<T>, map: (item: T) => U): SegmentedList<U> {
  return {
    segments: list.segments,
    fetchPage: async (segment, token) => {
      const page = await list.fetchPage(segment, token);
      return { ...page, items: page.items.map(map) };
    },
  };
}
