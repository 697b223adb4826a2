import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * The GraphQL-over-HTTP spec's audits (graphql-http), against the gateway over loopback HTTP.
 * MUST items fail the test; SHOULD/MAY items ('warn', 'notice') are allowed.
 */
describe('GraphQL over HTTP compliance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('passes every MUST audit', async () => {
    const failures: string[] = [];
    for (const audit of serverAudits({ url: () => h.url })) {
      const result = await audit.fn();
      if (result.status === 'error') failures.push(`${audit.name}: ${result.reason}`);
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });
});
