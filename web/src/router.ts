import { useSyncExternalStore } from 'react';

/**
 * Routes live in the URL's hash (`#/ledgers/<id>?date=2026-11-19`): the gateway serves one page at
 * `/`, every screen can be bookmarked and reloaded, and the back button works.
 */
export interface Route {
  /** The path's segments, e.g. `['ledgers', '<id>']`. */
  segments: string[];
  params: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseRoute(hash);
}

/** A link target: `href(['ledgers', id], { date })`; empty parameters are left out. */
export function href(segments: string[], params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const q = query.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
}

export function navigate(target: string): void {
  window.location.hash = target.slice(1);
}
