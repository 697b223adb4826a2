import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './useCodedRefusals.js';

/**
 * Refuses a body over `maxBytes` by its `content-length` with 413 before it is read, naming the
 * limit. A chunked body is cut off by graphql-yoga's `maxRequestBodySize` (same limit, also 413) as
 * soon as the bytes read pass it.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    `The request body is larger than the limit of ${maxBytes} bytes (TALLY_MAX_BODY_BYTES). Send a smaller document or fewer variables.`;
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? '0');
      if (Number.isFinite(length) && length > maxBytes) {
        endResponse(errorResponse(fetchAPI, 413, 'BAD_USER_INPUT', tooLarge(), { extensions: { limit: 'bodyBytes', max: maxBytes } }));
      }
    },
  };
}
