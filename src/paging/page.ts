/** One upstream page, as the connection engine pages it; each source maps its vendor's envelope onto this. */
export interface UpstreamPage<T> {
  items: T[];
  /**
   * The token that resumes right after this page's items, when the upstream gave one (Vipps
   * `cursor`, Easypay `next_cursor`, Dintero `last_evaluated_key`); null otherwise.
   */
  next: string | null;
  /** The upstream has more after this page right now (Vipps `hasMore`, feed `tryLater: false`). */
  hasMore: boolean;
  /** This segment's data can no longer change (a closed ledger date); false while it may grow. */
  final: boolean;
  /** Served from Tally's cache: costs no upstream call, so it does not count against the budget. */
  cached?: boolean;
  /**
   * Upstream calls (cache misses) this page cost, when it was assembled from several upstream
   * pages (a whole segment read at once); absent for one upstream page (`cached` says 0 or 1).
   */
  upstreamCalls?: number;
}

/**
 * A page that maps its upstream items one by one as they are read (`MappedPage`): the engine asks
 * only for the ones it hands out, so a client asking 50 entries of a page of 1,000 maps 50. Its
 * `items` maps the rest. A page derived by spreading it (`{ ...page, items }`) is a plain page.
 */
export interface ItemsByIndex<T> {
  itemCount(): number;
  itemsBetween(start: number, end: number): T[];
}

/**
 * A list made of consecutive segments (ledger dates of a range, 30-day windows), each paged by
 * upstream tokens; a plain list is one segment. What a source hands the one connection engine
 * (src/paging/engine.ts) to page.
 */
export interface SegmentedList<T> {
  segments: number;
  fetchPage: (segment: number, token: string | null) => Promise<UpstreamPage<T>>;
}
