import type { Dispatcher } from 'undici';
import type { Limits, Upstreams } from '../config.js';
import { MemoryStore, type KeyValueStore } from '../store/index.js';
import { clockAt, type Clock } from '../domain/dates.js';
import { ResponseCache } from './http/response-cache.js';
import type { SharedPageCache } from './http/shared-cache.js';
import type { UpstreamTelemetry } from './http/telemetry.js';
import { createDispatcher } from './http/upstream-client.js';
import { createDinteroClient, type DinteroClient, type DinteroClientOptions } from './dintero/index.js';
import { createEasypayLedgers, EASYPAY_LEDGERS } from './easypay/index.js';
import { LedgerProviders } from './ledgers/registry.js';
import { createVippsClients, SalesProviders, VippsConfiguredProvider, VIPPS_LEDGERS } from './vipps/index.js';

/** Every configured upstream, built once per gateway and shared by all requests. */
export interface Sources {
  /** The ledger providers (src/sources/ledgers/registry.ts), keyed by `Provider`, in listing order. */
  ledgers: LedgerProviders;
  /** Sales data by ledger provider (the Sales API for Vipps MobilePay ledgers), opened per request. */
  sales: SalesProviders;
  /** The Dintero Billing API, one client per configured account. */
  dintero: DinteroClient | null;
  cache: ResponseCache;
  dispatcher: Dispatcher;
  /** State shared by all replicas (Redis) or kept in this process: idempotency records, rate counters, the second cache level. */
  store: KeyValueStore;
  /** The one clock every source and resolver reads "now" and "today" from. */
  clock: Clock;
  /** For `/ready`: one check per configured upstream credential set (obtains, or reuses, its token). */
  readiness: UpstreamCheck[];
}

export interface UpstreamCheck {
  /** `vipps`, `dintero T12345678`, `easypay`: never a credential. */
  name: string;
  check: () => Promise<void>;
}

export interface SourceOptions {
  dispatcher?: Dispatcher;
  cache?: ResponseCache;
  /** The benchmark's cold mode for the default cache (`TALLY_BENCH_COLD_CACHE`): reads miss, writes store. */
  benchColdCache?: boolean;
  /** Cap of the default cache in bytes of memory (`TALLY_CACHE_MAX_MB`). */
  cacheMaxBytes?: number;
  store?: KeyValueStore;
  telemetry?: UpstreamTelemetry;
  /** Second cache level shared by replicas (Redis): immutable upstream pages, encrypted. */
  sharedCache?: SharedPageCache;
  /** The clock the sources judge finality and cache lifetimes by; defaults to one over `now`. */
  clock?: Clock;
  /** The instant "now" (the wall clock by default), when no `clock` is given. */
  now?: () => number;
  dintero?: Omit<DinteroClientOptions, 'now' | 'store'>;
  /** Vipps MobilePay ledgers' time zones by ledgerId, overriding the one read from the ledger's country. */
  vippsLedgerTimeZones?: Readonly<Record<string, string>>;
  /** Vipps MobilePay ledgers' date cutoffs by ledgerId, minutes after local midnight (midnight when absent). */
  vippsLedgerDateCutoffs?: Readonly<Record<string, number>>;
}

export function createSources(upstreams: Upstreams, limits: Limits, options: SourceOptions = {}): Sources {
  const dispatcher = options.dispatcher ?? createDispatcher();
  const cache = options.cache ?? new ResponseCache({ readsMiss: options.benchColdCache, maxBytes: options.cacheMaxBytes });
  const store = options.store ?? new MemoryStore();
  const clock = options.clock ?? clockAt(options.now ?? Date.now);
  const now = () => clock.now();
  const common = {
    dispatcher,
    cache,
    timeoutMs: limits.upstreamTimeoutMs,
    retries: limits.upstreamRetries,
    telemetry: options.telemetry,
    sharedCache: options.sharedCache,
  };
  const readiness: UpstreamCheck[] = [];

  const vipps = upstreams.vipps
    ? createVippsClients(upstreams.vipps, common, now, {
        timeZones: options.vippsLedgerTimeZones,
        dateCutoffs: options.vippsLedgerDateCutoffs,
      })
    : null;
  if (vipps) readiness.push({ name: 'vipps', check: vipps.check });
  if (upstreams.easypay) {
    // An API key, no token to obtain: a probe call every few seconds would spend the merchant's quota.
    readiness.push({ name: 'easypay', check: async () => {} });
  }
  let dintero: DinteroClient | null = null;
  if (upstreams.dintero) {
    const d = upstreams.dintero;
    dintero = createDinteroClient(d, common, { ...options.dintero, now, store });
    for (const a of d.accounts) readiness.push({ name: `dintero ${a.accountId}`, check: () => dintero!.tokenCheck(a.accountId) });
  }
  // One line per ledger provider: its static description, and the provider when configured.
  const ledgers = new LedgerProviders()
    .register(VIPPS_LEDGERS, vipps && new VippsConfiguredProvider(vipps.report))
    .register(EASYPAY_LEDGERS, createEasypayLedgers(upstreams.easypay, { http: common, clock }));
  const sales = new SalesProviders(vipps?.sales ?? null, vipps !== null);
  return { ledgers, sales, dintero, cache, dispatcher, store, clock, readiness };
}
