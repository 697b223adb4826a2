import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { DINTERO_PAGE_SIZES, startingAfterPage } from './pages.js';
import { toBillingReport } from './mapping.js';
import type { BillingReport } from './model.js';
import { BillingReportListSchema } from './schemas.js';

/** `GET /accounts/{aid}/billing/reports` (seed): `{starting_after, reports}`. */
export class DinteroBillingReports {
  constructor(private readonly account: AccountTransport) {}

  async page(ctx: CallContext, token: string | null): Promise<UpstreamPage<BillingReport>> {
    const limit = DINTERO_PAGE_SIZES.billingReports;
    const res = await this.account.request(ctx, {
      suffix: '/billing/reports',
      endpoint: 'GET /v1/accounts/{aid}/billing/reports',
      query: { limit, starting_after: token },
      schema: BillingReportListSchema,
    });
    const items = res.data.reports.map((r) => toBillingReport(this.account.accountId, r));
    return startingAfterPage(items, items.length, { envelope: res.data.starting_after });
  }
}
