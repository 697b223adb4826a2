import { z } from 'zod';
import { TallyError } from '../../domain/errors.js';
import { compareDecimal, decimalToScaled, decimalToScaledRounded, parseDecimal, type Decimal } from '../../domain/money.js';
import type { KeyValue, PayoutDestination, PayoutDestinationType, PayoutRuleInput, SettlementReportConfigurationInput } from './model.js';

/*
 * Pure logic for payout rules and report configurations: input validation (before anything is
 * sent upstream, so a rejected write costs no upstream call) and the split preview. The upstream
 * validates only the tree's structure (dintero quirk 11 (docs/upstreams/dintero.md): "values compared as floats"); the sums,
 * ranges and depth below are Tally's own rules, stated in the schema descriptions.
 */

/** Levels of nested `destinations` a rule may have. The upstream's limit is not documented; 5 covers platform -> seller -> sub-seller trees with room to spare. */
export const MAX_PAYOUT_TREE_DEPTH = 5;
/** Destinations on one level. */
export const MAX_DESTINATIONS_PER_LEVEL = 50;
export const MAX_METADATA_PROPERTIES = 10;
/** Percentages carry at most this many decimals, so sums and shares are exact in integers. */
export const PERCENT_DECIMALS = 6;
const PERCENT_SCALE = 10n ** BigInt(PERCENT_DECIMALS);
const HUNDRED_PERCENT = 100n * PERCENT_SCALE;
const ZERO = parseDecimal('0') as Decimal;
const HUNDRED = parseDecimal('100') as Decimal;

/** A flat amount: a positive whole number of minor units within 2^53. */
function isPositiveMinorUnits(d: Decimal): boolean {
  const units = decimalToScaled(d, 0);
  return units !== null && units > 0n && units <= BigInt(Number.MAX_SAFE_INTEGER);
}

export interface RawDestination {
  type: PayoutDestinationType;
  value?: Decimal | string | null;
  destination?: string | null;
  destinations?: RawDestination[] | null;
}

/** A destination after validation: its value an exact Decimal. */
interface ParsedDestination {
  type: PayoutDestinationType;
  value?: Decimal | null;
  destination?: string | null;
  destinations?: ParsedDestination[] | null;
}

export interface RawPayoutRuleInput {
  ruleType: string;
  ruleId: string;
  destinations: RawDestination[];
  metadata?: KeyValue[] | null;
}

/** A percentage as an integer count of 10^-PERCENT_DECIMALS percent, or null when it has more decimals. */
export function percentUnits(d: Decimal): bigint | null {
  return decimalToScaled(d, PERCENT_DECIMALS);
}

/** Whether a value is the string form of a Decimal; GraphQL inputs arrive parsed, raw inputs from tests may not. */
const decimalValue = z.string().transform((v, ctx): Decimal => {
  const d = parseDecimal(v);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: `not a decimal number (got ${JSON.stringify(v).slice(0, 40)})` });
    return z.NEVER;
  }
  return d;
});

const Destination: z.ZodType<ParsedDestination, RawDestination> = z.lazy(() =>
  z
    .object({
      type: z.enum(['PERCENTAGE', 'FLAT_AMOUNT', 'REMAINING_AMOUNT']),
      value: decimalValue.nullish(),
      destination: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').nullish(),
      destinations: Level.nullish(),
    })
    .superRefine((n, ctx) => {
      const children = n.destinations ?? [];
      if (n.type === 'REMAINING_AMOUNT') {
        if (n.value != null)
          ctx.addIssue({ code: 'custom', path: ['value'], message: 'a REMAINING_AMOUNT node takes what is left and has no value' });
        if (n.destination != null) {
          ctx.addIssue({
            code: 'custom',
            path: ['destination'],
            message: 'a REMAINING_AMOUNT node splits among its nested destinations and has no destination of its own',
          });
        }
        if (children.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['destinations'],
            message: 'a REMAINING_AMOUNT node needs nested destinations to split what is left among',
          });
        return;
      }
      // The seed's example: a PERCENTAGE node without a destination whose share is split among nested destinations.
      if (children.length > 0 && n.destination != null) {
        ctx.addIssue({
          code: 'custom',
          path: ['destinations'],
          message: `a ${n.type} node either pays its destination or splits its share among nested destinations, not both`,
        });
      }
      if (n.destination == null && children.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['destination'],
          message: `a ${n.type} node needs a destination, or nested destinations to split its share among`,
        });
      if (n.value == null) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `a ${n.type} node needs a value` });
      } else if (n.type === 'PERCENTAGE') {
        if (!(compareDecimal(n.value, ZERO) > 0 && compareDecimal(n.value, HUNDRED) <= 0)) {
          ctx.addIssue({ code: 'custom', path: ['value'], message: `a percentage must be above 0 and at most 100 (got ${n.value})` });
        } else if (percentUnits(n.value) === null)
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `a percentage has at most ${PERCENT_DECIMALS} decimals (got ${n.value})`,
          });
      } else if (!isPositiveMinorUnits(n.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `a flat amount is a positive whole number of minor units, e.g. 15000 for 150.00 NOK (got ${n.value})`,
        });
      }
    }),
);

