import { z } from 'zod';

/**
 * The `GET /report/ledger` response (docs/upstreams/easypay.md), read tolerantly: objects are not
 * strict (new fields may appear), `transaction_type` is an open string (the ledger report documentation
 * lists eleven codes; more may come), and both shapes the spec itself contains
 * are accepted (easypay quirk 6 (docs/upstreams/easypay.md)): the schema's top-level `amount` with `fees[]`, and the
 * response example's older `fixed_fee`/`variable_fee`/`tax_amount`/`transfered_amount`. The
 * upstream's spellings (`payed_amount`, `transfered_amount`) are kept on purpose.
 */

/** Empty strings mean "none" upstream (unbatched entries, entries without a payment). */
const text = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .transform((v) => (v == null || v === '' ? null : v));

/**
 * `{"amount": "13.50", "currency": "EUR"}`: the ledger report documents the amount as a decimal
 * **string**. It is judged when the entry is mapped (mapping.ts, `amountText`), not here: one
 * amount that cannot be read exactly fails its own field, naming its entry, never the whole page.
 */
export const EasypayMoneySchema = z.object({
  amount: z.unknown(),
  currency: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
export type EasypayMoneyWire = z.infer<typeof EasypayMoneySchema>;

const money = EasypayMoneySchema.nullish().transform((v) => v ?? null);

const FeeSchema = z.object({
  fixed_amount: money,
  variable_amount: money,
  vat_amount: money,
});

const AmountDetailsSchema = z
  .object({
    requested_amount: money,
    payed_amount: money,
    fees: z
      .array(FeeSchema)
      .nullish()
      .transform((v) => v ?? null),
    // The response example's older shape (easypay quirk 6 (docs/upstreams/easypay.md)).
    fixed_fee: money,
    variable_fee: money,
    tax_amount: money,
    transfered_amount: money,
  })
  .nullish()
  .transform((v) => v ?? null);

const DetailsSchema = z
  .object({
    operation_id: text,
    operation_key: text,
    method: text,
    payment_id: text,
    payment_type: text,
    payment_key: text,
  })
  .nullish()
  .transform((v) => v ?? null);

export const LedgerEntrySchema = z
  .object({
    id: z.union([z.string().min(1), z.number().transform(String)]),
    created_at: z.string(),
    transaction_timestamp: text,
    transaction_type: z.string().min(1),
    amount: money,
    amount_details: AmountDetailsSchema,
    transfer_batch_date: text,
    transfer_batch: text,
    descriptive: text,
    details: DetailsSchema,
  })
  .refine((e) => e.amount !== null || e.amount_details?.transfered_amount != null, {
    message: 'a ledger entry needs `amount` (or the older `amount_details.transfered_amount`)',
    path: ['amount'],
  });
export type LedgerEntryWire = z.infer<typeof LedgerEntrySchema>;

/** Both metadata fields are required by the spec; `next_cursor` is `""` or null at the end (easypay quirk 3 (docs/upstreams/easypay.md)). */
export const LedgerPageSchema = z.object({
  metadata: z.object({
    next_cursor: z
      .string()
      .nullish()
      .transform((v) => (v ? v : null)),
    count: z.number().nullish(),
  }),
  data: z.array(LedgerEntrySchema),
});

/**
 * The error body: `{"status":"error","message":["..."]}` in the spec, `message` as a string in the
 * prose docs, sometimes with `code` and `doc_url` (easypay quirk 7 (docs/upstreams/easypay.md)). Returns a message
 * safe to show, or undefined when the body is not one of these (XML, CSV, HTML).
 */
export function describeEasypayError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || !('message' in body)) return undefined;
  const m = (body as { message: unknown }).message;
  const parts = Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string') : typeof m === 'string' ? [m] : [];
  const joined = parts.join('; ').trim();
  return joined === '' ? undefined : joined.slice(0, 500);
}
