import { badInput } from '../domain/errors.js';
import type { ItemsByIndex, SegmentedList, UpstreamPage } from './page.js';
import type { CursorCodec, CursorPosition } from './cursor.js';

export type { SegmentedList, UpstreamPage };

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PaginateOptions {
  codec: CursorCodec;
  /** From `listFingerprint`: binds cursors to this field and arguments. Read only when a cursor is signed or opened (it may be a getter). */
  readonly fingerprint: string;
  defaultFirst?: number;
  maxFirst?: number;
  /** Upstream calls (cache misses) this GraphQL page may cost before it stops and lets the client continue. */
  maxUpstreamCalls: number;
  /** Signed into every cursor of the list (`CursorCodec.encode`): what rebuilds it on resume when its arguments do not (a feed's start at `now`). */
  anchor?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionPage<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Reached the live end of a list that is still growing (the feed tail, an open date). */
  tryLater: boolean;
  /** Stopped because the upstream-call budget was spent, not because the page was full. */
  budgetExhausted: boolean;
}

/**
 * An edge whose cursor is signed the first time it is read: a query that does not select `cursor`
 * (most do not) pays no HMAC per edge, and one that does gets the same string as before. A class,
 * so the getter is its prototype's rather than a new accessor and closure on every edge.
 */
class LazyEdge<T> implements Edge<T> {
  private signed: string | undefined;

  constructor(
    readonly node: T,
    private readonly at: CursorPosition,
    private readonly encode: (p: CursorPosition) => string,
  ) {}

  get cursor(): string {
    return (this.signed ??= this.encode(this.at));
  }
}

/** Whether the page maps its items one by one (a `MappedPage`), rather than holding them all mapped. */
function mapsByIndex<T>(page: UpstreamPage<T>): page is UpstreamPage<T> & ItemsByIndex<T> {
  const lazy = page as UpstreamPage<T> & Partial<ItemsByIndex<T>>;
  return typeof lazy.itemCount === 'function' && typeof lazy.itemsBetween === 'function';
}

/** A page's items by index without mapping the others, when the page maps them one by one. */
function byIndex<T>(page: UpstreamPage<T>): ItemsByIndex<T> {
  if (mapsByIndex(page)) return page;
  return { itemCount: () => page.items.length, itemsBetween: (start, end) => page.items.slice(start, end) };
}

/** Validates `first`/`after`/`last`/`before` the same way for every connection. */
export function pageSize(args: ConnectionArgs, defaultFirst = 100, maxFirst = 1000): number {
  if (args.last != null || args.before != null) {
    throw badInput('Only forward pagination is supported: the upstreams page forward only. Use `first` and `after`.', {
      argument: args.last != null ? 'last' : 'before',
    });
  }
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > maxFirst) {
    throw badInput(`\`first\` must be between 1 and ${maxFirst} (got ${first}).`, { argument: 'first' });
  }
  return first;
}

/**
 * The one pagination engine (docs/architecture.md, Connections): hands out `first` items starting right
 * after the `after` cursor, reading as many upstream pages as that takes within the budget. Every
 * edge's cursor records the upstream token and offset that reproduce the position exactly, so
 * resuming from any edge neither skips nor repeats an item, whatever `first` and the upstream page
 * size are.
 */
export async function paginate<T>(list: SegmentedList<T>, args: ConnectionArgs, options: PaginateOptions): Promise<ConnectionPage<T>> {
  const want = pageSize(args, options.defaultFirst, options.maxFirst);
  const { codec } = options;
  // Read from the options when a cursor is signed or opened: a fingerprint can be costly to make (`listFingerprint`).
  const encode = (p: CursorPosition) => codec.encode(options.fingerprint, p, options.anchor);
  // `after: ""` is a cursor too (an invalid one), not a request for the first page.
  let pos: CursorPosition = args.after != null ? codec.decode(options.fingerprint, args.after) : { s: 0, t: null, o: 0 };

  const edges: Edge<T>[] = [];
  let calls = 0;
  let reads = 0;
  let hasNextPage = false;
  let tryLater = false;
  let budgetExhausted = false;
  // Guards against an upstream that keeps answering "more" with the same token and no items.
  const maxReads = options.maxUpstreamCalls * 4 + list.segments + 10;

  while (pos.s < list.segments) {
    if (calls >= options.maxUpstreamCalls || reads >= maxReads) {
      hasNextPage = true;
      budgetExhausted = true;
      break;
    }
    const page = await list.fetchPage(pos.s, pos.t);
    reads++;
    calls += page.upstreamCalls ?? (page.cached ? 0 : 1);
    const items = byIndex(page);
    const size = items.itemCount();

    // An upstream that returns items but no new token must be resumed by offset, never by a
    // token that would hand the same items out again.
    const advances = page.next !== null && !(page.next === pos.t && size > 0);
    const afterPage: CursorPosition = advances
      ? { s: pos.s, t: page.next, o: 0 }
      : page.final && !page.hasMore
        ? { s: pos.s + 1, t: null, o: 0 }
        : { s: pos.s, t: pos.t, o: size };

    const start = Math.min(pos.o, size);
    const take = items.itemsBetween(start, start + (want - edges.length));
    take.forEach((node, i) => {
      const o = start + i + 1;
      edges.push(new LazyEdge(node, o === size ? afterPage : { s: pos.s, t: pos.t, o }, encode));
    });
    const consumedPage = start + take.length >= size;

    if (edges.length >= want) {
      if (!consumedPage) {
        hasNextPage = true;
        pos = { s: pos.s, t: pos.t, o: start + take.length };
      } else {
        hasNextPage = page.hasMore || (afterPage.s < list.segments && (page.final || pos.s + 1 < list.segments));
        if (!page.hasMore && !page.final && pos.s + 1 >= list.segments) tryLater = true;
        pos = afterPage;
      }
      break;
    }

    if (page.hasMore && advances) {
      pos = afterPage;
      continue;
    }
    if (page.hasMore) {
      // "More" without a usable token: nothing safe to ask for; stop here, resumable by offset.
      hasNextPage = true;
      pos = afterPage;
      break;
    }
    // Nothing more in this segment now.
    if (!page.final && pos.s + 1 >= list.segments) {
      tryLater = true;
      pos = afterPage;
      break;
    }
    pos = { s: pos.s + 1, t: null, o: 0 };
  }

  // The end cursor is where the walk stopped: the last edge's position when the page filled up,
  // further on when empty segments were passed, and always present so that a live feed or a
  // budget-limited range can be resumed even from a page with no edges. Both cursors are signed
  // when first read, like the edges': most queries ask `hasNextPage` alone.
  const end = pos;
  let endCursor: string | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: args.after != null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return (endCursor ??= encode(end));
      },
    },
    tryLater,
    budgetExhausted,
  };
}
