import type { Clock } from '../../domain/dates.js';
import { RequestMemo } from '../ledgers/memo.js';
import {
  type EntriesQuery,
  type PayoutBalances,
  type PayoutsQuery,
  type ProviderList,
  type EntryList,
  type FeedQuery,
  type LedgerListFilter,
  type LedgerProvider,
  type LedgerProviderInfo,
  type ConfiguredProvider,
} from '../ledgers/provider.js';
import { addDays, ledgerDateOf } from '../../domain/dates.js';
import type { CallContext, Entry, Ledger, LedgerHandle, LedgerTopic, Payout, SalesEvent } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import { allItems, filterList, mapList } from '../../paging/segments.js';
import { isPayoutEntry, previousVippsPayout, settledSpan, vippsPayout, vippsPayoutByBankReference, vippsPayoutOf } from './payouts.js';
import { parseVippsEntryKey, type LedgerPage, type VippsReportClient } from './report-client.js';
import { startsFeed } from '../ledgers/feed-start.js';

/** First pages `final` reads at once. */
const FINAL_CONCURRENCY = 4;

export const VIPPS_LEDGERS: LedgerProviderInfo = { provider: 'VIPPS_MOBILEPAY', label: 'Vipps MobilePay', filterArgs: [] };

/** Vipps MobilePay Report API ledgers behind the `LedgerProvider` interface. */
export class VippsConfiguredProvider implements ConfiguredProvider {
  readonly provider = VIPPS_LEDGERS.provider;
  readonly label = VIPPS_LEDGERS.label;
  readonly filterArgs = VIPPS_LEDGERS.filterArgs;

  constructor(private readonly report: VippsReportClient) {}

  ownsEntryKey(key: string): boolean {
    return parseVippsEntryKey(key) !== null;
  }

  ledgerOfEntryKey(key: string): string | null {
    return parseVippsEntryKey(key)?.ledgerId ?? null;
  }

  forRequest(call: CallContext, _clock: Clock): LedgerProvider {
    return new VippsLedgers(this.report, call);
  }
}

/** One request's view of the Vipps MobilePay ledgers; its memos share pages between the request's fields. */
class VippsLedgers implements LedgerProvider {
  readonly provider = VIPPS_LEDGERS.provider;
  private readonly ledgerMemo = new RequestMemo<Ledger | null>();
  private readonly listPages = new RequestMemo<LedgerPage>();
  private readonly datePages = new RequestMemo<UpstreamPage<Entry>>();
  private readonly wholeDates = new RequestMemo<Entry[]>();
  private readonly pspIndexes = new RequestMemo<Map<string, Entry[]>>();
  private readonly payoutMemo = new RequestMemo<Payout | null>();

  constructor(
    private readonly report: VippsReportClient,
    private readonly call: CallContext,
  ) {}

  /** One page of the ledger list, read once per request however many lookups and lists ask for it. */
  private listPage(cursor: string | null, settlesForRecipientHandle: string | null): Promise<LedgerPage> {
    return this.listPages.get(`${settlesForRecipientHandle ?? ''}\u0000${cursor ?? ''}`, () =>
      this.report.ledgers(this.call, { cursor, settlesForRecipientHandle }),
    );
  }

  ledgers(filter: LedgerListFilter) {
    return async (token: string | null): Promise<UpstreamPage<Ledger>> => {
      const page = await this.listPage(token, filter.settlesForRecipientHandle);
      return { items: page.items, next: page.next, hasMore: page.next !== null, final: true };
    };
  }

  /** The Report API has no single-ledger endpoint: a ledger is found by walking the list (its pages shared by the request's lookups). */
  ledger(ledgerId: string): Promise<Ledger | null> {
    return this.ledgerMemo.get(ledgerId, async () => {
      let cursor: string | null = null;
      for (let guard = 0; guard < 1000; guard++) {
        const page: LedgerPage = await this.listPage(cursor, null);
        const found = page.items.find((l) => l.ledgerId === ledgerId);
        if (found) return found;
        if (!page.next) return null;
        cursor = page.next;
      }
      return null;
    });
  }

  possibleTimeZones(ledgerId: string): readonly string[] {
    return this.report.possibleTimeZones(ledgerId);
  }

  dateCutoffMinutes(ledgerId: string): number {
    return this.report.dateCutoffMinutes(ledgerId);
  }

