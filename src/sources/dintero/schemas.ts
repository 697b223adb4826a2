import { z } from 'zod';
import { decimalFromJsonNumber, parseDecimal, type Decimal } from '../../domain/money.js';

/*
 * Dintero response bodies: swagger2 `SettlementItem`, `SettlementReportConfigItem`, and for costs,
 * billing reports, payout rules and subscriptions exactly the shapes the user's seed
 * seed 001 (docs/upstreams/dintero.md) publishes (docs/upstreams/dintero.md). Objects are not
 * strict: Dintero adds fields without notice. Settlement money is integer minor units; cost totals
 * and prices are decimal numbers in major units, finer than a minor unit (0.0125 NOK), kept exact
 * as `Decimal`.
 */

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const minor = z.number().int();

export const SettlementAmountSchema = z.object({
  amount: minor.nullish(),
  capture: minor.nullish().transform((v) => v ?? 0),
  refund: minor.nullish().transform((v) => v ?? 0),
  fee: minor.nullish().transform((v) => v ?? 0),
  currency: z.string(),
});

export const SettlementAttachmentSchema = z.object({
  id: z.string(),
  key: text,
  content_type: text,
  extension: text,
  created_by: text,
});

export const SettlementSchema = z.object({
  id: z.string(),
  start_at: text,
  end_at: text,
  created_at: z.string(),
  updated_at: text,
  settled_at: text,
  email_received_at: text,
  provider: z.string(),
  provider_reference: text,
  attachments: z
    .array(SettlementAttachmentSchema)
    .nullish()
    .transform((v) => v ?? []),
  amounts: z
    .array(SettlementAmountSchema)
    .nullish()
    .transform((v) => v ?? []),
  payment_status: text,
  store_id: text,
  payout_destination_id: text,
});
export type DinteroSettlement = z.infer<typeof SettlementSchema>;

export const SettlementListSchema = z.object({
  items: itemsOf(SettlementSchema, 'settlement'),
  last_evaluated_key: z
    .object({ id: z.string(), account_id: z.string().nullish(), settled_at: text, created_at: text })
    .nullish()
    .transform((v) => v ?? null),
});

export const AttachmentLinkSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

/**
 * A decimal the seed shows as a JSON number (`0.0125`, `10`) or as a string (`"500"`, `"5.0"`):
 * both become an exact `Decimal`, never a float that is computed with.
 */
