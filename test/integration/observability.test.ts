import { Writable } from 'node:stream';
import { InMemorySpanExporter, BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { createLogger } from '../../src/observability/logger.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { clearSandboxFaults, setSandboxFaults } from '../helpers/sandbox-http.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const BUSY = facts.busy;

/** A joined query: report entries, and for each its sales event from the Sales API. */
const JOINED = `query EntriesWithSales($id: ID!, $date: Date!, $first: Int) {
  ledger(id: $id) { entries(date: $date, first: $first) { edges { node { pspReference amount { amount } salesEvent { pspReference lines { name } } } } } } }`;

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  },
});
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    http: true,
    env: { LOG_LEVEL: 'info' },
    gateway: { tracer: provider.getTracer('test'), logger: createLogger('debug', sink), metrics: new GatewayMetrics() },
  });
});

afterAll(async () => {
  await h?.close();
  await provider.shutdown();
});

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { res, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

const attr = (s: ReadableSpan, k: string) => s.attributes[k];
const requestLines = () => lines.filter((l) => l.msg === 'request');

describe('traces', () => {
  it('a joined query is one operation span whose children are its upstream calls, with source, endpoint, status, attempt and cache hit', async () => {
    exporter.reset();
    const { res, body } = await post(
      JOINED,
      { id: vippsLedgerGlobalId(BUSY.ledgerId), date: BUSY.date, first: 20 },
      { 'x-request-id': '0af7651916cd43dd8448eb211c80319c' },
    );
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const ops = spans.filter((s) => s.name === 'query EntriesWithSales');
    expect(ops).toHaveLength(1);
    const op = ops[0]!;
    expect(op.attributes).toMatchObject({
      'graphql.operation.name': 'EntriesWithSales',
      'graphql.operation.type': 'query',
      'tally.request_id': '0af7651916cd43dd8448eb211c80319c',
      'tally.outcome': 'success',
      'http.response.status_code': 200,
    });
    expect(res.headers.get('x-request-id')).toBe('0af7651916cd43dd8448eb211c80319c');

    const children = spans.filter((s) => s.parentSpanContext?.spanId === op.spanContext().spanId);
    const sources = new Set(children.map((s) => attr(s, 'tally.upstream.source')));
    expect(sources).toEqual(new Set(['vipps-report', 'vipps-sales']));
    for (const s of children) {
      expect(s.spanContext().traceId).toBe(op.spanContext().traceId);
      expect(attr(s, 'tally.upstream.endpoint')).toMatch(/^GET \/[^?]*$/);
      expect(attr(s, 'tally.cache.hit')).toBe(false);
      expect(attr(s, 'tally.upstream.attempt')).toBe(1);
      expect(attr(s, 'http.response.status_code')).toBe(200);
      expect(s.name).toBe(`${String(attr(s, 'tally.upstream.source'))} ${String(attr(s, 'tally.upstream.endpoint'))}`);
      // The route, never the URL: ledger ids and references belong to merchants.
      expect(JSON.stringify(s.attributes)).not.toContain(BUSY.ledgerId);
    }
    expect(
      children.some((s) => attr(s, 'tally.upstream.endpoint') === 'GET /report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate}'),
    ).toBe(true);
    // The token exchange is shared by all requests: its own trace, not a child of this one.
    expect(spans.some((s) => attr(s, 'tally.upstream.source') === 'vipps-token')).toBe(true);
  });

  it('the same query warm: the closed day comes from the cache, and the spans say so', async () => {
    exporter.reset();
    const { body } = await post(JOINED, { id: vippsLedgerGlobalId(BUSY.ledgerId), date: BUSY.date, first: 20 });
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const op = spans.find((s) => s.name === 'query EntriesWithSales')!;
    const report = spans.filter(
      (s) => s.parentSpanContext?.spanId === op.spanContext().spanId && attr(s, 'tally.upstream.source') === 'vipps-report',
    );
    expect(report.length).toBeGreaterThan(0);
    for (const s of report) {
      expect(attr(s, 'tally.cache.hit')).toBe(true);
      expect(attr(s, 'tally.cache.level')).toBe('process');
      expect(attr(s, 'tally.upstream.attempt')).toBeUndefined();
    }
    expect(op.attributes['tally.cache.hits']).toBeGreaterThan(0);
  });

  it("continues the caller's trace from a W3C traceparent header", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await post('query Hello { __typename }', {}, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const op = exporter.getFinishedSpans().find((s) => s.name === 'query Hello')!;
    expect(op.spanContext().traceId).toBe(traceId);
    expect(op.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('a retried upstream call shows each attempt with its status', async () => {
    exporter.reset();
    await setSandboxFaults(h.sandbox.origin, { vipps: { serverErrorRate: 1, endpoints: ['/settlement/v1/ledgers'] } });
    try {
      h.clearCache();
      const { body } = await post('query Ledgers { ledgers(first: 10) { edges { node { ledgerId } } } }', {});
      // The other providers' ledgers are still listed: a partial result.
      expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(body.data).not.toBeNull();
    } finally {
      await clearSandboxFaults(h.sandbox.origin);
    }
    const attempts = exporter
      .getFinishedSpans()
      .filter((s) => attr(s, 'tally.upstream.endpoint') === 'GET /settlement/v1/ledgers')
      .map((s) => [attr(s, 'tally.upstream.attempt'), (attr(s, 'http.response.status_code') as number) >= 500, attr(s, 'error.type')]);
    expect(attempts).toEqual([
      [1, true, 'UPSTREAM_UNAVAILABLE'],
      [2, true, 'UPSTREAM_UNAVAILABLE'],
      [3, true, 'UPSTREAM_UNAVAILABLE'],
    ]);
  });
});

describe('logs', () => {
  it('one JSON line per request with time, request id, operation, duration, upstream calls and outcome; never a variable', async () => {
    lines.length = 0;
    const marker = 'private.person@example.com';
    const { res, body } = await post('query Probe($id: ID!) { node(id: $id) { id } }', { id: marker });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/); // generated when the caller sends none
    const mine = requestLines().filter((l) => l.requestId === id);
    expect(mine).toHaveLength(1);
    const line = mine[0]!;
    expect(line).toMatchObject({
      level: 'info',
      service: 'tally',
      route: '/graphql',
      operation: 'Probe',
      operationType: 'query',
      status: 200,
    });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
    expect(typeof line.durationMs).toBe('number');
    expect(line.upstream).toMatchObject({ upstreamCalls: expect.any(Number), cacheHits: expect.any(Number) });
    expect(['success', 'partial', 'error']).toContain(line.outcome);
    if (body.errors) expect(line.errorCodes).toBeDefined();
    expect(JSON.stringify(lines)).not.toContain(marker);
    expect(JSON.stringify(lines)).not.toContain('Probe($id');
  });

  it('the log line counts the upstream calls of a joined query', async () => {
    lines.length = 0;
    h.clearCache();
    const { res } = await post(
      JOINED,
      { id: vippsLedgerGlobalId(BUSY.ledgerId), date: BUSY.date, first: 5 },
      { 'x-request-id': '4bf92f3577b34da6a3ce929d0e0e4736' },
    );
    expect(res.status).toBe(200);
    const line = requestLines().find((l) => l.requestId === '4bf92f3577b34da6a3ce929d0e0e4736')! as {
      outcome: string;
      upstream: { upstreamCalls: number; bySource: Record<string, { calls: number }> };
    };
    expect(line.outcome).toBe('success');
    expect(line.upstream.bySource['vipps-report']!.calls).toBeGreaterThan(0);
    expect(line.upstream.bySource['vipps-sales']!.calls).toBeGreaterThan(0);
    expect(line.upstream.upstreamCalls).toBe(Object.values(line.upstream.bySource).reduce((n, s) => n + s.calls, 0));
  });

  it('every error carries the request id, including parse errors and errors before GraphQL runs', async () => {
    const parse = await post('query {', {}, { 'x-request-id': '00000000000000000000000000b10ce1' });
    expect(parse.res.headers.get('x-request-id')).toBe('00000000000000000000000000b10ce1');
    expect(parse.body.errors?.[0]?.extensions).toMatchObject({ requestId: '00000000000000000000000000b10ce1' });

    const field = await post('{ node(id: "bm90LWEtbm9kZQ") { id } }', {}, { 'x-request-id': '00000000000000000000000000b10ce2' });
    for (const e of field.body.errors ?? []) expect(e.extensions?.requestId).toBe('00000000000000000000000000b10ce2');

    // An id that could carry a header injection or a log forgery is replaced, not echoed.
    const hostile = await post('{ __typename }', {}, { 'x-request-id': 'a b"c' });
    expect(hostile.res.headers.get('x-request-id')).not.toBe('a b"c');
  });

  it('probes are logged at debug, GraphQL requests at info', async () => {
    lines.length = 0;
    const res = await fetch(new URL('/health', h.url), { headers: { 'x-request-id': '3f1c2a6e-8b9d-4e0f-a1b2-c3d4e5f60718' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('3f1c2a6e-8b9d-4e0f-a1b2-c3d4e5f60718');
    expect(requestLines().find((l) => l.requestId === '3f1c2a6e-8b9d-4e0f-a1b2-c3d4e5f60718')).toMatchObject({
      level: 'debug',
      route: '/health',
    });
  });
});

describe('metrics', () => {
  it('/metrics: requests by operation and outcome, upstream calls by source, endpoint and status, retries, cache lookups and bytes, in-flight, process', async () => {
    const res = await fetch(new URL('/metrics', h.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('tally_graphql_requests_total{operation="EntriesWithSales",type="query",outcome="success"}')).toBe(3);
    expect(value('tally_graphql_requests_total{operation="Ledgers",type="query",outcome="partial"}')).toBe(1);
    expect(value('tally_graphql_request_duration_seconds_count{operation="EntriesWithSales",type="query",outcome="success"}')).toBe(3);
    expect(
      value(
        'tally_upstream_requests_total{source="vipps-report",endpoint="GET /report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate}",status="200"}',
      ),
    ).toBeGreaterThan(0);
    expect(
      value('tally_upstream_requests_total{source="vipps-report",endpoint="GET /settlement/v1/ledgers",status="500"}') ?? 0,
    ).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/tally_upstream_request_duration_seconds_bucket\{le="0\.005",source="vipps-sales"/);
    expect(value('tally_upstream_retries_total{source="vipps-report",endpoint="GET /settlement/v1/ledgers"}')).toBe(2);
    expect(value('tally_cache_lookups_total{cache="process",source="vipps-report",result="hit"}')).toBeGreaterThan(0);
    expect(value('tally_cache_lookups_total{cache="process",source="vipps-report",result="miss"}')).toBeGreaterThan(0);
    expect(value('tally_cache_bytes{cache="process"}')).toBeGreaterThan(0);
    expect(value('tally_http_requests_in_flight')).toBe(1); // this scrape itself
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('health and readiness', () => {
  it('/ready names every configured upstream; a failing token endpoint makes it 503 and says which', async () => {
    const ok = await fetch(new URL('/ready', h.url));
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { status: string; upstreams: Record<string, { status: string }> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.upstreams).sort()).toEqual(['dintero P87654321', 'dintero T12345678', 'easypay', 'vipps'].sort());

    const fresh = await startHarness({
      http: true,
      env: { LOG_LEVEL: 'silent' },
      sandbox: { faults: { vipps: { serverErrorRate: 1, endpoints: ['/miami/v1/token'] } } },
    });
    try {
      const down = await fetch(new URL('/ready', fresh.url));
      expect(down.status).toBe(503);
      const b = (await down.json()) as { status: string; upstreams: Record<string, { status: string; code?: string }> };
      expect(b.status).toBe('not ready');
      expect(b.upstreams.vipps).toMatchObject({ status: 'failing', code: 'UPSTREAM_UNAVAILABLE' });
      expect(b.upstreams.easypay!.status).toBe('ok');
      expect(JSON.stringify(b)).not.toMatch(/secret/i);
      await clearSandboxFaults(fresh.sandbox.origin);
      expect((await fetch(new URL('/ready', fresh.url))).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('metrics behind a token', () => {
  it('with TALLY_METRICS_TOKEN, /metrics answers 401 (coded, with WWW-Authenticate) without the bearer token or with a wrong one, 200 with it', async () => {
    const token = 'metrics-scrape-token-0123456789';
    const guarded = await startHarness({ http: true, env: { TALLY_METRICS_TOKEN: token } });
    try {
      const url = new URL('/metrics', guarded.url);
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: token }]) {
        const res = await fetch(url, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain('Bearer');
        const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
        expect(JSON.stringify(body)).not.toContain(token);
      }
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('tally_http_requests_in_flight');
    } finally {
      await guarded.close();
    }
  });
});

describe('client-chosen text in logs and metrics', () => {
  it('a request id is taken only in the shape of a generated id; an e-mail address, a name or a card number is replaced', async () => {
    lines.length = 0;
    for (const given of ['jane.doe@example.com', 'Jane_Doe', '4111111111111111', '+4791234567', 'a'.repeat(200)]) {
      const { res } = await post('{ __typename }', {}, { 'x-request-id': given });
      const id = res.headers.get('x-request-id')!;
      expect(id).not.toBe(given);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const logged = JSON.stringify(lines);
    for (const given of ['jane.doe@example.com', 'Jane_Doe', '4111111111111111', '4791234567']) expect(logged).not.toContain(given);
  });

  it('operation names label metrics, logs and spans up to a fixed number of distinct names, then `other`; a long name is `other` at once', async () => {
    lines.length = 0;
    exporter.reset();
    // More distinct names than the bound (100), each a client's free choice.
    for (let i = 0; i < 110; i++) await post(`query Client${i}PersonJaneDoe { __typename }`, {});
    const long = `query ${'JaneDoeBornNineteenEighty'.repeat(4)} { __typename }`;
    await post(long, {});
    const text = await (await fetch(new URL('/metrics', h.url))).text();
    const names = new Set([...text.matchAll(/tally_graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(101 + 1); // the bound, `other`, and `anonymous`
    expect(names.has('other')).toBe(true);
    expect(names.has('Client109PersonJaneDoe')).toBe(false);
    const logged = requestLines().map((l) => l.operation);
    expect(logged).toContain('other');
    expect(logged).not.toContain('Client109PersonJaneDoe');
    expect(JSON.stringify(lines)).not.toContain('JaneDoeBornNineteenEighty');
    expect(exporter.getFinishedSpans().some((s) => s.name.includes('Client109PersonJaneDoe') || s.name.includes('JaneDoeBorn'))).toBe(
      false,
    );
  });

  it("the trusted documents' operation names keep their own label whatever clients sent before", () => {
    const metrics = new GatewayMetrics();
    metrics.knowOperationNames(['SettlementsScreen']);
    for (let i = 0; i < 150; i++) metrics.operationLabel(`Filler${i}`);
    expect(metrics.operationLabel('SettlementsScreen')).toBe('SettlementsScreen');
    expect(metrics.operationLabel('Filler149')).toBe('other');
    expect(metrics.operationLabel(undefined)).toBeUndefined();
  });
});
