import type { Duplex } from 'node:stream';
import type { Plugin } from 'graphql-yoga';

/**
 * A GraphQL-shaped error answer outside execution (authentication, rate limit, CSRF, body size):
 * `{"errors": [{message, extensions: {code}}]}` with the given status. Never a stack.
 */
export function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code, ...options.extensions } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...options.headers },
  });
}

/** What an HTTP refusal that graphql-yoga answers without a body means, said with a code. */
const BODYLESS_REFUSALS: Record<number, { code: string; message: string }> = {
  404: { code: 'NOT_FOUND', message: 'Nothing is served at this path. The GraphQL endpoint is /graphql.' },
  405: { code: 'BAD_REQUEST', message: 'GraphQL is served over GET and POST only.' },
  406: {
    code: 'BAD_REQUEST',
    message:
      'The `accept` header allows none of the types this endpoint answers: application/graphql-response+json, application/json, multipart/mixed, text/event-stream.',
  },
  415: { code: 'BAD_USER_INPUT', message: 'POST a GraphQL request as `content-type: application/json`.' },
};

/**
 * Every refusal says why, with a code: graphql-yoga answers some (406 for an `accept` it cannot
 * serve, 415 for a content type it cannot parse) with an empty body, which a client can only
 * guess at. HEAD never carries a body (HTTP), so `HEAD /graphql` answers 405 with `Allow` and the
 * headers of the coded JSON refusal a GET would get; GraphQL over HTTP defines GET and POST only.
 */
export function useCodedRefusals(endpoint: string): Plugin {
  const refusal = (fetchAPI: { Response: typeof Response }, status: number, headers?: Record<string, string>) => {
    const known = BODYLESS_REFUSALS[status] ?? { code: 'BAD_REQUEST', message: 'The request was refused.' };
    return errorResponse(fetchAPI, status, known.code, known.message, { headers });
  };
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method === 'HEAD' && url.pathname === endpoint) endResponse(refusal(fetchAPI, 405, { allow: 'GET, POST' }));
    },
    async onResponse({ response, setResponse, fetchAPI }) {
      if (response.status < 400 || (response.headers.get('content-type') ?? '').includes('json')) return;
      if (response.body !== null && (await response.clone().text()) !== '') return;
      const kept: Record<string, string> = {};
      for (const name of ['allow', 'accept', 'retry-after', 'www-authenticate']) {
        const value = response.headers.get(name);
        if (value !== null) kept[name] = value;
      }
      setResponse(refusal(fetchAPI, response.status, kept));
    },
  };
}

/**
 * What node:http answers by itself, before the gateway sees a request it cannot parse (headers
 * over its 16 KB limit: 431; a malformed request line: 400), is a status with no body. The same
 * refusal with a coded JSON body instead; the connection closes, as node:http would close it.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const message = tooLarge ? "The request's headers are larger than the server accepts (16 KB in all)." : 'The request is not valid HTTP.';
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
