import { WalkBudgetExceeded } from '../paging/walk.js';
import type { Context } from '../context.js';
import { badInput } from '../domain/errors.js';
import { aggregateSegments } from '../reconciliation/aggregate.js';
import { SummaryAccumulator, type EntrySummary, type SummaryGroup, type SummaryParts } from '../reconciliation/summary.js';
import type { EntryKind } from '../sources/model.js';
import type { EntryList } from '../sources/ledgers/provider.js';
import type { SegmentCache } from '../reconciliation/aggregate.js';
import { builder } from './builder.js';
import { EntryKindEnum } from './enums.js';
import { MoneyRef } from './money.js';

export const EntryKindTotalRef = builder.objectRef<SummaryGroup<EntryKind>>('EntryKindTotal').implement({
  description: 'The entries of one kind in a summary.',
  fields: (t) => ({
    kind: t.field({ type: EntryKindEnum, description: 'The kind.', resolve: (g) => g.key }),
    count: t.exposeInt('count', { description: 'How many entries of this kind.' }),
    sum: t.field({ type: MoneyRef, description: 'Their exact signed sum.', resolve: (g) => g.sum }),
  }),
});

export const EntryTypeTotalRef = builder.objectRef<SummaryGroup<string>>('EntryTypeTotal').implement({
  description: 'The entries of one upstream entry type in a summary (verbatim, so new types show up as their own rows).',
  fields: (t) => ({
    entryType: t.string({ description: "The upstream's entry type, verbatim.", resolve: (g) => g.key }),
    count: t.exposeInt('count', { description: 'How many entries of this type.' }),
    sum: t.field({ type: MoneyRef, description: 'Their exact signed sum.', resolve: (g) => g.sum }),
  }),
});

export const EntrySummaryRef = builder.objectRef<EntrySummary>('EntrySummary').implement({
  description:
    'Exact totals over the whole list the connection walks (its range and filters), not the page. The upstreams give no sums (Report API FAQ: "The Report API does not provide a sum of payments"); Tally adds every amount in integer minor units.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many entries.' }),
    net: t.field({
      type: MoneyRef,
      description: 'The signed sum of every amount: what these entries did to the balance.',
      resolve: (s) => s.net,
    }),
    byKind: t.field({ type: [EntryKindTotalRef], description: 'Count and sum per kind, sorted by kind.', resolve: (s) => s.byKind }),
    byEntryType: t.field({
      type: [EntryTypeTotalRef],
      description: 'Count and sum per upstream entry type, sorted by type.',
      resolve: (s) => s.byEntryType,
    }),
    final: t.exposeBoolean('final', {
      description:
        'Every date summed is closed upstream: these totals can no longer change. False while the range includes an open date (today, a monthly-settlement date still open).',
    }),
  }),
});

/** How `summary` fields describe their cost, in one place. */
export const SUMMARY_COST_NOTE =
  'It walks every upstream page of the range under its own budget of `TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY` upstream calls (400 by default; pages of closed dates already read cost nothing, and a closed date summarised once is kept, so summarising the same month again costs no upstream call). When the budget cannot cover the range, `summary` is null with a `BAD_USER_INPUT` error saying how far it got: narrow `from`/`to`. Never a partial sum.';

/**
 * A cross-request cache of per-segment results of closed segments. Keys begin with the list's
 * `cacheScope` (the credential set and ledger), so one caller's totals never answer another's.
 */
export function segmentCache<P>(
  ctx: Context,
  list: Pick<EntryList, 'segmentLabel' | 'cacheScope'>,
  name: string,
  scope: Record<string, unknown>,
): SegmentCache<P> {
  const prefix = `${list.cacheScope}|${name}|${JSON.stringify(scope)}|`;
  const DAY_MS = 24 * 60 * 60 * 1000;
  return {
    get: (s) => ctx.sources.cache.get<P>(prefix + list.segmentLabel(s)),
    set: (s, parts) => ctx.sources.cache.set(prefix + list.segmentLabel(s), parts, DAY_MS),
  };
}

/** The `BAD_USER_INPUT` of a walk whose budget could not cover its range. */
export function budgetError(
  err: WalkBudgetExceeded,
  list: { segmentLabel: (segment: number) => string; pages: { segments: number } },
  what: string,
): Error {
  return badInput(
    `The ${what} needs more than ${err.budget} upstream calls for this range: it reached ${list.segmentLabel(err.segment)} (segment ${err.segment + 1} of ${list.pages.segments}) and gives no partial total. Narrow \`from\`/\`to\` (e.g. month by month); dates already summed are kept and cost nothing next time.`,
    { argument: what, budget: err.budget },
  );
}

/**
 * Sums a connection's whole list: closed segments from the cross-request cache, the rest walked
 * under the summary budget. A budget that cannot cover the range is the client's to narrow.
 */
export async function summarise(ctx: Context, list: EntryList, currency: string, scope: Record<string, unknown>): Promise<EntrySummary> {
  try {
    const acc = await aggregateSegments(list.pages, () => new SummaryAccumulator(currency), {
      maxUpstreamCalls: ctx.limits.maxUpstreamCallsPerSummary,
      cache: segmentCache<SummaryParts>(ctx, list, 'entry-summary', scope),
    });
    return acc.result();
  } catch (err) {
    if (err instanceof WalkBudgetExceeded) throw budgetError(err, list, 'summary');
    throw err;
  }
}
