import type { ConnectionPage } from '../paging/engine.js';
import { selectDates } from '../domain/dates.js';
import type { SalesItem } from '../sources/vipps/index.js';
import type { Provider, SalesEvent } from '../sources/model.js';
import type { Context } from '../context.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection } from './connection.js';
import { EntryRef } from './entry.js';
import { EntryKindEnum, ProviderEnum } from './enums.js';
import { ledgerDetails, LedgerRef, ledgerKey } from './ledger.js';
import { SalesAmountsRef } from './sales-amounts.js';
import { SalesClassificationRef } from './sales-classification.js';
import { SalesCompletenessRef } from './sales-completeness.js';
import { SalesCustomerRef } from './sales-customer.js';
import { personal } from './personal.js';
import { SalesLineRef } from './sales-line.js';

export const SalesEventRef = builder.node(builder.objectRef<SalesEvent>('SalesEvent'), {
  description:
    'The sale behind a capture or refund (Vipps MobilePay Sales API): what was sold, in which order lines, with VAT and categories. Vippsnummer and mPOS sales units only; cash sales at an mPOS are here too, without a pspReference and without a ledger entry.',
  id: { resolve: (e) => e.key },
  loadOne: (key, ctx) => ctx.sales.optional()?.eventByKey(key) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'amounts' in v && 'lines' in v,
  fields: (t) => ({
    provider: t.field({
      type: ProviderEnum,
      description: 'The provider that reported the sale (Vipps MobilePay).',
      resolve: (e) => e.provider,
    }),
    ledgerId: t.exposeString('ledgerId', { description: 'The Vipps MobilePay ledger whose sales unit made the sale.' }),
    entryType: t.exposeString('entryType', {
      description: 'The transaction type verbatim: `capture` (money taken) or `refund` (money returned). An open set upstream.',
    }),
    kind: t.field({
      type: EntryKindEnum,
      description:
        'What the sale is, as its ledger entry would be classified: `CAPTURE`, `REFUND`, or `OTHER` for a type the Sales API adds without notice (the type itself stays in `entryType`).',
      resolve: (e) => e.kind,
    }),
    time: t.field({
      type: 'DateTime',
      description: 'When the capture or refund happened, in UTC; the same instant as its ledger entry.',
      resolve: (e) => e.time,
    }),
    pspReference: t.exposeString('pspReference', {
      nullable: true,
      description:
        "The payment transaction's reference, the same as on the ledger entry: the join key. Null for sales without a card or wallet transaction (cash).",
    }),
    reference: t.exposeString('reference', {
      nullable: true,
      description: "The merchant's order id: the same on an order's captures, refunds and fees.",
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency of every amount of the sale.' }),
    paymentType: t.exposeString('paymentType', {
      nullable: true,
      description:
        'How the customer paid, verbatim: `CARD`, `CASH`, `WALLET` are documented; other values (e.g. gift cards) appear and are data, not errors.',
    }),
    amounts: t.field({ type: SalesAmountsRef, description: "The sale's totals: gross, net and VAT.", resolve: (e) => e.amounts }),
    lines: t.field({
      type: [SalesLineRef],
      description: 'The order lines; empty for variable-amount sales (the payer typed an amount, no basket).',
      // The lines come with the event: no upstream call, so they do not multiply the query's cost.
      complexity: { field: 1, multiplier: 1 },
      resolve: (e) => e.lines,
    }),
    customer: t.field({
      type: SalesCustomerRef,
      nullable: true,
      ...personal(
        'Who bought, when the Sales API sends it (null otherwise). Without the `gdpr` scope Tally drops it as it arrives, so it is never kept for such a client.',
      ),
      resolve: (e) => e.customer,
    }),
    classification: t.field({
      type: SalesClassificationRef,
      nullable: true,
      description: 'How the sale was made (variable amount, shopping basket, mPOS) and its category.',
      resolve: (e) => e.classification,
    }),
    completeness: t.field({
      type: SalesCompletenessRef,
      nullable: true,
      description: 'Whether lines, a VAT breakdown and the customer are present: check before booking lines or VAT.',
      resolve: (e) => e.completeness,
    }),
  }),
});

builder.objectField(EntryRef, 'salesEvent', (t) =>
  t.field({
    type: SalesEventRef,
    nullable: true,
    description:
      "The sale behind this capture or refund, with its order lines and VAT (Vipps MobilePay Sales API, joined on `pspReference`, or on the order `reference` where the pspReference finds no sale: then the order's event of the entry's type and amount). Null for entries that have no sale (fees, payouts, corrections, top-ups) and for sales units without Sales API data. Found even when the Sales API books the sale on another date than the entry. Costs upstream calls per page of sales, not per entry: see `extensions.cost`. If the Sales API fails, or sends this sale in a form that cannot be read, this is null with an `UPSTREAM_*` error naming it, and the entry itself is unaffected.",
    // Not `t.loadable`: an entry that cannot have a sale (a fee, a payout) resolves to null at once,
    // without a promise, and one that can costs one promise, not three (the batching is the same).
    resolve: (entry, _args, ctx) => {
      const key = ctx.sales.joinKey(entry);
      return key === null ? null : ctx.sales.configured().sale(key);
    },
  }),
);

builder.objectField(LedgerRef, 'salesEvents', (t) =>
  t.connection(
    {
      type: SalesEventRef,
      nullable: true,
      // A sale the Sales API sent in a form that cannot be read fails its own edge's node, not the page.
      nodeNullable: true,
      description:
        "The sales (captures and refunds with order lines) of this ledger's sales unit, oldest first. An edge whose `node` is null is a sale the Sales API sent in a form that cannot be read; an `UPSTREAM_BAD_RESPONSE` error names it, its `cursor` still resumes after it, and the other sales are unaffected (before this, such a sale failed the whole page: `node` was non-null). With `date`: one accounting date (a late capture can be booked on the next date). With `from` (and `to`, default today): the dates of that inclusive range in order, at most 366 days, as `Ledger.entries` reads them. Without either: the continuous sales feed from the earliest available sale; at its live end `tryLater` is true and `pageInfo.endCursor` resumes later with only what is new. Vipps MobilePay ledgers with accounting keys only; null for other providers.",
      args: {
        date: t.arg({ type: 'Date', description: 'One accounting date; leave out (with `from`) to walk the feed.' }),
        from: t.arg({ type: 'Date', description: 'First date of a range (inclusive).' }),
        to: t.arg({ type: 'Date', description: 'Last date of a range (inclusive); defaults to today.' }),
      },
      complexity: (args) => connectionComplexity(args),
      // An `UnreadableSale` among the nodes is an Error: GraphQL raises it at that edge's `node` alone.
      resolve: async (parent, args, ctx): Promise<ConnectionPage<SalesEvent | null> | null> => {
        const ledger = await ledgerDetails(ctx, parent);
        const sales = ctx.sales.forProvider(ledger.provider);
        if (!sales) return null;
        if (args.from != null || args.to != null) {
          const range = selectDates(args, ctx.clock.today(ledger));
          return asNodes(
            await resolveConnection<SalesItem>(
              ctx,
              { field: 'Ledger.salesEvents', parent: ledgerKey(ledger), content: { from: range.from, to: range.to } },
              args,
              {
                segments: range.dates.length,
                fetchPage: (s, token) => sales.datePageItems(ledger.ledgerId, range.dates[s] as string, token),
              },
            ),
          );
        }
        const date = args.date ?? null;
        // A date after the ledger's today is refused here, as `entries` refuses it, not sent upstream.
        if (date !== null) selectDates({ date }, ctx.clock.today(ledger));
        return asNodes(
          await resolveConnection<SalesItem>(ctx, { field: 'Ledger.salesEvents', parent: ledgerKey(ledger), content: { date } }, args, {
            segments: 1,
            fetchPage: (_s, token) =>
              date === null ? sales.feedPageItems(ledger.ledgerId, token) : sales.datePageItems(ledger.ledgerId, date, token),
          }),
        );
      },
    },
    {
      name: 'SalesEventConnection',
      description: 'A page of sales events.',
      fields: (c) => ({
        tryLater: c.boolean({
          description:
            "The walk reached the end of what exists now (the feed's live end, or today's date): more sales may arrive. Resume from `pageInfo.endCursor` later.",
          resolve: (conn) => conn.tryLater,
        }),
      }),
    },
    { description: 'A sales event and its cursor.' },
  ),
);

builder.objectField(LedgerRef, 'salesEventsByReference', (t) =>
  t.field({
    // Nullable list and items (before: `[SalesEvent!]!`, where a Sales API failure nulled the whole
    // ledger and one unreadable sale the whole list).
    type: t.listRef(SalesEventRef, { nullable: true }),
    nullable: true,
    description:
      "Every capture and refund of one order, by the merchant's order reference, oldest first, from every page of the Sales API's answer. Empty when the reference is unknown on this ledger, and for providers other than Vipps MobilePay. Null with an `UPSTREAM_*` error when the Sales API fails or its answer cannot be read to the end (`extensions.details.incomplete`); the ledger is unaffected. An item is null with an `UPSTREAM_BAD_RESPONSE` error naming it when that one sale cannot be read. (Before, this list and its items were non-null.)",
    args: {
      reference: t.arg.string({ required: true, description: "The merchant's order reference (the `reference` of an entry or sale)." }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      const sales = ctx.sales.forProvider(ledger.provider);
      if (!sales || args.reference === '') return [];
      // An `UnreadableSale` item is an Error: GraphQL raises it at that item alone.
      return (await sales.byReference(ledger.ledgerId, args.reference)) as Array<SalesEvent | null>;
    },
  }),
);

builder.objectField(LedgerRef, 'salesEventByPspReference', (t) =>
  t.field({
    type: SalesEventRef,
    nullable: true,
    description:
      "The sale of one payment transaction, by its pspReference: its first event when a capture's refunds are booked under the same pspReference (`salesEventsByReference` lists them all). Null when there is none on this ledger (unknown reference, a fee or payout reference, or a provider other than Vipps MobilePay); null with an `UPSTREAM_*` error naming it when the Sales API fails, its answer cannot be read to the end, or the sale cannot be read.",
    args: {
      pspReference: t.arg.string({ required: true, description: "The transaction's pspReference, as on a capture or refund entry." }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      const sales = ctx.sales.forProvider(ledger.provider);
      if (!sales || args.pspReference === '') return null;
      const events = await sales.byPspReference(ledger.ledgerId, args.pspReference);
      const first = events[0];
      if (first instanceof Error) throw first;
      return first ?? null;
    },
  }),
);

/** The engine's page of sales with its unreadable ones as nodes that GraphQL raises (they are Errors). */
function asNodes(page: ConnectionPage<SalesItem>): ConnectionPage<SalesEvent | null> {
  return page as ConnectionPage<SalesEvent | null>;
}

const SalesEventPresenceEnum = builder.enumType('SalesEventPresence', {
  description: 'Whether a sale (a Sales API event) exists behind a ledger entry.',
  values: {
    PRESENT: { description: 'The Sales API has the sale: `salesEvent` returns it.' },
    ABSENT: {
      description:
        'There is no sale: the entry cannot have one (a fee, payout, correction, top-up), or the Sales API has none for it (e.g. a sales unit the Sales API does not cover).',
    },
    UNKNOWN: { description: "The entry's provider has no sales source (Easypay): nobody can say whether a sale exists." },
  },
});

builder.objectField(EntryRef, 'salesEventPresence', (t) =>
  t.field({
    type: SalesEventPresenceEnum,
    nullable: true,
    description:
      'Whether a sale exists behind this entry, without selecting the sale. `ABSENT` for entries that cannot have a sale and `UNKNOWN` for providers without a sales source are known from the entry alone (no upstream call). For a capture or refund it runs the same join as `salesEvent` (per page of sales, not per entry), and the join shares what it read within the request: asking for both costs the upstream calls of `salesEvent` alone. If the Sales API fails, this is null with the `UPSTREAM_*` error, never a guessed `ABSENT`.',
    // The same batched join as `salesEvent` (SalesRequest.sale): a failed read rejects, so the
    // field is null with its error, never a guessed ABSENT.
    resolve: (entry, _args, ctx) => {
      const key = ctx.sales.joinKey(entry);
      if (key === null) return hasSalesSource(ctx, entry.provider) ? 'ABSENT' : 'UNKNOWN';
      return ctx.sales
        .configured()
        .sale(key)
        .then((sale) => (sale ? 'PRESENT' : 'ABSENT'));
    },
  }),
);

/** The provider has a sales source, reachable with these keys or not (a fee has no sale either way). */
function hasSalesSource(ctx: Context, provider: Provider): boolean {
  try {
    return ctx.sales.forProvider(provider) !== null;
  } catch {
    return true;
  }
}
