import { z } from 'zod';

/**
 * Validation of an upstream page's items without zod's object parse for the ones that need none
 * (issue 13: zod's parse of a 1,000-item page was 8-12% of a cold request). `isPlain` is a
 * hand-written check of the shape nearly every item has, so strict that `schema` would accept such
 * an item without changing it (absent optional fields aside, which the mapping reads as null). Any
 * other item goes through `schema`: its verdict, its message and path (`items.3.amount`, as a
 * plain `z.array(schema)` says), and its transforms.
 */
export function checkedItems<S extends z.ZodType, T = z.output<S>>(schema: S, isPlain: (item: unknown) => item is T) {
  // Not `z.array(z.unknown())`: that parses every item once more only to accept it.
  return z.unknown().transform((items, ctx): Array<T | z.output<S>> => {
    if (!Array.isArray(items)) {
      ctx.addIssue({ code: 'custom', message: `Invalid input: expected array, received ${items === null ? 'null' : typeof items}` });
      return z.NEVER;
    }
    for (let i = 0; i < items.length; i++) {
      if (isPlain(items[i])) continue;
      const parsed = schema.safeParse(items[i]);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [i, ...issue.path] });
        return z.NEVER;
      }
      items[i] = parsed.data;
      if (typeof parsed.data === 'object' && parsed.data !== null) schemaParsed.add(parsed.data);
    }
    return items as Array<T | z.output<S>>;
  });
}

const schemaParsed = new WeakSet<object>();

/**
 * Whether `checkedItems` took `item` through the schema (it was not plain), so a caller that must
 * look closer at those items need not run the hand-written check a second time.
 */
export function wasSchemaParsed(item: unknown): boolean {
  return typeof item === 'object' && item !== null && schemaParsed.has(item);
}

/** Absent, null or a string. */
export const isTextOrNone = (v: unknown): v is string | null | undefined => v == null || typeof v === 'string';
/** Absent, null or a number. */
export const isNumberOrNone = (v: unknown): v is number | null | undefined => v == null || typeof v === 'number';
/** Absent, null or a safe integer (minor units that `moneyFromMinor` takes). */
export const isSafeIntegerOrNone = (v: unknown): v is number | null | undefined => v == null || Number.isSafeInteger(v);
/** Absent, null or a boolean. */
export const isFlagOrNone = (v: unknown): v is boolean | null | undefined => v == null || typeof v === 'boolean';

/** A JSON object (not null, not an array) whose fields can be read by name. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
