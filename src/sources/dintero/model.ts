import type { Decimal, Money } from '../../money.js';

/**
 * The Dintero Billing API as the resolvers see it (DESIGN.md: no vendor JSON crosses the source
 * boundary). Upstream names are kept where an accountant would look them up in Dintero Backoffice.
 */

export type DinteroEnvironment = 'TEST' | 'PRODUCTION';

export interface BillingAccount {
  accountId: string;
  /** The account id's prefix: `T` test, `P` production (specs/README.md section 4). */
  environment: DinteroEnvironment;
}

export interface SettlementAmounts {
  currency: string;
  capture: Money;
  /** Magnitude: refunds paid back to customers, never negative. */
  refund: Money;
  /** Magnitude: the provider's fee, never negative whatever sign the upstream sent (QUIRKS.md 2 #5). */
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
  startAt: string | null;
  endAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  settledAt: string | null;
  emailReceivedAt: string | null;
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

/** One node of a payout rule's split tree (QUIRKS.md 2 #11). */
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
  createdAt: string | null;
  createdBy: string | null;
  updatedAt: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface PayoutRuleInput {
  ruleType: string;
  ruleId: string;
  destinations: PayoutDestination[];
  metadata: KeyValue[];
}

export type ReportDestinationType = 'ACCOUNT_EMAIL' | 'EMAIL';

export interface SettlementReportConfiguration {
  accountId: string;
  id: string;
  fileTypes: string[];
  destinations: Array<{ id: string | null; type: ReportDestinationType; email: string | null }>;
  providers: string[];
  payoutDestinationIds: string[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface SettlementReportConfigurationInput {
  fileTypes: string[];
  destinations: Array<{ type: ReportDestinationType; email: string | null }>;
  providers: string[];
  payoutDestinationIds: string[];
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
  startAt: string | null;
  endAt: string | null;
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
  createdAt: string | null;
  createdBy: string | null;
  updatedAt: string | null;
  startAt: string | null;
  endAt: string | null;
}

/** A subscription (seed: `GET /billing/subscriptions`). */
export interface BillingSubscription {
  accountId: string;
  id: string;
  createdAt: string | null;
  createdBy: string | null;
  updatedAt: string | null;
  description: string | null;
  namespace: string | null;
  metricName: string | null;
  dimensions: BillingDimension[];
  prices: BillingPrice[];
}

/** Settlement list filters, named for what they filter on (QUIRKS.md 2 #2: upstream names mislead). */
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