export const DecimalSchema = z.union([z.number(), z.string()]).transform((v, ctx): Decimal => {
  const d = typeof v === 'number' ? decimalFromJsonNumber(v) : parseDecimal(v);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v).slice(0, 40)} is not a decimal number` });
    return z.NEVER;
  }
  return d;
});
const decimal = DecimalSchema.nullish().transform((v) => v ?? null);
const count = z
  .number()
  .int()
  .nullish()
  .transform((v) => v ?? null);
/** Arrays the seed shows may be absent or null on real data: read both as empty. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);

/**
 * The items of a list answer, each read on its own. An item that is not what the seed documents
 * fails the page with its position, its id when it has one, and the field (`payout_rules.3.rule_type:
 * payout rule "r1": ...`): it never drops out of the list unseen, and the error says which item to
 * look at. `optional`: an absent or null list is empty (envelope lists).
 */
export function itemsOf<T extends z.ZodType>(item: T, kind: string, optional = false) {
  return z.unknown().transform((value, ctx): z.output<T>[] => {
    if (value === null || value === undefined) {
      if (optional) return [];
      ctx.addIssue({ code: 'custom', message: `expected a list of ${kind}s, got ${value === null ? 'null' : 'nothing'}` });
      return z.NEVER;
    }
    if (!Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `expected a list of ${kind}s, got ${typeof value}` });
      return z.NEVER;
    }
    const out: z.output<T>[] = [];
    for (let i = 0; i < value.length; i++) {
      const parsed = item.safeParse(value[i]);
      if (!parsed.success) {
        const id = (value[i] as { id?: unknown } | null)?.id;
        const named = typeof id === 'string' && id !== '' ? `${kind} ${JSON.stringify(id.slice(0, 80))}` : `${kind} without an id`;
        const issue = parsed.error.issues[0];
        ctx.addIssue({ code: 'custom', path: [i, ...(issue?.path ?? [])], message: `${named}: ${issue?.message ?? 'unreadable'}` });
        return z.NEVER;
      }
      out.push(parsed.data);
    }
    return out;
  });
}

/** `dimensions[]` of costs and subscriptions: `{name, value}`; a value that is not text is kept as its JSON. */
const DimensionSchema = z.object({
  name: z.string(),
  value: z.unknown().transform((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))),
});

/** `plan.prices[]` of a cost and `prices[]` of a subscription: `{currency, type: "unit_amount", amount, up_to}`. */
const PriceSchema = z.object({ currency: text, type: text, amount: decimal, up_to: decimal });

export const CostSchema = z.object({
  id: z.string(),
  start_at: text,
  end_at: text,
  total_count: count,
  total_amount: decimal,
  total_metric_value: decimal,
  currency: text,
  namespace: text,
  metric_name: text,
  type: text,
  dimensions: list(DimensionSchema),
  plan: z
    .object({ id: text, prices: list(PriceSchema) })
    .nullish()
    .transform((v) => v ?? null),
});
export type DinteroCost = z.infer<typeof CostSchema>;
/** Costs answer a bare array (seed): the next page starts after the last item's id. */
export const CostListSchema = itemsOf(CostSchema, 'cost');

export const BillingReportSchema = z.object({
  id: z.string(),
  created_at: text,
  created_by: text,
  updated_at: text,
  start_at: text,
  end_at: text,
});
export type DinteroBillingReport = z.infer<typeof BillingReportSchema>;
/** Billing reports answer `{starting_after, reports}` (seed). */
export const BillingReportListSchema = z.object({ starting_after: text, reports: itemsOf(BillingReportSchema, 'billing report', true) });

export const SubscriptionSchema = z.object({
  id: z.string(),
  created_at: text,
  created_by: text,
  updated_at: text,
  description: text,
  namespace: text,
  metric_name: text,
  dimensions: list(DimensionSchema),
  prices: list(PriceSchema),
});
export type DinteroSubscription = z.infer<typeof SubscriptionSchema>;
/** Subscriptions answer a bare array (seed). */
export const SubscriptionListSchema = itemsOf(SubscriptionSchema, 'subscription');

/** A node of a payout rule's split tree (seed `BillingPayoutRuleDestination`); `value` arrives as `10`, `"500"` or `"5.0"`. */
export interface DinteroDestinationNode {
  type: string;
  value?: Decimal | null;
  destination?: string | null;
  destinations?: DinteroDestinationNode[] | null;
}

export const DestinationNodeSchema: z.ZodType<DinteroDestinationNode, unknown> = z.lazy(() =>
  z.object({
    type: z.string(),
    value: decimal,
    destination: text,
    destinations: z.array(DestinationNodeSchema).nullish(),
  }),
);

export const PayoutRuleSchema = z.object({
  id: z.string(),
  created_at: text,
  created_by: text,
  updated_at: text,
  deleted_by: text,
  deleted_at: text,
  account_id: text,
  rule_type: z.string(),
  rule_id: z.string(),
  rule_version: count,
  destinations: list(DestinationNodeSchema),
  metadata: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? {}),
});
export type DinteroPayoutRule = z.infer<typeof PayoutRuleSchema>;

/** The payout rule list answers `{starting_after, payout_rules}` (seed). */
export const PayoutRuleListSchema = z.object({ starting_after: text, payout_rules: itemsOf(PayoutRuleSchema, 'payout rule', true) });

export const ReportConfigSchema = z.object({
  id: z.string(),
  account_id: text,
  // Free strings in the seed (its example sends "string"): formats Tally does not know are kept, not refused.
  filetypes: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  destinations: z
    .array(z.object({ id: text, destination_type: z.enum(['account_email', 'email']), destination_value: text }))
    .nullish()
    .transform((v) => v ?? []),
  providers: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  filters: z
    .array(z.object({ filter: z.string(), value: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
  send_every: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  last_send_at: z
    .number()
    .nullish()
    .transform((v) => v ?? null),
  last_modified_at: z
    .number()
    .nullish()
    .transform((v) => v ?? null),
  created_at: text,
  updated_at: text,
});
export type DinteroReportConfig = z.infer<typeof ReportConfigSchema>;

export const ReportConfigListSchema = z.object({
  items: itemsOf(ReportConfigSchema, 'settlement report configuration'),
  starting_after: text,
});
