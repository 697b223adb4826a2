import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { loadConfig, type Config, type Upstreams } from '../../src/config.js';
import { sandboxUpstreams, withSandboxDateCutoffs } from '../../src/embedded-sandbox.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway.js';
import { answerClientError } from '../../src/plugins/useCodedRefusals.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { resetSandboxStats, sandboxStats } from './sandbox-http.js';

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

/** An operation's variables (left out when it has none it needs) and extra request headers. */
export type OperationArgs<V> =
  Record<string, never> extends V ? [variables?: V, headers?: Record<string, string>] : [variables: V, headers?: Record<string, string>];

export interface Harness {
  sandbox: RunningSandbox;
  gateway: Gateway;
  config: Config;
  /**
   * The gateway's GraphQL endpoint on an ephemeral loopback port. Only with `http: true`: reading it
   * from an in-process harness throws, so a test about HTTP cannot quietly run without a socket.
   */
  readonly url: string;
  /** One GraphQL request (a string document: hand-built, or deliberately broken). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  /** One typed operation: result and variables types come from the document (test/__generated__/). */
  op<R, V>(document: TypedDocumentNode<R, V>, ...args: OperationArgs<V>): Promise<GqlResult<R>>;
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
  /**
   * Serve the gateway over real HTTP (node:http on a loopback port, as src/server.ts serves it) for
   * tests where HTTP is the point: headers, CORS, body limits, streams, downloads, refusals, `h.url`.
   * Without it, requests go in process through the gateway's own `fetch` (the same yoga pipeline
   * and plugins, no socket): faster, and enough for a test about what the API answers.
   */
  http?: boolean;
}

/**
 * The gateway end to end over a sandbox on an ephemeral loopback port: a gateway whose sources point
 * at it, asked in process or (with `http: true`) served by node:http and asked with fetch.
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
  const gateway = createGateway(config, {
    clock: clockAt(() => sandbox.clock.nowMs()),
    listenOrigin: () => listening.origin,
    ...options.gateway,
  });
  const served = options.http ? await serve(gateway) : undefined;
  if (served) listening.origin = new URL(served.url).origin;
  const send: Harness['gql'] = served
    ? (query, variables, headers) => postGraphQL(served.url, query, variables, headers)
    : inProcess(gateway);

  return {
    sandbox,
    gateway,
    config,
    get url() {
      if (!served) throw new Error('this harness runs in process: start it with { http: true } to talk HTTP');
      return served.url;
    },
    gql: send,
    op: (document, ...[variables, headers]) => send(print(document), variables as Record<string, unknown> | undefined, headers),
    stats: async () => (await sandboxStats(sandbox.origin)).byEndpoint,
    resetStats: () => resetSandboxStats(sandbox.origin),
    clearCache() {
      gateway.sources.cache.clear();
    },
    async close() {
      await served?.close();
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
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GqlResult<T>> {
  return answer<T>(await fetch(url, graphQLRequest(query, variables, headers)));
}

/** The same request handed to the gateway's own `fetch`: yoga's whole pipeline, no socket. */
function inProcess(gateway: Gateway): Harness['gql'] {
  return async <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    answer<T>(await gateway.fetch('http://127.0.0.1/graphql', graphQLRequest(query, variables, headers)));
}

function graphQLRequest(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  };
}

async function answer<T>(res: Response): Promise<GqlResult<T>> {
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
