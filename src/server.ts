import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { sandboxExamples, startEmbeddedSandbox } from './embedded-sandbox.js';
import { createGateway } from './gateway.js';
import type { GraphiQLExamples } from './graphiql-tabs.js';
import type { RunningSandbox } from './sandbox/server.js';

/**
 * `npm start`: the gateway on node:http. Without upstream credentials it starts the embedded
 * sandbox first and points every source at it. Prints where everything is; stops cleanly on
 * SIGINT/SIGTERM (in-flight requests finish, then the sandbox closes).
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

  let sandbox: RunningSandbox | undefined;
  let graphiqlExamples: (() => GraphiQLExamples) | undefined;
  if (config.mode === 'sandbox') {
    const now = config.sandboxNow;
    const embedded = await startEmbeddedSandbox({ port: config.sandboxPort, host: config.host, seed: config.sandboxSeed, now });
    sandbox = embedded.sandbox;
    config = { ...config, upstreams: embedded.upstreams };
    const seed = config.sandboxSeed;
    graphiqlExamples = () => sandboxExamples(seed, now ?? new Date());
  }

  // In sandbox mode with SANDBOX_NOW the gateway stands on the same day as its sandbox.
  const fixedNow = config.sandboxNow;
  const gateway = createGateway(config, { graphiqlExamples, ...(fixedNow ? { today: () => fixedNow.toISOString().slice(0, 10) } : {}) });
  const server = http.createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/graphql`;

  console.log(`Tally GraphQL gateway ready in ${Math.round(performance.now() - started)} ms`);
  console.log(`  GraphiQL and GraphQL endpoint: ${url}`);
  if (sandbox) {
    console.log(`  Upstreams: embedded sandbox at ${sandbox.origin} (request counters: ${sandbox.origin}/_stats)`);
    if (config.sandboxNow) console.log(`  Sandbox clock fixed at ${config.sandboxNow.toISOString()} (SANDBOX_NOW)`);
    console.log('  No upstream credentials are configured; see README "Real upstreams" to use the real APIs.');
  } else {
    const names = Object.keys(config.upstreams).join(', ');
    console.log(`  Upstreams: ${names} (real APIs); clients must send an API key`);
    if (!config.signingSecretConfigured) {
      console.log('  Note: TALLY_SIGNING_SECRET is not set, so cursors and download links do not survive a restart.');
    }
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      void Promise.all([sandbox?.close(), gateway.dispose?.()]).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
