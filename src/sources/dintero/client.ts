import type { z } from 'zod';
import type { DinteroUpstream } from '../../config.js';
import { TallyError, badInput } from '../../domain/errors.js';
import type { UpstreamClient, UpstreamResponse } from '../http/upstream-client.js';
import { path } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';
import { DINTERO_ACCOUNT_ID } from './account-id.js';
import { DinteroAuth } from './auth.js';
import type { AccountRequest, AccountTransport } from './transport.js';
import { DinteroBillingReports } from './billing-reports.js';
import { DinteroCosts } from './costs.js';
import type { BillingAccount } from './model.js';
import { DinteroPayoutRules } from './payout-rules.js';
import { DinteroReportConfigurations } from './report-configurations.js';
import { DinteroSettlements } from './settlements.js';
import { DinteroSubscriptions } from './subscriptions.js';
import { DINTERO_PAGE_SIZES } from './pages.js';
import { KeyedLock, type WriteStore } from './write-guard.js';
import { MemoryStore, type KeyValueStore } from '../../store/index.js';

/*
 * The transport of the Dintero Billing API: which accounts this gateway holds credentials for, and
 * one authenticated client per account. What each resource asks and how its answer is paged lives
 * in its own module (settlements, payout rules, report configurations, costs, billing reports,
 * subscriptions); the vendor JSON -> domain mapping lives in `mapping.ts`.
 */

export interface DinteroClientOptions {
  now?: () => number;
  /** Upstream `limit` for settlements (1..1000); tests lower it to exercise many cursors. */
  settlementPageSize?: number;
  /** Upstream `limit` for the payout rule list (1..1000); tests lower it to exercise many cursors. */
  payoutRulePageSize?: number;
  /** Idempotency records and write claims (its `coordinated()` view); shared by replicas when it is Redis. In this process when absent. */
  store?: KeyValueStore;
}

const clampLimit = (n: number) => Math.min(1000, Math.max(1, Math.trunc(n)));

/** The Dintero Billing API for every configured account. */
export class DinteroClient {
  private readonly auths = new Map<string, DinteroAuth>();
  private readonly pageSizes: { settlements: number; payoutRules: number };
  private readonly writes: { store: WriteStore; lock: KeyedLock };

  constructor(
    private readonly http: UpstreamClient,
    private readonly upstream: DinteroUpstream,
    options: DinteroClientOptions = {},
  ) {
    for (const c of upstream.accounts) this.auths.set(c.accountId, new DinteroAuth(http, upstream.baseUrl, c, options.now));
    this.pageSizes = {
      settlements: clampLimit(options.settlementPageSize ?? DINTERO_PAGE_SIZES.settlements),
      payoutRules: clampLimit(options.payoutRulePageSize ?? DINTERO_PAGE_SIZES.payoutRules),
    };
    // Write claims and idempotency records are only worth something if every replica sees them:
    // with Redis down, a write is refused rather than coordinated in one replica's memory.
    const store = (options.store ?? new MemoryStore()).coordinated();
    this.writes = { store, lock: new KeyedLock(store) };
  }

  /** Obtains (or reuses) the account's access token: for `/ready`. */
  async tokenCheck(accountId: string): Promise<void> {
    await this.auths.get(accountId)?.withToken(async () => undefined);
  }

  /** The configured accounts, in configuration order. */
  accounts(): BillingAccount[] {
    return [...this.auths.keys()].map(billingAccount);
  }

  /**
   * A client for one account. Refuses, before any upstream call, an id that is not an account id
   * (BAD_USER_INPUT) and an account this gateway holds no credentials for (FORBIDDEN).
   */
  account(accountId: string, argument = 'accountId'): DinteroAccount {
    if (!DINTERO_ACCOUNT_ID.test(accountId)) {
      throw badInput(
        `${JSON.stringify(accountId.slice(0, 40))} is not a Dintero account id: a T (test) or P (production) followed by 8 digits, e.g. T12345678.`,
        { argument },
      );
    }
    const auth = this.auths.get(accountId);
    if (!auth) {
      throw new TallyError('FORBIDDEN', `This gateway has no Dintero credentials for account ${accountId}.`, {
        source: 'dintero',
        details: { argument },
      });
    }
    return new DinteroAccount(this.http, this.upstream.baseUrl, accountId, auth, this.pageSizes, this.writes);
  }
}

export function billingAccount(accountId: string): BillingAccount {
  return { accountId, environment: accountId.startsWith('P') ? 'PRODUCTION' : 'TEST' };
}

/** One account's authenticated client, with one object per resource of the Billing API. */
export class DinteroAccount implements AccountTransport {
  readonly account: BillingAccount;
  readonly settlements: DinteroSettlements;
  readonly payoutRules: DinteroPayoutRules;
  readonly reportConfigurations: DinteroReportConfigurations;
  readonly costs: DinteroCosts;
  readonly billingReports: DinteroBillingReports;
  readonly subscriptions: DinteroSubscriptions;

  constructor(
    readonly http: UpstreamClient,
    readonly baseUrl: string,
    readonly accountId: string,
    private readonly auth: DinteroAuth,
    pageSizes: { settlements: number; payoutRules: number },
    writes: { store: WriteStore; lock: KeyedLock },
  ) {
    this.account = billingAccount(accountId);
    this.settlements = new DinteroSettlements(this, pageSizes.settlements);
    this.payoutRules = new DinteroPayoutRules(this, pageSizes.payoutRules, writes);
    this.reportConfigurations = new DinteroReportConfigurations(this);
    this.costs = new DinteroCosts(this);
    this.billingReports = new DinteroBillingReports(this);
    this.subscriptions = new DinteroSubscriptions(this);
  }

  /** Keys cached pages to this account's credentials, so no other caller's data is ever served. */
  get cacheKey(): string {
    return this.auth.fingerprint;
  }

  /** `/accounts/{aid}` + suffix, each segment encoded. */
  path(suffix: string): string {
    return path`/accounts/${this.accountId}` + suffix;
  }

  /** One call with this account's bearer token (renewed once on a 401). */
  request<S extends z.ZodType, R = z.output<S>>(ctx: CallContext, req: AccountRequest<S, R>): Promise<UpstreamResponse<R>> {
    const { suffix, headers: extra, ...rest } = req;
    return this.auth.withToken((headers) =>
      this.http.request<S, R>({
        ...rest,
        path: this.path(suffix),
        headers: { ...headers, ...extra },
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
  }

  /** Bearer headers for calls that are not JSON requests (attachment streams). */
  withToken<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    return this.auth.withToken(call);
  }
}
