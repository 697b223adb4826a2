import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or client may hand us as an id: short, printable, no spaces or quotes, so it is safe
// to echo in a header, a log line and an error. Anything else is replaced by our own id.
const ACCEPTED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id: the caller's `x-request-id` when it is a plausible id, a new UUID otherwise. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER)?.trim();
  return given && ACCEPTED.test(given) ? given : randomUUID();
}
