import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { createTracing, type Tracing } from '../../src/observability/tracing.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  },
});
const logged = (msg: string) => lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith(msg));

/** A loopback port nothing listens on (yet): the collector is down. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let port: number;
let tracing: Tracing;
let h: Harness;
const timeout = process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT;

beforeAll(async () => {
  // Without a bound the exporter retries a refused connection for 10 s before giving up.
  process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = '300';
  port = await closedPort();
  const logger = createLogger('info', sink);
  const metrics = new GatewayMetrics();
  tracing = createTracing({
    otlpTracesUrl: `http://127.0.0.1:${port}/v1/traces`,
    serviceName: 'tally',
    version: 'test',
    logger,
    metrics: metrics.traces,
  });
  h = await startHarness({ http: true, env: { LOG_LEVEL: 'info' }, gateway: { tracer: tracing.tracer, logger, metrics } });
});

afterAll(async () => {
  await h?.close();
  await tracing?.shutdown().catch(() => {});
  if (timeout === undefined) delete process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT;
  else process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = timeout;
});

/** One traced request, then its spans exported now rather than on the batch schedule. */
async function tracedRequest(): Promise<void> {
  const r = await h.gql('query Hello { __typename }');
  expect(r.errors).toBeUndefined();
  await tracing.flush();
}

async function metric(series: string): Promise<number | undefined> {
  const text = await (await fetch(new URL('/metrics', h.url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('OTLP trace exports that fail are logged once per outage and counted in /metrics', () => {
  it('the collector down: one warning for the first failed export, none for the next, every lost batch counted', async () => {
    expect(await metric('tally_trace_export_failures_total')).toBe(0);
    await tracedRequest();
    const warnings = logged('trace export failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', reason: 'ECONNREFUSED' });
    expect(await metric('tally_trace_export_failures_total')).toBe(1);
    const lostAfterOne = (await metric('tally_trace_spans_lost_total'))!;
    expect(lostAfterOne).toBeGreaterThanOrEqual(1);

    await tracedRequest();
    expect(logged('trace export failed')).toHaveLength(1);
    expect(await metric('tally_trace_export_failures_total')).toBe(2);
    expect(await metric('tally_trace_spans_lost_total')).toBeGreaterThan(lostAfterOne);
  });

  it('the collector back: one line says exports recovered and what was lost; the next outage warns again', async () => {
    const received: string[] = [];
    const collector = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(port, '127.0.0.1', resolve));
    try {
      await tracedRequest();
      expect(received).toContain('POST /v1/traces');
      const recovered = logged('trace export recovered');
      expect(recovered).toHaveLength(1);
      expect(recovered[0]).toMatchObject({ level: 'info', lostBatches: 2 });
      expect(await metric('tally_trace_export_failures_total')).toBe(2);
    } finally {
      collector.closeAllConnections();
      await new Promise((resolve) => collector.close(resolve));
    }

    await tracedRequest();
    expect(logged('trace export failed')).toHaveLength(2);
    expect(await metric('tally_trace_export_failures_total')).toBe(3);
  });
});
