import type { Money } from '../../money.js';

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
  /** Percent (0-100, decimals allowed) for PERCENTAGE; minor units for FLAT_AMOUNT; null for REMAINING_AMOUNT. */
  value: number | null;
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
  version: number | null;
  destinations: PayoutDestination[];
  metadata: KeyValue[];
  createdAt: string | null;
  createdBy: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
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

export interface BillingCost {
  accountId: string;
  pagingToken: string;
  date: string | null;
  type: string;
  description: string | null;
  quantity: number | null;
  unitPrice: Money | null;
  amount: Money | null;
}

export interface BillingReportLine {
  type: string;
  description: string | null;
  quantity: number | null;
  amount: Money | null;
}

export interface BillingReport {
  accountId: string;
  id: string;
  periodStart: string | null;
  periodEnd: string | null;
  createdAt: string | null;
  invoiceNumber: string | null;
  status: string | null;
  amount: Money | null;
  vatAmount: Money | null;
  totalAmount: Money | null;
  lines: BillingReportLine[];
}

export interface SubscriptionPrice {
  id: string | null;
  description: string | null;
  priceModel: string | null;
  unit: string | null;
  unitPrice: Money | null;
}

export interface BillingSubscription {
  accountId: string;
  id: string;
  namespace: string | null;
  name: string | null;
  status: string | null;
  currency: string | null;
  createdAt: string | null;
  cancelledAt: string | null;
  prices: SubscriptionPrice[];
  dimensions: KeyValue[];
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
