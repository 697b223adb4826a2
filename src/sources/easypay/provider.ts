import { addDays, dateIn, minuteOfDateStart, type Clock } from '../../domain/dates.js';
import { badInput, TallyError } from '../../domain/errors.js';
import { negateMoney, sumMoney } from '../../domain/money.js';
import { RequestMemo } from '../ledgers/memo.js';
import {
  type EntriesQuery,
  type EntryList,
  type FeedQuery,
  type LedgerListFilter,
  type LedgerProvider,
  type LedgerProviderInfo,
  type ConfiguredProvider,
  type PayoutBalances,
  type PayoutsQuery,
  type ProviderArgs,
  type ProviderList,
} from '../ledgers/provider.js';
import type { CallContext, Entry, Ledger, LedgerHandle, Payout } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import { allItems, filterList, mapList } from '../../paging/segments.js';
import { EASYPAY_PAYOUT_TYPES, EASYPAY_TIME_ZONE, parseEasypayEntryKey } from './mapping.js';
import type { EasypayClient } from './client.js';
import { startsFeed } from '../ledgers/feed-start.js';
import { MAX_WINDOW_DAYS, splitWindows, type MinuteWindow } from './windows.js';

/** The `Ledger.entries` arguments only the Easypay ledger report understands. */
const TRANSACTION_TYPE_ARG = 'easypayTransactionType';
const TRANSFER_BATCH_ARG = 'easypayTransferBatch';

export const EASYPAY_LEDGERS: LedgerProviderInfo = {
  provider: 'EASYPAY',
  label: 'Easypay',
  filterArgs: [TRANSACTION_TYPE_ARG, TRANSFER_BATCH_ARG],
};

/**
 * Where the feed starts when `EASYPAY_FEED_FROM` is not set. The ledger report first appears in
 * Easypay's API file of 2024-12 and not in the vendor docs of 2023-09 (docs/upstreams/easypay.md),
 * so no account is expected to have ledger entries before 2024. The walk passes empty windows
 * quickly (old ones come from the cache), but setting the account's first day skips them.
 */
export const DEFAULT_FEED_FROM = '2024-01-01';

/**
 * How long after its `created_at` minute an entry may still appear in the report. Easypay
 * documents no booking delay and has no "closed" signal (docs/architecture.md): the feed hands out
 * an entry only once this much time has passed since its minute, so an entry booked late (within
 * this lag) is never passed over by a saved cursor. Inferred, not documented.
 */
export const FEED_SETTLE_MINUTES = 15;

const WINDOW_MINUTES = MAX_WINDOW_DAYS * 1440;

/** LedgerTransactionType codes are short capitals (`CP`, `FEE`, `MAN`); unknown ones go upstream, which judges them (easypay quirk 5 (docs/upstreams/easypay.md)). */
const TRANSACTION_TYPE = /^[A-Z]{1,10}$/;

export interface EasypayFilters {
  transactionType: string | null;
  transferBatch: string | null;
}

/** Validates the Easypay filters with the `BAD_USER_INPUT` a user gets before anything is sent upstream. */
export function easypayFilters(args: ProviderArgs): EasypayFilters {
  const transactionType = args[TRANSACTION_TYPE_ARG] ?? null;
  const transferBatch = args[TRANSFER_BATCH_ARG] ?? null;
  if (transactionType !== null && !TRANSACTION_TYPE.test(transactionType)) {
    throw badInput('`easypayTransactionType` is one Easypay transaction code in capitals, e.g. `CP`, `RF`, `FEE`, `TB`.', {
      argument: TRANSACTION_TYPE_ARG,
    });
  }
  if (transferBatch !== null && (transferBatch.trim() === '' || transferBatch.length > 64)) {
    throw badInput('`easypayTransferBatch` is an Easypay transfer batch id, e.g. `"584"`.', { argument: TRANSFER_BATCH_ARG });
  }
  return { transactionType, transferBatch };
}

/** How far back a bank transfer's previous one is looked for. */
const PAYOUT_LOOKBACK_DAYS = 93;
/** Entries of a transfer batch are created in the days before its transfer (`transfer_batch_date`): one 30-day window before it covers them. */
const BATCH_WINDOW_DAYS = 29;

/** A payout entry: `TF` (funds to the merchant's bank) or `TB` (a bank transfer settling a batch), see mapping.ts. */
const isBankTransfer = (e: Pick<Entry, 'kind'>) => e.kind === 'PAYOUT';

