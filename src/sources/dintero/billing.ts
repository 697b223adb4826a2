import type { Readable } from 'node:stream';
import type { DinteroUpstream } from '../../config.js';
import { TallyError, badInput } from '../../errors.js';
import { moneyFromMinor } from '../../money.js';
import { path, type UpstreamClient } from '../http/upstream-client.js';
import type { CallContext, UpstreamPage } from '../model.js';
import { DinteroAuth } from './auth.js';
import type {
  BillingAccount,
  BillingCost,
  BillingReport,
  BillingSubscription,
  KeyValue,
  PayoutDestination,
  PayoutRule,
  PayoutRuleInput,
  Settlement,
  SettlementAmounts,
  SettlementFilters,
  SettlementReportConfiguration,
  SettlementReportConfigurationInput,
} from './model.js';
import {
  AttachmentLinkSchema,
  BillingReportListSchema,
  CostListSchema,
  PayoutRuleListSchema,
  PayoutRuleSchema,
  ReportConfigListSchema,
  ReportConfigSchema,
  SettlementListSchema,
  SubscriptionListSchema,
  type DinteroDestinationNode,
  type DinteroPayoutRule,
  type DinteroReportConfig,
  type DinteroSettlement,
} from './schemas.js';

/** specs/README.md section 4: `aid` is `^[PT]{1}\d{8}$`, P = production, T = test. */
export const DINTERO_ACCOUNT_ID = /^[PT]\d{8}$/;

/**
 * Upstream page sizes. Fixed per list, never derived from `first`: a Tally cursor resumes at an
 * offset inside the page its token starts, which is only the same page if the size is the same.
 * Settlements default to 10 upstream and allow 1000 (QUIRKS.md 2 #3); 100 keeps a typical GraphQL
 * page to one or two upstream calls.
 */
/**
 * Settlement pages are kept briefly across requests: a client paging with a small `first` resumes
 * inside the same upstream page of 100, and re-reading it for every GraphQL page would cost one call
 * per page. Short, because settlements still change (a postponed one gets paid, new ones arrive).
 */
const SETTLEMENT_PAGE_TTL_MS = 30_000;

export const DINTERO_PAGE_SIZES = { settlements: 100, costs: 100, billingReports: 100, subscriptions: 100, reportConfigurations: 100 };

export interface DinteroSourceOptions {
  now?: () => number;
  /** Upstream `limit` for settlements (1..1000); tests lower it to exercise many cursors. */
  settlementPageSize?: number;
}

export interface AttachmentStream {
  contentType: string | null;
  contentLength: string | null;
  body: Readable;
}

/** The Dintero Billing API for every configured account. */
export class DinteroSource {
  private readonly auths = new Map<string, DinteroAuth>();
  private readonly settlementPageSize: number;

  constructor(
    private readonly http: UpstreamClient,
    private readonly upstream: DinteroUpstream,
    options: DinteroSourceOptions = {},
  ) {
    for (const c of upstream.accounts) this.auths.set(c.accountId, new DinteroAuth(http, upstream.baseUrl, c, options.now));
    this.settlementPageSize = Math.min(1000, Math.max(1, options.settlementPageSize ?? DINTERO_PAGE_SIZES.settlements));
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
      throw badInput(`${JSON.stringify(accountId.slice(0, 40))} is not a Dintero account id: a T (test) or P (production) followed by 8 digits, e.g. T12345678.`, { argument });
    }
    const auth = this.auths.get(accountId);
    if (!auth) {
      throw new TallyError('FORBIDDEN', `This gateway has no Dintero credentials for account ${accountId}.`, { source: 'dintero', details: { argument } });
    }
    return new DinteroAccount(this.http, this.upstream.baseUrl, accountId, auth, this.settlementPageSize);
  }
}

export function billingAccount(accountId: string): BillingAccount {
  return { accountId, environment: accountId.startsWith('P') ? 'PRODUCTION' : 'TEST' };
}

