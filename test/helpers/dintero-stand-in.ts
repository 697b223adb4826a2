import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../src/config.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { serve } from './harness.js';

export interface DinteroStandInGateway {
  gateway: Gateway;
  /** The gateway's GraphQL endpoint. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the Dintero API (the test's own `handler`), and a gateway configured with
 * that one upstream and one account, served on node:http as src/server.ts serves it. The clock
 * stands at 2026-11-20T12:00Z; `env` adds configuration (e.g. `TALLY_UPSTREAM_RETRIES`).
 */
export async function startDinteroStandInGateway(
  account: string,
  handler: http.RequestListener,
  env: Record<string, string> = {},
): Promise<DinteroStandInGateway> {
  const upstream = http.createServer(handler);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const base = loadConfig({ LOG_LEVEL: 'silent', TALLY_SIGNING_SECRET: 'dintero-stand-in-signing-secret-0123456789', ...env });
  const config: Config = {
    ...base,
    upstreams: {
      dintero: {
        baseUrl: `${origin}/v1`,
        accounts: [{ accountId: account, clientId: 'stand-in-client', clientSecret: 'stand-in-secret' }],
      },
    },
  };
  // Download links point at where the gateway listens, known once it does.
  const listening: { origin?: string } = {};
  const gateway = createGateway(config, { clock: clockAt(() => Date.parse('2026-11-20T12:00:00Z')), listenOrigin: () => listening.origin });
  const server = await serve(gateway);
  listening.origin = new URL(server.url).origin;
  return {
    gateway,
    url: server.url,
    close: async () => {
      await server.close();
      await gateway.dispose?.();
      upstream.closeAllConnections();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    },
  };
}
