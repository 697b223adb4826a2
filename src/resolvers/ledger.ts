import type { UpstreamPage } from '../paging/engine.js';
import type { Context } from '../context.js';
import { formatCutoff, selectDates } from '../domain/dates.js';
import { TallyError } from '../domain/errors.js';
import type { EntryKind, Ledger, LedgerHandle, LedgerTopic, Provider } from '../sources/model.js';
import { filterEntryList } from '../sources/ledgers/entry-filters.js';
import { noSuchLedger } from '../sources/ledgers/request.js';
import { builder } from './builder.js';
import { connectionComplexity, resolveConnection, resolveEntryList, selects, type EntryConnectionPage } from './connection.js';
import { EntryRef } from './entry.js';
import { feedStart, FeedStartInputRef, type FeedStartInput } from './feed-start.js';
import { decodeGlobalId } from './global-id.js';
import { EntryKindEnum, LedgerTopicEnum, ProviderEnum } from './enums.js';
import { EntrySummaryRef, summarise, SUMMARY_COST_NOTE } from './entry-summary.js';
import { IdentifierRef, SalesUnitRef } from './identifier.js';
import { personal } from './personal.js';

export function ledgerKey(l: LedgerHandle): string {
  return `${l.provider}:${l.ledgerId}`;
}

/** A ledger by its key `PROVIDER:ledgerId`, asked of its provider; null when unknown or not visible. */
export function loadLedger(ctx: Context, key: string): Promise<Ledger | null> {
  return ctx.ledgers.ledgerByKey(key);
}

/**
 * A ledger named by its global id and not read yet (`ledger(id:)`): granted to the client, of a
 * configured provider, maybe nonexistent. Its fields read the ledger only when they need more than
 * its key: `entries` of a past date asks for that date's page and nothing else (the Report API has
 * no single-ledger endpoint, so reading a Vipps MobilePay ledger means walking the ledger list). A
 * ledger that does not exist is found out by the first read: its details (one NOT_FOUND error for
 * all its fields), or its entries' page (the upstream's 404, NOT_FOUND).
 */
export class NamedLedger implements LedgerHandle {
  private read: Promise<Ledger> | undefined;

  constructor(
    readonly provider: Provider,
    readonly ledgerId: string,
  ) {}

  /** The ledger itself, read once for all the fields that need it. */
  details(ctx: Context): Promise<Ledger> {
    this.read ??= loadLedger(ctx, ledgerKey(this)).then((l) => l ?? Promise.reject(noSuchLedger()));
    return this.read;
  }
}

/** What a `Ledger` field resolves on: a ledger read from its provider, or one named by its id (`NamedLedger`). */
export type LedgerParent = Ledger | NamedLedger;

/** The ledger's details (currency, time zone, owner, ...), read when the parent is only named. */
export function ledgerDetails(ctx: Context, l: LedgerParent): Promise<Ledger> {
  return l instanceof NamedLedger ? l.details(ctx) : Promise.resolve(l);
}

/**
 * The ledger's today in its time zone: known from the key alone when every zone the ledger may be
 * in agrees (the provider says which), else from its details.
 */
export async function ledgerToday(ctx: Context, l: LedgerParent): Promise<string> {
  if (!(l instanceof NamedLedger)) return ctx.clock.today(l);
  const today = await ctx.ledgers.today(l);
  return today ?? ctx.clock.today(await l.details(ctx));
}

/**
 * `ledger(id:)` and `ledgerByLedgerId`: the ledger named by `key`, without reading it; NOT_FOUND
 * (before any upstream call) for an unknown provider or a ledger outside the client's grant.
 */
export function namedLedger(ctx: Context, key: string): NamedLedger {
  const handle = ctx.ledgers.handle(key);
  if (!handle) throw noSuchLedger();
  return new NamedLedger(handle.provider, handle.ledgerId);
}

/** The provider of a ledger that was listed or loaded: it is configured, or the ledger could not exist. */
export function providerOf(ctx: Context, ledger: Pick<Ledger, 'provider'>) {
  const provider = ctx.ledgers.of(ledger.provider);
  if (!provider) throw new TallyError('UPSTREAM_UNAVAILABLE', "This ledger's provider is not configured on this gateway");
  return provider;
}

