import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/resolvers/index.js';

/** Every ```graphql block in the README must be a valid operation against the current schema. */
describe('README examples', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const [i, block] of blocks.entries()) {
    it(`example ${i + 1} validates against the schema`, () => {
      expect(validate(schema, parse(block)).map((e) => e.message)).toEqual([]);
    });
  }
});
