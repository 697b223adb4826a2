import { TallyError } from '../../domain/errors.js';
import { moneyFromMinor } from '../../domain/money.js';
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

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?))?$/;

/**
 * An instant Dintero sent, in UTC with a `Z`, its digits kept: every sub-second digit exactly as
 * sent (`.141089` stays `.141089`, at least milliseconds are written), an offset moved to UTC, a
 * bare date read as its midnight UTC (the settlements paging key is one). Null for null; a value
 * that is no instant (the seed's placeholder `"string"`, a 13th month, the 30th of February) is a
 * `TallyError` naming the item and field, which the field then answers instead of a value.
 */
export function dinteroInstant(text: string | null, what: string): string | null | TallyError {
  if (text === null) return null;
  const m = ISO_INSTANT.exec(text);
  const problem = () =>
    new TallyError('UPSTREAM_BAD_RESPONSE', `dintero sent ${what} ${JSON.stringify(text.slice(0, 40))}, which is not an ISO 8601 instant`, {
      source: 'dintero',
    });
  if (!m) return problem();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', fraction = '', zone = 'Z'] = m as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return problem();
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return problem();
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(sec)) - offsetMinutes * 60_000;
  const seconds = new Date(ms).toISOString().slice(0, 19);
  return `${seconds}.${fraction.padEnd(3, '0')}Z`;
}

/** The instants of one item, each named for its error message (`settlement "s1" created_at`). */
function instantsOf(kind: string, id: string) {
  return (text: string | null, field: string) => dinteroInstant(text, `${kind} ${JSON.stringify(id)} ${field}`);
}

export function keyValues(record: Record<string, unknown>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

export function toSettlement(accountId: string, s: DinteroSettlement): Settlement {
  const amounts: SettlementAmounts[] = s.amounts.map((a) => {
    // dintero quirk 5 (docs/upstreams/dintero.md): the spec's fee is positive (`amount = capture - refund - fee`), the live API sends it negative for
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
  const instant = instantsOf('settlement', s.id);
  return {
    accountId,
    id: s.id,
    startAt: instant(s.start_at, 'start_at'),
    endAt: instant(s.end_at, 'end_at'),
    createdAt: instant(s.created_at, 'created_at') as string | TallyError,
    updatedAt: instant(s.updated_at, 'updated_at'),
    settledAt: instant(s.settled_at, 'settled_at'),
    emailReceivedAt: instant(s.email_received_at, 'email_received_at'),
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

function toDestination(n: DinteroDestinationNode, ruleId: string): PayoutDestination {
  const type =
    n.type === 'percentage'
      ? 'PERCENTAGE'
      : n.type === 'flat_amount'
        ? 'FLAT_AMOUNT'
        : n.type === 'remaining_amount'
          ? 'REMAINING_AMOUNT'
          : null;
  if (!type) {
    throw new TallyError(
      'UPSTREAM_BAD_RESPONSE',
      `dintero sent payout rule ${JSON.stringify(ruleId)} with a destination of unknown type ${JSON.stringify(n.type.slice(0, 40))}`,
      {
        source: 'dintero',
      },
    );
  }
  return {
    type,
    value: n.value ?? null,
    destination: n.destination ?? null,
    destinations: (n.destinations ?? []).map((d) => toDestination(d, ruleId)),
  };
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
  const instant = instantsOf('payout rule', r.id);
  return {
    // The account asked for, which is the rule's `account_id`: it names the rule in global ids, so it is never taken from the body.
    accountId,
    id: r.id,
    ruleType: r.rule_type,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    destinations: r.destinations.map((d) => toDestination(d, r.id)),
    metadata: keyValues(r.metadata),
    createdAt: instant(r.created_at, 'created_at'),
    createdBy: r.created_by,
    updatedAt: instant(r.updated_at, 'updated_at'),
    deletedAt: instant(r.deleted_at, 'deleted_at'),
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
  const instant = instantsOf('settlement report configuration', c.id);
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
    filters: c.filters.map((f) => ({ filter: f.filter, value: f.value })),
    sendEvery: c.send_every,
    lastSendAtMs: c.last_send_at,
    lastModifiedAtMs: c.last_modified_at,
    createdAt: instant(c.created_at, 'created_at'),
    updatedAt: instant(c.updated_at, 'updated_at'),
  };
}

/**
 * The body of a create or update: every field of the seed's `UpdateSettlementReportConfigItem`.
 * An update sends back what it does not change (destination ids, every filter, `send_every`),
 * since the upstream replaces the whole configuration with the body.
 */
export function toReportConfigBody(input: SettlementReportConfigurationInput) {
  return {
    filetypes: input.fileTypes,
    destinations: input.destinations.map((d) => {
      const id = d.id ? { id: d.id } : {};
      if (d.type === 'EMAIL') return { ...id, destination_type: 'email', destination_value: d.email };
      return d.email != null
        ? { ...id, destination_type: 'account_email', destination_value: d.email }
        : { ...id, destination_type: 'account_email' };
    }),
    providers: input.providers,
    filters: input.filters.map((f) => ({ filter: f.filter, value: f.value })),
    ...(input.sendEvery != null ? { send_every: input.sendEvery } : {}),
  };
}

function toDimensions(dimensions: DinteroCost['dimensions']): BillingDimension[] {
  return dimensions.map((d) => ({ name: d.name, value: d.value }));
}

function toPrices(prices: DinteroSubscription['prices']): BillingPrice[] {
  return prices.map((p) => ({ currency: p.currency, type: p.type, amount: p.amount, upTo: p.up_to }));
}

export function toCost(accountId: string, c: DinteroCost): BillingCost {
  const instant = instantsOf('cost', c.id);
  return {
    accountId,
    id: c.id,
    startAt: instant(c.start_at, 'start_at'),
    endAt: instant(c.end_at, 'end_at'),
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
  const instant = instantsOf('billing report', r.id);
  return {
    accountId,
    id: r.id,
    createdAt: instant(r.created_at, 'created_at'),
    createdBy: r.created_by,
    updatedAt: instant(r.updated_at, 'updated_at'),
    startAt: instant(r.start_at, 'start_at'),
    endAt: instant(r.end_at, 'end_at'),
  };
}

export function toSubscription(accountId: string, s: DinteroSubscription): BillingSubscription {
  const instant = instantsOf('subscription', s.id);
  return {
    accountId,
    id: s.id,
    createdAt: instant(s.created_at, 'created_at'),
    createdBy: s.created_by,
    updatedAt: instant(s.updated_at, 'updated_at'),
    description: s.description,
    namespace: s.namespace,
    metricName: s.metric_name,
    dimensions: toDimensions(s.dimensions),
    prices: toPrices(s.prices),
  };
}
