import { timingSafeEqual } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { keyDigest } from '../auth/clients.js';
import { errorResponse } from './useCodedRefusals.js';
import type { UpstreamMeter } from '../sources/http/meter.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics, Outcome } from '../observability/metrics.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../observability/request-id.js';

interface RequestState {
  id: string;
  started: number;
  route: string;
  graphql: boolean;
  operation?: string;
  type?: string;
  outcome?: Outcome;
  errorCodes: Record<string, number>;
  meter?: UpstreamMeter;
  span?: Span;
}

const propagator = new W3CTraceContextPropagator();

/** Routes as they appear in logs and spans: never the full path, which can hold a signed download token. */
function routeOf(pathname: string, graphqlEndpoint: string): string {
  if (pathname === graphqlEndpoint) return graphqlEndpoint;
  if (pathname.startsWith('/downloads/')) return '/downloads';
  if (pathname === '/health' || pathname === '/ready' || pathname === '/metrics') return pathname;
  return 'other';
}

/** Routes polled by probes and scrapers: their log lines are `debug`, so they do not drown the requests. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

/** Who may read `/metrics` (`Config.metrics`). */
export interface MetricsAccess {
  token?: string;
  open: boolean;
}

/** The scrape check: the configured bearer token compared in constant time (as API keys are, `keyDigest`), or open (sandbox mode). */
export function scrapeCheck(access: MetricsAccess): (request: Request) => boolean {
  if (access.token === undefined) return () => access.open;
  const want = keyDigest(access.token);
  return (request) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    return m !== null && timingSafeEqual(keyDigest(m[1] as string), want);
  };
}

/**
 * What an operator sees of each request, from one place: the request id (taken from
 * `x-request-id` or generated; echoed in the response header and in every error's extensions), a
 * span per GraphQL operation whose children are the upstream calls, the Prometheus series and
 * `/metrics`, and one JSON log line per request with its outcome and upstream calls. Variables,
 * documents and error messages are never logged: they can hold personal data.
 */
