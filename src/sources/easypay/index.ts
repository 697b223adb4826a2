import type { EasypayUpstream } from '../../config.js';
import { UpstreamClient } from '../http/upstream-client.js';
import type { ProviderDeps } from '../ledgers/provider.js';
import { EasypayClient } from './client.js';
import { DEFAULT_FEED_FROM, EasypayConfiguredProvider } from './provider.js';
import { describeEasypayError } from './schemas.js';

/*
 * The Easypay ledger report: client.ts (the HTTP calls), schemas.ts (zod), mapping.ts (an Easypay
 * entry as a Tally entry), windows.ts (its 30-day created_at windows), provider.ts (the ledger
 * provider); this file is its one factory.
 */

export { EASYPAY_LEDGERS } from './provider.js';

/** The Easypay account's provider, when Easypay is configured. */
export function createEasypayLedgers(upstream: EasypayUpstream | undefined, deps: ProviderDeps): EasypayConfiguredProvider | null {
  if (!upstream) return null;
  // The API key must never reach an error message, even if the upstream were to echo it.
  const describeError = (status: number, body: unknown) => describeEasypayError(status, body)?.split(upstream.apiKey).join('***');
  const http = new UpstreamClient({ ...deps.http, source: 'easypay', baseUrl: upstream.baseUrl, describeError });
  return new EasypayConfiguredProvider(new EasypayClient(http, upstream, () => deps.clock.now()), upstream.feedFrom ?? DEFAULT_FEED_FROM);
}