const Level: z.ZodType<ParsedDestination[], RawDestination[]> = z.lazy(() =>
  z
    .array(Destination)
    .max(MAX_DESTINATIONS_PER_LEVEL, `at most ${MAX_DESTINATIONS_PER_LEVEL} destinations per level`)
    .superRefine((nodes, ctx) => {
      let sum = 0n;
      nodes.forEach((n) => {
        if (n.type === 'PERCENTAGE' && n.value != null && compareDecimal(n.value, ZERO) > 0) sum += percentUnits(n.value) ?? 0n;
      });
      if (sum > HUNDRED_PERCENT) {
        ctx.addIssue({ code: 'custom', message: `the percentages on one level add up to ${formatPercent(sum)}%, more than 100%` });
      }
      const remaining = nodes.map((n, i) => (n.type === 'REMAINING_AMOUNT' ? i : -1)).filter((i) => i >= 0);
      if (remaining.length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: [remaining[1] as number],
          message: 'at most one REMAINING_AMOUNT node per level: there is only one remainder to split',
        });
      }
    }),
);

/** The top level needs a destination; a leaf may send `destinations: []`, and a REMAINING_AMOUNT node checks its own children. */
const Root = z.lazy(() => Level).refine((nodes) => nodes.length > 0, 'at least one destination is required');

const Metadata = z
  .array(
    z.object({
      key: z.string().trim().min(1, 'a metadata key must not be empty').max(100, 'a metadata key has at most 100 characters'),
      value: z.string().max(1000, 'a metadata value has at most 1000 characters'),
    }),
  )
  .max(MAX_METADATA_PROPERTIES, `at most ${MAX_METADATA_PROPERTIES} metadata properties`)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate metadata key "${e.key}"` });
      seen.add(e.key);
    });
  });

const RuleInput = z.object({
  ruleType: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  ruleId: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  destinations: Root,
  metadata: Metadata.nullish(),
});

/** Formats a zod path as `input.destinations[1].value`. */
export function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${String(p)}`), prefix);
}

function rejection(prefix: string, issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }>): TallyError {
  const list = issues.map((i) => ({ path: formatPath(prefix, i.path), message: i.message }));
  const first = list[0] ?? { path: prefix, message: 'invalid' };
  const more = list.length > 1 ? ` (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''}, see extensions.issues)` : '';
  return new TallyError('BAD_USER_INPUT', `${first.path}: ${first.message}${more}`, {
    details: { argument: prefix.split('.')[0], path: first.path, issues: list },
  });
}

/** The deepest level of a tree, counted without recursion so an absurdly deep input cannot exhaust the stack. */
function deepestPath(nodes: unknown, prefix: ReadonlyArray<PropertyKey>): { depth: number; path: PropertyKey[] } {
  let best = { depth: 0, path: [...prefix] };
  const stack: Array<{ nodes: unknown; depth: number; path: PropertyKey[] }> = [{ nodes, depth: 1, path: [...prefix] }];
  while (stack.length > 0) {
    const { nodes: level, depth, path } = stack.pop() as { nodes: unknown; depth: number; path: PropertyKey[] };
    if (!Array.isArray(level)) continue;
    if (depth > best.depth) best = { depth, path };
    if (depth > MAX_PAYOUT_TREE_DEPTH) break;
    level.forEach((n, i) => {
      const children = (n as { destinations?: unknown } | null)?.destinations;
      if (Array.isArray(children) && children.length > 0)
        stack.push({ nodes: children, depth: depth + 1, path: [...path, i, 'destinations'] });
    });
  }
  return best;
}

