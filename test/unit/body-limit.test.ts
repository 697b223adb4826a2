import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from '../../src/plugins/useBodyLimit.js';

const LIMIT = 1000;

/**
 * A yoga with the gateway's body limit (yoga's own turned off, as the gateway does) and a spy
 * before it that records, per request, whether the parser was handed the request as received or
 * a copy whose body is streamed through a counter.
 */
function server() {
  const handed: Array<'as received' | 'restreamed'> = [];
  const spy: Plugin = {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser((req) => {
        handed.push(req === request ? 'as received' : 'restreamed');
        return requestParser(req);
      });
    },
  };
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { echo(text: String!): String! }', resolvers: { Query: { echo: (_, a) => a.text } } }),
    maxRequestBodySize: false,
    maskedErrors: false,
    plugins: [spy, useBodyLimit(LIMIT)],
  });
  return { yoga, handed };
}

/** A document of exactly `size` bytes (at least `EMPTY`), echoing `size - EMPTY` x's. */
const EMPTY = JSON.stringify({ query: '{ echo(text: "") }' }).length;
const body = (size: number) => JSON.stringify({ query: `{ echo(text: "${'x'.repeat(size - EMPTY)}") }` });

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.subarray(i, i + 100));
      controller.close();
    },
  });
}

const post = (yoga: ReturnType<typeof server>['yoga'], init: RequestInit & { duplex?: 'half' }) =>
  yoga.fetch('http://localhost/graphql', { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...init.headers } });

describe('useBodyLimit', () => {
  it('reads a body whose content-length is within the limit as it is, without streaming it through a counter', async () => {
    const { yoga, handed } = server();
    const text = body(LIMIT);
    const res = await post(yoga, { body: text, headers: { 'content-length': String(Buffer.byteLength(text)) } });
    expect(res.status).toBe(200);
    expect(text).toHaveLength(LIMIT);
    expect(((await res.json()) as { data: { echo: string } }).data.echo).toBe('x'.repeat(LIMIT - EMPTY));
    expect(handed).toEqual(['as received']);
  });

  it('refuses a body over the limit by its content-length (413, BAD_USER_INPUT) before reading it', async () => {
    const { yoga, handed } = server();
    const text = body(LIMIT + 1);
    const res = await post(yoga, { body: text, headers: { 'content-length': String(Buffer.byteLength(text)) } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', limit: 'bodyBytes', max: LIMIT } }] });
    expect(handed).toEqual([]);
  });

  it('refuses a content-length that is not one number with 400', async () => {
    const { yoga } = server();
    const res = await post(yoga, { body: body(100), headers: { 'content-length': '100, 100' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Content-Length header is invalid.');
  });

  it('counts the bytes of a body without a length: within the limit it is answered, past it cut off with 413', async () => {
    const { yoga, handed } = server();
    const ok = await post(yoga, { body: chunked(body(LIMIT)), duplex: 'half' });
    expect(ok.status).toBe(200);
    const big = await post(yoga, { body: chunked(body(LIMIT + 1)), duplex: 'half' });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('REQUEST_ENTITY_TOO_LARGE');
    expect(handed).toEqual(['restreamed', 'restreamed']);
  });
});
