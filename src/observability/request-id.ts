import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or client may hand us as an id: a UUID (what Envoy, Heroku and most tracing
// libraries send) or 20 to 64 hex digits (nginx's $request_id, a W3C trace id). Nothing a person
// would write: no names, no e-mail addresses, no phone or card numbers (19 digits at most), since
// the id is echoed in a header, in every log line and in every error. Anything else is replaced by
// our own id.
const ACCEPTED = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{20,64})$/i;

/** The request's id: the caller's `x-request-id` when it has the shape of a generated id, a new UUID otherwise. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER)?.trim();
  return given && ACCEPTED.test(given) ? given : randomUUID();
}