export const LedgerRef = builder.node(builder.objectRef<LedgerParent>('Ledger'), {
  description:
    'A provider account that money is booked on: a Vipps MobilePay ledger (one currency, funds and fees books, settling one sales unit or, with joint settlement, several: see `settlesForRecipientHandles`) or an Easypay account.',
  // The key fields of a ledger named by its id say it exists: they read it (the only fields that
  // would otherwise answer for a ledger that may not exist).
  id: { resolve: async (l, _args, ctx) => ledgerKey(await ledgerDetails(ctx, l)) },
  loadOne: (key, ctx) => loadLedger(ctx, key),
  isTypeOf: (v) =>
    v instanceof NamedLedger || (typeof v === 'object' && v !== null && 'ledgerId' in v && 'settlesForRecipientHandles' in v),
  fields: (t) => ({
    provider: t.field({
      type: ProviderEnum,
      description: 'The provider that keeps this ledger.',
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).provider,
    }),
    ledgerId: t.string({
      description: "The upstream's own ledger id (Vipps `ledgerId`; the Easypay account id).",
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).ledgerId,
    }),
    currency: t.string({
      description: 'ISO 4217 currency of every amount on this ledger.',
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).currency,
    }),
    timeZone: t.string({
      description:
        "The IANA time zone this ledger's dates are counted in: a ledger date runs from midnight to midnight there, or from its `dateCutoff` to its `dateCutoff`. Vipps MobilePay ledgers use their merchant's country (`Europe/Oslo`, `Europe/Copenhagen`, `Europe/Helsinki`, from the owner's or payout account's scheme) unless the gateway is configured with another zone for the ledger (`VIPPS_LEDGER_TIME_ZONES`); Easypay accounts count their days in `Europe/Lisbon` (Portugal's mainland time: UTC+0 in winter, UTC+1 in summer, so an entry created at 23:30 UTC in summer is on the next date), and Tally cuts the upstream's UTC `created_at` filter at Lisbon's midnights. Entry `time`s stay in UTC.",
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).timeZone,
    }),
    dateCutoff: t.string({
      description:
        "The local time (`HH:MM`, in `timeZone`) at which this ledger's dates begin and end. `00:00` is midnight to midnight, what a Vipps MobilePay ledger normally has; the Report API documents that a ledger can be configured to another cutoff such as `04:00` (a ledger date then runs from 04:00 to 04:00, so an entry at 02:00 on the 6th is on the 5th). The Report API does not say which cutoff a ledger has: Tally uses the one configured for the ledger (`VIPPS_LEDGER_DATE_CUTOFFS`), else `00:00`. `today`, `final` and the ledger dates Tally computes (the sales join, exports) follow it. Easypay: `00:00`.",
      resolve: async (l, _args, ctx) => formatCutoff((await ledgerDetails(ctx, l)).dateCutoffMinutes),
    }),
    today: t.field({
      type: 'Date',
      description:
        "The ledger's current date in its `timeZone` and `dateCutoff`: the last date `entries`, `payouts` and the sales fields accept (a later `date` or `from` is a `BAD_USER_INPUT` error), and the one that is still open. At 23:30 UTC in summer a Norwegian ledger and an Easypay ledger (Lisbon, 00:30) are already on tomorrow; at 22:30 UTC only the Norwegian one is. A ledger with a `04:00` cutoff stays on its date until 04:00 local time.",
      resolve: (l, _args, ctx) => ledgerToday(ctx, l),
    }),
    payoutBankAccount: t.field({
      type: IdentifierRef,
      nullable: true,
      ...personal('The bank account payouts go to (`BBAN:NO`, ...). Null where the provider does not report it.'),
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).payoutBankAccount,
    }),
    owner: t.field({
      type: IdentifierRef,
      nullable: true,
      description: 'The business that owns the ledger (`business:NO:ORG`, `business:DK:CVR`, `business:FI:Y-tunnus`).',
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).owner,
    }),
    settlesForRecipientHandles: t.stringList({
      description:
        "The recipient handles (sales units: `api:<MSN>`, `NO:<Vippsnummer>`, ...) whose payments this ledger settles. Usually one, but Vipps MobilePay supports joint settlement of several MSNs in one ledger (one payout series for, e.g., many stores' terminals, or an old and a new integration): then several, and entries carry the handle of the unit they belong to (`Entry.recipientHandle`, filter with `entries(recipientHandle:)`), while payouts and retained fees settle the ledger as a whole. A unit moved to another ledger keeps its earlier entries here.",
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).settlesForRecipientHandles,
    }),
    salesUnits: t.field({
      type: [SalesUnitRef],
      description: 'The sales units settled by this ledger: one per recipient handle, several with joint settlement.',
      resolve: async (l, _args, ctx) => (await ledgerDetails(ctx, l)).salesUnits,
    }),
  }),
});

