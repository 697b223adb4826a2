/**
 * The error codes a client can see in `extensions.code` (docs/architecture.md, Errors). This module imports
 * nothing from GraphQL: sources throw `TallyError`s, and the gateway's error masking turns them into
 * GraphQL errors with `extensions.code` and, where an upstream is involved, `extensions.source`.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_BAD_RESPONSE'
  /** A write the upstream may or may not have applied: the request was sent and its answer lost (timeout, reset). */
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  /** A write refused because what it expected is no longer so (a payout rule's version moved on). */
  | 'CONFLICT'
  /**
   * A write refused before anything was sent upstream: it needs the state the replicas share (a
   * per-rule write claim, an idempotency record) and the shared store (Redis) does not answer.
   */
  | 'COORDINATION_UNAVAILABLE'
  /** A client over one of its budgets: requests per minute, or upstream calls per operation or per minute (`extensions.limit`). */
  | 'RATE_LIMITED';

/** Which upstream an error came from. */
export type SourceName = 'vipps-report' | 'vipps-sales' | 'vipps-token' | 'dintero' | 'easypay';

export interface TallyErrorOptions {
  source?: SourceName;
  /** Safe, client-visible details (an argument path, a Retry-After, an upstream status). Never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class TallyError extends Error {
  readonly code: ErrorCode;
  readonly source: SourceName | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: TallyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TallyError';
    this.code = code;
    this.source = options.source;
    this.details = options.details;
  }
}

export function badInput(message: string, details?: Record<string, unknown>): TallyError {
  return new TallyError('BAD_USER_INPUT', message, { details });
}

/**
 * Errors a scalar's `serialize` raises, by message. graphql-jit (compiled execution) keeps only the
 * message of what a leaf serializer throws, so the compiled path finds the error (its code) again
 * here. Such messages are fixed texts: they never carry the value.
 */
const leafErrors = new Map<string, TallyError>();

export function leafError(err: TallyError): TallyError {
  leafErrors.set(err.message, err);
  return err;
}

/** A fresh copy per occurrence: the gateway logs each upstream failure once, by its error object. */
export function leafErrorByMessage(message: string): TallyError | undefined {
  const known = leafErrors.get(message);
  return known && new TallyError(known.code, known.message, { source: known.source, details: known.details });
}

export function isTallyError(err: unknown): err is TallyError {
  return err instanceof TallyError;
}
