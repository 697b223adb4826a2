import type { GraphQLError } from 'graphql';
import type { CombinedError } from 'urql';

/** The parts of a Tally error a person needs: its code, its upstream, its message. */
export interface ShownError {
  message: string;
  code?: string;
  source?: string;
  path?: ReadonlyArray<string | number>;
  /** `extensions.reason`, where Tally says which case of its code this is (e.g. `NO_SALES_DATA`). */
  reason?: string;
}

function shown(e: GraphQLError): ShownError {
  const ext = e.extensions as { code?: unknown; source?: unknown; reason?: unknown } | undefined;
  return {
    message: e.message,
    code: typeof ext?.code === 'string' ? ext.code : undefined,
    source: typeof ext?.source === 'string' ? ext.source : undefined,
    path: e.path,
    reason: typeof ext?.reason === 'string' ? ext.reason : undefined,
  };
}

/**
 * The errors that belong to one place on the page: those whose `path` starts with `prefix`.
 * Tally nulls only the field whose upstream failed (partial results), so each part of a screen
 * shows its own errors and renders the rest. A network failure or a request error (no path)
 * concerns the whole operation and is shown at every place that ran it.
 */
export function errorsAt(error: CombinedError | undefined, prefix: ReadonlyArray<string | number> = []): ShownError[] {
  if (!error) return [];
  const out: ShownError[] = [];
  if (error.networkError) out.push({ message: `Tally could not be reached: ${error.networkError.message}`, code: 'NETWORK_ERROR' });
  for (const e of error.graphQLErrors) {
    const path = e.path ?? [];
    if (path.length === 0 || prefix.every((p, i) => path[i] === p)) out.push(shown(e));
  }
  return out;
}

const HINTS: Record<string, string> = {
  UPSTREAM_UNAVAILABLE: 'The provider did not answer; try again in a moment.',
  UPSTREAM_TIMEOUT: 'The provider took too long; try again in a moment.',
  UPSTREAM_RATE_LIMITED: 'The provider asks us to slow down; try again shortly.',
  UPSTREAM_OUTCOME_UNKNOWN: 'It is not known whether the change was made: check before trying again.',
  UNAUTHENTICATED: 'Set an API key in the connection panel (top right).',
  FORBIDDEN: 'These credentials may not read this.',
  NOT_FOUND: 'It does not exist, or these credentials are not granted it.',
};

/** Errors shown where they happened, with their code: the rest of the page keeps rendering. */
export function ErrorNotice({ errors, title }: { errors: ShownError[]; title?: string }) {
  if (errors.length === 0) return null;
  return (
    <div className="error" role="alert">
      {title ? <strong>{title} </strong> : null}
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.code ? <code className="code">{e.code}</code> : null} {e.source ? <span className="source">({e.source})</span> : null}{' '}
            {e.message}
            {e.code && HINTS[e.code] ? <span className="hint"> {HINTS[e.code]}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
