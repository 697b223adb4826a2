import { TallyError } from '../../domain/errors.js';
import { path } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { DINTERO_PAGE_SIZES, startingAfterPage } from './pages.js';
import { toReportConfig, toReportConfigBody } from './mapping.js';
import type { SettlementReportConfiguration, SettlementReportConfigurationInput } from './model.js';
import { ReportConfigListSchema, ReportConfigSchema } from './schemas.js';

/** `/accounts/{aid}/settlements/reports/configuration`: where settlement reports are e-mailed. */
export class DinteroReportConfigurations {
  constructor(private readonly account: AccountTransport) {}

  async page(ctx: CallContext, token: string | null): Promise<UpstreamPage<SettlementReportConfiguration>> {
    const res = await this.account.request(ctx, {
      suffix: '/settlements/reports/configuration',
      endpoint: 'GET /v1/accounts/{aid}/settlements/reports/configuration',
      query: { limit: DINTERO_PAGE_SIZES.reportConfigurations, starting_after: token },
      schema: ReportConfigListSchema,
    });
    const items = res.data.items.map((c) => toReportConfig(this.account.accountId, c));
    return startingAfterPage(items, items.length, { envelope: res.data.starting_after });
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

  /**
   * An update that changes only what the caller gave: the configuration is read first and the body
   * sent back is the current one with `change` applied, since Dintero replaces the whole
   * configuration with the body (an omitted filter, destination id or `send_every` would be erased).
   */
  async update(
    ctx: CallContext,
    id: string,
    change: (current: SettlementReportConfigurationInput) => SettlementReportConfigurationInput,
  ): Promise<SettlementReportConfiguration> {
    const current = await this.byId(ctx, id);
    if (!current) throw new TallyError('NOT_FOUND', 'No such settlement report configuration', { source: 'dintero' });
    return this.write(ctx, { method: 'PUT', id, input: change(asInput(current)) });
  }

  /** dintero quirk 10 (docs/upstreams/dintero.md): create, update and delete answer 200 with the item. */
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

/** A configuration as the content an update sends back: everything the upstream lets a caller set. */
export function asInput(c: SettlementReportConfiguration): SettlementReportConfigurationInput {
  return {
    fileTypes: [...c.fileTypes],
    destinations: c.destinations.map((d) => ({ id: d.id, type: d.type, email: d.email })),
    providers: [...c.providers],
    filters: c.filters.map((f) => ({ ...f })),
    sendEvery: c.sendEvery,
  };
}
