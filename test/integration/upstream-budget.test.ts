import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const PER_OPERATION = 30;

/** Upstream calls the sandbox served, token requests left out (they are the gateway's, shared by every client). */
const dataCalls = (stats: Record<string, number>) =>
  Object.entries(stats)
    .filter(([endpoint]) => !/token/i.test(endpoint))
    .reduce((n, [, v]) => n + v, 0);

describe('upstream calls are budgeted per operation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_MAX_UPSTREAM_CALLS_PER_OPERATION: String(PER_OPERATION) } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('24 aliases of a range summary make at most the per-operation budget of upstream calls; the fields whose calls were refused are null with RATE_LIMITED, the others answer', async () => {
    const id = vippsLedgerGlobalId(facts.busy.ledgerId);
    // Each alias its own range, so no page is shared through the cache.
    const aliases = Array.from({ length: 24 }, (_, i) => {
      const to = new Date(Date.parse('2026-11-19T12:00:00Z') - i * 7 * 86_400_000).toISOString().slice(0, 10);
      const from = new Date(Date.parse(`${to}T12:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
      return `a${i}: entries(from: "${from}", to: "${to}", first: 1) { summary { count } }`;
    });
    await h.resetStats();
    const res = await h.gql<{ ledger: Record<string, { summary: { count: number } | null } | null> }>(
      `query Amplified($id: ID!) { ledger(id: $id) { ${aliases.join(' ')} } }`,
      { id },
    );
    expect(dataCalls(await h.stats())).toBeLessThanOrEqual(PER_OPERATION);
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e.extensions).toMatchObject({ limit: 'upstreamCallsPerOperation', max: PER_OPERATION });
      const alias = e.path?.[1] as string;
      const field = res.data?.ledger?.[alias];
      expect(field?.summary ?? null).toBeNull();
    }
    // Every alias either answered (all its calls fitted) with no error, or is null with the error:
    // nothing is silently cut short. The aliases run at once, so each may have spent part of it.
    for (let i = 0; i < 24; i++) {
      const alias = `a${i}`;
      const errored = (res.errors ?? []).some((e) => e.path?.[1] === alias);
      expect(errored, alias).toBe(!res.data?.ledger?.[alias]?.summary);
    }
    expect((res.errors ?? []).every((e) => e.extensions?.code === 'RATE_LIMITED')).toBe(true);

    // The next operation has a budget of its own.
    const next = await h.gql(
      `query($id: ID!) { ledger(id: $id) { entries(date: "${facts.busy.date}", first: 1) { edges { node { pspReference } } } } }`,
      { id },
    );
    expect(next.errors).toBeUndefined();
  });
});
