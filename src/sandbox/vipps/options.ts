import { z } from 'zod';

/**
 * The Vipps section of the sandbox options. Unknown keys throw, so a typo in a test's options is
 * an error instead of a silently ignored setting.
 */
export const VippsOptionsSchema = z
  .object({
    /**
     * Report API page size, echoed in `Vipps-Feed-Page-Size`. The real API resolves it per ledger and
     * defaults to 1000 (docs/upstreams/vipps-report.md, "Pagination semantics"); there is no request parameter.
     */
    pageSize: z.number().int().min(1).max(100_000).default(1000),
    /** `/accesstoken/get` tokens: 24 h in production (docs/upstreams/vipps-report.md, access tokens). */
    merchantTokenTtlSeconds: z.number().int().min(1).default(86_400),
    /** `/miami/v1/token` tokens: 15 minutes in both environments (docs/upstreams/vipps-report.md, access tokens). */
    accountingTokenTtlSeconds: z.number().int().min(1).default(900),
    /** Closed ledger dates served before today; today itself is always there (open). */
    historyDays: z.number().int().min(0).max(3650).default(60),
    /**
     * Events per page of the Sales API's reference and pspReference lookups. The Sales API page
     * shows `cursor` and `hasMore: true` on their answers without a page size; one event a page
     * makes every order with a refund a multi-page answer, so clients are made to follow it.
     */
    salesLookupPageSize: z.number().int().min(1).max(1000).default(1),
    /** Multiplier on sales per day (demo < 1 < benchmark). */
    scale: z.number().positive().max(1000).default(1),
  })
  .strict();

export type VippsOptions = z.infer<typeof VippsOptionsSchema>;

export function parseVippsOptions(input: unknown): VippsOptions {
  return VippsOptionsSchema.parse(input ?? {});
}
