import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { OperationTypeNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { errorResponse } from '../http-safety.js';
import { anonymousClient, ClientDirectory, hasScope, type Client } from './clients.js';
import type { RateLimiter } from './rate-limit.js';

export interface ClientAuthOptions {
  endpoint: string;
  clients: readonly Client[];
  /** Rate of the anonymous sandbox client (no keys configured). */
  defaultRequestsPerMinute: number;
  limiter: RateLimiter;
}

/**
 * Who is calling: every GraphQL request names its client by API key (`Authorization: Bearer <key>`
 * or `x-api-key`), unless no key is configured at all (sandbox mode), then it is the anonymous
 * client with every grant. Unknown keys are 401, a client over its rate is 429 with `Retry-After`.
 * The GraphiQL page itself (HTML, no data) stays reachable so a person can paste a key into it.
 */
export class ClientAuth {
  private readonly directory: ClientDirectory;
  private readonly anonymous: Client;
  private readonly byRequest = new WeakMap<Request, Client>();

  constructor(private readonly options: ClientAuthOptions) {
    this.directory = new ClientDirectory(options.clients);
    this.anonymous = anonymousClient(options.defaultRequestsPerMinute);
  }

  /** The client of a request that passed `plugin()`. */
  clientOf(request: Request): Client {
    const c = this.byRequest.get(request);
    if (c) return c;
    // Only reachable when a request skipped the check (the GraphiQL page): grant nothing.
    if (!this.directory.open) return { ...this.anonymous, name: 'unauthenticated', ledgers: { all: false, ids: new Set() }, dinteroAccounts: { all: false, ids: new Set() }, scopes: new Set() };
    return this.anonymous;
  }

  plugin(): Plugin {
    const { endpoint, limiter } = this.options;
    return {
      onRequest: async ({ request, url, endResponse, fetchAPI }) => {
        if (url.pathname !== endpoint) return;
        if (request.method === 'OPTIONS') return;
        const isPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
        let client: Client;
        if (this.directory.open) client = this.anonymous;
        else {
          if (isPage) return;
          const header = request.headers.get('authorization');
          const key = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : request.headers.get('x-api-key');
          const found = key ? this.directory.find(key) : undefined;
          if (!found) {
            return endResponse(
              errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', key ? 'Unknown API key.' : 'An API key is required: send `Authorization: Bearer <key>` or `x-api-key: <key>`.', {
                headers: { 'www-authenticate': 'Bearer realm="tally"' },
              }),
            );
          }
          client = found;
        }
        if (isPage) return;
        const decision = await limiter.check(client.name, client.requestsPerMinute);
        if (!decision.allowed) {
          return endResponse(
            errorResponse(
              fetchAPI,
              429,
              'RATE_LIMITED',
              `Too many requests: this client may send ${client.requestsPerMinute} per minute. Retry after ${decision.retryAfterSeconds} s.`,
              { headers: { 'retry-after': String(decision.retryAfterSeconds) }, extensions: { retryAfterSeconds: decision.retryAfterSeconds } },
            ),
          );
        }
        this.byRequest.set(request, client);
      },
      // Scopes that decide over a whole operation: reads need `read`, mutations `write`.
      onExecute: ({ args, setResultAndStopExecution }) => {
        const request = (args.contextValue as { request?: Request }).request;
        const client = request ? this.clientOf(request) : this.anonymous;
        const operation = findOperation(args.document, args.operationName ?? undefined);
        const needed = operation?.operation === OperationTypeNode.MUTATION ? 'write' : 'read';
        if (hasScope(client, needed)) return;
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              needed === 'write'
                ? 'This API key may not change anything: mutations need the `write` scope.'
                : 'This API key may not read: queries need the `read` scope.',
              { extensions: { code: 'FORBIDDEN', scope: needed } },
            ),
          ],
        });
      },
    };
  }
}

function findOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return name ? ops.find((o) => o.name?.value === name) : ops[0];
}
