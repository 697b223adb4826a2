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

  it('every date in them is inside the sandbox history at the SANDBOX_NOW the README says to run them at', () => {
    // The sandbox keeps 60 days of Vipps MobilePay history before its today (src/sandbox/vipps/options.ts):
    // a date outside that window answers an empty day, an example that silently shows nothing.
    const now = /fix its clock: `SANDBOX_NOW=(\S+) npm start`/.exec(readme)?.[1];
    expect(now).toBeDefined();
    const today = now!.slice(0, 10);
    const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10);
    const dates = blocks.flatMap((b) => [...b.matchAll(/"(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]!));
    expect(dates.length).toBeGreaterThan(5);
    for (const date of dates) {
      expect(date >= earliest && date < today, `${date} within ${earliest}..${today}`).toBe(true);
    }
  });

  for (const [i, block] of blocks.entries()) {
    it(`example ${i + 1} validates against the schema`, () => {
      expect(validate(schema, parse(block)).map((e) => e.message)).toEqual([]);
    });
  }
});