/** Validates a destination tree alone (the split preview of an unsaved tree). */
export function validateDestinations(destinations: unknown, prefix: string): PayoutDestination[] {
  const deepest = deepestPath(destinations, []);
  if (deepest.depth > MAX_PAYOUT_TREE_DEPTH) {
    throw rejection(prefix, [{ path: deepest.path, message: `destinations nest at most ${MAX_PAYOUT_TREE_DEPTH} levels deep` }]);
  }
  const parsed = Root.safeParse(destinations);
  if (!parsed.success) throw rejection(prefix, parsed.error.issues);
  return parsed.data.map(normalise);
}

/** Validates a whole payout rule input; throws BAD_USER_INPUT naming the first offending path. */
export function validatePayoutRuleInput(input: RawPayoutRuleInput, prefix = 'input'): PayoutRuleInput {
  const deepest = deepestPath(input.destinations, ['destinations']);
  if (deepest.depth > MAX_PAYOUT_TREE_DEPTH) {
    throw rejection(prefix, [{ path: deepest.path, message: `destinations nest at most ${MAX_PAYOUT_TREE_DEPTH} levels deep` }]);
  }
  const parsed = RuleInput.safeParse(input);
  if (!parsed.success) throw rejection(prefix, parsed.error.issues);
  return {
    ruleType: parsed.data.ruleType,
    ruleId: parsed.data.ruleId,
    destinations: parsed.data.destinations.map(normalise),
    metadata: parsed.data.metadata ?? [],
  };
}

function normalise(n: ParsedDestination): PayoutDestination {
  return {
    type: n.type,
    value: n.type === 'REMAINING_AMOUNT' ? null : (n.value ?? null),
    destination: n.type === 'REMAINING_AMOUNT' ? null : (n.destination?.trim() ?? null),
    destinations: (n.destinations ?? []).map(normalise),
  };
}

const ReportDestinationInput = z
  .object({ type: z.enum(['ACCOUNT_EMAIL', 'EMAIL']), email: z.string().trim().nullish() })
  .superRefine((d, ctx) => {
    if (d.type === 'EMAIL' && !z.email().safeParse(d.email ?? '').success) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: `an EMAIL destination needs a valid e-mail address (got ${JSON.stringify(d.email ?? null)})`,
      });
    }
    if (d.type === 'ACCOUNT_EMAIL' && d.email != null) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: "ACCOUNT_EMAIL sends to the account's billing address; leave email empty" });
    }
  });

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Every field optional: an update changes what it names and keeps the rest; a create requires its own. */
const ReportConfigChange = z
  .object({
    // Free strings, as the seed types them (`pdf`, `xml`, `csv` are what Dintero produces today).
    fileTypes: z
      .array(nonEmpty.max(40))
      .min(1, 'at least one file type is required')
      .refine((a) => new Set(a).size === a.length, 'each file type once')
      .nullish(),
    destinations: z.array(ReportDestinationInput).max(20, 'at most 20 destinations').nullish(),
    providers: z.array(nonEmpty).max(50).nullish(),
    payoutDestinationIds: z.array(nonEmpty).max(50).nullish(),
    filters: z
      .array(z.object({ filter: nonEmpty, value: nonEmpty }))
      .max(50)
      .nullish(),
  })
  .superRefine((c, ctx) => {
    if (c.filters != null && c.payoutDestinationIds != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['payoutDestinationIds'],
        message: 'give either `filters` (all of them) or `payoutDestinationIds`, not both',
      });
    }
  });

export interface RawReportConfigInput {
  fileTypes?: string[] | null;
  destinations?: Array<{ type: 'ACCOUNT_EMAIL' | 'EMAIL'; email?: string | null }> | null;
  providers?: string[] | null;
  payoutDestinationIds?: string[] | null;
  filters?: Array<{ filter: string; value: string }> | null;
}

/** What a create or update names, validated; absent fields are left as they are by an update. */
export interface ReportConfigChange {
  fileTypes?: string[];
  destinations?: Array<{ type: 'ACCOUNT_EMAIL' | 'EMAIL'; email: string | null }>;
  providers?: string[];
  payoutDestinationIds?: string[];
  filters?: Array<{ filter: string; value: string }>;
}

