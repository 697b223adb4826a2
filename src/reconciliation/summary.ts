import { TallyError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import type { Entry, EntryKind } from '../sources/model.js';

/** One group of a summary: how many entries and their exact signed sum. */
export interface SummaryGroup<K extends string> {
  key: K;
  count: number;
  sum: Money;
}

export interface EntrySummary {
  count: number;
  /** The signed sum of every entry: what the range did to the balance. */
  net: Money;
  byKind: Array<SummaryGroup<EntryKind>>;
  byEntryType: Array<SummaryGroup<string>>;
  /** Every page summed was final: the totals can no longer change. */
  final: boolean;
}

/**
 * A summary in its mergeable, cacheable form: sums as decimal strings of minor units (exact,
 * JSON-safe; a sum may pass 2^53 on the way and come back), groups keyed by name.
 */
export interface SummaryParts {
  currency: string;
  count: number;
  net: string;
  kinds: Record<string, [number, string]>;
  types: Record<string, [number, string]>;
  final: boolean;
}

function add(groups: Record<string, [number, string]>, key: string, count: number, sum: bigint): void {
  const g = groups[key];
  groups[key] = g ? [g[0] + count, String(BigInt(g[1]) + sum)] : [count, String(sum)];
}

/** Exact totals of entries, grouped by kind and by the upstream's entry type. */
export class SummaryAccumulator {
  private count = 0;
  private net = 0n;
  private final = true;
  private readonly kinds: Record<string, [number, string]> = {};
  private readonly types: Record<string, [number, string]> = {};
  // Entry amounts are added as bigint per entry and folded into the string groups per page.
  private pageKinds = new Map<string, [number, bigint]>();
  private pageTypes = new Map<string, [number, bigint]>();

  constructor(readonly currency: string) {}

  add(entry: Pick<Entry, 'kind' | 'entryType' | 'amount'>): void {
    if (entry.amount.currency !== this.currency) {
      throw new TallyError('UPSTREAM_BAD_RESPONSE', `An entry in ${entry.amount.currency} on a ${this.currency} ledger cannot be summed`);
    }
    const v = BigInt(entry.amount.minorUnits);
    this.count++;
    this.net += v;
    const k = this.pageKinds.get(entry.kind);
    if (k) {
      k[0]++;
      k[1] += v;
    } else this.pageKinds.set(entry.kind, [1, v]);
    const t = this.pageTypes.get(entry.entryType);
    if (t) {
      t[0]++;
      t[1] += v;
    } else this.pageTypes.set(entry.entryType, [1, v]);
  }

  /** Marks that what was added includes data that may still change (an open date). */
  notFinal(): void {
    this.final = false;
  }

  merge(parts: SummaryParts): void {
    if (parts.currency !== this.currency) throw new Error(`Cannot merge a ${parts.currency} summary into ${this.currency}`);
    this.count += parts.count;
    this.net += BigInt(parts.net);
    if (!parts.final) this.final = false;
    for (const [k, [c, s]] of Object.entries(parts.kinds)) add(this.kinds, k, c, BigInt(s));
    for (const [k, [c, s]] of Object.entries(parts.types)) add(this.types, k, c, BigInt(s));
  }

  parts(): SummaryParts {
    this.fold();
    return {
      currency: this.currency,
      count: this.count,
      net: String(this.net),
      kinds: { ...this.kinds },
      types: { ...this.types },
      final: this.final,
    };
  }

  result(): EntrySummary {
    this.fold();
    const money = (v: bigint): Money => {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new TallyError('BAD_USER_INPUT', 'The total passes 2^53 minor units: summarise a shorter range');
      }
      return { minorUnits: Number(v), currency: this.currency };
    };
    const groups = <K extends string>(g: Record<string, [number, string]>) =>
      Object.entries(g)
        .map(([key, [count, sum]]) => ({ key: key as K, count, sum: money(BigInt(sum)) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      count: this.count,
      net: money(this.net),
      byKind: groups<EntryKind>(this.kinds),
      byEntryType: groups<string>(this.types),
      final: this.final,
    };
  }

  private fold(): void {
    for (const [k, [c, s]] of this.pageKinds) add(this.kinds, k, c, s);
    for (const [k, [c, s]] of this.pageTypes) add(this.types, k, c, s);
    this.pageKinds = new Map();
    this.pageTypes = new Map();
  }
}
