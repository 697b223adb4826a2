import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { initContextCache } from '@pothos/core';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { RateLimiter } from './auth/rate-limit.js';
import { UpstreamBudgets } from './auth/upstream-budget.js';
import type { Config } from './config.js';
import { CursorCodec } from './paging/cursor.js';
import { createContext, type Context, type SharedContext } from './context.js';
import { openEntriesExport } from './downloads/entries-export.js';
import type { Clock } from './domain/dates.js';
import { useDocumentLimits } from './plugins/useDocumentLimits.js';
import { DownloadLinks } from './downloads/links.js';
import { useDownloads } from './plugins/useDownloads.js';
import { schema } from './resolvers/index.js';
import { useCompiledExecution } from './plugins/useCompiledExecution.js';
import { createSources, type SourceOptions, type Sources } from './sources/index.js';
import { SharedPageCache } from './sources/http/shared-cache.js';
import { createStore, RedisStore, type KeyValueStore } from './store/index.js';
import type { Tracer } from '@opentelemetry/api';
import { createLogger, type Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { useObservability } from './plugins/useObservability.js';
import { useReadiness } from './plugins/useReadiness.js';
import { graphiqlTabs, type GraphiQLExamples } from './plugins/graphiql-tabs.js';
import { useWebApp } from './plugins/useWebApp.js';
import { corsFor } from './plugins/cors.js';
import { useBodyLimit } from './plugins/useBodyLimit.js';
import { useCodedRefusals } from './plugins/useCodedRefusals.js';
import { useCsrfPrevention } from './plugins/useCsrfPrevention.js';
import { useGetParamsCheck } from './plugins/useGetParamsCheck.js';
import { useCursorPrecheck } from './plugins/useCursorPrecheck.js';
import { useSharedUpstreamErrors } from './plugins/useSharedUpstreamErrors.js';
import { useOperationLimit } from './plugins/useOperationLimit.js';
import { TrustedDocuments, useTrustedDocuments } from './plugins/useTrustedDocuments.js';
import { maskError, safeLogText } from './plugins/mask-error.js';
import { useInputErrorCodes } from './plugins/useInputErrorCodes.js';
import { useCostExtension } from './plugins/useCostExtension.js';
import { ClientAuth, useClientAuth } from './plugins/useClientAuth.js';

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
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context> & { sources: Sources; metrics: GatewayMetrics; logger: Logger };

/**
 * The gateway: graphql-yoga over the Pothos schema, with the limits (depth, aliases, tokens,
 * cost), client authentication, error masking that keeps Tally's error codes, and the
 * upstream-cost report in `extensions.cost`.
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
  const budgets = new UpstreamBudgets(limiter, { perOperation: config.limits.maxUpstreamCallsPerOperation, perMinute: config.limits.upstreamCallsPerMinute });
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

  const logged = new WeakSet<object>();
  let examples: GraphiQLExamples | undefined;
  const shared: SharedContext = { sources, codec, downloads, limits: config.limits, clock, store };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => log('debug', args.map(safeLogText).join(' ')),
      info: (...args) => log('info', args.map(safeLogText).join(' ')),
      warn: (...args) => log('warn', args.map(safeLogText).join(' ')),
      // graphql-yoga logs every error it masks: at debug only. What an operator needs at the default
      // level (each upstream failure once, unexpected errors) is logged by maskError.
      error: (...args) => log('debug', args.map(safeLogText).join(' ')),
    },
    cors: corsFor(config.browser.allowedOrigins),
    extraParamNames: ['documentId'],
    maxRequestBodySize: config.limits.maxBodyBytes,
    context: ({ request }): Context => {
      const client = auth.clientOf(request);
      return { ...initContextCache(), ...createContext(shared, request.signal, client, budgets.forOperation(client.name)) };
    },
    graphiql: !config.browser.graphiql ? false : () => {
      examples ??= options.graphiqlExamples?.() ?? {};
      return {
        title: 'Tally',
        defaultTabs: graphiqlTabs(examples),
        headers: config.clients.length > 0 ? JSON.stringify({ authorization: 'Bearer <your Tally API key>' }) : undefined,
        shouldPersistHeaders: false,
      };
    },
    // GraphiQL's bundle is a 10-17 MB string constant: loaded on the first page view, not held by
    // every gateway that never serves one (about 30 MB of RSS).
    renderGraphiQL: async (opts) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(opts),
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => maskError(error, message, log, logged),
    },
    plugins: [
      // First: its onResponse gives a bodyless refusal its coded body before observability tags it with the request id.
      useCodedRefusals('/graphql'),
      useObservability({ logger, metrics, metricsAccess: config.metrics, tracer: options.tracer, graphqlEndpoint: '/graphql' }),
      useReadiness(sources.readiness, store),
      // The app's files are public (no data), like GraphiQL's page.
      ...(options.webAppDir === false ? [] : [useWebApp(options.webAppDir)]),
      // Before the API key check: a signed download link is its own authorisation (a browser follows it without headers).
      useDownloads(downloads, sources, (target, signal) => openEntriesExport(shared, target, signal)),
      useCsrfPrevention('/graphql'),
      useGetParamsCheck('/graphql'),
      useBodyLimit(config.limits.maxBodyBytes),
      useClientAuth(auth),
      ...(trusted ? [useTrustedDocuments(trusted, config.browser.trustedDocumentsOnly)] : []),
      useDocumentLimits(
        // Depth as the document nests fields (connections add edges/node levels); the cost limit prices the lists.
        { aliases: config.limits.maxAliases, directives: config.limits.maxDirectives, depth: config.limits.maxDepth + 4, tokens: config.limits.maxTokens },
        config.browser.introspection,
      ),
      EnvelopArmorPlugin({
        maxDepth: { enabled: false },
        maxAliases: { enabled: false },
        maxTokens: { enabled: false },
        maxDirectives: { enabled: false },
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: config.mode === 'upstream' },
      }),
      useCursorPrecheck(codec),
      useSharedUpstreamErrors(),
      useCostExtension(config.costAlways),
      useInputErrorCodes(),
      useCompiledExecution(log),
      { onDispose: () => store.close() },
      // Last: it wraps whatever executes an operation (see its comment).
      useOperationLimit(config.limits.maxConcurrentCost),
    ],
  });
  return Object.assign(yoga, { sources, metrics, logger });
}