export function validateReportConfigChange(input: RawReportConfigInput, prefix = 'input'): ReportConfigChange {
  const parsed = ReportConfigChange.safeParse(input);
  if (!parsed.success) throw rejection(prefix, parsed.error.issues);
  const d = parsed.data;
  const change: ReportConfigChange = {};
  if (d.fileTypes != null) change.fileTypes = d.fileTypes;
  if (d.destinations != null)
    change.destinations = d.destinations.map((x) => ({ type: x.type, email: x.type === 'EMAIL' ? (x.email ?? null) : null }));
  if (d.providers != null) change.providers = d.providers;
  if (d.payoutDestinationIds != null) change.payoutDestinationIds = d.payoutDestinationIds;
  if (d.filters != null) change.filters = d.filters;
  return change;
}

const PAYOUT_DESTINATION_FILTER = 'payout_destination_id';

/** A new configuration's content: file types and destinations are required, the rest default to "all". */
export function newReportConfig(input: RawReportConfigInput, prefix = 'input'): SettlementReportConfigurationInput {
  const change = validateReportConfigChange(input, prefix);
  if (!change.fileTypes) throw rejection(prefix, [{ path: ['fileTypes'], message: 'at least one file type is required' }]);
  if (!change.destinations)
    throw rejection(prefix, [{ path: ['destinations'], message: 'required (an empty list keeps the reports in Dintero Backoffice only)' }]);
  return applyReportConfigChange({ fileTypes: [], destinations: [], providers: [], filters: [] }, change);
}

/**
 * The content after a change: what the change names replaces what is there, the rest is kept as
 * it is (filters of other kinds, `send_every`, destination ids). A destination given again (same
 * type, same address) keeps its id and its stored value, so Dintero sees the same destination.
 * `payoutDestinationIds` replaces only the `payout_destination_id` filters; `filters` replaces all.
 */
export function applyReportConfigChange(
  current: SettlementReportConfigurationInput,
  change: ReportConfigChange,
): SettlementReportConfigurationInput {
  let destinations = current.destinations;
  if (change.destinations) {
    const unused = [...current.destinations];
    destinations = change.destinations.map((d) => {
      const i = unused.findIndex(
        (c) => c.type === d.type && (d.type === 'ACCOUNT_EMAIL' || c.email?.toLowerCase() === d.email?.toLowerCase()),
      );
      const [same] = i >= 0 ? unused.splice(i, 1) : [];
      return same
        ? { id: same.id ?? null, type: d.type, email: d.type === 'EMAIL' ? d.email : same.email }
        : { id: null, type: d.type, email: d.email };
    });
  }
  let filters = current.filters;
  if (change.filters) filters = change.filters;
  else if (change.payoutDestinationIds) {
    filters = [
      ...current.filters.filter((f) => f.filter !== PAYOUT_DESTINATION_FILTER),
      ...change.payoutDestinationIds.map((value) => ({ filter: PAYOUT_DESTINATION_FILTER, value })),
    ];
  }
  return {
    fileTypes: change.fileTypes ?? current.fileTypes,
    destinations,
    providers: change.providers ?? current.providers,
    filters,
    sendEvery: current.sendEvery ?? null,
  };
}

export interface SplitAllocation {
  /** Where the node sits in the tree, e.g. `destinations[1].destinations[0]`. */
  path: string;
  type: 'PERCENTAGE' | 'FLAT_AMOUNT';
  destination: string | null;
  minorUnits: number;
}

export interface SplitResult {
  allocations: SplitAllocation[];
  /** What no destination claims: percentages under 100% on a level without a REMAINING_AMOUNT node. */
  unallocatedMinorUnits: number;
}

/**
 * Splits `amountMinorUnits` over a destination tree, exactly, in integers. On each level: flat
 * amounts first, in order, each capped at what is left; then percentages, each of what is left
 * after the level's flat amounts, rounded down to a whole minor unit, with the minor units lost to
 * rounding handed out one each to the largest dropped fractions (the earlier destination on a tie),
 * so the level's percentage shares add up to its exact percentage total rounded down; then the
 * first REMAINING_AMOUNT node gets everything the level has left and splits it among its nested
 * destinations by the same rules. Allocations plus the unallocated rest always equal the amount.
 */
