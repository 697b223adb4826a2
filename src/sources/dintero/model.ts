import type { TallyError } from '../../domain/errors.js';
import type { Decimal, Money } from '../../domain/money.js';

/**
 * The Dintero Billing API as the resolvers see it (docs/architecture.md: no vendor JSON crosses the source
 * boundary). Upstream names are kept where an accountant would look them up in Dintero Backoffice.
 */

/**
 * A time the upstream sent, in UTC with its own sub-second digits; or, when what it sent is no
 * instant, the error its field answers instead (the rest of the item stays readable).
 */
export type Instant = string | TallyError;

export type DinteroEnvironment = 'TEST' | 'PRODUCTION';

export interface BillingAccount {
  accountId: string;
  /** The account id's prefix: `T` test, `P` production (docs/upstreams/dintero.md). */
  environment: DinteroEnvironment;
}

export interface SettlementAmounts {
  currency: string;
  capture: Money;
  /** Magnitude: refunds paid back to customers, never negative. */
  refund: Money;
  /** Magnitude: the provider's fee, never negative whatever sign the upstream sent (dintero quirk 5 (docs/upstreams/dintero.md)). */
  fee: Money;
  /** What was paid out: capture - refund - fee. */
  net: Money;
  /** The sign the upstream used for `fee` on this line: -1, 1, or 0 when the fee was zero. */
  upstreamFeeSign: -1 | 0 | 1;
}

export interface SettlementAttachment {
  accountId: string;
  settlementId: string;
  id: string;
  key: string | null;
  contentType: string;
  extension: string | null;
  createdBy: string | null;
  /** A file name for downloads: the last segment of `key`, else `<attachment id>.<extension>`. */
  fileName: string;
}

export type SettlementPaymentStatus = 'PAID' | 'POSTPONED' | 'OTHER';

export interface Settlement {
  accountId: string;
  id: string;
  startAt: Instant | null;
  endAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant | null;
  settledAt: Instant | null;
  emailReceivedAt: Instant | null;
  provider: string;
  providerReference: string | null;
  paymentStatus: SettlementPaymentStatus;
  paymentStatusUpstream: string | null;
  storeId: string | null;
  payoutDestinationId: string | null;
  amounts: SettlementAmounts[];
  attachments: SettlementAttachment[];
}

export type PayoutDestinationType = 'PERCENTAGE' | 'FLAT_AMOUNT' | 'REMAINING_AMOUNT';

/** One node of a payout rule's split tree (dintero quirk 11 (docs/upstreams/dintero.md)). */
export interface PayoutDestination {
  type: PayoutDestinationType;
  /** Percent (0-100, decimals allowed) for PERCENTAGE; minor units for FLAT_AMOUNT; null for REMAINING_AMOUNT. Exact. */
  value: Decimal | null;
  destination: string | null;
  destinations: PayoutDestination[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface PayoutRule {
  accountId: string;
  id: string;
  ruleType: string;
  ruleId: string;
  /** Seed `rule_version`: 1 when created, one higher after every update. */
  ruleVersion: number | null;
  destinations: PayoutDestination[];
  metadata: KeyValue[];
  createdAt: Instant | null;
  createdBy: string | null;
  updatedAt: Instant | null;
  deletedAt: Instant | null;
  deletedBy: string | null;
}

export interface PayoutRuleInput {
  ruleType: string;
  ruleId: string;
  destinations: PayoutDestination[];
  metadata: KeyValue[];
}

export type ReportDestinationType = 'ACCOUNT_EMAIL' | 'EMAIL';

export interface ReportDestination {
  /** Dintero's id of the destination; sent back on update so the destination stays the same one. */
  id: string | null;
  type: ReportDestinationType;
  /** `destination_value`: the address for EMAIL; for ACCOUNT_EMAIL whatever Dintero holds (the seed shows one), often none. */
  email: string | null;
}

/** One criterion a settlement must meet to be reported (seed `filters[]`), e.g. `payout_destination_id` = a seller. */
export interface ReportFilter {
  filter: string;
  value: string;
}

export interface SettlementReportConfiguration {
  accountId: string;
  id: string;
  fileTypes: string[];
  destinations: ReportDestination[];
  providers: string[];
  /** Every filter, whatever its kind, in Dintero's order. */
  filters: ReportFilter[];
  /** Deprecated upstream: milliseconds between reports (`send_every`); no longer controls sending. */
  sendEvery: number | null;
  /** Deprecated upstream: `last_send_at`, epoch milliseconds as sent (0 until a report is sent). */
  lastSendAtMs: number | null;
  /** Deprecated upstream: `last_modified_at`, epoch milliseconds as sent. */
  lastModifiedAtMs: number | null;
  createdAt: Instant | null;
  updatedAt: Instant | null;
}

export interface SettlementReportConfigurationInput {
  fileTypes: string[];
  destinations: Array<{ id?: string | null; type: ReportDestinationType; email: string | null }>;
  providers: string[];
  filters: ReportFilter[];
  sendEvery?: number | null;
}

/** A `dimensions[]` entry of a cost or subscription: what the cost is broken down by, e.g. `payment_product_type` = `vipps`. */
export interface BillingDimension {
  name: string;
  value: string | null;
}

/** A price of a plan or subscription (seed `prices[]`). `amount` in major units, finer than a minor unit. */
export interface BillingPrice {
  currency: string | null;
  type: string | null;
  amount: Decimal | null;
  upTo: Decimal | null;
}

export interface BillingPlan {
  id: string | null;
  prices: BillingPrice[];
}

/** One aggregated cost of a period (seed: `GET /billing/costs`). */
export interface BillingCost {
  accountId: string;
  id: string;
  startAt: Instant | null;
  endAt: Instant | null;
  totalCount: number | null;
  /** Major units, exact, finer than a minor unit (seed example `0.1`). */
  totalAmount: Decimal | null;
  totalMetricValue: Decimal | null;
  currency: string | null;
  namespace: string | null;
  metricName: string | null;
  type: string | null;
  dimensions: BillingDimension[];
  plan: BillingPlan | null;
}

/** A billing report (seed: `GET /billing/reports`). */
export interface BillingReport {
  accountId: string;
  id: string;
  createdAt: Instant | null;
  createdBy: string | null;
  updatedAt: Instant | null;
  startAt: Instant | null;
  endAt: Instant | null;
}

/** A subscription (seed: `GET /billing/subscriptions`). */
export interface BillingSubscription {
  accountId: string;
  id: string;
  createdAt: Instant | null;
  createdBy: string | null;
  updatedAt: Instant | null;
  description: string | null;
  namespace: string | null;
  metricName: string | null;
  dimensions: BillingDimension[];
  prices: BillingPrice[];
}

/** Settlement list filters, named for what they filter on (dintero quirk 2 (docs/upstreams/dintero.md): upstream names mislead). */
export interface SettlementFilters {
  /** Upstream `created_at.gte`, which filters on `settled_at`. */
  settledFrom?: string | null;
  settledTo?: string | null;
  /** Upstream `item_created_at.gte`, which filters on the settlement's `created_at`. */
  createdFrom?: string | null;
  createdTo?: string | null;
  providers?: readonly string[] | null;
  payoutDestinationId?: string | null;
  search?: string | null;
}
