import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { DINTERO_PAGE_SIZES, startingAfterPage } from './pages.js';
import { toCost } from './mapping.js';
import type { BillingCost } from './model.js';
import { CostListSchema } from './schemas.js';

export interface CostFilter {
  year: number;
  month: number;
  type?: string | null;
  date?: string | null;
}

/** `GET /accounts/{aid}/billing/costs` (seed): a bare array, paged by `starting_after` = the last cost's id. */
export class DinteroCosts {
  constructor(private readonly account: AccountTransport) {}

  async page(ctx: CallContext, filter: CostFilter, token: string | null): Promise<UpstreamPage<BillingCost>> {
    const limit = DINTERO_PAGE_SIZES.costs;
    const res = await this.account.request(ctx, {
      suffix: '/billing/costs',
      endpoint: 'GET /v1/accounts/{aid}/billing/costs',
      query: { year: filter.year, month: filter.month, type: filter.type, date: filter.date, limit, starting_after: token },
      schema: CostListSchema,
    });
    const items = res.data.map((c) => toCost(this.account.accountId, c));
    return startingAfterPage(items, items.length, { lastId: items.at(-1)?.id ?? null });
  }
}
