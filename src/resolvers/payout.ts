import type { Context } from '../context.js';
import { addDays, selectDates } from '../domain/dates.js';
import type { Ledger, Payout } from '../sources/model.js';
import { filterEntryList } from '../sources/ledgers/entry-filters.js';
import { noSuchLedger } from '../sources/ledgers/request.js';
import { newestFirst } from '../paging/segments.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection, resolveEntryList } from './connection.js';
import { EntryRef } from './entry.js';
import { EntrySummaryRef, summarise, SUMMARY_COST_NOTE } from './entry-summary.js';
import { ProviderEnum } from './enums.js';
import { ledgerDetails, LedgerRef, ledgerKey, loadLedger, providerOf } from './ledger.js';
import { MoneyRef } from './money.js';

/** Upstream pages one date (or window) of a ledger may have when `payouts` reads it whole to list it newest first. */
const NEWEST_FIRST_MAX_PAGES = 2000;

/** The ledger a payout or entry is on (loaded once per request). */
async function ledgerOf(ctx: Context, x: Pick<Payout, 'provider' | 'ledgerId'>): Promise<Ledger> {
  const ledger = await loadLedger(ctx, ledgerKey(x));
  if (!ledger) throw noSuchLedger();
  return ledger;
}

export const PayoutRef = builder.node(builder.objectRef<Payout>('Payout'), {
  description:
    'Money sent to the merchant\'s bank, and what it settles. The Report API FAQ: the bank payout "should be considered a balance transfer, not a sum of payments": it pays out the ledger balance less what stays (a rolling reserve, a debt carried). So for every payout `previous.retained` + `entries.summary.net` = `balanceBefore`, and `balanceBefore` - `amount` = `retained`. Vipps MobilePay: the `payout-scheduled` entry (a decision to pay out; the bank transfer follows). Easypay: a `TF` entry ("Transfer Funds": the movement of funds from the Easypay account to the merchant\'s bank account, the usual payout) or a `TB` entry ("Bank Transfer" between bank accounts: a transfer batch settled with the bank in either direction, negative here when a batch that came to less than nothing was collected from the bank), each with the transfer batch it settles; Easypay reports no balances, so there `balanceBefore` is the sum of the batch and `retained` what the transfer left of it (zero when the batch was paid in full).',
  id: { resolve: (p) => p.key },
  loadOne: (key, ctx) => ctx.ledgers.payoutByKey(key),
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'transferBatch' in v && 'entry' in v,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider that paid out.', resolve: (p) => p.provider }),
    ledgerId: t.exposeString('ledgerId', { description: 'The upstream id of the ledger paid out from.' }),
    ledger: t.field({
      type: LedgerRef,
      nullable: true,
      description: 'The ledger paid out from.',
      resolve: (p, _a, ctx) => loadLedger(ctx, ledgerKey(p)),
    }),
    entry: t.field({
      type: EntryRef,
      description: 'The payout entry itself (`payout-scheduled`; Easypay `TF` or `TB`), with its negative amount and balances.',
      resolve: (p) => p.entry,
    }),
    ledgerDate: t.field({
      type: 'Date',
      description:
        "The accounting date of the payout (Vipps MobilePay: the payout entry's ledger date, also the date inside a DK/FI bank reference; Easypay: the transfer batch date).",
      resolve: (p) => p.ledgerDate,
    }),
    amount: t.field({
      type: MoneyRef,
      description: "The money sent to the bank: the payout entry's amount as a positive number.",
      resolve: (p) => p.amount,
    }),
    bankReference: t.exposeString('bankReference', {
      nullable: true,
      description:
        "What the merchant sees on the bank statement, where the payout entry carries it. Denmark and Finland (DKK, EUR): the payout entry's `reference`, by default `02{Recipient:08}001{DD}{MM}{YY}{C}` (20 digits carrying the payout date; merchants can change the format on the portal), which `Ledger.payoutByBankReference` finds. Norway (NOK): the bank shows `Utb. {Recipient} Vippsnr {PayoutNumber}`, but the Report API FAQ says Norwegian payout entries do not carry that text yet, so this is null, and the entry's own `reference` is not the bank text; match the bank line's payout number against `payoutNumber` instead. Should a Norwegian entry carry a text of that form, it is given here. Null when the entry has no reference. Easypay: null (no bank text is documented).",
    }),
    payoutNumber: t.exposeString('payoutNumber', {
      nullable: true,
      description:
        "Vipps MobilePay: the payout number from the entry's `pspReference` (`<ledgerId>-<payoutNumber>`), the number on a Norwegian bank line. Null for Easypay.",
    }),
    transferBatch: t.exposeString('transferBatch', {
      nullable: true,
      description: 'Easypay: the transfer batch this bank transfer pays (`transfer_batch`). Null for Vipps MobilePay.',
    }),
    balanceBefore: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        "The ledger balance just before the payout: `previous.retained` plus everything the payout settles (Easypay: the batch's sum).",
      resolve: async (p, _a, ctx) =>
        p.balanceBefore ?? (await providerOf(ctx, p).payoutBalances(await ledgerOf(ctx, p), p))?.balanceBefore ?? null,
    }),
    retained: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'What stayed on the ledger after the payout: `balanceBefore` - `amount`. Zero when everything was paid out; positive for a rolling reserve; negative when a debt is carried.',
      resolve: async (p, _a, ctx) => p.retained ?? (await providerOf(ctx, p).payoutBalances(await ledgerOf(ctx, p), p))?.retained ?? null,
    }),
  }),
});

