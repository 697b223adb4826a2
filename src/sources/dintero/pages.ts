import type { UpstreamPage } from '../../paging/page.js';

/**
 * Upstream page sizes (`limit`). Fixed per list, never derived from `first`: a Tally cursor resumes
 * at an offset inside the page its token starts, which is only the same page if the size is the
 * same. Settlements default to 10 upstream and allow 1000 (dintero quirk 3 (docs/upstreams/dintero.md)); the seed's lists
 * default to 100 and allow 1000.
 */
export const DINTERO_PAGE_SIZES = {
  settlements: 100,
  costs: 100,
  billingReports: 100,
  subscriptions: 100,
  payoutRules: 100,
  reportConfigurations: 100,
  /** Looking one rule up by id walks the whole list (no GET by id): the largest page keeps that to few calls. */
  payoutRuleLookup: 1000,
};

/**
 * The one paging rule of every list the seed pages by `starting_after` = an object id (billing
 * reports, payout rules, report configurations, costs, subscriptions): the next page starts after
 * the envelope's `starting_after` when the list answers an envelope, or after the last item's id
 * when it answers a bare array. The walk goes on while a page is non-empty and names where to
 * continue, whatever its length: a server may answer fewer items than `limit` and still have more
 * (nothing in the seed promises a short page is the last), and one extra empty call costs less than
 * a payout rule or report never listed. `received` is how many items the upstream page held, before
 * any filtering by the caller.
 */
export function startingAfterPage<T>(
  items: T[],
  received: number,
  cursor: { envelope: string | null } | { lastId: string | null },
): UpstreamPage<T> {
  const token = 'envelope' in cursor ? cursor.envelope : cursor.lastId;
  const next = received > 0 && token ? token : null;
  return { items, next, hasMore: next !== null, final: true };
}
