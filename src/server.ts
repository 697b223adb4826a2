import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import v8 from 'node:v8';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { sandboxExamples, sandboxUpstreams, startEmbeddedSandbox, withSandboxDateCutoffs } from './embedded-sandbox.js';
import { clockAt, systemClock, type Clock } from './domain/dates.js';
import { createGateway } from './gateway.js';
import { answerClientError } from './plugins/useCodedRefusals.js';
import type { GraphiQLExamples } from './plugins/graphiql-tabs.js';
import { createLogger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import type { RunningSandbox } from './sandbox/server.js';
import { RedisStore } from './store/index.js';
import { WEB_APP_DIR } from './plugins/useWebApp.js';

const VERSION = '0.1.0';

/**
 * The gateway's process, for `npm start` (with tsx) and `npm run start:prod` (compiled, plain
 * node). Without upstream credentials it runs on a sandbox: the one `TALLY_SANDBOX_URL` points at,
 * or an embedded one it starts itself. Logs are JSON lines (pino); traces go over OTLP when
 * configured. SIGTERM or SIGINT stops it like a service: stop accepting connections, let in-flight
 * requests finish within `TALLY_SHUTDOWN_GRACE_MS`, close the store, the sandbox and the tracer,
 * then exit 0.
 */
async function main(): Promise<void> {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // V8 lets the old generation grow to up to four times what survived the last full collection
  // before collecting again; under a stream of requests whose pages live a few hundred ms that is
  // mostly garbage held as RSS (issue 13). TALLY_HEAP_GROWING_PERCENT trades CPU for memory: at
  // the default 100 (twice the survivors) a busy day's W2 and a million-entry feed walk peak about
  // a third lower for about a tenth more CPU, where 30 cost 30-45% (issue 20). V8 reads the factor
  // at each collection, so it applies from here on, however this file is started (npm run
  // start:prod, docker, node directly), with no node flags to pass. The young generation's size is
  // fixed when the process starts: `npm run start:prod` passes --max-semi-space-size.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const logger = createLogger(config.logLevel);
  // Made here rather than by the gateway so the trace exporter, started first, counts into it too.
  const metrics = new GatewayMetrics();
  const tracing = createTracing({
    otlpTracesUrl: config.otlpTracesUrl,
    serviceName: config.serviceName,
    version: VERSION,
    logger,
    metrics: metrics.traces,
  });

  let sandbox: RunningSandbox | undefined;
  let graphiqlExamples: (() => GraphiQLExamples) | undefined;
  // In sandbox mode the gateway's clock follows the sandbox's (fixed, running, or fast), so "today",
  // open dates and finality are the sandbox's; with real upstreams it is the wall clock.
  let clock: Clock | undefined;
  let clockLine: string | undefined;
  // Sandbox ms per real ms of that clock while it runs: subscriptions wait out a poll interval of it in as much less real time.
  let clockSpeed = 1;
  if (config.mode === 'sandbox') {
    const sandboxUrl = config.sandboxUrl;
    if (sandboxUrl) {
      // Several replicas on one laptop share one sandbox, as they would share the real upstreams.
      config = { ...config, upstreams: sandboxUpstreams(sandboxUrl) };
      const shared = await sharedSandboxClock(sandboxUrl);
      if (shared) {
        clock = shared.clock;
        clockSpeed = shared.reading.mode === 'run' ? shared.reading.speed : 1;
        clockLine = describeClock(shared.reading, 'the shared sandbox');
      } else {
        logger.warn(
          { sandbox: config.sandboxUrl },
          "the shared sandbox's clock could not be read (GET /_clock): following SANDBOX_NOW and SANDBOX_CLOCK instead",
        );
        clock = configuredClock(config);
        clockSpeed = config.sandboxClock.mode === 'run' ? config.sandboxClock.speed : 1;
      }
    } else {
      const { sandboxNow: now, sandboxClock } = config;
      const embedded = await startEmbeddedSandbox({
        port: config.sandboxPort,
        host: config.host,
        seed: config.sandboxSeed,
        now,
        clock: sandboxClock.mode,
        clockSpeed: sandboxClock.speed,
      }).catch((err: unknown) =>
        cannotListen(err, { what: "the embedded sandbox's port", variable: 'SANDBOX_PORT', host: config.host, port: config.sandboxPort }),
      );
      sandbox = embedded.sandbox;
      config = { ...config, upstreams: embedded.upstreams };
      const sandboxClockNow = embedded.sandbox.clock;
      clock = clockAt(() => sandboxClockNow.nowMs());
      clockSpeed = sandboxClockNow.mode === 'run' ? sandboxClockNow.speed : 1;
      clockLine = describeClock(sandboxClockNow.describe(), 'SANDBOX_NOW, SANDBOX_CLOCK, SANDBOX_CLOCK_SPEED');
    }
    const seed = config.sandboxSeed;
    config = { ...config, vippsLedgerDateCutoffs: withSandboxDateCutoffs(config.vippsLedgerDateCutoffs, seed) };
    const examplesClock = clock ?? systemClock;
    graphiqlExamples = () => sandboxExamples(seed, new Date(examplesClock.now()));
  }

  const listening: { origin?: string } = {};
  const gateway = createGateway(config, {
    graphiqlExamples,
    listenOrigin: () => listening.origin,
    logger,
    metrics,
    tracer: tracing.tracer,
    ...(clock ? { clock } : {}),
    // A sandbox clock that runs fast brings a poll interval's bookings sooner: subscriptions poll as often, in real time, as its speed says.
    ...(clockSpeed > 0 && clockSpeed !== 1 ? { liveClockSpeed: clockSpeed } : {}),
  });
  const store = gateway.sources.store;
  if (store instanceof RedisStore && !(await store.connected())) {
    logger.warn('Redis did not answer at start: serving from the in-process cache until it does');
  }
  // From SIGTERM on, no request starts: one arriving on a kept-alive connection is refused with a
  // coded 503 (`Retry-After`, the client tries another replica) and the connection closes. A
  // request already running is answered with `Connection: close`, so the client does not send the
  // next one on that connection while the process is going away.
  let stopping = false;
  const running = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (stopping) {
      refuseWhileStopping(res);
      return;
    }
    running.add(res);
    res.once('close', () => running.delete(res));
    void gateway(req, res);
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch((err: unknown) => cannotListen(err, { what: "the gateway's port", variable: 'PORT', host: config.host, port: config.port }));
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const origin = `http://${host}:${port}`;
  listening.origin = origin;
  const url = `${origin}/graphql`;
  const sandboxOrigin = sandbox?.origin ?? config.sandboxUrl;

  logger.info(
    {
      url,
      app: `${origin}/`,
      metrics: `${origin}/metrics`,
      health: `${origin}/health`,
      ready: `${origin}/ready`,
      upstreams: sandboxOrigin ? `sandbox ${sandboxOrigin}` : Object.keys(config.upstreams).join(', '),
      sharedStore: store.kind,
      tracing: config.otlpTracesUrl ? 'otlp' : 'off',
      startMs: Math.round(performance.now() - started),
    },
    'Tally GraphQL gateway ready',
  );
  // `npm run build` compiles the gateway only; without `npm run web:build` the root answers 503.
  const appBuilt = existsSync(path.join(WEB_APP_DIR, 'index.html'));
  if (!appBuilt)
    logger.warn(
      { app: `${origin}/` },
      'the back-office app is not built: run `npm run web:build`; until then / answers 503 (GraphQL is not affected)',
    );
  if (config.mode === 'sandbox') {
    // `npm start` on a laptop: say where everything is in words too.
    console.log(`Tally GraphQL gateway ready in ${Math.round(performance.now() - started)} ms`);
    console.log(`  GraphiQL and GraphQL endpoint: ${url}`);
    console.log(`  Back-office app: ${appBuilt ? `${origin}/` : 'not built (npm run web:build), / answers 503'}`);
    console.log(`  Upstreams: ${sandbox ? 'embedded' : 'shared'} sandbox at ${sandboxOrigin} (request counters: ${sandboxOrigin}/_stats)`);
    if (clockLine) console.log(`  ${clockLine}`);
    console.log(`  Metrics ${origin}/metrics, health ${origin}/health, readiness ${origin}/ready`);
    console.log('  No upstream credentials are configured; see README "Real upstreams" to use the real APIs.');
  } else if (!config.signingSecretConfigured) {
    logger.warn('TALLY_SIGNING_SECRET is not set, so cursors and download links do not survive a restart');
  }

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, graceMs: config.shutdownGraceMs, inFlight: running.size },
      'shutting down: no new connections, in-flight requests finish',
    );
    for (const res of running) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections that go idle after their last response are closed as they do, so the
    // server closes as soon as the last in-flight request is answered.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), config.shutdownGraceMs);
    });
    if ((await Promise.race([closed, graceOver])) === 'timeout') {
      logger.warn(
        { graceMs: config.shutdownGraceMs, inFlight: running.size },
        'grace period over: closing the connections of requests still running',
      );
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    clearInterval(idle);
    let code = 0;
    for (const [what, close] of [
      ['gateway', () => gateway.dispose()],
      ['sandbox', () => sandbox?.close()],
      ['tracing', () => tracing.shutdown()],
    ] as const) {
      try {
        await close();
      } catch (err) {
        code = 1;
        logger.error({ what, error: err instanceof Error ? err.name : 'unknown' }, 'could not close cleanly');
      }
    }
    logger.info({ exitCode: code }, 'stopped');
    logger.flush();
    process.exit(code);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

/** The sandbox's clock as `GET /_clock` (or the embedded sandbox) reports it. */
interface ClockReading {
  now: string;
  mode: 'fixed' | 'run';
  speed: number;
}

/** One line for the start-up banner; nothing for the plain wall clock. */
function describeClock(reading: ClockReading, from: string): string | undefined {
  if (reading.mode === 'fixed') return `Sandbox clock fixed at ${reading.now} (${from})`;
  if (reading.speed === 1 && Math.abs(Date.parse(reading.now) - Date.now()) < 60_000) return undefined;
  return `Sandbox clock running from ${reading.now} at ${reading.speed}x real time (${from})`;
}

/**
 * The clock of a sandbox this gateway shares with others (`TALLY_SANDBOX_URL`): read once from its
 * `GET /_clock`, then run on here at its speed, so every replica stands on the sandbox's instant
 * whenever each was started. Null when the sandbox does not answer.
 */
async function sharedSandboxClock(sandboxUrl: string): Promise<{ clock: Clock; reading: ClockReading } | null> {
  let reading: ClockReading;
  try {
    const res = await fetch(`${sandboxUrl}/_clock`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return null;
    reading = (await res.json()) as ClockReading;
  } catch {
    return null;
  }
  const at = Date.parse(reading.now);
  if (Number.isNaN(at) || (reading.mode !== 'fixed' && reading.mode !== 'run') || !(reading.speed >= 0)) return null;
  return { clock: reading.mode === 'fixed' ? clockAt(() => at) : runningFrom(at, reading.speed), reading };
}

/** Without the shared sandbox's own reading: the clock the configuration describes (it may have started elsewhen). */
function configuredClock(config: Config): Clock | undefined {
  const start = config.sandboxNow?.getTime();
  if (start === undefined) return config.sandboxClock.speed === 1 ? undefined : runningFrom(Date.now(), config.sandboxClock.speed);
  return config.sandboxClock.mode === 'fixed' ? clockAt(() => start) : runningFrom(start, config.sandboxClock.speed);
}

function runningFrom(start: number, speed: number): Clock {
  const realStart = Date.now();
  return clockAt(() => start + Math.floor((Date.now() - realStart) * speed));
}

/** The answer to a request that arrives after SIGTERM on a connection opened before it. */
function refuseWhileStopping(res: http.ServerResponse): void {
  const body = JSON.stringify({
    errors: [
      { message: 'This gateway is shutting down: send the request again (to another replica).', extensions: { code: 'SHUTTING_DOWN' } },
    ],
  });
  res.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'retry-after': '1',
    connection: 'close',
  });
  res.end(body);
}

