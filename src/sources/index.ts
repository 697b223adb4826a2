import type { Dispatcher } from 'undici';
import type { Limits, Upstreams } from '../config.js';
import { MemoryStore, type KeyValueStore } from '../store/index.js';
import { ResponseCache } from './http/response-cache.js';
import { createDispatcher, UpstreamClient } from './http/upstream-client.js';
import { describeDinteroError } from './dintero/auth.js';
import { DinteroSource, type DinteroSourceOptions } from './dintero/billing.js';
import { EasypayLedgerSource } from './easypay/ledger-report.js';
import { describeEasypayError } from './easypay/schemas.js';
import { describeVippsError, VippsAuth } from './vipps/auth.js';
import { VippsReportSource } from './vipps/report.js';
import { VippsSalesSource } from './vipps/sales.js';

/** Every configured upstream, built once per gateway and shared by all requests. */
export interface Sources {
  vippsReport: VippsReportSource | null;
  /** Null without Vipps MobilePay credentials or with merchant keys: the Sales API takes accounting keys only (specs/README.md section 2). */
  vippsSales: VippsSalesSource | null;
  easypay: EasypayLedgerSource | null;
  /** The Dintero Billing API, one client per configured account. */
  dintero: DinteroSource | null;
  cache: ResponseCache;
  dispatcher: Dispatcher;
  /** State shared by all replicas (Redis) or kept in this process: idempotency records, rate counters, the second cache level. */
  store: KeyValueStore;
}

export interface SourceOptions {
  dispatcher?: Dispatcher;
  cache?: ResponseCache;
  store?: KeyValueStore;
  now?: () => number;
  dintero?: Omit<DinteroSourceOptions, 'now'>;
}

const SYSTEM_HEADERS = {
  'vipps-system-name': 'tally',
  'vipps-system-version': '0.1.0',
  'vipps-system-plugin-name': 'tally-gateway',
  'vipps-system-plugin-version': '0.1.0',
};

export function createSources(upstreams: Upstreams, limits: Limits, options: SourceOptions = {}): Sources {
  const dispatcher = options.dispatcher ?? createDispatcher();
  const cache = options.cache ?? new ResponseCache();
  const store = options.store ?? new MemoryStore();
  const common = { dispatcher, cache, timeoutMs: limits.upstreamTimeoutMs, retries: limits.upstreamRetries };

  let vippsReport: VippsReportSource | null = null;
  let vippsSales: VippsSalesSource | null = null;
  if (upstreams.vipps) {
    const v = upstreams.vipps;
    const tokenHttp = new UpstreamClient({ ...common, source: 'vipps-token', baseUrl: v.baseUrl, describeError: describeVippsError, defaultHeaders: SYSTEM_HEADERS });
    const auth = new VippsAuth(tokenHttp, v, options.now);
    const reportHttp = new UpstreamClient({ ...common, source: 'vipps-report', baseUrl: v.baseUrl, describeError: describeVippsError, defaultHeaders: SYSTEM_HEADERS });
    vippsReport = new VippsReportSource(reportHttp, auth);
    if (v.keyType === 'accounting') {
      // The same VippsAuth: one token cache per credential set, shared by Report and Sales.
      const salesHttp = new UpstreamClient({ ...common, source: 'vipps-sales', baseUrl: v.baseUrl, describeError: describeVippsError, defaultHeaders: SYSTEM_HEADERS });
      vippsSales = new VippsSalesSource(salesHttp, auth);
    }
  }
  let easypay: EasypayLedgerSource | null = null;
  if (upstreams.easypay) {
    const e = upstreams.easypay;
    // The API key must never reach an error message, even if the upstream were to echo it.
    const describeError = (status: number, body: unknown) => describeEasypayError(status, body)?.split(e.apiKey).join('***');
    const http = new UpstreamClient({ ...common, source: 'easypay', baseUrl: e.baseUrl, describeError });
    easypay = new EasypayLedgerSource(http, e, options.now);
  }
  let dintero: DinteroSource | null = null;
  if (upstreams.dintero) {
    const d = upstreams.dintero;
    const http = new UpstreamClient({ ...common, source: 'dintero', baseUrl: d.baseUrl, describeError: describeDinteroError, defaultHeaders: { 'user-agent': 'tally-gateway/0.1.0' } });
    dintero = new DinteroSource(http, d, { ...options.dintero, now: options.now });
  }
  return { vippsReport, vippsSales, easypay, dintero, cache, dispatcher, store };
}
