import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';

/**
 * Reads run compiled (src/plugins/useCompiledExecution.ts); their field errors still say where they are in
 * the document, through aliases and fragments, as graphql-js says it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a compiled read', () => {
  it('locates a field error at its field, through an alias and a fragment', async () => {
    const q = `query($id: ID!) {
  node(id: "x") { id }
  mine: ledger(id: $id) { ...Day }
}
fragment Day on Ledger {
  entries(date: "2026-11-14", first: 1) { edges { node { entryType } } }
}`;
    const r = await h.gql<{ node: null; mine: { entries: null } }>(q, { id: vippsLedgerGlobalId('999999') });
    expect(r.data).toEqual({ node: null, mine: { entries: null } });
    const byPath = Object.fromEntries(
      r.errors!.map((e) => [e.path!.join('.'), { code: e.extensions!.code, locations: (e as { locations?: unknown }).locations }]),
    );
    expect(byPath).toEqual({
      node: { code: 'BAD_USER_INPUT', locations: [{ line: 2, column: 3 }] },
      'mine.entries': { code: 'NOT_FOUND', locations: [{ line: 6, column: 3 }] },
    });
  });
});
