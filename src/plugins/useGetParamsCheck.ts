import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './useCodedRefusals.js';

/**
 * A GET request's `variables` and `extensions` are JSON in the query string; graphql-yoga's GET
 * parser would throw a bare `SyntaxError` (a masked internal error) on anything else. Refused here
 * as the client's input, with a code.
 */
export function useGetParamsCheck(endpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== endpoint) return;
      for (const name of ['variables', 'extensions']) {
        const raw = url.searchParams.get(name);
        if (raw === null) continue;
        try {
          JSON.parse(raw);
        } catch {
          return endResponse(
            errorResponse(fetchAPI, 400, 'BAD_USER_INPUT', `\`${name}\` in the URL must be JSON (URL-encoded).`, {
              extensions: { argument: name },
            }),
          );
        }
      }
    },
  };
}
