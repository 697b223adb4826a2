import { createRequire } from 'node:module';
import type { Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type * as Conventions from '@opentelemetry/semantic-conventions';
import type { Logger } from './logger.js';

/**
 * The OpenTelemetry SDK and its OTLP exporter, loaded only when tracing is on: a gateway without
 * an OTLP endpoint (the default) never loads their modules, which cost the process about 10 MB.
 */
function sdk() {
  const load = createRequire(import.meta.url);
  return {
    ...(load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp),
    ...(load('@opentelemetry/resources') as typeof Resources),
    ...(load('@opentelemetry/sdk-trace-base') as typeof TraceBase),
    ...(load('@opentelemetry/semantic-conventions') as typeof Conventions),
  };
}

export interface Tracing {
  /** Undefined when tracing is off: no span is created at all. */
  tracer: Tracer | undefined;
  /** Exports what is buffered now (the batch processor otherwise waits for its schedule); a failed export is logged and counted, not thrown. */
  flush(): Promise<void>;
  /** Exports what is still buffered; called on shutdown. */
  shutdown(): Promise<void>;
}

/** Where failed exports are counted (`tally_trace_export_failures_total`, `tally_trace_spans_lost_total`). */
export interface TraceExportMetrics {
  exportFailed(spans: number): void;
}

/**
 * OpenTelemetry traces over OTLP/HTTP when an endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), off otherwise. The provider is not registered globally:
 * the gateway hands its tracer to the code that makes spans, so nothing else in the process is
 * traced by accident and tests can run gateways with their own exporters side by side.
 */
export function createTracing(options: {
  otlpTracesUrl?: string;
  serviceName: string;
  version: string;
  logger: Logger;
  metrics: TraceExportMetrics;
}): Tracing {
  if (!options.otlpTracesUrl) return { tracer: undefined, flush: async () => {}, shutdown: async () => {} };
  const { OTLPTraceExporter, BasicTracerProvider, BatchSpanProcessor, resourceFromAttributes, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } =
    sdk();
  const exporter = new WatchedExporter(new OTLPTraceExporter({ url: options.otlpTracesUrl }), options.logger, options.metrics);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: options.version }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer('tally', options.version),
    flush: () => provider.forceFlush().catch(() => {}),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * The OTLP exporter drops a batch it cannot deliver and tells only OpenTelemetry's own diagnostic
 * logger, which is off, so an operator could not tell that traces are being lost. This wrapper
 * logs the first failure of an outage (one warning, not one per batch, while the collector is
 * down), logs again when an export succeeds after it, and counts every lost batch and its spans.
 */
class WatchedExporter implements SpanExporter {
  private outage: { failures: number; spans: number } | undefined;

  constructor(
    private readonly inner: SpanExporter,
    private readonly logger: Logger,
    private readonly metrics: TraceExportMetrics,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.outage) {
          this.logger.info(
            { lostBatches: this.outage.failures, lostSpans: this.outage.spans },
            'trace export recovered: the collector accepts spans again',
          );
          this.outage = undefined;
        }
      } else {
        this.metrics.exportFailed(spans.length);
        if (this.outage) {
          this.outage.failures += 1;
          this.outage.spans += spans.length;
        } else {
          this.outage = { failures: 1, spans: spans.length };
          this.logger.warn(
            { reason: failureReason(result.error), spans: spans.length },
            'trace export failed: spans are lost until the collector accepts them again (tally_trace_spans_lost_total counts them)',
          );
        }
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/**
 * A code an operator can act on (`ECONNREFUSED`, `HTTP 503`, `TimeoutError`), never the error's
 * message or body: a collector's answer can quote anything.
 */
function failureReason(error: Error | undefined): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return `HTTP ${code}`;
  const cause = (error?.cause as { code?: unknown } | undefined)?.code;
  if (typeof cause === 'string') return cause;
  return error?.name ?? 'unknown';
}
