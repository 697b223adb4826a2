import { SpanKind, SpanStatusCode, type Context as TraceContext, type Span, type Tracer } from '@opentelemetry/api';
import type { SourceName } from '../../domain/errors.js';

/** Counters the operator scrapes (implemented with prom-client by the gateway's metrics). */
export interface UpstreamMetrics {
  /** One HTTP exchange with an upstream (each attempt counts); `status` null when no answer came. */
  call(source: SourceName, endpoint: string, status: number | null, seconds: number): void;
  /** A failed attempt that will be tried again. */
  retry(source: SourceName, endpoint: string): void;
  /** A lookup in a cache level: `process` (lru-cache) or `shared` (Redis). */
  cache(level: 'process' | 'shared', source: SourceName, hit: boolean): void;
}

/** How the one HTTP module reports what it does: spans (OpenTelemetry) and metrics, both optional. */
export interface UpstreamTelemetry {
  tracer?: Tracer;
  metrics?: UpstreamMetrics;
}

export interface CallSpanInfo {
  source: SourceName;
  endpoint: string;
  method: string;
  /** 1 for the first try, 2 for the first retry, ...; absent for a cache hit. */
  attempt?: number;
  cacheHit: boolean;
  /** Which cache level answered, for a hit. */
  cacheLevel?: 'process' | 'shared';
  serverAddress?: string;
}

/**
 * A span for one upstream call (or one cache hit standing in for it), a child of the GraphQL
 * operation's span when the request carries one. Attributes name the route (`endpoint`), never the
 * URL: paths and queries hold ledger ids, references and dates that belong to merchants.
 */
export function startCallSpan(telemetry: UpstreamTelemetry | undefined, info: CallSpanInfo, parent: TraceContext | undefined): CallSpan {
  const tracer = telemetry?.tracer;
  if (!tracer) return NO_SPAN;
  const span = tracer.startSpan(
    `${info.source} ${info.endpoint}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'tally.upstream.source': info.source,
        'tally.upstream.endpoint': info.endpoint,
        'http.request.method': info.method,
        'tally.cache.hit': info.cacheHit,
        ...(info.cacheLevel ? { 'tally.cache.level': info.cacheLevel } : {}),
        ...(info.attempt !== undefined ? { 'tally.upstream.attempt': info.attempt } : {}),
        ...(info.serverAddress ? { 'server.address': info.serverAddress } : {}),
      },
    },
    parent,
  );
  return new OtelCallSpan(span);
}

export interface CallSpan {
  end(status: number | null, errorCode?: string): void;
}

const NO_SPAN: CallSpan = { end() {} };

class OtelCallSpan implements CallSpan {
  constructor(private readonly span: Span) {}

  end(status: number | null, errorCode?: string): void {
    if (status !== null) this.span.setAttribute('http.response.status_code', status);
    if (errorCode) {
      this.span.setAttribute('error.type', errorCode);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
    }
    this.span.end();
  }
}
