import type { EntryKind } from '../model.js';
import type { EntryList } from './provider.js';
import { filterList } from '../../paging/segments.js';

/**
 * Tally's own entry filters, the same for every provider: kinds and the sales unit. Applied page by
 * page (cursors stay exact) and named in the list's content (cursors are bound to them).
 */
export function filterEntryList(
  list: EntryList,
  filters: { kinds: readonly EntryKind[] | null; recipientHandle: string | null },
): EntryList {
  const kinds = filters.kinds && filters.kinds.length > 0 ? [...new Set(filters.kinds)].sort() : null;
  const handle = filters.recipientHandle;
  if (kinds === null && handle === null) return list;
  const wanted = new Set(kinds);
  return {
    ...list,
    content: { ...list.content, kinds, recipientHandle: handle },
    pages: filterList(list.pages, (e) => (kinds === null || wanted.has(e.kind)) && (handle === null || e.recipientHandle === handle)),
  };
}
