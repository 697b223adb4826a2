import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** A GraphQL error as Tally sends it: always with `extensions.code`. */
export interface TallyGraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; source?: string; [key: string]: unknown };
}

export class TallyRequestError extends Error {
  constructor(
    readonly errors: TallyGraphQLError[],
    readonly status: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.name = 'TallyRequestError';
  }
}

/**
 * A minimal typed client: a codegen'd document in, its typed result out. Partial results are
 * returned with their errors, because Tally nulls only the field whose upstream failed.
 */
export function createClient(options: { url: string; apiKey?: string; fetch?: typeof fetch }) {
  const doFetch = options.fetch ?? fetch;
  return async function request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<{ data: TResult | null; errors: TallyGraphQLError[] }> {
    const res = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await res.json()) as { data?: TResult | null; errors?: TallyGraphQLError[] };
    if (!res.ok && !body.data) throw new TallyRequestError(body.errors ?? [{ message: `HTTP ${res.status}` }], res.status);
    return { data: body.data ?? null, errors: body.errors ?? [] };
  };
}