  /** Any id may be a ledger these credentials can read: the list or a date's 404 tells. */
  mayExist(): boolean {
    return true;
  }

  private datePage(ledgerId: string, topic: LedgerTopic, date: string, cursor: string | null, gdpr: boolean): Promise<UpstreamPage<Entry>> {
    return this.datePages.get(`${ledgerId}:${topic}:${date}:${cursor ?? ''}:${gdpr}`, () =>
      this.report.datePage(this.call, { ledgerId, topic, date, cursor, gdpr }),
    );
  }

  /** Every entry of one date of one book (funds by default), read once per request (closed dates come from the cache). */
  private wholeDate(ledgerId: string, date: string, topic: LedgerTopic = 'FUNDS'): Promise<Entry[]> {
    return this.wholeDates.get(`${ledgerId}:${topic}:${date}`, () =>
      allItems({ segments: 1, fetchPage: (_segment, cursor) => this.datePage(ledgerId, topic, date, cursor, false) }, 2000),
    );
  }

  /** The entries of some dates of one book, as engine segments. */
  private dateList(
    ledger: LedgerHandle,
    topic: LedgerTopic,
    dates: readonly string[],
    gdpr: boolean,
    extendsPastToday: boolean,
  ): EntryList {
    return {
      content: { topic, from: dates[0] ?? null, to: dates.at(-1) ?? null },
      pages: {
        segments: dates.length,
        fetchPage: (segment, token) => this.datePage(ledger.ledgerId, topic, dates[segment] as string, token, gdpr),
      },
      // Whether every date of the range is closed upstream: the first page of each date says
      // (`tryLater`). Dates are asked in order, a few at a time, and the first open one answers;
      // pages this request has read and closed dates in the cache cost nothing, and the rest stay
      // within the field's upstream budget: past it the list is not known to be final (false).
      final: async (budget) => {
        if (extendsPastToday) return false;
        let calls = 0;
        for (let i = 0; i < dates.length;) {
          const room = Math.min(FINAL_CONCURRENCY, budget - calls);
          if (room <= 0) return false;
          const batch = dates.slice(i, i + room);
          const pages = await Promise.all(
            batch.map(async (d) => {
              const known = this.datePages.has(`${ledger.ledgerId}:${topic}:${d}::${gdpr}`);
              const page = await this.datePage(ledger.ledgerId, topic, d, null, gdpr);
              if (!known && !page.cached) calls++;
              return page;
            }),
          );
          if (pages.some((p) => !p.final)) return false;
          i += batch.length;
        }
        return true;
      },
      segmentLabel: (segment) => dates[segment] ?? String(segment),
      cacheScope: `${this.report.credentialKey}|${ledger.ledgerId}|${topic}`,
    };
  }

  entries(ledger: LedgerHandle, query: EntriesQuery): EntryList {
    const { topic, range, gdpr } = query;
    const list = this.dateList(ledger, topic, range.dates, gdpr, range.extendsPastToday);
    return { ...list, content: { topic, from: range.from, to: range.to } };
  }

  payouts(ledger: Ledger, query: PayoutsQuery): ProviderList<Payout> {
    const list = this.dateList(ledger, 'FUNDS', query.range.dates, false, query.range.extendsPastToday);
    return {
      ...list,
      content: { from: query.range.from, to: query.range.to },
      pages: mapList(filterList(list.pages, isPayoutEntry), vippsPayout),
    };
  }

  async payoutByKey(key: string): Promise<Payout | null> {
    const entry = await this.entryByKey(key);
    return entry && isPayoutEntry(entry) ? vippsPayout(entry) : null;
  }

  previousPayout(ledger: Ledger, payout: Payout): Promise<Payout | null> {
    return this.payoutMemo.get(`previous:${payout.key}`, () => previousVippsPayout(payout, (d) => this.wholeDate(ledger.ledgerId, d)));
  }

  /** The payout entry's own balances (the Report API reports them on every entry). */
  async payoutBalances(_ledger: Ledger, payout: Payout): Promise<PayoutBalances | null> {
    return payout.balanceBefore && payout.retained ? { balanceBefore: payout.balanceBefore, retained: payout.retained } : null;
  }

