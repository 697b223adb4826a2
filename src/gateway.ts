import type { Tracer } from '@opentelemetry/api';
import { initContextCache } from '@pothos/core';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { RateLimiter } from './auth/rate-limit.js';
import { UpstreamBudgets } from './auth/upstream-budget.js';
import type { Config } from './config.js';
import { createContext, type Context, type SharedContext } from './context.js';
import type { Clock } from './domain/dates.js';
import { openEntriesExport } from './downloads/entries-export.js';
import { DownloadLinks } from './downloads/links.js';
import { createLogger, type Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { CursorCodec } from './paging/cursor.js';
import { schema } from './resolvers/index.js';
import { SharedPageCache } from './sources/http/shared-cache.js';
import { createSources, type SourceOptions, type Sources } from './sources/index.js';
import { createStore, RedisStore, type KeyValueStore } from './store/index.js';
import { corsFor } from './plugins/cors.js';
import { graphiqlPage, type GraphiQLExamples } from './plugins/graphiql-tabs.js';
import { errorMasking } from './plugins/mask-error.js';
import { useBlockFieldSuggestions } from './plugins/useBlockFieldSuggestions.js';
import { useBodyLimit } from './plugins/useBodyLimit.js';
import { ClientAuth, useClientAuth } from './plugins/useClientAuth.js';
import { useCodedRefusals } from './plugins/useCodedRefusals.js';
import { useCompiledExecution } from './plugins/useCompiledExecution.js';
import { useCostExtension } from './plugins/useCostExtension.js';
import { useCsrfPrevention } from './plugins/useCsrfPrevention.js';
import { useCursorPrecheck } from './plugins/useCursorPrecheck.js';
import { useDocumentLimits } from './plugins/useDocumentLimits.js';
import { useDownloads } from './plugins/useDownloads.js';
import { useGetParamsCheck } from './plugins/useGetParamsCheck.js';
import { useInputErrorCodes } from './plugins/useInputErrorCodes.js';
import { useObservability } from './plugins/useObservability.js';
import { useOperationLimit } from './plugins/useOperationLimit.js';
import { useReadiness } from './plugins/useReadiness.js';
import { useSharedUpstreamErrors } from './plugins/useSharedUpstreamErrors.js';
import { useSubscriptionLimit } from './plugins/useSubscriptionLimit.js';
import { TrustedDocuments, useTrustedDocuments } from './plugins/useTrustedDocuments.js';
import { useWebApp } from './plugins/useWebApp.js';
import { useIncrementalDelivery } from './plugins/useIncrementalDelivery.js';

export interface GatewayOptions {
  /** Built from `config.upstreams` when not given (tests inject their own). */
  sources?: Sources;
  sourceOptions?: SourceOptions;
  /** The clock of the whole gateway ("now", and "today" in a ledger's time zone); defaults to the wall clock. */
  clock?: Clock;
  /** Real ids for GraphiQL's example tabs (a ledger, a date), computed on the first page load; placeholders otherwise. */
  graphiqlExamples?: () => GraphiQLExamples;
  /** The built back-office app served at `/`; web/dist by default, `false` to serve none. */
  webAppDir?: string | false;
  /**
   * The origin the gateway listens on (`http://127.0.0.1:4000`), known once the server listens:
   * where download links point when `TALLY_PUBLIC_URL` is not set (sandbox mode).
   */
  listenOrigin?: () => string | undefined;
  /** The rate limits' clock (epoch ms); the wall clock by default, not the ledgers' clock (which tests fix). */
  rateClock?: () => number;
  /** Log lines go here (never secrets); defaults to the JSON logger. */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
  /** State shared by replicas; from `config.redisUrl` when not given (Redis, else in process). Closed on dispose. */
  store?: KeyValueStore;
  /** JSON logs (pino); by default to stdout at `config.logLevel`. */
  logger?: Logger;
  /** OpenTelemetry tracer for operation and upstream call spans; no spans without one. */
  tracer?: Tracer;
  metrics?: GatewayMetrics;
  /**
   * How a subscription waits for its next poll, in ms of the gateway's clock (tests move their
   * clock and release the wait themselves); a timer by default.
   */
  liveWait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Sandbox ms per real ms of the gateway's clock (a running sandbox clock's `SANDBOX_CLOCK_SPEED`):
   * a poll interval of that clock is waited for in `1/speed` of the real time, at least 250 ms.
   */
  liveClockSpeed?: number;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context> & { sources: Sources; metrics: GatewayMetrics; logger: Logger };

/**
 * The gateway: graphql-yoga over the Pothos schema. It builds the engines (store, metrics, the
 * sources, the cursor codec, download links, rate limits, client authentication), then lists the
 * edge's plugins (src/plugins/, one per file) in the order a request meets them. Nothing else
 * lives here: a new behaviour at the edge is a plugin file and one line in that list.
 */
export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger(config.logLevel);
  const log =
    options.log ??
    ((level: 'error' | 'warn' | 'info' | 'debug', message: string) => {
      logger[level](message);
    });
  const store = options.store ?? options.sources?.store ?? createStore(config.redisUrl, (level, message) => log(level, message));
  const metrics = options.metrics ?? new GatewayMetrics();
  const sources =
    options.sources ??
    createSources(config.upstreams, config.limits, {
      store,
      clock: options.clock,
      vippsLedgerTimeZones: config.vippsLedgerTimeZones,
      vippsLedgerDateCutoffs: config.vippsLedgerDateCutoffs,
      telemetry: { tracer: options.tracer, metrics: metrics.upstream },
      // Pages shared by replicas are encrypted under the signing secret, which every replica shares.
      sharedCache: store.kind === 'redis' ? new SharedPageCache(store, config.signingSecret) : undefined,
      benchColdCache: config.benchColdCache,
      cacheMaxBytes: config.cacheMaxBytes,
      ...options.sourceOptions,
    });
  metrics.watchCaches(async () => {
    const shared = store instanceof RedisStore ? await store.usedMemory() : undefined;
    return [
      { cache: 'process', bytes: sources.cache.bytes },
      { cache: 'store', bytes: store.bytes },
      ...(shared === undefined ? [] : [{ cache: 'shared', bytes: shared }]),
    ];
  });
  const codec = new CursorCodec(config.signingSecret);
  const publicUrl = () => {
    if (config.publicUrl) return config.publicUrl;
    const listening = options.listenOrigin?.();
    if (listening) return listening;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return `http://${host}:${config.port}`;
  };
  const downloads = new DownloadLinks(config.signingSecret, config.downloadLinkTtlSeconds, publicUrl);
  const limiter = new RateLimiter(store, options.rateClock);
  const budgets = new UpstreamBudgets(limiter, {
    perOperation: config.limits.maxUpstreamCallsPerOperation,
    perMinute: config.limits.upstreamCallsPerMinute,
  });
  const auth = new ClientAuth({
    endpoint: '/graphql',
    clients: config.clients,
    defaultRequestsPerMinute: config.defaultRequestsPerMinute,
    limiter,
    authFailuresPerMinute: config.authFailuresPerMinute,
    trustedProxyHops: config.trustedProxyHops,
    log,
    now: options.rateClock,
  });
  const trusted = config.browser.trustedDocumentsPath ? TrustedDocuments.load(config.browser.trustedDocumentsPath) : undefined;
  if (trusted) metrics.knowOperationNames(trusted.operationNames);
  const clock: Clock = options.clock ?? sources.clock;

  const speed = options.liveClockSpeed ?? 1;
  const live = {
    intervalMs: config.limits.livePollSeconds * 1000,
    wait: options.liveWait ?? ((ms: number, signal: AbortSignal) => timerWait(Math.max(250, ms / speed), signal)),
  };
  const shared: SharedContext = { sources, codec, downloads, limits: config.limits, clock, store, live };
  const { mask, ...masking } = errorMasking(log);
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    ...masking,
    cors: corsFor(config.browser.allowedOrigins),
    extraParamNames: ['documentId'],
    // The body limit is useBodyLimit's (below): graphql-yoga's own streams every body through a
    // counter, also the bodies whose length the HTTP server already bounds.
    maxRequestBodySize: false,
    context: ({ request }): Context => {
      const client = auth.clientOf(request);
      // Pothos' per-request cache key added to the context itself rather than both spread into a third object.
      return Object.assign(
        createContext(shared, request.signal, client, budgets.forOperation(client.name), () => budgets.forOperation(client.name)),
        initContextCache(),
      );
    },
    ...graphiqlPage({ enabled: config.browser.graphiql, withApiKey: config.clients.length > 0, examples: options.graphiqlExamples }),
    // The order is the request's path through the edge: each plugin sees only what those above it let through.
    plugins: [
      // First: its onResponse gives a bodyless refusal its coded body before observability tags it with the request id.
      useCodedRefusals('/graphql'),
      // Before everything that can refuse: every request, refused or not, gets its id, log line, metrics and span.
      useObservability({ logger, metrics, metricsAccess: config.metrics, tracer: options.tracer, graphqlEndpoint: '/graphql' }),
      // Probes carry no API key: /ready is answered before authentication.
      useReadiness(sources.readiness, store),
      // The app's files are public (no data), like GraphiQL's page.
      ...(options.webAppDir === false ? [] : [useWebApp(options.webAppDir)]),
      // Before the API key check: a signed download link is its own authorisation (a browser follows it without headers).
      useDownloads(downloads, sources, (target, signal) => openEntriesExport(shared, target, signal)),
      // The cheap HTTP refusals (another site's form, a GET with bad JSON, an oversized body) before any key lookup.
      useCsrfPrevention('/graphql'),
      useGetParamsCheck('/graphql'),
      useBodyLimit(config.limits.maxBodyBytes),
      // Who is calling, and within their rate: everything below runs for a known client only.
      useClientAuth(auth),
      // Documents are checked before they are parsed further: only the trusted ones (when configured), within the limits.
      ...(trusted ? [useTrustedDocuments(trusted, config.browser.trustedDocumentsOnly)] : []),
      useDocumentLimits(
        // Depth as the document nests fields (connections add edges/node levels); the cost limit prices the lists.
        {
          aliases: config.limits.maxAliases,
          directives: config.limits.maxDirectives,
          depth: config.limits.maxDepth + 4,
          tokens: config.limits.maxTokens,
        },
        config.browser.introspection,
      ),
      // Validation errors do not guess field names for a stranger (upstream mode only).
      useBlockFieldSuggestions(config.mode === 'upstream'),
      // A forged cursor is refused before any resolver makes an upstream call.
      useCursorPrecheck(codec),
      // Result shapers, before the error mask: one error per failed upstream call, the cost report, the input's codes.
      useSharedUpstreamErrors(),
      useCostExtension(config.costAlways),
      // @defer/@stream; the errors of later payloads pass the same mask as the first one's.
      ...useIncrementalDelivery(mask),
      useInputErrorCodes(),
      // graphql-jit for reads, graphql-js where it cannot compile (subscriptions: graphql-js' subscribe).
      useCompiledExecution(log),
      // Subscriptions hold no slot of the operation limit while they wait: their number is capped per client instead.
      useSubscriptionLimit(config.limits.maxSubscriptionsPerClient),
      // The store outlives requests: closed with the gateway.
      { onDispose: () => store.close() },
      // Last: it wraps whatever executes an operation (see its comment).
      useOperationLimit(config.limits.maxConcurrentCost),
    ],
  });
  return Object.assign(yoga, { sources, metrics, logger });
}

/** Waits `ms` on a timer, or until `signal` aborts. */
function timerWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
