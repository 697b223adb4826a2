import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxExamples } from '../../src/embedded-sandbox.js';
import { graphiqlTabs } from '../../src/plugins/graphiql-tabs.js';
import { NOW, startHarness, type Harness } from '../helpers/harness.js';

/** What a new user meets first: every example tab GraphiQL opens with runs as it is and shows data. */
describe('GraphiQL example tabs on the sandbox', () => {
  let h: Harness;
  const examples = sandboxExamples(undefined, new Date(NOW));
  beforeAll(async () => {
    h = await startHarness({ http: true, gateway: { graphiqlExamples: () => examples } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('prefills real ids, and the page carries them', async () => {
    expect(examples.ledgerId).toBeTruthy();
    const html = await (await fetch(h.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain(examples.ledgerId);
  });

  for (const [i, tab] of graphiqlTabs(examples).entries()) {
    it(`tab ${i + 1} runs without errors and returns data`, async () => {
      const r = await h.gql(tab.query, tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined);
      expect(r.errors).toBeUndefined();
      const text = JSON.stringify(r.data);
      expect(text).toMatch(/"(edges|rows)":\[\{/);
    });
  }
});
