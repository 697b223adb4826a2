import type { z } from 'zod';
import type { SandboxResponse } from '../core/router.js';

/**
 * Dintero's one error envelope, `{"error": {"code"?, "message", "errors"?}}` (swagger2 `definitions/Error`,
 * dintero quirk 8 (docs/upstreams/dintero.md)). Only `message` is required upstream; the `code` strings below are ours (**inferred**: the specs
 * name no codes except `mfa_required` on the token endpoint), chosen so a client can branch without parsing text.
 */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  500: 'SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Unexpected error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export interface ErrorDetail {
  path?: string;
  message: string;
}

export function dinteroErrorResponse(
  status: number,
  message?: string,
  errors?: ErrorDetail[],
  headers?: Record<string, string>,
): SandboxResponse {
  const error: { code: string; message: string; errors?: ErrorDetail[] } = {
    code: CODES[status] ?? `HTTP_${status}`,
    message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
  };
  if (errors && errors.length > 0) error.errors = errors;
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: { error } };
}

/** Thrown anywhere below a route; the route wrapper turns it into the envelope. */
export class DinteroHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(): SandboxResponse {
    return dinteroErrorResponse(this.status, this.message, this.errors, this.headers);
  }
}

export function badRequest(message: string, errors?: ErrorDetail[]): DinteroHttpError {
  return new DinteroHttpError(400, message, errors);
}

export function notFound(message: string): DinteroHttpError {
  return new DinteroHttpError(404, message);
}

/** A zod failure as the 400 envelope, one `errors[]` entry per issue with its dotted path into the body. */
export function validationError(what: string, error: z.ZodError): DinteroHttpError {
  return badRequest(
    `Invalid ${what}`,
    error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}
