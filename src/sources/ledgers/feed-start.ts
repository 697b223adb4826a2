import { compareInstants } from '../../domain/dates.js';
import type { Entry } from '../model.js';
import type { FeedStart } from './provider.js';

/**
 * Whether an entry belongs to a feed started at `start`, the same for every provider: at or after
 * the instant (exactly, sub-second digits included), or on the ledger date or later (the date the
 * provider books the entry on, so a ledger's cutoff is the provider's own). It depends on the entry
 * alone, so a provider can leave the others out page by page and cursors stay exact.
 */
export function startsFeed(start: FeedStart): (entry: Entry) => boolean {
  if ('at' in start) {
    const at = start.at;
    return (e) => compareInstants(e.time, at) >= 0;
  }
  const date = start.date;
  return (e) => e.ledgerDate >= date;
}