/**
 * A port that cannot be opened is an operator's everyday problem (a Tally left running, another
 * program on 4000), so it ends the process with the variable that moves it instead of a listen()
 * stack. Other errors are rethrown as they are.
 */
function cannotListen(err: unknown, at: { what: string; variable: 'PORT' | 'SANDBOX_PORT'; host: string; port: number }): never {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}`;
  const ports = "PORT sets the gateway's port (default 4000) and SANDBOX_PORT the embedded sandbox's (default 4010); 0 picks a free port.";
  let problem: string;
  if (code === 'EADDRINUSE') {
    problem = `${where}, ${at.what} (${at.variable}), is already in use, perhaps by another Tally or \`npm run sandbox\`. Stop that process, or start on other ports, e.g. PORT=4001 SANDBOX_PORT=4011 npm start.`;
  } else if (code === 'EACCES') {
    problem = `this user may not listen on ${where}, ${at.what} (${at.variable}): ports below 1024 need privileges. Choose a port above 1023.`;
  } else if (code === 'EADDRNOTAVAIL') {
    problem = `HOST=${at.host} is not an address of this machine, so ${at.what} (${at.variable}) cannot be opened on it. Use 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`;
  } else {
    throw err;
  }
  console.error(`Tally cannot start: ${problem} ${ports}`);
  process.exit(1);
}

await main();
