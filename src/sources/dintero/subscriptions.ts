import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { DINTERO_PAGE_SIZES, startingAfterPage } from './pages.js';
import { toSubscription } from './mapping.js';
import type { BillingSubscription } from './model.js';
import { SubscriptionListSchema } from './schemas.js';

export interface SubscriptionFilter {
  namespace?: string | null;
  currency?: string | null;
}

/** `GET /accounts/{aid}/billing/subscriptions` (seed): a bare array, paged by `starting_after` = the last subscription's id. */
export class DinteroSubscriptions {
  constructor(private readonly account: AccountTransport) {}

  async page(ctx: CallContext, filter: SubscriptionFilter, token: string | null): Promise<UpstreamPage<BillingSubscription>> {
    const limit = DINTERO_PAGE_SIZES.subscriptions;
    const res = await this.account.request(ctx, {
      suffix: '/billing/subscriptions',
      endpoint: 'GET /v1/accounts/{aid}/billing/subscriptions',
      query: { namespace: filter.namespace, currency: filter.currency, limit, starting_after: token },
      schema: SubscriptionListSchema,
    });
    const items = res.data.map((s) => toSubscription(this.account.accountId, s));
    return startingAfterPage(items, items.length, { lastId: items.at(-1)?.id ?? null });
  }
}
