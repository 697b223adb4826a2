import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SourceName } from '../domain/errors.js';
import type { UpstreamMetrics } from '../sources/http/telemetry.js';
import type { TraceExportMetrics } from './tracing.js';

/** How a GraphQL request ended: data without errors, data with some errors (a failing upstream nulls its fields), or no data. */
export type Outcome = 'success' | 'partial' | 'error';

/**
 * Distinct client-chosen operation names kept as label values; past this, `other`. Operation names
 * come from clients: each new one would be a new series in every scrape and a name in every log
 * line, so a client could grow both without bound or write what it likes into them.
 */
export const MAX_OPERATION_NAMES = 100;
/** Longer names are `other`: a real operation name is a short identifier. */
export const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * The gateway's Prometheus series (prom-client), in a registry of its own so that several
 * gateways in one process (tests, benchmarks) never collide, plus the Node process metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  readonly inFlight: Gauge;
  private readonly operationNames = new Set<string>();
  /** Names that are always their own label and never count against the bound: the trusted documents'. */
  private readonly knownOperationNames = new Set<string>();
  private cacheBytes: () => Promise<Array<{ cache: string; bytes: number }>> = async () => [];
  readonly upstream: UpstreamMetrics;
  readonly traces: TraceExportMetrics;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'tally_graphql_requests_total',
      help: 'GraphQL requests by operation name, operation type and outcome (success, partial: data with errors, error: no data).',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'tally_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to its response, by operation name, type and outcome.',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.inFlight = new Gauge({ name: 'tally_http_requests_in_flight', help: 'HTTP requests being served right now.', registers });
    const upstreamCalls = new Counter({
      name: 'tally_upstream_requests_total',
      help: 'HTTP requests to upstream APIs (every attempt) by source, endpoint (the route, not the URL) and status (none: no answer).',
      labelNames: ['source', 'endpoint', 'status'],
      registers,
    });
    const upstreamSeconds = new Histogram({
      name: 'tally_upstream_request_duration_seconds',
      help: 'Duration of upstream HTTP requests by source, endpoint and status.',
      labelNames: ['source', 'endpoint', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers,
    });
    const retries = new Counter({
      name: 'tally_upstream_retries_total',
      help: 'Upstream attempts that failed and were tried again (5xx, 429 within the Retry-After bound, connection failures), by source and endpoint.',
      labelNames: ['source', 'endpoint'],
      registers,
    });
    const cacheLookups = new Counter({
      name: 'tally_cache_lookups_total',
      help: 'Lookups of cached upstream pages by cache level (process: lru-cache in this replica, shared: Redis), source and result (hit, miss).',
      labelNames: ['cache', 'source', 'result'],
      registers,
    });
    const cacheBytes = () => this.cacheBytes();
    new Gauge({
      name: 'tally_cache_bytes',
      help: 'Bytes each cache holds: process (upstream pages in this replica), store (the in-process key-value store or its fallback while Redis is down), shared (Redis used_memory, when configured).',
      labelNames: ['cache'],
      registers,
      async collect() {
        this.reset();
        for (const { cache, bytes } of await cacheBytes()) this.set({ cache }, bytes);
      },
    });
    const traceExportFailures = new Counter({
      name: 'tally_trace_export_failures_total',
      help: 'Batches of spans the OTLP exporter could not deliver to the collector (each batch is dropped, not retried later).',
      registers,
    });
    const traceSpansLost = new Counter({
      name: 'tally_trace_spans_lost_total',
      help: 'Spans lost because their batch could not be exported.',
      registers,
    });
    this.traces = {
      exportFailed(spans: number) {
        traceExportFailures.inc();
        traceSpansLost.inc(spans);
      },
    };
    this.upstream = {
      call(source: SourceName, endpoint: string, status: number | null, seconds: number) {
        const labels = { source, endpoint, status: status === null ? 'none' : String(status) };
        upstreamCalls.inc(labels);
        upstreamSeconds.observe(labels, seconds);
      },
      retry(source: SourceName, endpoint: string) {
        retries.inc({ source, endpoint });
      },
      cache(cache: 'process' | 'shared', source: SourceName, hit: boolean) {
        cacheLookups.inc({ cache, source, result: hit ? 'hit' : 'miss' });
      },
    };
  }

  /** Where the cache sizes come from (read at scrape time). */
  watchCaches(read: () => Promise<Array<{ cache: string; bytes: number }>>): void {
    this.cacheBytes = read;
  }

  /** `operation` is already a label (`operationLabel`): the log line, the span and the series say the same. */
  request(operation: string | undefined, type: string | undefined, outcome: Outcome, seconds: number): void {
    const labels = { operation: operation ?? 'anonymous', type: type ?? 'none', outcome };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /** Operation names of the gateway's own frontends (the trusted documents): always labelled by name. */
  knowOperationNames(names: Iterable<string>): void {
    for (const name of names) if (name.length <= MAX_OPERATION_NAME_LENGTH) this.knownOperationNames.add(name);
  }

  /**
   * What a client's operation name may appear as in metrics, logs and spans: a trusted document's
   * name, one of the first `MAX_OPERATION_NAMES` other names this process saw, or `other`.
   */
  operationLabel(name: string | undefined): string | undefined {
    if (!name) return undefined;
    if (this.knownOperationNames.has(name) || this.operationNames.has(name)) return name;
    if (name.length > MAX_OPERATION_NAME_LENGTH || this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
