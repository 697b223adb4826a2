import { Rng } from '../core/rng.js';
import type { Topic } from './books.js';
import type { WorldLedger } from './ledgers.js';

/**
 * How the dates endpoint ends a date's pages, beyond the plain last page (`hasMore: false`, no
 * cursor). Both are documented: "A `hasMore: true` page can be followed by an empty page"
 * (docs/upstreams/vipps-report.md, Pagination semantics), and the seed's own dates example has a
 * `cursor` next to `hasMore: false` (seed 000 (docs/upstreams/vipps-report.md)). About one date in eight does
 * each; besides, a last page that is exactly full always says `hasMore: true` (the API does not
 * peek), so its next page is empty.
 */
export type PageEnding = 'empty-page-after-last' | 'cursor-on-last-page' | null;

export function pageEnding(seed: number, l: WorldLedger, topic: Topic, date: string): PageEnding {
  const r = Rng.forKey(seed, l.ledgerId, topic, date, 'page-ending').next();
  return r < 0.125 ? 'empty-page-after-last' : r < 0.25 ? 'cursor-on-last-page' : null;
}
