import { WalkBudgetExceeded } from '../paging/walk.js';
import { selectDates } from '../domain/dates.js';
import { aggregateSegments } from '../reconciliation/aggregate.js';
import type { VatCoverage, VatRow } from '../reconciliation/vat.js';
import {
  salesWithLedger,
  VatReportAccumulator,
  type VatReconciliation,
  type VatReport,
  type VatReportParts,
  type VatTieLine,
} from '../reconciliation/vat-ledger.js';
import { TallyError } from '../domain/errors.js';
import { formatAmount } from '../domain/money.js';
import { builder } from './builder.js';
import { budgetError, segmentCache } from './entry-summary.js';
import { ledgerDetails, LedgerRef, providerOf } from './ledger.js';
import { MoneyRef } from './money.js';
import { basisPointsToPercent } from './sales-line.js';

export const VatRowRef = builder.objectRef<VatRow>('VatRow').implement({
  description: 'Every order line of one VAT rate and category in the range, refunds netted (their lines are negative). Exact minor units.',
  fields: (t) => ({
    vatRate: t.exposeInt('vatRate', { description: 'The VAT rate in basis points, as the Sales API gives it: 2500 is 25 %.' }),
    vatPercentage: t.string({
      description: 'The same rate as an exact percentage, e.g. `"25.00"`.',
      resolve: (r) => basisPointsToPercent(r.vatRate) ?? '',
    }),
    category: t.exposeString('category', {
      nullable: true,
      description: 'The line category, verbatim (`GOODS`, `FOOD`, ...); null where the merchant gave none.',
    }),
    gross: t.field({ type: MoneyRef, description: "Sum of the lines' `lineTotalGross` (VAT included).", resolve: (r) => r.gross }),
    net: t.field({ type: MoneyRef, description: "Sum of the lines' `lineTotalNet` (without VAT).", resolve: (r) => r.net }),
    vat: t.field({ type: MoneyRef, description: "Sum of the lines' `vatAmount`.", resolve: (r) => r.vat }),
    lineCount: t.exposeInt('lineCount', { description: 'How many order lines.' }),
    eventCount: t.exposeInt('eventCount', { description: 'How many sales events have at least one such line.' }),
  }),
});

export const VatCoverageRef = builder.objectRef<VatCoverage>('VatCoverage').implement({
  description:
    "What the rows could not break down, from each event's `completeness` and lines, so an accountant knows the report's coverage: `gross` = the rows' gross + `uncoveredGross`, exactly.",
  fields: (t) => ({
    eventCount: t.exposeInt('eventCount', { description: 'Sales events in the range (captures and refunds, cash sales included).' }),
    gross: t.field({ type: MoneyRef, description: 'Their gross total (refunds negative).', resolve: (c) => c.gross }),
    eventsWithoutLines: t.exposeInt('eventsWithoutLines', {
      description: 'Events without order lines (variable-amount sales): their gross is in `uncoveredGross`.',
    }),
    eventsWithoutVatBreakdown: t.exposeInt('eventsWithoutVatBreakdown', {
      description:
        'Events with lines but without a complete VAT breakdown (`completeness.hasVatBreakdown` false, or a line without rate or VAT): their lines without VAT are in `uncoveredGross`.',
    }),
    uncoveredGross: t.field({
      type: MoneyRef,
      description:
        "Gross the rows do not cover: events without lines, lines without VAT, and any difference between an event's total and its lines.",
      resolve: (c) => c.uncoveredGross,
    }),
    final: t.exposeBoolean('final', { description: 'Every date read is closed: the report can no longer change.' }),
  }),
});

export const VatTieLineRef = builder.objectRef<VatTieLine>('VatTieLine').implement({
  description: 'A count of sales (or ledger entries) and their exact gross, refunds negative.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many sales or entries.' }),
    gross: t.field({ type: MoneyRef, description: 'Their exact gross (VAT included), refunds negative.', resolve: (l) => l.gross }),
  }),
});

export const VatReconciliationRef = builder.objectRef<VatReconciliation>('VatReconciliation').implement({
  description:
    'How the report ties to the ledger (its funds book on the same dates), exactly: `coverage.gross` − `cash.gross` − `bookedOnOtherDates.gross` + `notInReport.gross` + `unexplained` = `ledger.gross`. Sales and ledger entries are matched on their type and `pspReference`, across the whole range.',
  fields: (t) => ({
    ledger: t.field({
      type: VatTieLineRef,
      description: "The captures and refunds the ledger books on the range's dates: their count and signed sum (refunds negative).",
      resolve: (r) => r.ledger,
    }),
    onLedger: t.field({
      type: VatTieLineRef,
      description: "The report's sales that are on the ledger on the range's dates (their Sales API gross).",
      resolve: (r) => r.onLedger,
    }),
    cash: t.field({
      type: VatTieLineRef,
      description:
        "The report's sales without a PSP transaction (`pspReference` null: cash taken at an mPOS till). They are in the VAT report and never on the ledger.",
      resolve: (r) => r.cash,
    }),
    bookedOnOtherDates: t.field({
      type: VatTieLineRef,
      description:
        "The report's sales with a PSP transaction that the ledger does not book on the range's dates: the Sales API dates a late capture a day after the ledger, so at a range's start a sale of the date before is in the report and on the ledger's previous date.",
      resolve: (r) => r.bookedOnOtherDates,
    }),
    notInReport: t.field({
      type: VatTieLineRef,
      description:
        "Captures and refunds the ledger books on the range's dates that are not among the report's sales: the Sales API dates them outside the range (a late capture at the range's end), or has no sale for them (sales units without Sales API data). Their VAT is not in the rows: book it from your own records.",
      resolve: (r) => r.notInReport,
    }),
    unexplained: t.field({
      type: MoneyRef,
      description:
        'What is left when the lines above are taken into account: zero when the report ties to the ledger; otherwise sales whose Sales API gross differs from their ledger amount.',
      resolve: (r) => r.unexplained,
    }),
    final: t.exposeBoolean('final', {
      description:
        "Every ledger date read is closed upstream, so the ledger's side can no longer change (a monthly-payout ledger keeps its dates open until the payout). `coverage.final` says the same of the sales.",
    }),
    tiesOut: t.boolean({
      description: 'Whether `unexplained` is zero: every difference between the report and the ledger is one of the lines above.',
      resolve: (r) => r.unexplained.minorUnits === 0,
    }),
  }),
});