export function splitAmount(destinations: readonly PayoutDestination[], amountMinorUnits: number): SplitResult {
  if (!Number.isSafeInteger(amountMinorUnits) || amountMinorUnits < 0) {
    throw new TallyError(
      'BAD_USER_INPUT',
      `The amount to split must be a whole, non-negative number of minor units (got ${amountMinorUnits})`,
      {
        details: { argument: 'amount' },
      },
    );
  }
  const allocations: Array<Omit<SplitAllocation, 'minorUnits'> & { minor: bigint }> = [];
  /** What nested levels of PERCENTAGE and FLAT_AMOUNT nodes leave unclaimed. */
  let nestedUnallocated = 0n;
  /** A node's share: to its destination, or split among its nested destinations (the seed's example tree). */
  const pay = (n: PayoutDestination, path: string, type: SplitAllocation['type'], minor: bigint) => {
    if (n.destinations.length > 0) nestedUnallocated += level(n.destinations, minor, `${path}.destinations`);
    else allocations.push({ path, type, destination: n.destination, minor });
  };
  const level = (nodes: readonly PayoutDestination[], amount: bigint, prefix: string): bigint => {
    let left = amount;
    nodes.forEach((n, i) => {
      if (n.type !== 'FLAT_AMOUNT') return;
      // A stored flat amount with a fraction of a minor unit (not accepted on input) pays its whole minor units.
      const scaled = n.value === null ? 0n : decimalToScaledRounded(n.value, 0);
      const want = scaled > 0n ? scaled : 0n;
      const take = want < left ? want : left;
      left -= take;
      pay(n, `${prefix}[${i}]`, 'FLAT_AMOUNT', take);
    });
    const base = left;
    const shares: Array<{ index: number; units: bigint; floor: bigint; rest: bigint }> = [];
    let units = 0n;
    nodes.forEach((n, i) => {
      if (n.type !== 'PERCENTAGE') return;
      // A stored rule may carry more decimals than Tally accepts on input: round them half-up onto the scale rather than refuse to preview it.
      const p = n.value === null ? 0n : decimalToScaledRounded(n.value, PERCENT_DECIMALS);
      const clamped = p < 0n ? 0n : p;
      units += clamped;
      const exact = base * clamped;
      shares.push({ index: i, units: clamped, floor: exact / HUNDRED_PERCENT, rest: exact % HUNDRED_PERCENT });
    });
    const cappedUnits = units > HUNDRED_PERCENT ? HUNDRED_PERCENT : units;
    let total = (base * cappedUnits) / HUNDRED_PERCENT;
    if (units > HUNDRED_PERCENT) {
      // Over 100% (only possible in a stored rule): scale down to exactly what is left rather than pay out more than the amount.
      shares.forEach((s) => {
        s.floor = (base * s.units) / units;
        s.rest = (((base * s.units) % units) * HUNDRED_PERCENT) / units;
      });
      total = base;
    }
    let extra = total - shares.reduce((sum, s) => sum + s.floor, 0n);
    [...shares]
      .sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.index - b.index))
      .forEach((s) => {
        if (extra > 0n) {
          s.floor += 1n;
          extra -= 1n;
        }
      });
    for (const s of shares) pay(nodes[s.index] as PayoutDestination, `${prefix}[${s.index}]`, 'PERCENTAGE', s.floor);
    left = base - total;
    const remainingIndex = nodes.findIndex((n) => n.type === 'REMAINING_AMOUNT');
    if (remainingIndex >= 0) {
      const rest = left;
      left = 0n;
      return level((nodes[remainingIndex] as PayoutDestination).destinations, rest, `${prefix}[${remainingIndex}].destinations`);
    }
    return left;
  };
  const unallocated = level(destinations, BigInt(amountMinorUnits), 'destinations') + nestedUnallocated;
  // Tree order (depth first, by index), whatever order the levels were computed in.
  const order = (path: string) => [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return a.length - b.length;
  };
  return {
    allocations: allocations
      .sort((a, b) => compare(order(a.path), order(b.path)))
      .map((a) => ({ path: a.path, type: a.type, destination: a.destination, minorUnits: Number(a.minor) })),
    unallocatedMinorUnits: Number(unallocated),
  };
}

function formatPercent(units: bigint): string {
  const whole = units / PERCENT_SCALE;
  const frac = (units % PERCENT_SCALE).toString().padStart(PERCENT_DECIMALS, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
