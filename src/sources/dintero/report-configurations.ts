import { TallyError } from '../../errors.js';
import { path } from '../http/upstream-client.js';
import type { CallContext, UpstreamPage } from '../model.js';
import { DINTERO_PAGE_SIZES, type DinteroAccount } from './account.js';
import { toReportConfig, toReportConfigBody } from './mapping.js';
import type { SettlementReportConfiguration, SettlementReportConfigurationInput } from './model.js';
import { ReportConfigListSchema, ReportConfigSchema } from './schemas.js';

/** `/accounts/{aid}/settlements/reports/configuration`: where settlement reports are e-mailed. */
export class DinteroReportConfigurations {
  constructor(private readonly account: DinteroAccount) {}

  async page(ctx: CallContext, token: string | null): Promise<UpstreamPage<SettlementReportConfiguration>> {
    const res = await this.account.request(ctx, {
      suffix: '/settlements/reports/configuration',
      endpoint: 'GET /v1/accounts/{aid}/settlements/reports/configuration',
      query: { limit: DINTERO_PAGE_SIZES.reportConfigurations, starting_after: token },
      schema: ReportConfigListSchema,
    });
    // QUIRKS.md 2 #4: this list's cursor is `starting_after` in the body; absent at the end.
    const next = res.data.starting_after && res.data.items.length > 0 ? res.data.starting_after : null;
    return { items: res.data.items.map((c) => toReportConfig(this.account.accountId, c)), next, hasMore: next !== null, final: true };
  }

  async byId(ctx: CallContext, id: string): Promise<SettlementReportConfiguration | null> {
    try {
      const res = await this.account.request(ctx, {
        suffix: path`/settlements/reports/configuration/${id}`,
        endpoint: 'GET /v1/accounts/{aid}/settlements/reports/configuration/{id}',
        schema: ReportConfigSchema,
      });
      return toReportConfig(this.account.accountId, res.data);
    } catch (err) {
      if (err instanceof TallyError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** QUIRKS.md 2 #10: create, update and delete answer 200 with the item. */
  async write(
    ctx: CallContext,
    op: { method: 'POST' | 'PUT' | 'DELETE'; id?: string; input?: SettlementReportConfigurationInput },
  ): Promise<SettlementReportConfiguration> {
    const suffix = op.id === undefined ? '/settlements/reports/configuration' : path`/settlements/reports/configuration/${op.id}`;
    const res = await this.account.request(ctx, {
      method: op.method,
      suffix,
      endpoint: `${op.method} /v1/accounts/{aid}/settlements/reports/configuration${op.id === undefined ? '' : '/{id}'}`,
      body: op.input ? toReportConfigBody(op.input) : undefined,
      schema: ReportConfigSchema,
      retry: false,
    });
    return toReportConfig(this.account.accountId, res.data);
  }
}