/** The upstream token of a settlements page: Dintero's two-part start key, as JSON (QUIRKS.md 2 #1). */
interface SettlementToken {
  id: string;
  date: string;
}

function parseSettlementToken(token: string): SettlementToken {
  const t = JSON.parse(token) as SettlementToken;
  if (typeof t?.id !== 'string' || typeof t?.date !== 'string') throw new TallyError('BAD_USER_INPUT', 'Unreadable settlements cursor');
  return t;
}

export class DinteroAccount {
  readonly account: BillingAccount;

  constructor(
    private readonly http: UpstreamClient,
    private readonly baseUrl: string,
    readonly accountId: string,
    private readonly auth: DinteroAuth,
    private readonly settlementPageSize: number,
  ) {
    this.account = billingAccount(accountId);
  }

  private base(suffix: string): string {
    return path`/accounts/${this.accountId}` + suffix;
  }

  /**
   * One page of settlements. The next page's start key is `last_evaluated_key.id` plus its
   * `settled_at`, or its `created_at` when filtering by creation date or while `settled_at` is null
   * (QUIRKS.md 2 #1); both parts travel together in the token, since one alone is a 400.
   */
  async settlementsPage(ctx: CallContext, filters: SettlementFilters, token: string | null): Promise<UpstreamPage<Settlement>> {
    const byCreated = filters.createdFrom != null || filters.createdTo != null;
    const start = token === null ? null : parseSettlementToken(token);
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/settlements'),
        endpoint: 'GET /v1/accounts/{aid}/settlements',
        query: {
          limit: this.settlementPageSize,
          starting_after_id: start?.id,
          starting_after_date: start?.date,
          // QUIRKS.md 2 #2: `created_at.*` filters on settled_at, `item_created_at.*` on created_at.
          'created_at.gte': filters.settledFrom,
          'created_at.lte': filters.settledTo,
          'item_created_at.gte': filters.createdFrom,
          'item_created_at.lte': filters.createdTo,
          payment_provider: filters.providers && filters.providers.length > 0 ? [...filters.providers] : undefined,
          payout_destination_id: filters.payoutDestinationId,
          search: filters.search,
        },
        headers,
        schema: SettlementListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { key: this.auth.fingerprint, ttlMs: () => SETTLEMENT_PAGE_TTL_MS },
      }),
    );
    const key = res.data.last_evaluated_key;
    const keyDate = key ? (byCreated ? key.created_at : (key.settled_at ?? key.created_at)) : null;
    const next = key && keyDate && res.data.items.length > 0 ? JSON.stringify({ id: key.id, date: keyDate } satisfies SettlementToken) : null;
    return { items: res.data.items.map((s) => toSettlement(this.accountId, s)), next, hasMore: next !== null, final: true, cached: res.cached };
  }

  /** A settlement by id: the API has no single-settlement endpoint; `search` matches settlement ids. */
  async settlement(ctx: CallContext, id: string): Promise<Settlement | null> {
    let token: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page: UpstreamPage<Settlement> = await this.settlementsPage(ctx, { search: id }, token);
      const found = page.items.find((s) => s.id === id);
      if (found) return found;
      if (!page.next) return null;
      token = page.next;
    }
    return null;
  }

  /**
   * The attachment's bytes. Dintero answers the attachment endpoint with `{"url"}`, a signed storage
   * link that must be fetched WITHOUT the bearer token (QUIRKS.md 2 #6); a direct file body is
   * accepted too, as the spec documents one.
   */
  async openAttachment(ctx: CallContext, settlementId: string, attachmentId: string): Promise<AttachmentStream> {
    const first = await this.auth.withToken((headers) =>
      this.http.stream({
        url: this.baseUrl + this.base(path`/settlements/${settlementId}/attachments/${attachmentId}`),
        endpoint: 'GET /v1/accounts/{aid}/settlements/{settlementid}/attachments/{attachmentid}',
        headers: { ...headers, accept: 'application/json, */*' },
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    const type = first.headers['content-type'] ?? null;
    if (!type || !/json/i.test(type)) {
      return { contentType: type, contentLength: first.headers['content-length'] ?? null, body: first.body };
    }
    const text = await first.body.text();
    let link: { url: string };
    try {
      link = AttachmentLinkSchema.parse(JSON.parse(text));
    } catch {
      throw new TallyError('UPSTREAM_BAD_RESPONSE', 'dintero answered the attachment download without a file or a link to one', { source: 'dintero' });
    }
    const file = await this.http.stream({ url: link.url, endpoint: 'GET <signed attachment link>', meter: ctx.meter, signal: ctx.signal });
    return { contentType: file.headers['content-type'] ?? null, contentLength: file.headers['content-length'] ?? null, body: file.body };
  }

  async payoutRules(ctx: CallContext, args: { ruleType?: string | null; ruleId?: string | null; includeDeleted?: boolean | null }): Promise<PayoutRule[]> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/billing/payout-rules'),
        endpoint: 'GET /v1/accounts/{aid}/billing/payout-rules',
        query: { rule_type: args.ruleType, rule_id: args.ruleId, include_deleted: args.includeDeleted ? 'true' : undefined },
        headers,
        schema: PayoutRuleListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    return res.data.map((r) => toPayoutRule(this.accountId, r));
  }

  /** The API lists rules but has no GET by id: a rule is found in the list, deleted ones included. */
  async payoutRule(ctx: CallContext, id: string): Promise<PayoutRule | null> {
    const all = await this.payoutRules(ctx, { includeDeleted: true });
    return all.find((r) => r.id === id) ?? null;
  }

  /**
   * Create. Never retried by Tally (a POST may have been applied even when its answer was lost);
   * a caller's `Idempotency-Key` makes a repeated create answer the first rule instead of a second.
   */
  async createPayoutRule(ctx: CallContext, input: PayoutRuleInput, idempotencyKey: string | null): Promise<{ rule: PayoutRule; replayed: boolean }> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        method: 'POST',
        path: this.base('/billing/payout-rules'),
        endpoint: 'POST /v1/accounts/{aid}/billing/payout-rules',
        headers: idempotencyKey ? { ...headers, 'idempotency-key': idempotencyKey } : headers,
        body: toRuleBody(input),
        schema: PayoutRuleSchema,
        retry: false,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    return { rule: toPayoutRule(this.accountId, res.data), replayed: res.headers['idempotent-replayed'] === 'true' };
  }

  async updatePayoutRule(ctx: CallContext, id: string, input: PayoutRuleInput): Promise<PayoutRule> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        method: 'PUT',
        path: this.base(path`/billing/payout-rules/${id}`),
        endpoint: 'PUT /v1/accounts/{aid}/billing/payout-rules/{id}',
        headers,
        body: toRuleBody(input),
        schema: PayoutRuleSchema,
        retry: false,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    return toPayoutRule(this.accountId, res.data);
  }

  async deletePayoutRule(ctx: CallContext, id: string): Promise<PayoutRule> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        method: 'DELETE',
        path: this.base(path`/billing/payout-rules/${id}`),
        endpoint: 'DELETE /v1/accounts/{aid}/billing/payout-rules/{id}',
        headers,
        schema: PayoutRuleSchema,
        retry: false,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    return toPayoutRule(this.accountId, res.data);
  }

  async reportConfigurationsPage(ctx: CallContext, token: string | null): Promise<UpstreamPage<SettlementReportConfiguration>> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/settlements/reports/configuration'),
        endpoint: 'GET /v1/accounts/{aid}/settlements/reports/configuration',
        query: { limit: DINTERO_PAGE_SIZES.reportConfigurations, starting_after: token },
        headers,
        schema: ReportConfigListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    // QUIRKS.md 2 #4: this list's cursor is `starting_after` in the body; absent at the end.
    const next = res.data.starting_after && res.data.items.length > 0 ? res.data.starting_after : null;
    return { items: res.data.items.map((c) => toReportConfig(this.accountId, c)), next, hasMore: next !== null, final: true };
  }

  async reportConfiguration(ctx: CallContext, id: string): Promise<SettlementReportConfiguration | null> {
    try {
      const res = await this.auth.withToken((headers) =>
        this.http.request({
          path: this.base(path`/settlements/reports/configuration/${id}`),
          endpoint: 'GET /v1/accounts/{aid}/settlements/reports/configuration/{id}',
          headers,
          schema: ReportConfigSchema,
          meter: ctx.meter,
          signal: ctx.signal,
        }),
      );
      return toReportConfig(this.accountId, res.data);
    } catch (err) {
      if (err instanceof TallyError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** QUIRKS.md 2 #10: create, update and delete answer 200 with the item. */
  async writeReportConfiguration(
    ctx: CallContext,
    op: { method: 'POST' | 'PUT' | 'DELETE'; id?: string; input?: SettlementReportConfigurationInput },
  ): Promise<SettlementReportConfiguration> {
    const suffix = op.id === undefined ? '/settlements/reports/configuration' : path`/settlements/reports/configuration/${op.id}`;
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        method: op.method,
        path: this.base(suffix),
        endpoint: `${op.method} /v1/accounts/{aid}/settlements/reports/configuration${op.id === undefined ? '' : '/{id}'}`,
        headers,
        body: op.input ? toReportConfigBody(op.input) : undefined,
        schema: ReportConfigSchema,
        retry: false,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    return toReportConfig(this.accountId, res.data);
  }

  /** Costs: a JSON array; the next page starts after the last item's `paging_token`; a short page is the end (QUIRKS.md 2 #4). */
  async costsPage(ctx: CallContext, args: { year: number; month: number; type?: string | null; date?: string | null }, token: string | null): Promise<UpstreamPage<BillingCost>> {
    const limit = DINTERO_PAGE_SIZES.costs;
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/billing/costs'),
        endpoint: 'GET /v1/accounts/{aid}/billing/costs',
        query: { year: args.year, month: args.month, type: args.type, date: args.date, limit, starting_after: token },
        headers,
        schema: CostListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    const last = res.data[res.data.length - 1];
    const next = res.data.length >= limit && last ? last.paging_token : null;
    return {
      items: res.data.map((c) => ({
        accountId: this.accountId,
        pagingToken: c.paging_token,
        date: c.date,
        type: c.type,
        description: c.description,
        quantity: c.quantity,
        unitPrice: money(c.unit_price, c.currency),
        amount: money(c.amount, c.currency),
      })),
      next,
      hasMore: next !== null,
      final: true,
    };
  }

  async billingReportsPage(ctx: CallContext, token: string | null): Promise<UpstreamPage<BillingReport>> {
    const limit = DINTERO_PAGE_SIZES.billingReports;
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/billing/reports'),
        endpoint: 'GET /v1/accounts/{aid}/billing/reports',
        query: { limit, starting_after: token },
        headers,
        schema: BillingReportListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    const last = res.data[res.data.length - 1];
    const next = res.data.length >= limit && last ? last.id : null;
    return {
      items: res.data.map((r) => ({
        accountId: this.accountId,
        id: r.id,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        createdAt: r.created_at,
        invoiceNumber: r.invoice_number,
        status: r.status,
        amount: money(r.amount, r.currency),
        vatAmount: money(r.vat_amount, r.currency),
        totalAmount: money(r.total_amount, r.currency),
        lines: r.lines.map((l) => ({ type: l.type, description: l.description, quantity: l.quantity, amount: money(l.amount, r.currency) })),
      })),
      next,
      hasMore: next !== null,
      final: true,
    };
  }

  async subscriptionsPage(ctx: CallContext, args: { namespace?: string | null; currency?: string | null }, token: string | null): Promise<UpstreamPage<BillingSubscription>> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: this.base('/billing/subscriptions'),
        endpoint: 'GET /v1/accounts/{aid}/billing/subscriptions',
        query: { namespace: args.namespace, currency: args.currency, limit: DINTERO_PAGE_SIZES.subscriptions, starting_after: token },
        headers,
        schema: SubscriptionListSchema,
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    const next = res.data.starting_after && res.data.items.length > 0 ? res.data.starting_after : null;
    return {
      items: res.data.items.map((s) => ({
        accountId: this.accountId,
        id: s.id,
        namespace: s.namespace,
        name: s.name,
        status: s.status,
        currency: s.currency,
        createdAt: s.created_at,
        cancelledAt: s.cancelled_at,
        prices: s.prices.map((p) => ({
          id: p.id,
          description: p.description,
          priceModel: p.price_model,
          unit: p.unit,
          unitPrice: money(p.unit_price, p.currency ?? s.currency),
        })),
        dimensions: keyValues(s.dimensions),
      })),
      next,
      hasMore: next !== null,
      final: true,
    };
  }
}

function money(minor: number | null, currency: string | null) {
  return minor === null || currency === null ? null : moneyFromMinor(minor, currency, 'dintero');
}

function keyValues(record: Record<string, unknown>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** An ISO instant normalised to UTC with `Z`; what the upstream sent when it is not one. */
function instant(text: string | null): string | null {
  if (text === null) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

export function toSettlement(accountId: string, s: DinteroSettlement): Settlement {
  const amounts: SettlementAmounts[] = s.amounts.map((a) => {
    // QUIRKS.md 2 #5: the spec's fee is positive (`amount = capture - refund - fee`), the live API sends it negative for
    // some providers, and one client saw refunds signed. Magnitudes make one convention: net = capture - refund - fee.
    const capture = Math.abs(a.capture);
    const refund = Math.abs(a.refund);
    const fee = Math.abs(a.fee);
    const net = a.amount ?? capture - refund - fee;
    return {
      currency: a.currency,
      capture: moneyFromMinor(capture, a.currency, 'dintero'),
      refund: moneyFromMinor(refund, a.currency, 'dintero'),
      fee: moneyFromMinor(fee, a.currency, 'dintero'),
      net: moneyFromMinor(net, a.currency, 'dintero'),
      upstreamFeeSign: sign(a.fee),
    };
  });
  const status = (s.payment_status ?? '').toLowerCase();
  return {
    accountId,
    id: s.id,
    startAt: instant(s.start_at),
    endAt: instant(s.end_at),
    createdAt: instant(s.created_at) as string,
    updatedAt: instant(s.updated_at),
    settledAt: instant(s.settled_at),
    emailReceivedAt: instant(s.email_received_at),
    provider: s.provider,
    providerReference: s.provider_reference,
    paymentStatus: status === 'paid' ? 'PAID' : status === 'postponed' ? 'POSTPONED' : 'OTHER',
    paymentStatusUpstream: s.payment_status,
    storeId: s.store_id,
    payoutDestinationId: s.payout_destination_id,
    amounts,
    attachments: s.attachments.map((a) => {
      const base = a.key ? a.key.slice(a.key.lastIndexOf('/') + 1) : '';
      return {
        accountId,
        settlementId: s.id,
        id: a.id,
        key: a.key,
        contentType: a.content_type ?? 'application/octet-stream',
        extension: a.extension,
        createdBy: a.created_by,
        fileName: base || `${a.id}${a.extension ? `.${a.extension}` : ''}`,
      };
    }),
  };
}

function toDestination(n: DinteroDestinationNode): PayoutDestination {
  const type = n.type === 'percentage' ? 'PERCENTAGE' : n.type === 'flat_amount' ? 'FLAT_AMOUNT' : n.type === 'remaining_amount' ? 'REMAINING_AMOUNT' : null;
  if (!type) throw new TallyError('UPSTREAM_BAD_RESPONSE', `dintero sent a payout destination of unknown type ${JSON.stringify(n.type)}`, { source: 'dintero' });
  return { type, value: n.value ?? null, destination: n.destination ?? null, destinations: (n.destinations ?? []).map(toDestination) };
}

function fromDestination(n: PayoutDestination): DinteroDestinationNode {
  if (n.type === 'REMAINING_AMOUNT') return { type: 'remaining_amount', destinations: n.destinations.map(fromDestination) };
  return { type: n.type === 'PERCENTAGE' ? 'percentage' : 'flat_amount', value: n.value, destination: n.destination };
}

export function toPayoutRule(accountId: string, r: DinteroPayoutRule): PayoutRule {
  return {
    accountId,
    id: r.id,
    ruleType: r.rule_type,
    ruleId: r.rule_id,
    version: r.version,
    destinations: r.destinations.map(toDestination),
    metadata: keyValues(r.metadata),
    createdAt: instant(r.created_at),
    createdBy: r.created_by,
    updatedAt: instant(r.updated_at),
    updatedBy: r.updated_by,
    deletedAt: instant(r.deleted_at),
    deletedBy: r.deleted_by,
  };
}

function toRuleBody(input: PayoutRuleInput) {
  return {
    rule_type: input.ruleType,
    rule_id: input.ruleId,
    destinations: input.destinations.map(fromDestination),
    metadata: Object.fromEntries(input.metadata.map((m) => [m.key, m.value])),
  };
}

function toReportConfig(accountId: string, c: DinteroReportConfig): SettlementReportConfiguration {
  return {
    accountId,
    id: c.id,
    fileTypes: c.filetypes,
    destinations: c.destinations.map((d) => ({
      id: d.id,
      type: d.destination_type === 'email' ? 'EMAIL' : 'ACCOUNT_EMAIL',
      email: d.destination_value,
    })),
    providers: c.providers,
    payoutDestinationIds: c.filters.filter((f) => f.filter === 'payout_destination_id').map((f) => f.value),
    createdAt: instant(c.created_at),
    updatedAt: instant(c.updated_at),
  };
}

function toReportConfigBody(input: SettlementReportConfigurationInput) {
  return {
    filetypes: input.fileTypes,
    destinations: input.destinations.map((d) =>
      d.type === 'EMAIL' ? { destination_type: 'email', destination_value: d.email } : { destination_type: 'account_email' },
    ),
    providers: input.providers,
    filters: input.payoutDestinationIds.map((value) => ({ filter: 'payout_destination_id', value })),
  };
}

/**
 * Filter combinations the upstream refuses with a 400, refused here first with names the client
 * used: a settled-date bound cannot be combined with the created-date bound on the same side
 * (QUIRKS.md 2 #2), and a range must not end before it starts.
 */
export function validateSettlementFilters(f: SettlementFilters): void {
  if (f.settledFrom != null && f.createdFrom != null) {
    throw badInput('`settledFrom` and `createdFrom` cannot be combined: Dintero filters on one date at a time (created_at.gte vs item_created_at.gte).', { argument: 'createdFrom' });
  }
  if (f.settledTo != null && f.createdTo != null) {
    throw badInput('`settledTo` and `createdTo` cannot be combined: Dintero filters on one date at a time (created_at.lte vs item_created_at.lte).', { argument: 'createdTo' });
  }
  if (f.settledFrom != null && f.settledTo != null && f.settledFrom > f.settledTo) {
    throw badInput('`settledTo` is before `settledFrom`.', { argument: 'settledTo' });
  }
  if (f.createdFrom != null && f.createdTo != null && f.createdFrom > f.createdTo) {
    throw badInput('`createdTo` is before `createdFrom`.', { argument: 'createdTo' });
  }
}
