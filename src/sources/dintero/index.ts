import type { DinteroUpstream } from '../../config.js';
import { UpstreamClient, type UpstreamClientOptions } from '../http/upstream-client.js';
import { describeDinteroError } from './auth.js';
import { DinteroClient, type DinteroClientOptions } from './client.js';

/*
 * The Dintero Billing API: client.ts (the accounts and their authenticated calls), transport.ts
 * and pages.ts (what every resource shares), one file per resource (settlements, payout rules,
 * report configurations, costs, billing reports, subscriptions), schemas.ts (zod), mapping.ts and
 * model.ts (Dintero's own domain: it is no ledger provider, so it has no provider.ts); this file is
 * its one factory.
 */

export { DinteroAccount, DinteroClient, type DinteroClientOptions } from './client.js';
export { validateSettlementFilters } from './settlements.js';

export function createDinteroClient(
  d: DinteroUpstream,
  http: Omit<UpstreamClientOptions, 'source' | 'baseUrl' | 'describeError' | 'defaultHeaders'>,
  options: DinteroClientOptions,
): DinteroClient {
  const client = new UpstreamClient({
    ...http,
    source: 'dintero',
    baseUrl: d.baseUrl,
    describeError: describeDinteroError,
    defaultHeaders: { 'user-agent': 'tally-gateway/0.1.0' },
  });
  return new DinteroClient(client, d, options);
}
