import { z } from 'zod';

/**
 * Cursors are opaque base64 (docs/upstreams/vipps-report.md: "do not construct them"); the sandbox puts
 * JSON inside, like the docs' ledger-list example. Anything that does not decode to a cursor of the
 * expected kind, for the same ledger (and topic, date), is rejected with 400.
 */
export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export function decodeCursor<T>(text: string, schema: z.ZodType<T>): T | null {
  // A client that forgot to URL-encode `+` sends a space; accept it rather than fail obscurely.
  const normalised = text.replaceAll(' ', '+');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(normalised)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(normalised, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The shape of the docs' example (`{"afterLedgerId":"xxxx","settlesForRecipientHandles":null}`). */
export const LedgerListCursor = z.object({ afterLedgerId: z.string(), settlesForRecipientHandles: z.string().nullable() }).strict();

/** A position in a ledger's entries or sales: `o` items into date `d`. */
export const PositionCursor = z
  .object({
    k: z.enum(['dates', 'feed', 'sales-feed', 'sales-date']),
    l: z.string(),
    t: z.enum(['funds', 'fees', 'sales']),
    d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    o: z.number().int().min(0),
  })
  .strict();
export type Position = z.infer<typeof PositionCursor>;

/** A position in a Sales API lookup's answer: `o` events into the events of reference (or pspReference) `v`. */
export const LookupCursor = z
  .object({
    k: z.enum(['sales-reference', 'sales-psp']),
    l: z.string(),
    v: z.string(),
    o: z.number().int().min(0),
  })
  .strict();
export type LookupPosition = z.infer<typeof LookupCursor>;
