import type { z } from 'zod';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';

/** A request below `/accounts/{aid}`: the account's path prefix, token, meter and signal are added by the account. */
export type AccountRequest<S extends z.ZodType, R> = Omit<UpstreamRequest<S, R>, 'path' | 'meter' | 'signal'> & { suffix: string };

/**
 * What a resource of the Billing API (settlements, payout rules, ...) needs of its account: the
 * account's authenticated calls. `DinteroAccount` is it; the resources know only this, so the
 * account builds them without the two importing each other.
 */
export interface AccountTransport {
  readonly http: UpstreamClient;
  readonly baseUrl: string;
  readonly accountId: string;
  /** Keys cached pages to this account's credentials, so no other caller's data is ever served. */
  readonly cacheKey: string;
  /** `/accounts/{aid}` + suffix, each segment encoded. */
  path(suffix: string): string;
  /** One call with this account's bearer token (renewed once on a 401). */
  request<S extends z.ZodType, R = z.output<S>>(ctx: CallContext, req: AccountRequest<S, R>): Promise<UpstreamResponse<R>>;
  /** Bearer headers for calls that are not JSON requests (attachment streams). */
  withToken<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T>;
}
