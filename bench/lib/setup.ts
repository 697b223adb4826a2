import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedSandbox } from '../../src/embedded-sandbox.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts, VIPPS_SANDBOX_CREDENTIALS } from '../../src/sandbox/vipps/index.js';

/** The sandbox clock every benchmark runs at, so the busiest day is the same on every machine. */
export const NOW = '2026-11-20T14:30:00Z';

export interface BenchSetup {
  sandbox: RunningSandbox;
  gateway: Gateway;
  /** The gateway's GraphQL endpoint on loopback. */
  url: string;
  facts: ReturnType<typeof vippsSandboxFacts>;
  /** Sandbox requests per endpoint since the last reset. */
  stats: () => Promise<Record<string, number>>;
  resetStats: () => Promise<void>;
  /** An accounting-key token straight from the sandbox, for the hand-written REST baselines. */
  vippsToken: () => Promise<string>;
  close: () => Promise<void>;
}

/** The embedded sandbox and a gateway on it, both on ephemeral loopback ports, in this process. */
export async function startBench(): Promise<BenchSetup> {
  const { sandbox, upstreams } = await startEmbeddedSandbox({ port: 0, now: NOW });
  const gateway = createGateway(
    { ...loadConfig({ LOG_LEVEL: 'silent', TALLY_UPSTREAM_CALLS_PER_MINUTE: '10000000' }), upstreams },
    { clock: clockAt(() => Date.parse(NOW)) },
  );
  const server = http.createServer(gateway);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    sandbox,
    gateway,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    facts: vippsSandboxFacts(undefined, { now: NOW }),
    stats: async () => ((await (await fetch(`${sandbox.origin}/_stats`)).json()) as { byEndpoint: Record<string, number> }).byEndpoint,
    resetStats: async () => {
      await fetch(`${sandbox.origin}/_stats/reset`, { method: 'POST' });
    },
    vippsToken: async () => {
      const c = VIPPS_SANDBOX_CREDENTIALS.accounting;
      const res = await fetch(`${sandbox.origin}/vipps/miami/v1/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await sandbox.close();
    },
  };
}

/** Sum of the counters whose endpoint key passes `match`. */
export function sumCalls(stats: Record<string, number>, match: (endpoint: string) => boolean): number {
  return Object.entries(stats)
    .filter(([k]) => match(k))
    .reduce((n, [, v]) => n + v, 0);
}
