import { z } from 'zod';

/*
 * Dintero response bodies (swagger2 `SettlementItem`, `SettlementReportConfigItem`; reconstructed
 * billing spec for payout rules, costs, reports, subscriptions, whose item schemas are inferred,
 * specs/README.md section 4). Objects are not strict: Dintero adds fields without notice. Money
 * is integer minor units throughout.
 */

const text = z.string().nullish().transform((v) => v ?? null);
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
  attachments: z.array(SettlementAttachmentSchema).nullish().transform((v) => v ?? []),
  amounts: z.array(SettlementAmountSchema).nullish().transform((v) => v ?? []),
  payment_status: text,
  store_id: text,
  payout_destination_id: text,
});
export type DinteroSettlement = z.infer<typeof SettlementSchema>;

export const SettlementListSchema = z.object({
  items: z.array(SettlementSchema),
  last_evaluated_key: z
    .object({ id: z.string(), account_id: z.string().nullish(), settled_at: text, created_at: text })
    .nullish()
    .transform((v) => v ?? null),
});

export const AttachmentLinkSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

export interface DinteroDestinationNode {
  type: string;
  value?: number | null;
  destination?: string | null;
  destinations?: DinteroDestinationNode[] | null;
}

export const DestinationNodeSchema: z.ZodType<DinteroDestinationNode> = z.lazy(() =>
  z.object({
    type: z.string(),
    value: z.number().nullish(),
    destination: z.string().nullish(),
    destinations: z.array(DestinationNodeSchema).nullish(),
  }),
);

export const PayoutRuleSchema = z.object({
  id: z.string(),
  rule_type: z.string(),
  rule_id: z.string(),
  destinations: z.array(DestinationNodeSchema).nullish().transform((v) => v ?? []),
  metadata: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  version: z.number().int().nullish().transform((v) => v ?? null),
  created_at: text,
  created_by: text,
  updated_at: text,
  updated_by: text,
  deleted_at: text,
  deleted_by: text,
});
export type DinteroPayoutRule = z.infer<typeof PayoutRuleSchema>;

export const PayoutRuleListSchema = z.union([
  z.object({ payout_rules: z.array(PayoutRuleSchema) }).transform((v) => v.payout_rules),
  z.array(PayoutRuleSchema),
]);

export const ReportConfigSchema = z.object({
  id: z.string(),
  account_id: text,
  filetypes: z.array(z.string()).nullish().transform((v) => v ?? []),
  destinations: z
    .array(z.object({ id: text, destination_type: z.string(), destination_value: text }))
    .nullish()
    .transform((v) => v ?? []),
  providers: z.array(z.string()).nullish().transform((v) => v ?? []),
  filters: z
    .array(z.object({ filter: z.string(), value: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
  created_at: text,
  updated_at: text,
});
export type DinteroReportConfig = z.infer<typeof ReportConfigSchema>;

export const ReportConfigListSchema = z.object({ items: z.array(ReportConfigSchema), starting_after: text });

export const CostSchema = z.object({
  paging_token: z.string(),
  date: text,
  type: z.string(),
  description: text,
  quantity: z.number().nullish().transform((v) => v ?? null),
  unit_price: minor.nullish().transform((v) => v ?? null),
  amount: minor.nullish().transform((v) => v ?? null),
  currency: text,
});
export const CostListSchema = z.array(CostSchema);

export const BillingReportSchema = z.object({
  id: z.string(),
  period_start: text,
  period_end: text,
  created_at: text,
  invoice_number: text,
  status: text,
  currency: text,
  amount: minor.nullish().transform((v) => v ?? null),
  vat_amount: minor.nullish().transform((v) => v ?? null),
  total_amount: minor.nullish().transform((v) => v ?? null),
  lines: z
    .array(
      z.object({
        type: z.string(),
        description: text,
        quantity: z.number().nullish().transform((v) => v ?? null),
        amount: minor.nullish().transform((v) => v ?? null),
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});
export const BillingReportListSchema = z.array(BillingReportSchema);

export const SubscriptionSchema = z.object({
  id: z.string(),
  namespace: text,
  name: text,
  status: text,
  currency: text,
  created_at: text,
  cancelled_at: text,
  prices: z
    .array(
      z.object({
        id: text,
        description: text,
        price_model: text,
        unit: text,
        unit_price: minor.nullish().transform((v) => v ?? null),
        currency: text,
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
  dimensions: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
});
export const SubscriptionListSchema = z.object({ items: z.array(SubscriptionSchema), starting_after: text });
