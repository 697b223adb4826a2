import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../core/router.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * RFC 7807 problem, the `default` response of the Report API (vipps-report-api.yaml and the
 * reconstructed current spec, components/schemas/Problem) and of the Sales API (reconstructed,
 * components/responses/Problem). `traceId` is the platform-wide extra the reconstructed spec infers.
 */
export function problem(status: number, detail: string, instance?: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: {
      type: 'about:blank',
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      ...(instance === undefined ? {} : { instance }),
      traceId: randomUUID(),
    },
  };
}

/**
 * 401 in front of the Report and Sales APIs: the API gateway's body of the 2023 spec
 * (vipps-report-api.yaml, components/responses/401, kept as ApimError in the reconstructed spec).
 */
export function unauthorized(message = 'Please check your API keys'): SandboxResponse {
  return { status: 401, headers: { 'content-type': 'application/json' }, body: { code: 'Unauthorized', message } };
}

/** 500 of the Report API: errorCode 10001 = unknown/transient (vipps-report-api.reconstructed-current.yaml, LegacyError). */
export function legacyServerError(message = 'An unknown error occurred, please retry'): SandboxResponse {
  return {
    status: 500,
    headers: { 'content-type': 'application/json' },
    body: { errorCode: 10001, errorMessage: message, contextId: randomUUID() },
  };
}

/** The vendor's error body for a status: what fault injection and unknown routes answer with. */
export function vippsErrorResponse(status: number, message?: string): SandboxResponse {
  if (status === 500) return legacyServerError(message);
  if (status === 401) return unauthorized(message);
  return problem(status, message ?? TITLES[status] ?? `HTTP ${status}`);
}
