import { Client } from 'urql';
import { tallyClientOptions } from './client-options';

/**
 * Where the app finds Tally. Served by the gateway itself (`npm start`), that is `/graphql` on the
 * same origin. For a Tally running elsewhere either run `TALLY_URL=https://tally.example.com npm run
 * web:dev` (Vite forwards /graphql there) or build with
 * `VITE_TALLY_GRAPHQL_URL=https://tally.example.com/graphql npm run web:build` and host web/dist.
 */
export const GRAPHQL_URL: string = import.meta.env.VITE_TALLY_GRAPHQL_URL || '/graphql';

const API_KEY_STORAGE = 'tally.apiKey';

/**
 * A Tally with real upstreams wants an API key (`Authorization: Bearer`). The person pastes it into
 * the app's connection panel; it stays in this tab's sessionStorage only, never in the built files.
 */
export function apiKey(): string {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setApiKey(key: string): void {
  if (key) sessionStorage.setItem(API_KEY_STORAGE, key);
  else sessionStorage.removeItem(API_KEY_STORAGE);
}

export function createTallyClient(): Client {
  return new Client(
    tallyClientOptions(GRAPHQL_URL, (): Record<string, string> => {
      const key = apiKey();
      return key ? { authorization: `Bearer ${key}` } : {};
    }),
  );
}
