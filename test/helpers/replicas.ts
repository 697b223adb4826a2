import { loadConfig } from '../../src/config.js';
import { sandboxUpstreams } from '../../src/embedded-sandbox.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { RedisStore } from '../../src/store/index.js';
import { postGraphQL, serve, type GqlResult } from './harness.js';

/** One gateway replica on its own loopback port, sharing a sandbox (and Redis) with the others. */
export interface Replica {
  gateway: Gateway;
  url: string;
  /** What the replica logged (warnings about Redis among them). */
  logs: string[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  /** Forget the in-process cache, as a freshly started replica would. */
  clearProcessCache(): void;
  close(): Promise<void>;
}

export async function startReplica(options: { sandboxOrigin: string; env: Record<string, string>; today: string }): Promise<Replica> {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ...options.env }), upstreams: sandboxUpstreams(options.sandboxOrigin) };
  const logs: string[] = [];
  // Noon UTC of `today`: the same date in every ledger's zone.
  const gateway = createGateway(config, {
    clock: clockAt(() => Date.parse(`${options.today}T12:00:00Z`)),
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  const store = gateway.sources.store;
  if (store instanceof RedisStore && !(await store.connected(10_000))) throw new Error('replica could not reach Redis');
  const served = await serve(gateway);
  const url = served.url;
  return {
    gateway,
    url,
    logs,
    gql: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    clearProcessCache() {
      gateway.sources.cache.clear();
    },
    async close() {
      await served.close();
      await gateway.dispose();
    },
  };
}
