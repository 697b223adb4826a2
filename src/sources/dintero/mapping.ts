import { TallyError } from '../../errors.js';
import { moneyFromMinor } from '../../money.js';
import type {
  BillingCost,
  BillingDimension,
  BillingPrice,
  BillingReport,
  BillingSubscription,
  KeyValue,
  PayoutDestination,
  PayoutRule,
  PayoutRuleInput,
  Settlement,
  SettlementAmounts,
  SettlementReportConfiguration,
  SettlementReportConfigurationInput,
} from './model.js';
import type {
  DinteroBillingReport,
  DinteroCost,
  DinteroDestinationNode,
  DinteroPayoutRule,
  DinteroReportConfig,
  DinteroSettlement,
  DinteroSubscription,
} from './schemas.js';

/*
 * Vendor JSON (validated by `schemas.ts`) to the domain model, and domain input to request bodies.
 * Pure: no transport, so each conversion is tested against the seed's examples directly.
 */

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** An ISO instant normalised to UTC with `Z`; what the upstream sent when it is not one. */
export function instant(text: string | null): string | null {
  if (text === null) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

export function keyValues(record: Record<string, unknown>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
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

/** Values go up as decimal strings (the seed's request examples send both `10` and `"500"`): exact, whatever their size. */
function fromDestination(n: PayoutDestination): Record<string, unknown> {
  if (n.type === 'REMAINING_AMOUNT') return { type: 'remaining_amount', destinations: n.destinations.map(fromDestination) };
  const type = n.type === 'PERCENTAGE' ? 'percentage' : 'flat_amount';
  // Either a destination or nested destinations that split the share (the seed's first example node).
  if (n.destinations.length > 0) return { type, value: n.value, destinations: n.destinations.map(fromDestination) };
  return { type, value: n.value, destination: n.destination };
}

export function toPayoutRule(accountId: string, r: DinteroPayoutRule): PayoutRule {
  return {
    // The account asked for, which is the rule's `account_id`: it names the rule in global ids, so it is never taken from the body.
    accountId,
    id: r.id,
    ruleType: r.rule_type,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    destinations: r.destinations.map(toDestination),
    metadata: keyValues(r.metadata),
    createdAt: instant(r.created_at),
    createdBy: r.created_by,
    updatedAt: instant(r.updated_at),
    deletedAt: instant(r.deleted_at),
    deletedBy: r.deleted_by,
  };
}

/** The create/update body of the seed: `{rule_type, rule_id, destinations, metadata}`. */
export function toRuleBody(input: PayoutRuleInput) {
  return {
    rule_type: input.ruleType,
    rule_id: input.ruleId,
    destinations: input.destinations.map(fromDestination),
    metadata: Object.fromEntries(input.metadata.map((m) => [m.key, m.value])),
  };
}

export function toReportConfig(accountId: string, c: DinteroReportConfig): SettlementReportConfiguration {
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

export function toReportConfigBody(input: SettlementReportConfigurationInput) {
  return {
    filetypes: input.fileTypes,
    destinations: input.destinations.map((d) =>
      d.type === 'EMAIL' ? { destination_type: 'email', destination_value: d.email } : { destination_type: 'account_email' },
    ),
    providers: input.providers,
    filters: input.payoutDestinationIds.map((value) => ({ filter: 'payout_destination_id', value })),
  };
}

function toDimensions(dimensions: DinteroCost['dimensions']): BillingDimension[] {
  return dimensions.map((d) => ({ name: d.name, value: d.value }));
}

function toPrices(prices: DinteroSubscription['prices']): BillingPrice[] {
  return prices.map((p) => ({ currency: p.currency, type: p.type, amount: p.amount, upTo: p.up_to }));
}

export function toCost(accountId: string, c: DinteroCost): BillingCost {
  return {
    accountId,
    id: c.id,
    startAt: instant(c.start_at),
    endAt: instant(c.end_at),
    totalCount: c.total_count,
    totalAmount: c.total_amount,
    totalMetricValue: c.total_metric_value,
    currency: c.currency,
    namespace: c.namespace,
    metricName: c.metric_name,
    type: c.type,
    dimensions: toDimensions(c.dimensions),
    plan: c.plan ? { id: c.plan.id, prices: toPrices(c.plan.prices) } : null,
  };
}

export function toBillingReport(accountId: string, r: DinteroBillingReport): BillingReport {
  return {
    accountId,
    id: r.id,
    createdAt: instant(r.created_at),
    createdBy: r.created_by,
    updatedAt: instant(r.updated_at),
    startAt: instant(r.start_at),
    endAt: instant(r.end_at),
  };
}

export function toSubscription(accountId: string, s: DinteroSubscription): BillingSubscription {
  return {
    accountId,
    id: s.id,
    createdAt: instant(s.created_at),
    createdBy: s.created_by,
    updatedAt: instant(s.updated_at),
    description: s.description,
    namespace: s.namespace,
    metricName: s.metric_name,
    dimensions: toDimensions(s.dimensions),
    prices: toPrices(s.prices),
  };
}
