import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config, type Upstreams } from '../../src/config.js';
import { sandboxUpstreams, withSandboxDateCutoffs } from '../../src/embedded-sandbox.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway.js';
import { answerClientError } from '../../src/plugins/useCodedRefusals.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server.js';

/** The sandbox clock every integration test runs at, and the gateway's matching "today". */
export const NOW = '2026-11-20T14:30:00Z';
export const TODAY = NOW.slice(0, 10);
export const YESTERDAY = '2026-11-19';
/** The gateway's clock at NOW: "today" in every ledger's own zone comes from it. */
export const CLOCK = clockAt(() => Date.parse(NOW));

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
  extensions: Record<string, unknown> | undefined;
}

export interface Harness {
  sandbox: RunningSandbox;
  gateway: Gateway;
  config: Config;
  /** The gateway's GraphQL endpoint on an ephemeral loopback port. */
  url: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Sandbox requests per endpoint since the last reset. */
  stats(): Promise<Record<string, number>>;
  resetStats(): Promise<void>;
  /** Forget the gateway's cross-request cache (as a fresh process would). */
  clearCache(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  /** Extra environment for loadConfig (limits, API keys...). Upstream credentials come from the sandbox. */
  env?: Record<string, string>;
  vippsKeyType?: 'accounting' | 'merchant';
  gateway?: GatewayOptions;
  /** Adjusts the upstream settings pointed at the sandbox (e.g. an Easypay feed start). */
  upstreams?: (upstreams: Upstreams) => Upstreams;
}

/**
 * The real HTTP path end to end: a sandbox on an ephemeral loopback port, a gateway whose sources
 * point at it, served by node:http on another ephemeral port, and a client using fetch.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, now: NOW, ...options.sandbox });
  const base = loadConfig({ LOG_LEVEL: 'silent', TALLY_SIGNING_SECRET: 'integration-test-signing-secret-0123456789', ...options.env });
  const upstreams = sandboxUpstreams(sandbox.origin, options.vippsKeyType);
  // As in sandbox mode: the gateway knows the sandbox ledgers' date cutoffs (the Report API does not say them).
  const vippsLedgerDateCutoffs = withSandboxDateCutoffs(base.vippsLedgerDateCutoffs, options.sandbox?.seed);
  const config: Config = { ...base, vippsLedgerDateCutoffs, upstreams: options.upstreams ? options.upstreams(upstreams) : upstreams };
  // The gateway's clock follows the sandbox's (fixed at NOW, or running), as in sandbox mode.
  const listening: { origin?: string } = {};
  const gateway = createGateway(config, { clock: clockAt(() => sandbox.clock.nowMs()), listenOrigin: () => listening.origin, ...options.gateway });
  const served = await serve(gateway);
  const url = served.url;
  listening.origin = new URL(url).origin;

  return {
    sandbox,
    gateway,
    config,
    url,
    gql: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    async stats() {
      const res = await fetch(`${sandbox.origin}/_stats`);
      return ((await res.json()) as { byEndpoint: Record<string, number> }).byEndpoint;
    },
    async resetStats() {
      await fetch(`${sandbox.origin}/_stats/reset`, { method: 'POST' });
    },
    clearCache() {
      gateway.sources.cache.clear();
    },
    async close() {
      await served.close();
      await gateway.dispose?.();
      await sandbox.close();
    },
  };
}

/** A gateway on node:http on an ephemeral loopback port; `close` cuts open connections. */
export async function serve(gateway: Gateway): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(gateway);
  // As src/server.ts serves it.
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One GraphQL request over HTTP, as a client sends it. */
export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlResult['errors']; extensions?: Record<string, unknown> };
  return { status: res.status, data: body.data, errors: body.errors, extensions: body.extensions };
}

/** Sum of the counters whose endpoint key contains `fragment`. */
export function countCalls(stats: Record<string, number>, fragment: string): number {
  return Object.entries(stats)
    .filter(([k]) => k.includes(fragment))
    .reduce((n, [, v]) => n + v, 0);
}

/** The global id of a Vipps ledger, as the schema encodes it. */
export function vippsLedgerGlobalId(ledgerId: string): string {
  return Buffer.from(`Ledger:VIPPS_MOBILEPAY:${ledgerId}`).toString('base64url');
}
