import { useCallback, useState, type ReactNode } from 'react';
import { ErrorNotice, type ShownError } from './errors';

/**
 * Cursor pagination as a list of pages: the first page has no cursor, each "Load more" adds a
 * page that starts after the previous page's `endCursor`. Each page is its own query (and cache
 * entry), so a page already loaded never changes under the reader, and a page that fails shows its
 * error in place while the pages before it stay. Changing `resetKey` (the filters) starts over.
 */
export function usePages(resetKey: string): { cursors: Array<string | null>; loadAfter: (cursor: string) => void } {
  const [state, setState] = useState<{ key: string; cursors: Array<string | null> }>({ key: resetKey, cursors: [null] });
  const cursors = state.key === resetKey ? state.cursors : [null];
  const loadAfter = useCallback(
    (cursor: string) =>
      setState((s) => {
        const current = s.key === resetKey ? s.cursors : [null];
        return current.includes(cursor) ? { key: resetKey, cursors: current } : { key: resetKey, cursors: [...current, cursor] };
      }),
    [resetKey],
  );
  return { cursors, loadAfter };
}

export interface PageProps {
  after: string | null;
  isLast: boolean;
  loadAfter: (cursor: string) => void;
}

/** The "Load more" control of the last page. */
export function LoadMore({
  pageInfo,
  onMore,
  label = 'Load more',
}: {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  onMore: (cursor: string) => void;
  label?: string;
}) {
  if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return null;
  const cursor = pageInfo.endCursor;
  return (
    <button type="button" className="more" onClick={() => onMore(cursor)}>
      {label}
    </button>
  );
}

/**
 * The rows every page of a table ends with: loading, its errors (in place, the pages before it
 * stay), the empty first page, and on the last page a footer (the "Load more" control).
 */
export function PageRows({
  colSpan,
  fetching,
  loading,
  errors,
  errorTitle,
  empty,
  footer,
}: {
  colSpan: number;
  fetching: boolean;
  loading: string;
  errors: ShownError[];
  errorTitle: string;
  /** The text for an empty first page; null when the page is not empty. */
  empty: string | null;
  footer: ReactNode;
}) {
  return (
    <>
      {fetching ? (
        <tr>
          <td colSpan={colSpan} className="loading">
            {loading}
          </td>
        </tr>
      ) : null}
      {errors.length > 0 ? (
        <tr>
          <td colSpan={colSpan}>
            <ErrorNotice errors={errors} title={errorTitle} />
          </td>
        </tr>
      ) : null}
      {!fetching && empty ? (
        <tr>
          <td colSpan={colSpan}>{empty}</td>
        </tr>
      ) : null}
      {footer ? (
        <tr className="footer">
          <td colSpan={colSpan}>{footer}</td>
        </tr>
      ) : null}
    </>
  );
}
