import { WalkBudgetExceeded } from '../connections/walk.js';
import { selectDates } from '../dates.js';
import { aggregateSegments } from '../reconciliation/aggregate.js';
import { VatAccumulator, type VatCoverage, type VatParts, type VatRow, type VatSummary } from '../reconciliation/vat.js';
import { builder } from './builder.js';
import { budgetError, segmentCache } from './entry-summary.js';
import { ledgerDetails, LedgerRef } from './ledger.js';
import { MoneyRef } from './money.js';
import { basisPointsToPercent } from './sales-line.js';

export const VatRowRef = builder.objectRef<VatRow>('VatRow').implement({
  description: 'Every order line of one VAT rate and category in the range, refunds netted (their lines are negative). Exact minor units.',
  fields: (t) => ({
    vatRate: t.exposeInt('vatRate', { description: 'The VAT rate in basis points, as the Sales API gives it: 2500 is 25 %.' }),
    vatPercentage: t.string({ description: 'The same rate as an exact percentage, e.g. `"25.00"`.', resolve: (r) => basisPointsToPercent(r.vatRate) ?? '' }),
    category: t.exposeString('category', { nullable: true, description: 'The line category, verbatim (`GOODS`, `FOOD`, ...); null where the merchant gave none.' }),
    gross: t.field({ type: MoneyRef, description: 'Sum of the lines\' `lineTotalGross` (VAT included).', resolve: (r) => r.gross }),
    net: t.field({ type: MoneyRef, description: 'Sum of the lines\' `lineTotalNet` (without VAT).', resolve: (r) => r.net }),
    vat: t.field({ type: MoneyRef, description: 'Sum of the lines\' `vatAmount`.', resolve: (r) => r.vat }),
    lineCount: t.exposeInt('lineCount', { description: 'How many order lines.' }),
    eventCount: t.exposeInt('eventCount', { description: 'How many sales events have at least one such line.' }),
  }),
});

export const VatCoverageRef = builder.objectRef<VatCoverage>('VatCoverage').implement({
  description:
    'What the rows could not break down, from each event\'s `completeness` and lines, so an accountant knows the report\'s coverage: `gross` = the rows\' gross + `uncoveredGross`, exactly.',
  fields: (t) => ({
    eventCount: t.exposeInt('eventCount', { description: 'Sales events in the range (captures and refunds, cash sales included).' }),
    gross: t.field({ type: MoneyRef, description: 'Their gross total (refunds negative).', resolve: (c) => c.gross }),
    eventsWithoutLines: t.exposeInt('eventsWithoutLines', { description: 'Events without order lines (variable-amount sales): their gross is in `uncoveredGross`.' }),
    eventsWithoutVatBreakdown: t.exposeInt('eventsWithoutVatBreakdown', {
      description: 'Events with lines but without a complete VAT breakdown (`completeness.hasVatBreakdown` false, or a line without rate or VAT): their lines without VAT are in `uncoveredGross`.',
    }),
    uncoveredGross: t.field({
      type: MoneyRef,
      description: 'Gross the rows do not cover: events without lines, lines without VAT, and any difference between an event\'s total and its lines.',
      resolve: (c) => c.uncoveredGross,
    }),
    final: t.exposeBoolean('final', { description: 'Every date read is closed: the report can no longer change.' }),
  }),
});

export const VatSummaryRef = builder.objectRef<VatSummary>('VatSummary').implement({
  description:
    'A VAT report of a ledger\'s sales (Vipps MobilePay Sales API order lines; the Report API has no lines or VAT rates, per its FAQ): one row per VAT rate and category, highest rate first, plus what could not be broken down.',
  fields: (t) => ({
    rows: t.field({ type: [VatRowRef], description: 'One row per VAT rate and category.', resolve: (s) => s.rows }),
    coverage: t.field({ type: VatCoverageRef, description: 'The events summed and what the rows do not cover.', resolve: (s) => s.coverage }),
  }),
});

builder.objectField(LedgerRef, 'vatSummary', (t) =>
  t.field({
    type: VatSummaryRef,
    nullable: true,
    description:
      'VAT per rate and category over the sales of the dates `from`..`to` (inclusive, at most 366 days; Sales API dates, late captures included on the date that books them), refunds netted, in exact minor units. It walks every sales page of the range under the summary budget (`TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY`, 400 by default); closed dates are kept, so the same month again costs no upstream call. Beyond the budget it is null with a `BAD_USER_INPUT` error: narrow the range. Null for providers without sales data (Easypay).',
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First date (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last date (inclusive).' }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      const sales = ctx.sales.forProvider(ledger.provider);
      if (!sales) return null;
      const range = selectDates({ from: args.from, to: args.to }, ctx.clock.today(ledger));
      const list = {
        source: { segments: range.dates.length, fetchPage: (s: number, token: string | null) => sales.datePage(ledger.ledgerId, range.dates[s] as string, token) },
        segmentLabel: (s: number) => range.dates[s] ?? String(s),
        cacheScope: sales.cacheScope(ledger.ledgerId),
      };
      try {
        const acc = await aggregateSegments(list.source, () => new VatAccumulator(ledger.currency), {
          maxUpstreamCalls: ctx.limits.maxUpstreamCallsPerSummary,
          cache: segmentCache<VatParts>(ctx, list, 'vat-summary', {}),
        });
        const result = acc.result();
        if (range.extendsPastToday) result.coverage.final = false;
        return result;
      } catch (err) {
        if (err instanceof WalkBudgetExceeded) throw budgetError(err, list, 'vatSummary');
        throw err;
      }
    },
  }),
);