/** Served order: `created_at`, then id (the upstream's own order, and the sandbox's). */
function byTimeThenId(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const x = a.easypay?.id ?? '';
  const y = b.easypay?.id ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A payout entry (`TF` or `TB`) as a payout. Easypay reports no balances: the transfer's own
 * amount is what went to the bank; `balanceBefore` and `retained` are not reported.
 */
export function easypayPayout(entry: Entry): Payout {
  return {
    provider: 'EASYPAY',
    ledgerId: entry.ledgerId,
    key: entry.key,
    entry,
    ledgerDate: entry.easypay?.transferBatchDate || entry.ledgerDate,
    amount: negateMoney(entry.amount),
    bankReference: null,
    payoutNumber: null,
    balanceBefore: null,
    retained: null,
    transferBatch: entry.easypay?.transferBatch || null,
  };
}

/** One segment of a source read to its end, as one page (a window's payouts: a page or two). */
async function allPages(source: EntryList['pages'], segment: number): Promise<UpstreamPage<Entry>> {
  const items: Entry[] = [];
  let final = true;
  let cached = true;
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: UpstreamPage<Entry> = await source.fetchPage(segment, token);
    items.push(...page.items);
    final &&= page.final;
    cached &&= page.cached === true;
    if (!page.hasMore || !page.next || page.next === token) return { items, next: null, hasMore: false, final, cached };
    token = page.next;
  }
  throw new TallyError(
    'UPSTREAM_BAD_RESPONSE',
    "easypay kept handing out pages of one window's payouts (more than 50): the list is not read whole",
    { source: 'easypay' },
  );
}

/** The Easypay account (API 2.0 ledger report) behind the `LedgerProvider` interface. */
export class EasypayConfiguredProvider implements ConfiguredProvider {
  readonly provider = EASYPAY_LEDGERS.provider;
  readonly label = EASYPAY_LEDGERS.label;
  readonly filterArgs = EASYPAY_LEDGERS.filterArgs;

  constructor(
    private readonly report: EasypayClient,
    /** The first date the feed reads (from its midnight in the ledger's zone). */
    private readonly feedFrom: string,
  ) {}

  ownsEntryKey(key: string): boolean {
    return parseEasypayEntryKey(key) !== null;
  }

  ledgerOfEntryKey(key: string): string | null {
    return parseEasypayEntryKey(key)?.accountId ?? null;
  }

  forRequest(call: CallContext, clock: Clock): LedgerProvider {
    return new EasypayLedgers(this.report, this.feedFrom, call, clock);
  }
}

/** One request's view of the Easypay account; its memos share window pages between the request's fields. */
class EasypayLedgers implements LedgerProvider {
  readonly provider = EASYPAY_LEDGERS.provider;
  private readonly ledgerMemo = new RequestMemo<Ledger | null>();
  private readonly windowPages = new RequestMemo<UpstreamPage<Entry>>();

  constructor(
    private readonly report: EasypayClient,
    private readonly feedFrom: string,
    private readonly call: CallContext,
    private readonly clock: Clock,
  ) {}

  ledgers(filter: LedgerListFilter) {
    // Easypay has no recipient handles: a filter on them leaves the account out.
    if (filter.settlesForRecipientHandle !== null) return null;
    // One account per credential set: a one-item list.
    return async (): Promise<UpstreamPage<Ledger>> => ({
      items: [await this.report.listedLedger(this.call)],
      next: null,
      hasMore: false,
      final: true,
    });
  }

  ledger(ledgerId: string): Promise<Ledger | null> {
    return this.ledgerMemo.get(ledgerId, () => this.report.ledgerById(this.call, ledgerId));
  }

  possibleTimeZones(): readonly string[] {
    return [EASYPAY_TIME_ZONE];
  }

  /** Easypay's days run midnight to midnight in Lisbon (mapping.ts). */
  dateCutoffMinutes(): number {
    return 0;
  }

  /** One account per credential set: any other id is no ledger (its entries would be the account's). */
  mayExist(ledgerId: string): boolean {
    return ledgerId === this.report.accountId;
  }

  private windowPage(window: MinuteWindow, filters: EasypayFilters, token: string | null): Promise<UpstreamPage<Entry>> {
    return this.windowPages.get(
      `${window.from}-${window.to}:${filters.transactionType ?? ''}:${filters.transferBatch ?? ''}:${token ?? ''}`,
      () => this.report.page(this.call, { window, cursor: token, ...filters }),
    );
  }

  /**
   * The range (already validated, at most 366 days) cut into `created_at` windows the upstream
   * accepts (30 of the ledger's dates, cut at its midnights and sent as UTC minutes; see windows.ts),
   * which are the engine's segments,
   * walked in order behind one connection with the same cursor guarantees as the Vipps dates.
   * Windows that start after today have nothing yet and are left out; the windows before them keep
   * their boundaries, so a cursor stays valid while the days pass.
   */
  entries(ledger: LedgerHandle, query: EntriesQuery): EntryList {
    const { range, today } = query;
    const filters = easypayFilters(query.filters);
    const list = this.windowList(ledger, range.from, range.to, today, filters);
    // Easypay has no "date closed" signal (docs/architecture.md): a date is closed once it has passed in the ledger's zone.
    return { ...list, final: async () => !range.extendsPastToday && range.to < today };
  }