export const VatSummaryRef = builder.objectRef<VatReport>('VatSummary').implement({
  description:
    "A VAT report of a ledger's sales (Vipps MobilePay Sales API order lines; the Report API has no lines or VAT rates, per its FAQ): one row per VAT rate and category, highest rate first, plus what could not be broken down.",
  fields: (t) => ({
    rows: t.field({ type: [VatRowRef], description: 'One row per VAT rate and category.', resolve: (s) => s.rows }),
    coverage: t.field({
      type: VatCoverageRef,
      description: 'The events summed and what the rows do not cover.',
      resolve: (s) => s.coverage,
    }),
    reconciliation: t.field({
      type: VatReconciliationRef,
      description:
        "How the report's gross ties to the ledger's captures and refunds of the same dates: what is on the ledger, what is not, and why.",
      resolve: (s) => s.reconciliation,
    }),
  }),
});

builder.objectField(LedgerRef, 'vatSummary', (t) =>
  t.field({
    type: VatSummaryRef,
    nullable: true,
    description:
      "VAT per rate and category over the sales of the dates `from`..`to` (inclusive, at most 366 days; Sales API dates, late captures included on the date that books them), refunds netted, in exact minor units. `reconciliation` ties it to the ledger's captures and refunds of the same dates (cash sales, sales booked on other dates, ledger entries not in the report). It walks every sales page and every funds page of the range under the summary budget (`TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY`, 400 by default); closed dates are kept, so the same month again costs no upstream call. Beyond the budget it is null with a `BAD_USER_INPUT` error: narrow the range. A report that cannot be made is never an empty one: when the Sales API has no sale in the range while the ledger books captures or refunds in it (sales units without Sales API data), it is null with a `NOT_FOUND` error whose `extensions.reason` is `NO_SALES_DATA` (with `ledgerEntries` and `ledgerGross`). For a provider without a sales source (Easypay) it is null with the same `NOT_FOUND` / `NO_SALES_DATA` error.",
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First date (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last date (inclusive).' }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      const sales = ctx.sales.forProvider(ledger.provider);
      if (!sales) {
        // A provider without a sales source (Easypay) has no order lines or VAT rates: a null report
        // without a word would read as "nothing to report" to an accountant.
        throw new TallyError(
          'NOT_FOUND',
          `No sales data for ${ledger.provider} ledgers: the provider offers no order lines or VAT rates, so no VAT report can be made for this ledger. Book its VAT from your own records, not as zero.`,
          { details: { reason: 'NO_SALES_DATA' } },
        );
      }
      const today = ctx.clock.today(ledger);
      const range = selectDates({ from: args.from, to: args.to }, today);
      // The ledger's funds entries of the same dates, to tie the report to what the ledger booked.
      const entries = providerOf(ctx, ledger).entries(ledger, { topic: 'FUNDS', range, today, gdpr: false, filters: {} });
      const list = {
        pages: salesWithLedger(
          {
            segments: range.dates.length,
            fetchPage: (s: number, token: string | null) => sales.datePage(ledger.ledgerId, range.dates[s] as string, token),
          },
          entries.pages,
        ),
        segmentLabel: (s: number) => range.dates[s] ?? String(s),
        cacheScope: `${sales.cacheScope(ledger.ledgerId)}|${entries.cacheScope}`,
      };
      let report: VatReport;
      try {
        const acc = await aggregateSegments(list.pages, () => new VatReportAccumulator(ledger.currency), {
          maxUpstreamCalls: ctx.limits.maxUpstreamCallsPerSummary,
          cache: segmentCache<VatReportParts>(ctx, list, 'vat-report', {}),
        });
        report = acc.result();
      } catch (err) {
        if (err instanceof WalkBudgetExceeded) throw budgetError(err, list, 'vatSummary');
        throw err;
      }
      if (range.extendsPastToday) {
        report.coverage.final = false;
        report.reconciliation.final = false;
      }
      const booked = report.reconciliation.ledger;
      if (report.coverage.eventCount === 0 && booked.count > 0) {
        // The Sales API covers Vippsnummer and mPOS sales units only: a ledger whose captures have
        // no sales there has no order lines to report on. An empty report would read as zero VAT.
        throw new TallyError(
          'NOT_FOUND',
          `No sales data for this ledger from ${range.from} to ${range.to}: the ledger books ${booked.count} captures and refunds (${formatAmount(booked.gross)} ${booked.gross.currency}) but the Sales API has no sale for them (it covers Vippsnummer and mPOS sales units only), so there are no order lines or VAT rates to report. Book this VAT from your own records, not as zero.`,
          { details: { reason: 'NO_SALES_DATA', ledgerEntries: booked.count, ledgerGross: formatAmount(booked.gross) } },
        );
      }
      return report;
    },
  }),
);
