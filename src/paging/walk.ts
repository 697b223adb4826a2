import { TallyError } from '../domain/errors.js';
import type { SegmentedList, UpstreamPage } from './engine.js';

/** The walk would need more upstream calls (cache misses) than its budget allows. */
export class WalkBudgetExceeded extends Error {
  constructor(
    readonly budget: number,
    /** The segment the walk had reached: how far the budget went. */
    readonly segment: number,
  ) {
    super(`walk needs more than ${budget} upstream calls`);
    this.name = 'WalkBudgetExceeded';
  }
}

export interface WalkOptions {
  /** Upstream calls (cache misses) the whole walk may make; cached pages are free. */
  maxUpstreamCalls: number;
  /** Segments to pass over without reading (their result is known, e.g. from a cache). */
  skipSegment?: (segment: number) => boolean;
}

export interface WalkedPage<T> {
  segment: number;
  page: UpstreamPage<T>;
  /** The last page of its segment. */
  lastOfSegment: boolean;
}

/**
 * Every page of a segmented list, in order: the whole list rather than a GraphQL page of it (for
 * totals and exports). Follows the same upstream signals as the connection engine (`next`,
 * `hasMore`, a token that does not advance), under its own budget of upstream calls: it throws
 * `WalkBudgetExceeded` before making the call that would exceed it, so a caller never mistakes a
 * partial walk for a whole one.
 */
export async function* walkPages<T>(list: SegmentedList<T>, options: WalkOptions): AsyncGenerator<WalkedPage<T>> {
  let calls = 0;
  let reads = 0;
  const maxReads = options.maxUpstreamCalls * 4 + list.segments * 4 + 10;
  for (let segment = 0; segment < list.segments; segment++) {
    if (options.skipSegment?.(segment)) continue;
    let token: string | null = null;
    for (;;) {
      if (calls >= options.maxUpstreamCalls || reads >= maxReads) throw new WalkBudgetExceeded(options.maxUpstreamCalls, segment);
      const page: UpstreamPage<T> = await list.fetchPage(segment, token);
      reads++;
      calls += page.upstreamCalls ?? (page.cached ? 0 : 1);
      const advances = page.next !== null && page.next !== token;
      const more = page.hasMore && advances;
      if (page.hasMore && !advances && page.items.length > 0 && page.next === token) {
        // The same token back with items and "more": resuming would hand out the same items again.
        throw new TallyError(
          'UPSTREAM_BAD_RESPONSE',
          'The upstream answered "more" without a new cursor; the list cannot be walked to its end',
        );
      }
      yield { segment, page, lastOfSegment: !more };
      if (!more) break;
      token = page.next;
    }
  }
}