  /** The entries created on the ledger's dates `from` to `to` (its time zone), as windows of 30 dates; windows after today are left out. */
  private windowList(ledger: LedgerHandle, from: string, to: string, today: string, filters: EasypayFilters): EntryList {
    const endOfToday = minuteOfDateStart(addDays(today, 1), EASYPAY_TIME_ZONE) - 1;
    const windows = splitWindows(from, to, EASYPAY_TIME_ZONE).filter((w) => w.from <= endOfToday);
    return {
      content: { from, to, ...filters },
      pages: {
        segments: windows.length,
        fetchPage: (segment, token) => {
          const window = windows[segment];
          if (!window) throw new Error(`no window ${segment}`);
          return this.windowPage(window, filters, token);
        },
      },
      final: async () => to < today,
      segmentLabel: (segment) => {
        const w = windows[segment];
        return w ? `${w.from}-${w.to}` : String(segment);
      },
      cacheScope: `${this.report.fingerprint}|${ledger.ledgerId}|${filters.transactionType ?? ''}|${filters.transferBatch ?? ''}`,
    };
  }

  /** Every entry of a list, in order (bounded: a list is at most a year of windows). */
  private all(list: EntryList): Promise<Entry[]> {
    return allItems(list.pages, 1000);
  }

  /**
   * The payouts of a range: both payout types (`TF`, `TB`), each filtered upstream (the filter takes
   * one code), read whole per window and merged in the upstream's order. A window holds about one
   * payout per weekday, so that is one page of each type.
   */
  private payoutList(ledger: LedgerHandle, from: string, to: string, today: string, transferBatch: string | null = null): EntryList {
    const lists = EASYPAY_PAYOUT_TYPES.map((transactionType) =>
      this.windowList(ledger, from, to, today, { transactionType, transferBatch }),
    );
    const first = lists[0] as EntryList;
    return {
      ...first,
      content: { from, to, payouts: EASYPAY_PAYOUT_TYPES.join(','), transferBatch },
      pages: {
        segments: first.pages.segments,
        fetchPage: async (segment) => {
          const pages = await Promise.all(lists.map((l) => allPages(l.pages, segment)));
          const items = pages
            .flatMap((p) => p.items)
            .filter(isBankTransfer)
            .sort(byTimeThenId);
          return { items, next: null, hasMore: false, final: pages.every((p) => p.final), cached: pages.every((p) => p.cached) };
        },
      },
      cacheScope: `${first.cacheScope}|payouts`,
    };
  }

  payouts(ledger: Ledger, query: PayoutsQuery): ProviderList<Payout> {
    const list = this.payoutList(ledger, query.range.from, query.range.to, query.today);
    return { ...list, content: { from: query.range.from, to: query.range.to }, pages: mapList(list.pages, easypayPayout) };
  }

  async payoutByKey(key: string): Promise<Payout | null> {
    const entry = await this.entryByKey(key);
    return entry && isBankTransfer(entry) ? easypayPayout(entry) : null;
  }

  /** The latest payout (`TF` or `TB`) before this one: 30-day windows back from it, nearest first (one call per type when payouts are regular). */
  async previousPayout(ledger: Ledger, payout: Payout): Promise<Payout | null> {
    const today = this.clock.today(ledger);
    for (let back = 0; back < PAYOUT_LOOKBACK_DAYS; back += 30) {
      const to = addDays(payout.entry.ledgerDate, -back);
      const transfers = await this.all(this.payoutList(ledger, addDays(to, -29), to, today));
      const last = transfers.filter((e) => e.key !== payout.key && byTimeThenId(e, payout.entry) < 0).at(-1);
      if (last) return easypayPayout(last);
    }
    return null;
  }

  /**
   * Easypay reports no balances. A transfer batch is paid as a whole, so the balance before the
   * transfer is the sum of the batch's entries, and what the transfer leaves of it is `retained`:
   * zero when the transfer paid exactly the batch.
   */
  async payoutBalances(ledger: Ledger, payout: Payout): Promise<PayoutBalances | null> {
    if (payout.transferBatch === null) return null;
    const entries = await this.all(await this.settledEntries(ledger, payout));
    const balanceBefore = sumMoney(
      entries.map((e) => e.amount),
      payout.entry.amount.currency,
    );
    return { balanceBefore, retained: sumMoney([balanceBefore, payout.entry.amount], balanceBefore.currency) };
  }