builder.objectField(LedgerRef, 'entries', (t) =>
  t.connection(
    {
      type: EntryRef,
      nullable: true,
      description:
        "The ledger's entries for one accounting `date`, or for an inclusive range `from`..`to` walked date by date in order (at most 366 days). One page may read several upstream pages; a long range stops at the per-field upstream budget and continues from `pageInfo.endCursor`. Null with an error if the provider fails. On an Easypay ledger the dates are the Lisbon dates (`timeZone`) of the entries' creation time, read in windows of at most 30 days (the upstream's limit; 29 dates when one of them has 25 hours) cut at Lisbon's midnights, in creation order.",
      args: {
        topic: t.arg({
          type: LedgerTopicEnum,
          defaultValue: 'FUNDS',
          required: true,
          description: 'Which book to read (Vipps MobilePay); ignored by providers with one book.',
        }),
        date: t.arg({ type: 'Date', description: 'One ledger date.' }),
        from: t.arg({ type: 'Date', description: 'First ledger date of a range (inclusive).' }),
        to: t.arg({ type: 'Date', description: 'Last ledger date of a range (inclusive); defaults to today.' }),
        easypayTransactionType: t.arg.string({
          description:
            "Easypay ledgers only: entries of this one Easypay transaction code (`CP`, `RF`, `RV`, `FEE`, `SP`, `MAN`, `TB`, `OT`, `CB`, `OP`, `TF`; see `Entry.entryType`), passed upstream as `transaction_type`. An error on other providers' ledgers.",
        }),
        easypayTransferBatch: t.arg.string({
          description:
            'Easypay ledgers only: entries settled in this transfer batch (`EasypayEntryDetails.transferBatch`, e.g. `"584"`), passed upstream as `transfer_batch`. An error on other providers\' ledgers.',
        }),
        kinds: t.arg({
          type: [EntryKindEnum],
          description:
            'Only entries of these kinds (e.g. `[CAPTURE, REFUND]`), filtered by Tally page by page: cursors stay exact, and a sparse filter may return short pages with `hasNextPage` (continue from `endCursor`). `summary` covers the filtered list.',
        }),
        recipientHandle: t.arg.string({
          description:
            "Only entries of this sales unit (`api:<MSN>`, `NO:<n>`, `DK:<n>`), for ledgers that settle several (`settlesForRecipientHandles`, joint settlement). Entries without one (payouts, retained fees, corrections) are left out, and so is `summary`: its totals are this unit's.",
        }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: async (ledger, args, ctx, info) => {
        const provider = providerOf(ctx, ledger);
        // A ledger named by its id is not read for this: today most hours comes from its key alone.
        const today = await ledgerToday(ctx, ledger);
        const range = selectDates(args, today);
        const filters = ctx.ledgers.filtersFor(ledger, args);
        const entries = provider.entries(ledger, {
          topic: args.topic as LedgerTopic,
          range,
          today,
          gdpr: selects(info, ['edges', 'node', 'payer']),
          filters,
        });
        const list = filterEntryList(entries, {
          kinds: (args.kinds as EntryKind[] | null | undefined) ?? null,
          recipientHandle: args.recipientHandle ?? null,
        });
        const page = await resolveEntryList(ctx, { field: 'Ledger.entries', parent: ledgerKey(ledger) }, args, list);
        return { ...page, summary: async () => summarise(ctx, list, (await ledgerDetails(ctx, ledger)).currency, list.content) };
      },
    },
    {
      name: 'LedgerEntryConnection',
      description: 'A page of ledger entries.',
      fields: (c) => ({
        final: c.boolean({
          description:
            "True when every date in the requested range is closed upstream, so its entries can no longer change: safe to close these days in the books. False while any date is still open (today in the ledger's `timeZone`, or a past date the provider keeps open: Vipps MobilePay keeps a monthly-payout ledger's dates open until the payout, and every date while a negative balance holds the payout back). Also false when the range is too long to check within the per-field upstream budget in one request (`TALLY_MAX_UPSTREAM_CALLS_PER_FIELD`): ask again (closed dates are then cached) or for a shorter range. Easypay has no close signal: its days are closed once they have passed in its `timeZone`, and the transfer batch of a recent entry can still be filled in later.",
          resolve: (conn) => conn.final(),
        }),
        tryLater: c.boolean({
          description: 'The walk reached the end of an open date: more entries may arrive later. Resume from `pageInfo.endCursor`.',
          resolve: (conn) => conn.tryLater,
        }),
        summary: c.field({
          type: EntrySummaryRef,
          nullable: true,
          description: `Totals over the whole range and filters of this connection, not the page: count, net, and per kind and entry type. ${SUMMARY_COST_NOTE}`,
          resolve: (conn) => conn.summary(),
        }),
      }),
    },
    { description: 'An entry and its cursor.' },
  ),
);

/** `Ledger.feed`'s page type, which `Subscription.ledgerFeed` delivers too (its events are pages of the same list). */
export const LedgerFeedConnectionRef = builder.connectionObject(
  {
    type: EntryRef,
    name: 'LedgerFeedConnection',
    description: "A page of a ledger's feed.",
    fields: (c) => ({
      tryLater: c.boolean({
        description:
          'The live end of the feed was reached: nothing more right now. Resume from `pageInfo.endCursor` later (Vipps recommends at most once a minute; new Easypay entries show up here 15 minutes after their creation).',
        resolve: (conn) => (conn as unknown as { tryLater: boolean }).tryLater,
      }),
    }),
  },
  { description: 'A feed entry and its cursor.' },
);

/** The feed's arguments, as `Ledger.feed` and `Subscription.ledgerFeed` both take them. */
export interface FeedArgs {
  topic: LedgerTopic;
  from?: FeedStartInput | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * One page of a ledger's feed: the provider's list from the start `from` names (or the cursor's
 * own start), paged by the one engine. The start is part of the list, so a cursor of one start
 * never resumes another; the query and the subscription name the same list (`Ledger.feed`), so
 * their cursors resume each other.
 */
export function ledgerFeedPage(ctx: Context, ledger: LedgerHandle, args: FeedArgs, gdpr: boolean): Promise<EntryConnectionPage> {
  const { start, anchor } = feedStart(ctx, args.from, args.after);
  const feed = providerOf(ctx, ledger).feed(ledger, { topic: args.topic, gdpr, start });
  const list =
    args.from == null
      ? feed
      : { ...feed, content: { ...feed.content, from: { at: args.from.at, date: args.from.date, now: args.from.now } } };
  // Reaching a start can mean passing the feed's history (Vipps MobilePay's feed takes no starting
  // point): that walk has the summary's budget, so a start at now reaches the live end in one page.
  const maxUpstreamCalls = start === null ? undefined : ctx.limits.maxUpstreamCallsPerSummary;
  return resolveEntryList(ctx, { field: 'Ledger.feed', parent: ledgerKey(ledger) }, args, list, { anchor, maxUpstreamCalls });
}

builder.objectField(LedgerRef, 'feed', (t) =>
  t.connection(
    {
      type: EntryRef,
      nullable: true,
      description:
        "The ledger's continuous feed of entries, oldest first, from its first entry (or from `from`: an instant, a ledger date, or now), on every provider. The feed never ends: at the live end `pageInfo.hasNextPage` is false, `tryLater` is true, and `pageInfo.endCursor` is always there; save it and resume later with `after` to get only what is new. Vipps MobilePay: the Report API's own feed. Easypay: `created_at` walked forward in 30-day windows from the account's first day (`EASYPAY_FEED_FROM`, from its midnight in Lisbon), in creation order; an entry is handed out once 15 minutes have passed since its `created_at` minute (Easypay can book an entry a little after that time), and a saved cursor re-reads the 30-day window it stopped in from where it stopped, even when that window has ended since, so entries booked into it after the cursor was saved are found before the feed moves on to the next window. A page may pass empty windows and stop at the per-field upstream budget with no entries and `hasNextPage: true`: continue from `pageInfo.endCursor`. With `from`, Vipps MobilePay's feed is the same feed with the entries before the start left out (the Report API takes no starting point and its cursors cannot be made up): the first start reads the feed's pages before it (within the summary budget, `TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY`, 400 by default, rather than the per-field one, so a start at now reaches the live end in one page), which are kept, so later starts and resumes cost no upstream call for them; Easypay's first window begins at the start itself, so nothing before it is read.",
      args: {
        topic: t.arg({
          type: LedgerTopicEnum,
          defaultValue: 'FUNDS',
          required: true,
          description: 'Which book to follow (Vipps MobilePay); ignored by providers with one book.',
        }),
        from: t.arg({
          type: FeedStartInputRef,
          description:
            "Where the feed starts: an instant, a ledger date, or now. Leave it out to start at the ledger's first entry. A cursor resumes only the feed of the same `from`.",
        }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: (ledger, args, ctx, info) =>
        ledgerFeedPage(ctx, ledger, { ...args, topic: args.topic as LedgerTopic }, selects(info, ['edges', 'node', 'payer'])),
    },
    LedgerFeedConnectionRef,
  ),
);

/**
 * An edge whose ledger its provider listed but could not read: its node is that error, so the edge
 * is null with the coded error (whatever fields were asked) and the rest of the list stands.
 */
function unavailableAsError<E extends { cursor: string; node: Ledger }>(edge: E): E {
  const err = edge.node.unavailable;
  if (!err) return edge;
  return {
    cursor: edge.cursor,
    get node() {
      return Promise.reject(err);
    },
  } as unknown as E;
}

builder.queryField('ledgers', (t) =>
  t.connection(
    {
      type: LedgerRef,
      nullable: true,
      // A ledger that could not be read is a null edge with its error, not a failed list.
      edgesNullable: { list: false, items: true },
      description:
        "Every ledger these credentials may read and this API key is granted, across providers: the Vipps MobilePay ledgers first, then the Easypay account. A Vipps MobilePay ledger is missing when its merchant has not granted access. When a provider refuses or fails to answer for a ledger it lists (Easypay answers its account's currency probe with 403, 412 or 500), that edge is null with a coded error (`UPSTREAM_AUTH_FAILED`, `UPSTREAM_BAD_RESPONSE`, `UPSTREAM_UNAVAILABLE`, with `source`) and the other ledgers are listed as usual.",
      args: {
        settlesForRecipientHandle: t.arg.string({
          description:
            'Only Vipps MobilePay ledgers settling this recipient handle (`api:<MSN>`, `NO:<Vippsnummer>`, `DK:<n>`, `FI:<n>`). Leaves out providers without recipient handles (Easypay).',
        }),
      },
      complexity: (args) => connectionComplexity(args),
      resolve: async (_root, args, ctx) => {
        const filter = { settlesForRecipientHandle: args.settlesForRecipientHandle ?? null };
        const lists = ctx.ledgers
          .all()
          .map((p) => p.ledgers(filter))
          .filter((list): list is (token: string | null) => Promise<UpstreamPage<Ledger>> => list !== null);
        const page = await resolveConnection<Ledger>(
          ctx,
          { field: 'Query.ledgers', parent: '', content: { settlesForRecipientHandle: args.settlesForRecipientHandle } },
          args,
          { segments: lists.length, fetchPage: (segment, token) => (lists[segment] as (typeof lists)[number])(token) },
          { defaultFirst: 50 },
        );
        return { ...page, edges: page.edges.map(unavailableAsError) };
      },
    },
    { name: 'LedgerConnection', description: 'A page of ledgers.' },
    { description: 'A ledger and its cursor.' },
  ),
);

builder.queryField('ledger', (t) =>
  t.field({
    type: LedgerRef,
    nullable: true,
    description:
      "One ledger by its global id (as `node(id:)` takes it). Null with a `NOT_FOUND` error when it does not exist or is not visible to these credentials. The ledger is read only for the fields that need it: `entries` of a past date costs that date's page alone, and there a ledger that does not exist is a `NOT_FOUND` error of `entries`.",
    args: { id: t.arg.id({ required: true, description: "The ledger's global `id`." }) },
    resolve: (_root, args, ctx) => namedLedger(ctx, decodeGlobalId(String(args.id), 'Ledger').id),
  }),
);
