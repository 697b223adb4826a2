import type { SegmentedList } from '../paging/engine.js';
import { walkPages } from '../paging/walk.js';

/** Something that sums items exactly and can be cached and merged per segment. */
export interface Aggregator<T, P> {
  add(item: T): void;
  /** What was added includes data that may still change (an open date). */
  notFinal(): void;
  parts(): P;
  merge(parts: P): void;
}

/** Per-segment results of closed segments, kept between requests by the caller (keyed per credential, ledger and filter). */
export interface SegmentCache<P> {
  get(segment: number): P | undefined;
  set(segment: number, parts: P): void;
}

/**
 * Aggregates every item of a segmented source (a range's ledger dates, an Easypay range's
 * windows): segments already in `cache` at no upstream cost, the rest walked page by page under
 * the budget (`WalkBudgetExceeded` when it cannot cover them: never a partial total). A segment
 * whose pages were all final is cached, so a closed month aggregated twice costs nothing the
 * second time.
 */
export async function aggregateSegments<T, P, A extends Aggregator<T, P>>(
  source: SegmentedList<T>,
  make: () => A,
  options: { maxUpstreamCalls: number; cache?: SegmentCache<P> },
): Promise<A> {
  const total = make();
  const known = new Map<number, P>();
  for (let s = 0; s < source.segments; s++) {
    const hit = options.cache?.get(s);
    if (hit !== undefined) known.set(s, hit);
  }
  let segment = make();
  let segmentFinal = true;
  for await (const { segment: s, page, lastOfSegment } of walkPages(source, {
    maxUpstreamCalls: options.maxUpstreamCalls,
    skipSegment: (s) => known.has(s),
  })) {
    for (const item of page.items) segment.add(item);
    if (!page.final) {
      segmentFinal = false;
      segment.notFinal();
    }
    if (lastOfSegment) {
      const parts = segment.parts();
      if (segmentFinal) options.cache?.set(s, parts);
      total.merge(parts);
      segment = make();
      segmentFinal = true;
    }
  }
  for (const parts of known.values()) total.merge(parts);
  return total;
}
