import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * ioredis and the OpenTelemetry SDK with its OTLP exporter are loaded only when configured
 * (REDIS_URL, an OTLP endpoint): a gateway with the default settings never loads their modules,
 * which would cost its process memory it does not use. A fresh process builds a gateway the way
 * src/server.ts does and lists the packages loaded.
 */
const script = `
import { createRequire } from 'node:module';
const { loadConfig } = await import('./src/config.ts');
const { createGateway } = await import('./src/gateway.ts');
const { createTracing } = await import('./src/observability/tracing.ts');
const { createLogger } = await import('./src/observability/logger.ts');
const config = loadConfig({ ...process.env });
const tracing = createTracing({ otlpTracesUrl: config.otlpTracesUrl, serviceName: 'tally', version: '0', logger: createLogger('error'), metrics: { exportFailed() {} } });
const gateway = createGateway(config, { webAppDir: false, tracer: tracing.tracer });
const loaded = Object.keys(createRequire(import.meta.url).cache);
const has = (p) => loaded.some((k) => k.includes('/node_modules/' + p + '/'));
console.log(JSON.stringify({ ioredis: has('ioredis'), sdk: has('@opentelemetry/sdk-trace-base'), exporter: has('@opentelemetry/exporter-trace-otlp-http'), graphql: has('graphql') }));
await gateway.dispose();
process.exit(0);
`;

function loadedPackages(env: Record<string, string>): Record<string, boolean> {
  const base = { ...process.env };
  for (const k of ['REDIS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) delete base[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    env: { ...base, TALLY_SANDBOX_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`the probe failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Record<string, boolean>;
}

describe('modules a default gateway does not load', () => {
  it('loads neither ioredis nor the OpenTelemetry SDK without REDIS_URL and an OTLP endpoint, and each when configured', () => {
    expect(loadedPackages({})).toEqual({ ioredis: false, sdk: false, exporter: false, graphql: true });
    const configured = loadedPackages({
      REDIS_URL: 'redis://127.0.0.1:9',
      TALLY_SIGNING_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces',
    });
    expect(configured).toEqual({ ioredis: true, sdk: true, exporter: true, graphql: true });
  }, 120_000);
});
