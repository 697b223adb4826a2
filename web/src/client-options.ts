import { cacheExchange, fetchExchange, type ClientOptions } from 'urql';

/**
 * How the app talks to Tally: its exchanges (urql's document cache adds `__typename` to every
 * selection set it sends) and POST for every operation (filters and trees make long documents, and
 * GET would put them in logs). Shared with the test that sends every document of the app to a
 * gateway that runs trusted documents only.
 */
export function tallyClientOptions(url: string, headers: () => Record<string, string>): ClientOptions {
  return {
    url,
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    fetchOptions: () => ({ headers: headers() }),
  };
}
