/**
 * The shape of a JSON value as the seeds' examples show it: keys, JSON types, nesting, and the
 * format of strings whose example value has a recognisable one (an ISO 8601 instant with its count
 * of fraction digits, a date, a UUID, a decimal written as a string). Free text and identifiers
 * ("capture", "NO:123455", "3343121302": upstream ids are not always digits) constrain only the type.
 */

export type Format = 'date-time' | 'date' | 'uuid' | 'decimal' | 'time-minutes';

const FORMATS: Array<[Format, RegExp]> = [
  ['date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/],
  ['time-minutes', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ['decimal', /^-?\d+\.\d+$/],
];

/** The format of a string, with the fraction digits of an instant (`date-time.6`), or null for free text. */
export function formatOf(text: string): string | null {
  for (const [name, re] of FORMATS) {
    if (!re.test(text)) continue;
    if (name === 'date-time') return `date-time.${/\.(\d+)/.exec(text)?.[1]?.length ?? 0}`;
    return name;
  }
  return null;
}

export const jsonKind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export interface ShapeRules {
  /** Paths (`items[].message`) whose value may also be null although the example shows a value. */
  nullable?: readonly string[];
  /** Paths whose key may be absent. */
  optional?: readonly string[];
  /** Paths whose value may be any of these JSON kinds (a payout destination `value`: number or string). */
  kinds?: Readonly<Record<string, readonly string[]>>;
  /** Paths holding free-form objects (`metadata`): any keys. */
  freeForm?: readonly string[];
  /** Paths whose string format is not constrained (the example's digits are incidental). */
  anyFormat?: readonly string[];
}

/** `$.items[3].name` -> `items[].name`, the form rules are written in. */
const rulePath = (path: string) => path.replace(/^\$\.?/, '').replace(/\[\d+\]/g, '[]');

/**
 * Differences between `actual` and the `example` in shape; empty when they agree. Each item of an
 * actual array is held to the example's items (to any of them where the example's items differ, as
 * in a payout rule's destination tree).
 */
export function shapeDifferences(example: unknown, actual: unknown, rules: ShapeRules = {}, path = '$'): string[] {
  const at = rulePath(path);
  const allowed = new Set(rules.kinds?.[at] ?? [jsonKind(example)]);
  if (rules.nullable?.includes(at)) allowed.add('null');
  const kind = jsonKind(actual);
  if (!allowed.has(kind)) return [`${path}: ${kind} where the seed has ${[...allowed].join(' or ')}`];
  if (kind === 'null' || jsonKind(example) !== kind) return [];
  if (kind === 'string') {
    if (rules.anyFormat?.includes(at)) return [];
    const want = formatOf(example as string);
    const got = formatOf(actual as string);
    // "2019-08-24T14:15:22Z" is the generic example of an OpenAPI date-time: it shows an instant, not
    // a precision. An example with fraction digits ("...00.000000Z") does show one.
    // A decimal example ("5.0") admits a whole number ("5"): both are exact decimal strings.
    const same =
      want === got || (want === 'date-time.0' && got?.startsWith('date-time.')) || (want === 'decimal' && /^-?\d+$/.test(actual as string));
    return want !== null && !same
      ? [`${path}: ${JSON.stringify(actual)} is not in the seed's format ${want} (${JSON.stringify(example)})`]
      : [];
  }
  if (kind === 'array') {
    const items = example as unknown[];
    if (items.length === 0) return [];
    return (actual as unknown[]).flatMap((item, i) => {
      const tries = items.map((e) => shapeDifferences(e, item, rules, `${path}[${i}]`));
      return tries.reduce((best, d) => (d.length < best.length ? d : best));
    });
  }
  if (kind === 'object') {
    if (rules.freeForm?.includes(at)) return [];
    const e = example as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    const child = (k: string) => `${path}.${k}`;
    for (const k of Object.keys(e)) if (!(k in a) && !rules.optional?.includes(rulePath(child(k)))) out.push(`${child(k)}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${child(k)}: not in the seed`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeDifferences(e[k], a[k], rules, child(k)));
    return out;
  }
  return [];
}
