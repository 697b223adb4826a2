import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './useCodedRefusals.js';

/** Content types a browser form or a `fetch` without preflight can send (the CORS "simple" ones). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * CSRF prevention: a POST that another site's page could send without a CORS preflight (a form, a
 * `text/plain` fetch) is refused before anything runs; GraphQL POSTs are `application/json`. GET
 * never runs a mutation (graphql-yoga answers 405), so a link or an image cannot change anything.
 */
export function useCsrfPrevention(endpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || url.pathname !== endpoint) return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type === '' || SIMPLE_CONTENT_TYPES.includes(type)) {
        endResponse(
          errorResponse(
            fetchAPI,
            415,
            'BAD_USER_INPUT',
            "POST a GraphQL request as `content-type: application/json`. Form and text bodies are refused: another site could send them from a visitor's browser (CSRF).",
            {
              headers: { accept: 'application/json' },
            },
          ),
        );
      }
    },
  };
}