export function useObservability(options: {
  logger: Logger;
  metrics: GatewayMetrics;
  metricsAccess: MetricsAccess;
  tracer?: Tracer;
  graphqlEndpoint: string;
}): Plugin {
  const { logger, metrics, tracer, graphqlEndpoint } = options;
  const mayScrape = scrapeCheck(options.metricsAccess);
  const states = new WeakMap<Request, RequestState>();
  const begin = (request: Request, url: URL): RequestState => {
    const route = routeOf(url.pathname, graphqlEndpoint);
    const state: RequestState = {
      id: requestIdOf(request),
      started: performance.now(),
      route,
      graphql: route === graphqlEndpoint,
      errorCodes: {},
    };
    states.set(request, state);
    metrics.inFlight.inc();
    return state;
  };
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const state = begin(request, url);
      if (url.pathname === '/metrics' && request.method === 'GET') {
        if (!mayScrape(request)) {
          endResponse(
            errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', 'GET /metrics needs `Authorization: Bearer <TALLY_METRICS_TOKEN>`.', {
              headers: { 'www-authenticate': 'Bearer realm="tally-metrics"' },
            }),
          );
          return;
        }
        const { contentType, body } = await metrics.scrape();
        endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': contentType } }));
        return;
      }
      if (tracer && state.graphql) {
        const headers = Object.fromEntries(request.headers);
        const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
        state.span = tracer.startSpan(
          'GraphQL',
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': request.method, 'url.path': state.route, 'tally.request_id': state.id },
          },
          parent,
        );
      }
    },
    onExecute({ args }) {
      const ctx = args.contextValue as { request?: Request; meter?: UpstreamMeter };
      const state = ctx.request && states.get(ctx.request);
      if (!state) return;
      const op = getOperationAST(args.document, args.operationName);
      // Bounded: the name is the client's text (see `GatewayMetrics.operationLabel`).
      state.operation = metrics.operationLabel(op?.name?.value);
      state.type = op?.operation;
      state.meter = ctx.meter;
      if (state.span) {
        state.span.updateName(`${state.type ?? 'graphql'}${state.operation ? ` ${state.operation}` : ''}`);
        state.span.setAttributes({
          'graphql.operation.type': state.type ?? '',
          ...(state.operation ? { 'graphql.operation.name': state.operation } : {}),
        });
        if (ctx.meter) ctx.meter.trace = trace.setSpan(ROOT_CONTEXT, state.span);
      }
    },
    onResultProcess({ request, result, setResult }) {
      const state = states.get(request);
      if (!state || isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      let data = false;
      let errors = false;
      const tagged = results.map((r) => {
        if (r.data !== undefined && r.data !== null) data = true;
        if (!r.errors?.length) return r;
        errors = true;
        for (const e of r.errors) {
          const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN';
          state.errorCodes[code] = (state.errorCodes[code] ?? 0) + 1;
        }
        return { ...r, errors: r.errors.map((e) => withRequestId(e, state.id)) };
      });
      state.outcome = !errors ? 'success' : data ? 'partial' : 'error';
      setResult(Array.isArray(result) ? tagged : tagged[0]!);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      // Yoga's own /health answers before any plugin's onRequest: such a request starts here.
      const state = states.get(request) ?? begin(request, new URL(request.url));
      metrics.inFlight.dec();
      // Responses that ended before GraphQL ran (an unknown API key, a refused download link) carry
      // their errors in a body of their own: tag those too.
      if (!state.outcome && response.status >= 400 && (response.headers.get('content-type') ?? '').includes('json')) {
        const tagged = await tagErrorBody(response, state, fetchAPI);
        if (tagged) {
          setResponse(tagged);
          response = tagged;
        }
      }
      response.headers.set(REQUEST_ID_HEADER, state.id);
      const seconds = (performance.now() - state.started) / 1000;
      const outcome: Outcome = state.outcome ?? (response.status >= 400 ? 'error' : 'success');
      if (state.graphql && (state.outcome || response.status >= 400)) metrics.request(state.operation, state.type, outcome, seconds);
      const upstream = state.meter?.summary();
      if (state.span) {
        state.span.setAttributes({
          'http.response.status_code': response.status,
          'tally.outcome': outcome,
          'tally.upstream.calls': upstream?.upstreamCalls ?? 0,
          'tally.cache.hits': upstream?.cacheHits ?? 0,
        });
        if (outcome !== 'success')
          state.span.setStatus({ code: SpanStatusCode.ERROR, message: Object.keys(state.errorCodes).join(',') || String(response.status) });
        state.span.end();
      }
      const line = {
        requestId: state.id,
        method: request.method,
        route: state.route,
        status: response.status,
        ...(state.graphql ? { operation: state.operation ?? null, operationType: state.type ?? null } : {}),
        outcome,
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(Object.keys(state.errorCodes).length > 0 ? { errorCodes: state.errorCodes } : {}),
        upstream: upstream ?? { upstreamCalls: 0, cacheHits: 0, upstreamMs: 0, bySource: {} },
      };
      if (PROBES.has(state.route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    },
  };
}

function withRequestId(e: GraphQLError, requestId: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, requestId },
  });
}

async function tagErrorBody(
  response: Response,
  state: RequestState,
  fetchAPI: { Response: typeof Response },
): Promise<Response | undefined> {
  try {
    const body = (await response.clone().json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    if (!Array.isArray(body.errors)) return undefined;
    for (const e of body.errors) {
      e.extensions = { ...e.extensions, requestId: state.id };
      const code = typeof e.extensions.code === 'string' ? e.extensions.code : 'UNKNOWN';
      state.errorCodes[code] = (state.errorCodes[code] ?? 0) + 1;
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new fetchAPI.Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
  } catch {
    return undefined;
  }
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}
