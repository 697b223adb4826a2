import { path } from '../http/upstream-client.js';
import type { CallContext, UpstreamPage } from '../model.js';
import { DINTERO_PAGE_SIZES, startingAfterPage, type DinteroAccount } from './account.js';
import { toPayoutRule, toRuleBody } from './mapping.js';
import type { PayoutRule, PayoutRuleInput } from './model.js';
import { PayoutRuleListSchema, PayoutRuleSchema } from './schemas.js';

export interface PayoutRuleFilter {
  ruleType?: string | null;
  ruleId?: string | null;
  includeDeleted?: boolean | null;
}

/** Guards a lookup walk against an upstream that never stops answering full pages. */
const MAX_LOOKUP_PAGES = 200;

/** `/accounts/{aid}/billing/payout-rules` (seed): list `{starting_after, payout_rules}`, create, update, remove. */
export class DinteroPayoutRules {
  constructor(
    private readonly account: DinteroAccount,
    private readonly pageSize: number,
  ) {}

  async page(ctx: CallContext, filter: PayoutRuleFilter, token: string | null, limit = this.pageSize): Promise<UpstreamPage<PayoutRule>> {
    const res = await this.account.request(ctx, {
      suffix: '/billing/payout-rules',
      endpoint: 'GET /v1/accounts/{aid}/billing/payout-rules',
      query: {
        limit,
        starting_after: token,
        rule_type: filter.ruleType,
        rule_id: filter.ruleId,
        include_deleted: filter.includeDeleted ? 'true' : undefined,
      },
      schema: PayoutRuleListSchema,
    });
    const items = res.data.payout_rules.map((r) => toPayoutRule(this.account.accountId, r));
    return startingAfterPage(items, limit, (r) => r.id, { startingAfter: res.data.starting_after });
  }

  /** The API has no GET by id: a rule is found by walking the list, deleted rules included, in the largest pages. */
  async byId(ctx: CallContext, id: string): Promise<PayoutRule | null> {
    let token: string | null = null;
    for (let pages = 0; pages < MAX_LOOKUP_PAGES; pages++) {
      const page: UpstreamPage<PayoutRule> = await this.page(ctx, { includeDeleted: true }, token, DINTERO_PAGE_SIZES.payoutRuleLookup);
      const found = page.items.find((r) => r.id === id);
      if (found) return found;
      if (page.next === null) return null;
      token = page.next;
    }
    return null;
  }

  /**
   * Create. Never retried by Tally (a POST may have been applied even when its answer was lost);
   * the `Idempotency-Key` makes a repeated create answer the first rule instead of a second.
   */
  async create(ctx: CallContext, input: PayoutRuleInput, idempotencyKey: string | null): Promise<{ rule: PayoutRule; replayed: boolean }> {
    const res = await this.account.request(ctx, {
      method: 'POST',
      suffix: '/billing/payout-rules',
      endpoint: 'POST /v1/accounts/{aid}/billing/payout-rules',
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      body: toRuleBody(input),
      schema: PayoutRuleSchema,
      retry: false,
    });
    return { rule: toPayoutRule(this.account.accountId, res.data), replayed: res.headers['idempotent-replayed'] === 'true' };
  }

  async update(ctx: CallContext, id: string, input: PayoutRuleInput): Promise<PayoutRule> {
    const res = await this.account.request(ctx, {
      method: 'PUT',
      suffix: path`/billing/payout-rules/${id}`,
      endpoint: 'PUT /v1/accounts/{aid}/billing/payout-rules/{id}',
      body: toRuleBody(input),
      schema: PayoutRuleSchema,
      retry: false,
    });
    return toPayoutRule(this.account.accountId, res.data);
  }

  async remove(ctx: CallContext, id: string): Promise<PayoutRule> {
    const res = await this.account.request(ctx, {
      method: 'DELETE',
      suffix: path`/billing/payout-rules/${id}`,
      endpoint: 'DELETE /v1/accounts/{aid}/billing/payout-rules/{id}',
      schema: PayoutRuleSchema,
      retry: false,
    });
    return toPayoutRule(this.account.accountId, res.data);
  }
}
