import { createClient as createSseClient } from 'graphql-sse';
import { cacheExchange, fetchExchange, subscriptionExchange, type ClientOptions } from 'urql';

/**
 * How the app talks to Tally: its exchanges (urql's document cache adds `__typename` to every
 * selection set it sends) and POST for every operation (filters and trees make long documents, and
 * GET would put them in logs). Subscriptions (the live feed) go over Server-Sent Events with the
 * graphql-sse client, one connection per subscription ("distinct connections", what Tally serves),
 * with the same headers. Shared with the test that sends every document of the app to a gateway
 * that runs trusted documents only.
 */
export function tallyClientOptions(url: string, headers: () => Record<string, string>): ClientOptions {
  const sse = createSseClient({ url, headers, singleConnection: false, retryAttempts: 0 });
  return {
    url,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: sse.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    preferGetMethod: false,
    fetchOptions: () => ({ headers: headers() }),
  };
}
