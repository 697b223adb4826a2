import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { OperationTypeNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { errorResponse } from './useCodedRefusals.js';
import { anonymousClient, ClientDirectory, hasScope, type Client } from '../auth/clients.js';
import type { RateLimiter } from '../auth/rate-limit.js';

export interface ClientAuthOptions {
  endpoint: string;
  clients: readonly Client[];
  /** Rate of the anonymous sandbox client (no keys configured). */
  defaultRequestsPerMinute: number;
  limiter: RateLimiter;
  /** Failed authentications (a missing or unknown key) one remote address may make per minute. */
  authFailuresPerMinute: number;
  /** Reverse proxies in front of the gateway whose `X-Forwarded-For` is believed (0: the socket's address). */
  trustedProxyHops: number;
  log: (level: 'warn', message: string) => void;
  /** Epoch ms, for the warnings' pacing (the limiter's clock). */
  now?: () => number;
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
  /** Addresses this replica has warned about, with when their refusal ends: one warning per address per refusal. */
  private readonly warned = new LRUCache<string, number>({ max: 10_000 });

  constructor(private readonly options: ClientAuthOptions) {
    this.directory = new ClientDirectory(options.clients);
    this.anonymous = anonymousClient(options.defaultRequestsPerMinute);
  }

  /** The client of a request that passed `plugin()`. */
  clientOf(request: Request): Client {
    const c = this.byRequest.get(request);
    if (c) return c;
    // Only reachable when a request skipped the check (the GraphiQL page): grant nothing.
    if (!this.directory.open)
      return {
        ...this.anonymous,
        name: 'unauthenticated',
        ledgers: { all: false, ids: new Set() },
        dinteroAccounts: { all: false, ids: new Set() },
        scopes: new Set(),
      };
    return this.anonymous;
  }

  /** 429 for an address over its failed authentications, with one warning per address per refusal (never the key). */
  private tooManyFailures(fetchAPI: { Response: typeof Response }, address: string, retryAfterSeconds: number): Response {
    const now = (this.options.now ?? Date.now)();
    if ((this.warned.get(address) ?? 0) <= now) {
      this.warned.set(address, now + retryAfterSeconds * 1000);
      this.options.log(
        'warn',
        `failed authentications from ${address}: more than ${this.options.authFailuresPerMinute} a minute (TALLY_AUTH_FAILURES_PER_MINUTE); its requests are refused with 429 for ${retryAfterSeconds} s`,
      );
    }
    return errorResponse(
      fetchAPI,
      429,
      'RATE_LIMITED',
      `Too many failed authentications from this address. Retry after ${retryAfterSeconds} s with a valid API key.`,
      { headers: { 'retry-after': String(retryAfterSeconds) }, extensions: { retryAfterSeconds, limit: 'authFailures' } },
    );
  }

  plugin(): Plugin {
    const { endpoint, limiter } = this.options;
    return {
      onRequest: async ({ request, url, endResponse, fetchAPI, serverContext }) => {
        if (url.pathname !== endpoint) return;
        if (request.method === 'OPTIONS') return;
        const isPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
        let client: Client;
        if (this.directory.open) client = this.anonymous;
        else {
          if (isPage) return;
          const address = remoteAddress(request, serverContext, this.options.trustedProxyHops);
          const failures = `auth-failures:${address}`;
          // An address over its budget of failed authentications waits, whatever key it sends now:
          // looking the key up would tell a guesser which key is right at full speed.
          const blocked = await limiter.take(failures, this.options.authFailuresPerMinute, { peek: true });
          if (!blocked.allowed) return endResponse(this.tooManyFailures(fetchAPI, address, blocked.retryAfterSeconds));
          const header = request.headers.get('authorization');
          const key = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : request.headers.get('x-api-key');
          const found = key ? this.directory.find(key) : undefined;
          if (!found) {
            const spent = await limiter.take(failures, this.options.authFailuresPerMinute);
            if (!spent.allowed) return endResponse(this.tooManyFailures(fetchAPI, address, spent.retryAfterSeconds));
            return endResponse(
              errorResponse(
                fetchAPI,
                401,
                'UNAUTHENTICATED',
                key ? 'Unknown API key.' : 'An API key is required: send `Authorization: Bearer <key>` or `x-api-key: <key>`.',
                {
                  headers: { 'www-authenticate': 'Bearer realm="tally"' },
                },
              ),
            );
          }
          client = found;
        }
        if (isPage) return;
        const decision = await limiter.take(`rate:${client.name}`, client.requestsPerMinute);
        if (!decision.allowed) {
          return endResponse(
            errorResponse(
              fetchAPI,
              429,
              'RATE_LIMITED',
              `Too many requests: this client may send ${client.requestsPerMinute} per minute. Retry after ${decision.retryAfterSeconds} s.`,
              {
                headers: { 'retry-after': String(decision.retryAfterSeconds) },
                extensions: { retryAfterSeconds: decision.retryAfterSeconds },
              },
            ),
          );
        }
        this.byRequest.set(request, client);
      },
      // A subscription is a read: it needs `read` like a query (subscriptions do not pass onExecute).
      onSubscribe: ({ args, setResultAndStopExecution }) => {
        const request = (args.contextValue as { request?: Request }).request;
        const client = request ? this.clientOf(request) : this.anonymous;
        if (hasScope(client, 'read')) return;
        setResultAndStopExecution({
          errors: [
            createGraphQLError('This API key may not read: subscriptions need the `read` scope.', {
              extensions: { code: 'FORBIDDEN', scope: 'read' },
            }),
          ],
        });
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

/** The plugin of `auth`: authenticates and rate-limits each GraphQL request, then checks the operation's scope. */
export function useClientAuth(auth: ClientAuth): Plugin {
  return auth.plugin();
}

/**
 * Who sent the request: the socket's peer, or behind `hops` trusted reverse proxies the address the
 * outermost of them saw (`X-Forwarded-For` is appended to by each proxy, so only its last `hops`
 * entries were written by proxies we trust; anything left of them the client could have made up).
 */
export function remoteAddress(request: Request, serverContext: unknown, hops: number): string {
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? 'unknown';
  if (hops <= 0) return socket;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return forwarded.length === 0 ? socket : (forwarded[Math.max(0, forwarded.length - hops)] as string);
}

function findOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return name ? ops.find((o) => o.name?.value === name) : ops[0];
}
