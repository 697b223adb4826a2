import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { initContextCache } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { ClientAuth } from './auth/plugin.js';
import { RateLimiter } from './auth/rate-limit.js';
import { UpstreamBudgets } from './auth/upstream-budget.js';
import type { Config } from './config.js';
import { CursorCodec } from './connections/cursor.js';
import { createContext, type Context, type SharedContext } from './context.js';
import { openEntriesExport } from './entries-export.js';
import type { Clock } from './dates.js';
import { useDocumentLimits } from './document-limits.js';
import { DownloadLinks, useDownloads } from './downloads.js';
import { isTallyError } from './errors.js';
import { schema } from './resolvers/index.js';
import { useCompiledExecution } from './compiled-execution.js';
import { createSources, type SourceOptions, type Sources } from './sources/index.js';
import { SharedPageCache } from './sources/http/shared-cache.js';
import { createStore, RedisStore, type KeyValueStore } from './store/index.js';
import type { Tracer } from '@opentelemetry/api';
import { createLogger, type Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { useObservability } from './observability/plugin.js';
import { useReadiness } from './observability/readiness.js';
import { graphiqlTabs, type GraphiQLExamples } from './graphiql-tabs.js';
import { useWebApp } from './web-app.js';
import { corsFor, useBodyLimit, useCodedRefusals, useCsrfPrevention, useGetParamsCheck } from './http-safety.js';
import { useCursorPrecheck, useSharedUpstreamErrors } from './operation-guards.js';
import { useOperationLimit } from './operation-limit.js';
import { TrustedDocuments, useTrustedDocuments } from './trusted-documents.js';

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

export const COST_HEADER = 'x-tally-cost';

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
      auth.plugin(),
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

/**
 * What yoga hands its logger: fixed strings, or errors whose message can quote a client's input
 * (a variable's value, a literal of the document). Errors are logged by name, code and path only.
 */
function safeLogText(arg: unknown): string {
  if (!(arg instanceof Error)) return String(arg);
  const e = arg as Error & { extensions?: { code?: unknown }; path?: ReadonlyArray<string | number> };
  const code = typeof e.extensions?.code === 'string' ? ` ${e.extensions.code}` : '';
  return `${e.name}${code}${e.path ? ` at ${e.path.join('.')}` : ''}`;
}

/**
 * Keeps Tally's own errors (code, source, safe details) and masks everything else: an unexpected
 * error never shows its message or stack, which could hold upstream URLs or tokens.
 */
function maskError(error: unknown, message: string, log: (level: 'error' | 'warn' | 'debug', m: string) => void, logged: WeakSet<object>): GraphQLError {
  // Errors may come from another copy of graphql-js (ESM and CJS builds load side by side under
  // tsx), so they are recognised by shape, not by `instanceof`.
  const gqlError = isGraphQLErrorLike(error) ? error : undefined;
  const tally = findTallyError(error);
  if (tally) {
    // One line per upstream failure, however many fields shared it; client mistakes only at debug.
    if (!logged.has(tally)) {
      logged.add(tally);
      if (tally.code.startsWith('UPSTREAM_')) log('warn', `upstream failure: ${tally.source ?? 'upstream'} ${tally.code}: ${tally.message}`);
      else log('debug', `client error: ${tally.code}`);
    }
    return new GraphQLError(tally.message, {
      nodes: gqlError?.nodes,
      positions: gqlError?.positions,
      path: gqlError?.path,
      // Extensions set on the located error (the paths of fields sharing one upstream failure) stay.
      extensions: { ...(gqlError?.extensions ?? {}), code: tally.code, ...(tally.source ? { source: tally.source } : {}), ...(tally.details ?? {}) },
    });
  }
  if (gqlError) {
    const inner = gqlError.originalError;
    // A variable whose value does not fit its type (`"10"` for an Int, 1e309): the client's input.
    // Its message holds the value, so it goes back to the client and never to the log.
    if (!gqlError.path && gqlError.message.startsWith('Variable "$')) {
      return new GraphQLError(gqlError.message, { nodes: gqlError.nodes, positions: gqlError.positions, extensions: { code: 'BAD_USER_INPUT' } });
    }
    // Parse and validation errors, and errors raised as GraphQL errors on purpose with a code: the
    // client's own document or input, safe to show as they are. graphql-js' own request errors
    // (an operation name missing among several operations) carry no code: BAD_USER_INPUT.
    // graphql-yoga's own request errors (a body that is not JSON) carry the parser's error in
    // `extensions.originalError`: a stack-free but internal detail that quotes the body. Not shown.
    if (typeof gqlError.extensions?.code === 'string') {
      const extensions = gqlError.extensions as Record<string, unknown> & { http?: { status?: number; spec?: boolean } };
      if (extensions.originalError !== undefined && !isGraphQLErrorLike(extensions.originalError)) {
        delete extensions.originalError;
        // graphql-yoga answers such a request 400 because of the parser's error it carried; without
        // it, `spec` would turn that into a 200 for `accept: application/json`. It stays a 400: the
        // body was not a GraphQL request at all.
        if (extensions.http?.spec) extensions.http = { ...extensions.http, spec: false };
      }
      return gqlError as GraphQLError;
    }
    if (!inner) return new GraphQLError(gqlError.message, { nodes: gqlError.nodes, positions: gqlError.positions, path: gqlError.path, extensions: { ...gqlError.extensions, code: 'BAD_USER_INPUT' } });
    if (isGraphQLErrorLike(inner) && typeof inner.extensions?.code === 'string') return inner as GraphQLError;
  }
  log('error', `unexpected error${gqlError?.path ? ` at ${gqlError.path.join('.')}` : ''}: ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`);
  return new GraphQLError(message, {
    nodes: gqlError?.nodes,
    path: gqlError?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

type GraphQLErrorLike = Pick<GraphQLError, 'message' | 'nodes' | 'positions' | 'path' | 'extensions' | 'originalError' | 'source'>;

function isGraphQLErrorLike(e: unknown): e is GraphQLErrorLike {
  return e instanceof Error && e.name === 'GraphQLError' && 'extensions' in e;
}

/** The TallyError behind an error: itself, or up the `originalError`/`cause` chain. */
function findTallyError(e: unknown): ReturnType<typeof asTally> {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const t = asTally(cur);
    if (t) return t;
    cur = (cur as { originalError?: unknown }).originalError ?? (cur as { cause?: unknown }).cause;
  }
  return null;
}

function asTally(e: unknown) {
  return isTallyError(e) ? e : null;
}

/**
 * A literal that a scalar rejects (a date like "2026-02-30") fails validation; its cause is the
 * scalar's BAD_USER_INPUT error, and that is the code the client should see.
 */
function useInputErrorCodes(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(
          result.map((e) => {
            const tally = findTallyError(e);
            return tally
              ? new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: tally, extensions: { ...e.extensions, code: tally.code, ...(tally.details ?? {}) } })
              : e;
          }),
        );
      };
    },
  };
}

/**
 * `extensions.cost`: the upstream calls an operation made per source and endpoint, cache hits and
 * time spent upstream. Always on in the sandbox; elsewhere when the request sends `x-tally-cost: 1`.
 */
function useCostExtension(always: boolean): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request?: Request };
      const wanted = always || ctx.request?.headers.get(COST_HEADER) === '1' || ctx.request?.headers.get(COST_HEADER) === 'true';
      if (!wanted) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return;
          const single = result as { data?: unknown; errors?: unknown; extensions?: Record<string, unknown> };
          setResult({ ...single, extensions: { ...(single.extensions ?? {}), cost: ctx.meter.summary() } } as typeof result);
        },
      };
    },
  };
}
