import type { VippsUpstream } from '../../config.js';
import { UpstreamClient, type UpstreamClientOptions } from '../http/upstream-client.js';
import { describeVippsError, VippsAuth } from './auth.js';
import { VippsReportClient } from './report-client.js';
import { VippsSalesClient } from './sales-client.js';

/*
 * Vipps MobilePay's two APIs: report-client.ts (the Report API: ledgers, dates, feeds) and
 * sales-client.ts (the Sales API), each with its validation and mapping beside its calls; auth.ts
 * (one token cache for both), provider.ts (the ledger provider), payouts.ts and bank-reference.ts
 * (payouts read from the ledger), sales-join.ts and sales-request.ts (Entry.salesEvent, per
 * request); this file is the one factory and what the rest of the gateway uses.
 */

export { VIPPS_LEDGERS, VippsConfiguredProvider } from './provider.js';
export { SalesProviders, type RequestSales } from './sales-request.js';
export type { SalesItem } from './sales-client.js';

const SYSTEM_HEADERS = {
  'vipps-system-name': 'tally',
  'vipps-system-version': '0.1.0',
  'vipps-system-plugin-name': 'tally-gateway',
  'vipps-system-plugin-version': '0.1.0',
};

/** The Vipps MobilePay clients of one credential set: the Report API, and the Sales API with accounting keys. */
export interface VippsClients {
  report: VippsReportClient;
  /** Null with merchant keys: the Sales API takes accounting keys only (docs/upstreams/vipps-sales.md). */
  sales: VippsSalesClient | null;
  /** For `/ready`: obtains (or reuses) the token. */
  check: () => Promise<void>;
}

export function createVippsClients(
  v: VippsUpstream,
  http: Omit<UpstreamClientOptions, 'source' | 'baseUrl' | 'describeError' | 'defaultHeaders'>,
  now: () => number,
  ledgers: { timeZones?: Readonly<Record<string, string>>; dateCutoffs?: Readonly<Record<string, number>> },
): VippsClients {
  const tokenHttp = new UpstreamClient({
    ...http,
    source: 'vipps-token',
    baseUrl: v.baseUrl,
    describeError: describeVippsError,
    defaultHeaders: SYSTEM_HEADERS,
  });
  const auth = new VippsAuth(tokenHttp, v, now);
  const reportHttp = new UpstreamClient({
    ...http,
    source: 'vipps-report',
    baseUrl: v.baseUrl,
    describeError: describeVippsError,
    defaultHeaders: SYSTEM_HEADERS,
  });
  const report = new VippsReportClient(reportHttp, auth, ledgers.timeZones, ledgers.dateCutoffs);
  let sales: VippsSalesClient | null = null;
  if (v.keyType === 'accounting') {
    // The same VippsAuth: one token cache per credential set, shared by Report and Sales.
    const salesHttp = new UpstreamClient({
      ...http,
      source: 'vipps-sales',
      baseUrl: v.baseUrl,
      describeError: describeVippsError,
      defaultHeaders: SYSTEM_HEADERS,
    });
    sales = new VippsSalesClient(salesHttp, auth);
  }
  return { report, sales, check: () => auth.headers().then(() => undefined) };
}
