import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/paging/cursor.js';
import { useCursorPrecheck } from '../../src/plugins/useCursorPrecheck.js';

const codec = new CursorCodec('test-secret-test-secret-test-secret!');
const good = codec.encode('list', { s: 0, t: null, o: 3 });
const forged = `${good.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`;

/** A yoga whose `items(after:)` answers the cursor it was given, behind the precheck. */
function server() {
  let resolved = 0;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { items(after: String): String, other(first: Int): Int }',
      resolvers: {
        Query: {
          items: (_: unknown, a: { after?: string }) => {
            resolved++;
            return a.after ?? 'start';
          },
          other: (_: unknown, a: { first?: number }) => a.first ?? 0,
        },
      },
    }),
    maskedErrors: false,
    plugins: [useCursorPrecheck(codec)],
  });
  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await (
      await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; locations?: unknown; extensions?: unknown }> };
  return { gql, resolved: () => resolved };
}

describe('useCursorPrecheck', () => {
  it('checks the cursor each request sends to one document: the same text with another variable gets its own answer', async () => {
    const { gql, resolved } = server();
    const doc = 'query($after: String) {\n  items(after: $after)\n}';
    expect(await gql(doc, { after: good })).toEqual({ data: { items: good } });
    const refused = await gql(doc, { after: forged });
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('signature does not match'),
        locations: [{ line: 2, column: 9 }],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'after' }),
      }),
    ]);
    // Refusing one request leaves nothing behind for the next with a good cursor, or none.
    expect(await gql(doc, { after: good })).toEqual({ data: { items: good } });
    expect(await gql(doc, {})).toEqual({ data: { items: 'start' } });
    expect(resolved()).toBe(3);
  });

  it('finds the cursors of each document: literal, variable, none', async () => {
    const { gql, resolved } = server();
    expect((await gql(`{ items(after: "${forged}") }`)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await gql(`{ items(after: "${good}") }`)).toEqual({ data: { items: good } });
    // A variable named like a cursor but passed to no `after` is not a cursor.
    expect(await gql('query($after: Int) { other(first: $after) }', { after: 5 })).toEqual({ data: { other: 5 } });
    expect((await gql('query($c: String) { items(after: $c) }', { c: '' })).errors?.[0]?.message).toContain('it is empty');
    expect(resolved()).toBe(1);
  });
});
