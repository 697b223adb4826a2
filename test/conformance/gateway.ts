import { loadConfig, type Upstreams } from '../../src/config.js';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { postGraphQL, serve, type GqlResult, type OperationArgs } from '../helpers/harness.js';
import { Reach } from './coverage.js';

/** The clock the conformance gateways run at. */
export const CONFORMANCE_NOW = '2026-11-20T14:30:00Z';

export interface ConformanceGateway {
  gateway: Gateway;
  reach: Reach;
  /** A GraphQL request; its document and answer count towards `reach`. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** The same for a typed operation (test/__generated__/). */
  op<R, V>(document: TypedDocumentNode<R, V>, ...args: OperationArgs<V>): Promise<GqlResult<R>>;
  close(): Promise<void>;
}

/** A gateway whose upstreams are the given (stand-in) URLs, as a deployment with real credentials has them. */
export async function startConformanceGateway(upstreams: Upstreams): Promise<ConformanceGateway> {
  const base = loadConfig({ LOG_LEVEL: 'silent', TALLY_SIGNING_SECRET: 'conformance-test-signing-secret-0123456789' });
  const listening: { origin?: string } = {};
  // Download links point at where the gateway listens, as they do without TALLY_PUBLIC_URL.
  const gateway = createGateway(
    { ...base, upstreams },
    { clock: clockAt(() => Date.parse(CONFORMANCE_NOW)), listenOrigin: () => listening.origin },
  );
  const served = await serve(gateway);
  listening.origin = new URL(served.url).origin;
  const reach = new Reach();
  const gql: ConformanceGateway['gql'] = async (query, variables) => {
    reach.document(query);
    const res = await postGraphQL<never>(served.url, query, variables);
    reach.answer(res.data);
    return res;
  };
  return {
    gateway,
    reach,
    gql,
    op: (document, ...[variables]) => gql(print(document), variables as Record<string, unknown> | undefined),
    async close() {
      await served.close();
      await gateway.dispose?.();
    },
  };
}