builder.objectField(PayoutRef, 'previous', (t) =>
  t.field({
    type: PayoutRef,
    nullable: true,
    description:
      "The ledger's payout before this one, looked for up to 93 days back (cost: the pages of the dates in between, shared with `entries`). Null when there is none in that time.",
    resolve: async (p, _a, ctx) => providerOf(ctx, p).previousPayout(await ledgerOf(ctx, p), p),
  }),
);

builder.objectField(PayoutRef, 'entries', (t) =>
  t.connection(
    {
      type: EntryRef,
      nullable: true,
      description:
        "The funds entries this payout settles, oldest first: everything after the previous payout's entry up to this payout's entry (both excluded). Easypay: the entries carrying this transfer batch. With `summary`, their total. On a ledger that settles several sales units jointly, one payout pays all of them: `recipientHandle` narrows the list and its `summary` to one unit's share.",
      args: {
        recipientHandle: t.arg.string({
          description:
            "Only the entries of this sales unit (`api:<MSN>`, `NO:<n>`, ...; see `Ledger.settlesForRecipientHandles`), with `summary` their total: that unit's part of a jointly settled payout. Entries without a unit (retained fees, corrections) are left out, so the units' sums plus those entries make the whole.",
        }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: async (payout, args, ctx) => {
        const settled = await providerOf(ctx, payout).settledEntries(await ledgerOf(ctx, payout), payout);
        const list = filterEntryList(settled, { kinds: null, recipientHandle: args.recipientHandle ?? null });
        const page = await resolveEntryList(ctx, { field: 'Payout.entries', parent: payout.key }, args, list);
        return { ...page, summary: () => summarise(ctx, list, payout.amount.currency, list.content) };
      },
    },
    {
      name: 'PayoutEntryConnection',
      description: 'A page of the entries a payout settles.',
      fields: (c) => ({
        summary: c.field({
          type: EntrySummaryRef,
          nullable: true,
          description: `Totals over every entry this payout settles (not only this page): \`net\` is what \`previous.retained\` grew to \`balanceBefore\` by. ${SUMMARY_COST_NOTE}`,
          resolve: (conn) => conn.summary(),
        }),
      }),
    },
    { description: 'A settled entry and its cursor.' },
  ),
);

export const PayoutOrderEnum = builder.enumType('PayoutOrder', {
  description: 'The order `Ledger.payouts` lists a range in.',
  values: {
    OLDEST_FIRST: { description: 'Oldest date first, and within a date in booking order (the default, as before the argument existed).' },
    NEWEST_FIRST: {
      description:
        'Newest date first (what a person reads first: the latest payout on the first page), and within a date newest first. Cursors stay exact while a date is still open: a payout booked there after the list was first read is newer than everything on it and shows on a fresh first page.',
    },
  },
});

builder.objectField(LedgerRef, 'payouts', (t) =>
  t.connection(
    {
      type: PayoutRef,
      nullable: true,
      description:
        "The ledger's payouts with ledger dates from `from` to `to` (inclusive, at most 366 days), in `order` (oldest first by default). `to` defaults to today and `from` to 31 days before `to`. Costs the funds pages of the range (Easypay: the `TF` and `TB` entries only, each type filtered upstream). Payouts are few among many entries, so a page reads as many upstream pages as filling `first` takes, up to `TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY` (400 by default; cached pages are free): a page has `first` payouts unless the range has no more (`hasNextPage` false) or that budget ran out first, which `stoppedAtBudget` says (continue from `pageInfo.endCursor`).",
      args: {
        from: t.arg({ type: 'Date', description: 'First ledger date (inclusive); default 31 days before `to`.' }),
        to: t.arg({ type: 'Date', description: 'Last ledger date (inclusive); default today.' }),
        order: t.arg({
          type: PayoutOrderEnum,
          required: true,
          defaultValue: 'OLDEST_FIRST',
          description:
            'Oldest or newest first. A cursor is bound to its order: resuming one in the other order is a `BAD_USER_INPUT` error, never another list.',
        }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: async (parent, args, ctx) => {
        const ledger = await ledgerDetails(ctx, parent);
        const today = ctx.clock.today(ledger);
        const to = args.to ?? today;
        const range = selectDates({ from: args.from ?? addDays(to, -31), to }, today);
        const list = providerOf(ctx, ledger).payouts(ledger, { range, today });
        const newest = args.order === 'NEWEST_FIRST';
        // Cursors of the oldest-first list (the only order before `order` existed) keep their content, so they still resume.
        const content = newest ? { ...list.content, order: 'NEWEST_FIRST' } : list.content;
        const source = newest ? newestFirst(list.pages, NEWEST_FIRST_MAX_PAGES) : list.pages;
        return resolveConnection(ctx, { field: 'Ledger.payouts', parent: ledgerKey(ledger), content }, args, source, {
          maxUpstreamCalls: ctx.limits.maxUpstreamCallsPerSummary,
        });
      },
    },
    {
      name: 'PayoutConnection',
      description: 'A page of payouts.',
      fields: (c) => ({
        stoppedAtBudget: c.boolean({
          description:
            'True when this page holds fewer than `first` payouts because it spent its upstream-call budget (`TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY`) before the range was read: more payouts may follow, continue from `pageInfo.endCursor`. False when the page is full or the range has been read to its end.',
          resolve: (conn) => conn.budgetExhausted,
        }),
      }),
    },
    { description: 'A payout and its cursor.' },
  ),
);

builder.objectField(LedgerRef, 'payoutByBankReference', (t) =>
  t.field({
    type: PayoutRef,
    nullable: true,
    description:
      "The payout behind a line on the merchant's bank statement, by its reference, read in the ledger's country's format. On a Danish or Finnish ledger the default `02{Recipient:08}001{DD}{MM}{YY}{C}` carries the payout date, so this reads only that date's funds pages (spaces are ignored). Null when no payout of that date has the reference. On a Norwegian (NOK) ledger every reference is a `BAD_USER_INPUT` error pointing to `payouts(from:, to:)` and `payoutNumber`: its bank text `Utb. {Recipient} Vippsnr {PayoutNumber}` carries no date and is not on Norwegian payout entries yet. The other country's format on a ledger is a `BAD_USER_INPUT` error too. A reference whose check digit does not match is still looked up; when nothing matches, the error says the check digit looks wrong.",
    args: {
      reference: t.arg.string({
        required: true,
        description: 'The reference as printed on the bank statement, e.g. `02023452430010504243`.',
      }),
    },
    resolve: async (parent, args, ctx) => {
      const ledger = await ledgerDetails(ctx, parent);
      return providerOf(ctx, ledger).payoutByBankReference(ledger, args.reference, ctx.clock.today(ledger));
    },
  }),
);

builder.objectField(EntryRef, 'payout', (t) =>
  t.field({
    type: PayoutRef,
    nullable: true,
    description:
      "The payout that settled this funds entry: the first payout after it (on a payout entry, that payout itself; Easypay: the `TF` or `TB` entry that settled the entry's transfer batch). Null while none has been made yet, and for fees-book entries. Entries of one date share one lookup: the cost grows with dates, not entries.",
    resolve: async (entry, _a, ctx) => {
      const ledger = await ledgerOf(ctx, entry);
      return providerOf(ctx, ledger).payoutOf(ledger, entry, ctx.clock.today(ledger));
    },
  }),
);