  async settledEntries(ledger: Ledger, payout: Payout): Promise<EntryList> {
    const to = payout.entry.ledgerDate;
    const batch = payout.transferBatch ?? '';
    const list = this.windowList(ledger, addDays(to, -BATCH_WINDOW_DAYS), to, this.clock.today(ledger), {
      transactionType: null,
      transferBatch: batch || null,
    });
    if (!batch) return { ...list, pages: { segments: 0, fetchPage: list.pages.fetchPage } };
    return { ...list, content: { payout: payout.key }, pages: filterList(list.pages, (e) => !isBankTransfer(e)) };
  }

  async payoutOf(ledger: Ledger, entry: Entry, today: string): Promise<Payout | null> {
    if (isBankTransfer(entry)) return easypayPayout(entry);
    const batch = entry.easypay?.transferBatch;
    if (!batch) return null;
    const date = entry.easypay?.transferBatchDate || entry.ledgerDate;
    const to = date > today ? today : date;
    // The batch's payout, whichever of the two payout types paid it.
    const transfers = await this.all(this.payoutList(ledger, addDays(to, -BATCH_WINDOW_DAYS), to, today, batch));
    const payout = transfers.find(isBankTransfer);
    return payout ? easypayPayout(payout) : null;
  }

  /** Easypay books a payment's fees inside its entry (`amount_details.fees`, `Entry.easypay.fees`), not as entries of their own. */
  async feeOf(): Promise<Entry | null> {
    return null;
  }

  /** Easypay has no sales data. */
  async entryForSale(): Promise<Entry | null> {
    return null;
  }

  async payoutByBankReference(): Promise<Payout | null> {
    throw badInput(
      'Easypay bank transfers carry no documented bank reference: find them with `payouts(from:, to:)` or by their `transferBatch`.',
      { argument: 'reference' },
    );
  }

  /**
   * The feed: `created_at` walked forward in consecutive 30-day windows from the feed's first day
   * (the engine's segments; their boundaries depend only on where the feed starts, so a cursor's
   * window never moves). The window that holds "now" is live: it hands out entries up to
   * `FEED_SETTLE_MINUTES` ago and then ends with `tryLater`; the cursor stays on that window's
   * upstream page, so resuming re-reads that window from where it stopped even after the window
   * has ended, and finds what was booked into it since, late bookings included, before moving on
   * to the next window.
   *
   * A feed with a start begins its first window at the start's minute instead (a ledger date's
   * midnight in Lisbon, or the minute of the instant, whose earlier seconds are left out), which
   * the `created_at` filter asks for directly: nothing before the start is read. A window that
   * begins after the settled minute has nothing to hand out yet and costs no upstream call.
   */
  feed(ledger: LedgerHandle, query?: Pick<FeedQuery, 'start'>): EntryList {
    const start = query?.start ?? null;
    const origin =
      start === null
        ? minuteOfDateStart(this.feedFrom, EASYPAY_TIME_ZONE)
        : 'at' in start
          ? Math.floor(Date.parse(start.at) / 60_000)
          : minuteOfDateStart(start.date, EASYPAY_TIME_ZONE);
    const keep = start === null ? null : startsFeed(start);
    const settled = Math.floor(this.clock.now() / 60_000) - FEED_SETTLE_MINUTES;
    // At least one window, so a feed that starts in the future is live (tryLater), not finished.
    const windows = Math.max(1, Math.floor((settled - origin) / WINDOW_MINUTES) + 1);
    const none: EasypayFilters = { transactionType: null, transferBatch: null };
    const scope = start === null ? this.feedFrom : JSON.stringify(start);
    return {
      content: { feedFrom: this.feedFrom },
      segmentLabel: (segment) => dateIn((origin + segment * WINDOW_MINUTES) * 60_000, EASYPAY_TIME_ZONE),
      cacheScope: `${this.report.fingerprint}|${ledger.ledgerId}|feed|${scope}`,
      pages: {
        segments: windows,
        fetchPage: async (segment, token) => {
          const from = origin + segment * WINDOW_MINUTES;
          const window = { from, to: from + WINDOW_MINUTES - 1 };
          if (from > settled) return { items: [], next: null, hasMore: false, final: false, cached: true };
          const read = await this.windowPage(window, none, token);
          const page = keep === null ? read : { ...read, items: read.items.filter(keep) };
          if (window.to <= settled) return { ...page, final: true };
          // The live window: only what has settled; the rest waits for a later read of this same page.
          const items = page.items.filter((e) => Math.floor(Date.parse(e.time) / 60_000) <= settled);
          if (items.length < page.items.length) return { items, next: null, hasMore: false, final: false, cached: page.cached };
          return { ...page, final: false };
        },
      },
      final: async () => false,
    };
  }

  entryByKey(key: string): Promise<Entry | null> {
    return this.report.entryByKey(this.call, key);
  }
}