  async settledEntries(ledger: Ledger, payout: Payout): Promise<EntryList> {
    const previous = await this.previousPayout(ledger, payout);
    const { dates, keep } = settledSpan(payout, previous);
    const list = this.dateList(ledger, 'FUNDS', dates, false, false);
    return {
      ...list,
      content: { payout: payout.key },
      pages: filterList(list.pages, keep),
      cacheScope: `${list.cacheScope}|settled-by|${payout.key}`,
    };
  }

  payoutOf(ledger: Ledger, entry: Entry, today: string): Promise<Payout | null> {
    // Entries of one date ask the same dates in the same order: the pages are read once.
    return this.payoutMemo.get(`of:${entry.key}`, () => vippsPayoutOf(entry, (d) => this.wholeDate(ledger.ledgerId, d), today));
  }

  /** One date's entries of one book by pspReference: the joins' index, built once per request. */
  private byPspReference(ledgerId: string, topic: LedgerTopic, date: string): Promise<Map<string, Entry[]>> {
    return this.pspIndexes.get(`${ledgerId}:${topic}:${date}`, async () => {
      const index = new Map<string, Entry[]>();
      for (const e of await this.wholeDate(ledgerId, date, topic)) {
        if (e.pspReference === null) continue;
        const list = index.get(e.pspReference);
        if (list) list.push(e);
        else index.set(e.pspReference, [e]);
      }
      return index;
    });
  }

  async feeOf(ledger: Ledger, entry: Entry, today: string): Promise<Entry | null> {
    if (entry.topic !== 'FUNDS' || entry.kind !== 'CAPTURE' || entry.pspReference === null) return null;
    // docs/upstreams/vipps-report.md: a capture-fee carries its capture's pspReference, and its ledger
    // date may be later (the sandbox books late fees on the next date).
    for (const date of [entry.ledgerDate, addDays(entry.ledgerDate, 1)]) {
      if (date > today) break;
      const fee = (await this.byPspReference(ledger.ledgerId, 'FEES', date)).get(entry.pspReference)?.find((e) => e.kind === 'FEE');
      if (fee) return fee;
    }
    return null;
  }

  async entryForSale(ledger: Ledger, sale: Pick<SalesEvent, 'pspReference' | 'entryType' | 'time'>, today: string): Promise<Entry | null> {
    if (sale.pspReference === null) return null;
    // The entry's ledger date is the ledger date of its time (the ledger's zone and cutoff), give
    // or take a date around the cutoff; the Sales API may book a late capture on the next date.
    const day = ledgerDateOf(Date.parse(sale.time), ledger);
    for (const date of [day, addDays(day, -1), addDays(day, 1)]) {
      if (date > today) continue;
      const found = (await this.byPspReference(ledger.ledgerId, 'FUNDS', date))
        .get(sale.pspReference)
        ?.find((e) => e.entryType === sale.entryType);
      if (found) return found;
    }
    return null;
  }

  payoutByBankReference(ledger: Ledger, reference: string, today: string): Promise<Payout | null> {
    return vippsPayoutByBankReference(reference, ledger.currency, (d) => this.wholeDate(ledger.ledgerId, d), today);
  }

  /**
   * The Report API's own feed. The API takes no starting point, and its cursors are opaque (not
   * to be constructed), so a feed with a start is the same feed with the entries before the start
   * left out: the only list in booking order whose cursor guarantees nothing is skipped, where a
   * walk over the date endpoints would pass a date that is still open (a date can stay open for
   * weeks) or wait on it. Reaching the start costs the feed's pages before it once: pages before
   * the live end never change and are kept (report-client.ts), so the next start or resume costs none.
   */
  feed(ledger: LedgerHandle, query: FeedQuery): EntryList {
    const { topic, gdpr, start } = query;
    const source = {
      segments: 1,
      fetchPage: (_s: number, token: string | null) =>
        this.report.feedPage(this.call, { ledgerId: ledger.ledgerId, topic, cursor: token, gdpr }),
    };
    return {
      content: { topic },
      pages: start ? filterList(source, startsFeed(start)) : source,
      final: async () => false,
      segmentLabel: () => 'feed',
      cacheScope: `${this.report.credentialKey}|${ledger.ledgerId}|${topic}|feed${start ? `|${JSON.stringify(start)}` : ''}`,
    };
  }

  entryByKey(key: string): Promise<Entry | null> {
    return this.report.entryByKey(this.call, key);
  }
}
