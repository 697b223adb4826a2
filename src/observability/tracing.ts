import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  /** Undefined when tracing is off: no span is created at all. */
  tracer: Tracer | undefined;
  /** Exports what is still buffered; called on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces over OTLP/HTTP when an endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), off otherwise. The provider is not registered globally:
 * the gateway hands its tracer to the code that makes spans, so nothing else in the process is
 * traced by accident and tests can run gateways with their own exporters side by side.
 */
export function createTracing(options: { otlpTracesUrl?: string; serviceName: string; version: string }): Tracing {
  if (!options.otlpTracesUrl) return { tracer: undefined, shutdown: async () => {} };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: options.version }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpTracesUrl }))],
  });
  return { tracer: provider.getTracer('tally', options.version), shutdown: () => provider.shutdown() };
}
