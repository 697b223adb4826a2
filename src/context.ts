import { ledgerAccess, type Client } from './auth/clients.js';
import type { Limits } from './config.js';
import type { CursorCodec } from './paging/cursor.js';
import type { Clock } from './domain/dates.js';
import type { DownloadLinks } from './downloads/links.js';
import { UpstreamMeter, type CallBudget } from './sources/http/meter.js';
import type { Sources } from './sources/index.js';
import type { LiveRead } from './sources/model.js';
import type { KeyValueStore } from './store/index.js';
import type { RequestLedgers } from './sources/ledgers/request.js';
import type { RequestSales } from './sources/vipps/index.js';

/** What every resolver gets: the shared sources, and this request's meter, signal, clock and per-request state. */
export interface Context {
  /** Who is calling: its grants (ledgers, Dintero accounts) and scopes. */
  client: Client;
  sources: Sources;
  meter: UpstreamMeter;
  signal: AbortSignal;
  codec: CursorCodec;
  /** Signs `downloadUrl`s served by the gateway's `/downloads/` route. */
  downloads: DownloadLinks;
  limits: Limits;
  /** State shared by all replicas (Redis when configured): idempotency records, rate counters. */
  store: KeyValueStore;
  /** The one clock: "now", and "today" in a ledger's time zone. */
  clock: Clock;
  /** How subscriptions poll. */
  live: LivePolling;
  /** This request's ledger providers (each with its own per-request memos), keyed by `Provider`. */
  ledgers: RequestLedgers;
  /** This request's Sales API reads and the Entry -> SalesEvent join, by the ledger's provider. */
  sales: RequestSales;
  /**
   * The context of a subscription's next poll: the same client and signal, a fresh upstream budget
   * (one operation's, as if the poll were a query) and fresh per-request memos, reading live ends
   * for the poll slot `live` (`LiveRead`).
   */
  renew(live?: LiveRead): Context;
}

/** How subscriptions poll (`TALLY_LIVE_POLL_SECONDS`). */
export interface LivePolling {
  /** A poll slot's length on the gateway's clock, ms. */
  intervalMs: number;
  /** Waits `ms` of the gateway's clock (a sandbox clock that runs fast waits less real time); resolves early when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** What a gateway shares between requests. */
export interface SharedContext {
  sources: Sources;
  codec: CursorCodec;
  downloads: DownloadLinks;
  limits: Limits;
  clock: Clock;
  store: KeyValueStore;
  live: LivePolling;
}

/**
 * Builds one request's context: its meter (spending `budget`, the client's allowance of upstream
 * calls, when given) and abort signal, and the typed per-request state (ledger providers, sales
 * join) opened over them, so nothing per-request hides in string-keyed maps.
 */
export function createContext(
  shared: SharedContext,
  signal: AbortSignal,
  client: Client,
  budget?: CallBudget,
  nextBudget?: () => CallBudget,
  live?: LiveRead,
): Context {
  const meter = new UpstreamMeter(budget);
  const call = { meter, signal, live };
  const ledgers = shared.sources.ledgers.forRequest(call, shared.clock, ledgerAccess(client));
  // Each field named rather than spread from `shared`: an object literal of a fixed shape is built
  // per request, not copied property by property.
  return {
    sources: shared.sources,
    codec: shared.codec,
    downloads: shared.downloads,
    limits: shared.limits,
    clock: shared.clock,
    store: shared.store,
    live: shared.live,
    client,
    meter,
    signal,
    ledgers,
    sales: shared.sources.sales.forRequest(call, shared.clock, ledgers, ledgerAccess(client)),
    renew: (next) => createContext(shared, signal, client, nextBudget?.(), nextBudget, next),
  };
}
