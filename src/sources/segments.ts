import type { EntryList } from './ledger-provider.js';
import type { EntryKind, SegmentedSource } from './model.js';

/**
 * A segmented source with items left out, page by page. The predicate must depend on the item
 * alone (and the segment), so the same upstream page always yields the same filtered page: the
 * engine's offsets into it stay exact, and so do cursors. Pages that filter to nothing still carry
 * their tokens, so the walk goes on past them.
 */
export function filterSource<T>(source: SegmentedSource<T>, keep: (item: T, segment: number) => boolean): SegmentedSource<T> {
  return {
    segments: source.segments,
    fetchPage: async (segment, token) => {
      const page = await source.fetchPage(segment, token);
      return { ...page, items: page.items.filter((item) => keep(item, segment)) };
    },
  };
}

/** A segmented source with every item mapped (deterministically, one to one). */
export function mapSource<T, U>(source: SegmentedSource<T>, map: (item: T) => U): SegmentedSource<U> {
  return {
    segments: source.segments,
    fetchPage: async (segment, token) => {
      const page = await source.fetchPage(segment, token);
      return { ...page, items: page.items.map(map) };
    },
  };
}

/**
 * Tally's own entry filters, the same for every provider: kinds and the sales unit. Applied page by
 * page (cursors stay exact) and named in the list's content (cursors are bound to them).
 */
export function filterEntryList(list: EntryList, filters: { kinds: readonly EntryKind[] | null; recipientHandle: string | null }): EntryList {
  const kinds = filters.kinds && filters.kinds.length > 0 ? [...new Set(filters.kinds)].sort() : null;
  const handle = filters.recipientHandle;
  if (kinds === null && handle === null) return list;
  const wanted = new Set(kinds);
  return {
    ...list,
    content: { ...list.content, kinds, recipientHandle: handle },
    source: filterSource(list.source, (e) => (kinds === null || wanted.has(e.kind)) && (handle === null || e.recipientHandle === handle)),
  };
}
