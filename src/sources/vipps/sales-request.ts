import DataLoader from 'dataloader';
import type { Clock } from '../../domain/dates.js';
import { TallyError } from '../../domain/errors.js';
import { FULL_ACCESS, noSuchLedger, type LedgerAccess, type RequestLedgers } from '../ledgers/request.js';
import { RequestMemo } from '../ledgers/memo.js';
import type { CallContext, Provider, SalesEvent } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import { saleJoinKey, SalesJoin, type SalesJoinKey } from './sales-join.js';
import { parseSalesEventKey, SALES_PAGE_SIZE, UnreadableSale, type SalesItem, type VippsSalesClient } from './sales-client.js';

/** A sales ledger's today (in its own time zone) by its ledgerId. */
type LedgerToday = (ledgerId: string) => Promise<string>;

/**
 * One request's use of the Vipps MobilePay Sales API: the Entry -> SalesEvent join and the date
 * pages it and `Ledger.salesEvents` read, shared by every field of the request.
 */
export class SalesRequest {
  private readonly datePages = new RequestMemo<UpstreamPage<SalesItem>>();
  private joinInstance: SalesJoin | undefined;
  private joinLoader: DataLoader<SalesJoinKey, SalesEvent | null> | undefined;

  constructor(
    private readonly source: VippsSalesClient,
    private readonly call: CallContext,
    private readonly todayOf: LedgerToday,
    private readonly access: LedgerAccess = FULL_ACCESS,
  ) {}

  /** A ledger outside the client's grant has no sales for it either, and nothing is asked upstream. */
  private granted(ledgerId: string): string {
    if (!this.access.mayRead(`${SALES_PROVIDER}:${ledgerId}`)) throw noSuchLedger();
    return ledgerId;
  }

  /** The ledger's today (its own time zone): the Sales API books on the Report API's ledger dates. */
  today(ledgerId: string): Promise<string> {
    return this.todayOf(ledgerId);
  }

  /**
   * One page of a date's sales, an unreadable sale in its place as an `UnreadableSale`: for lists
   * where one bad sale fails only itself (a connection's edge, the join's entry).
   */
  datePageItems(ledgerId: string, date: string, cursor: string | null, pageSize = SALES_PAGE_SIZE): Promise<UpstreamPage<SalesItem>> {
    this.granted(ledgerId);
    return this.datePages.get(`${ledgerId}:${date}:${pageSize}:${cursor ?? ''}`, async () =>
      this.source.datePage(this.call, { ledgerId, date, cursor, pageSize, today: await this.today(ledgerId), gdpr: this.access.gdpr }),
    );
  }

  /**
   * One page of a date's sales, every one of them readable: for what is computed from all of them
   * (a VAT report), which cannot be made without a sale and fails with that sale's error.
   */
  async datePage(ledgerId: string, date: string, cursor: string | null): Promise<UpstreamPage<SalesEvent>> {
    return readable(await this.datePageItems(ledgerId, date, cursor));
  }

  /** Private to these credentials and this ledger: prefixes cross-request caches of what is computed from its sales. */
  cacheScope(ledgerId: string): string {
    return `${this.source.credentialKey}|${ledgerId}|sales`;
  }

  /** One page of the feed, an unreadable sale in its place as an `UnreadableSale`. */
  feedPageItems(ledgerId: string, cursor: string | null): Promise<UpstreamPage<SalesItem>> {
    return this.source.feedPage(this.call, { ledgerId: this.granted(ledgerId), cursor, gdpr: this.access.gdpr });
  }

  /** Every page of an order's events; an unreadable one is an `UnreadableSale` in its place. */
  byReference(ledgerId: string, reference: string): Promise<SalesItem[]> {
    return this.source.byReference(this.call, { ledgerId: this.granted(ledgerId), reference, gdpr: this.access.gdpr });
  }

  byPspReference(ledgerId: string, pspReference: string): Promise<SalesItem[]> {
    return this.source.byPspReference(this.call, { ledgerId: this.granted(ledgerId), pspReference, gdpr: this.access.gdpr });
  }

  eventByKey(key: string): Promise<SalesEvent | null> {
    const ledgerId = parseSalesEventKey(key)?.ledgerId;
    if (ledgerId === undefined || !this.access.mayRead(`${SALES_PROVIDER}:${ledgerId}`)) return Promise.resolve(null);
    return this.source.eventByKey(this.call, key, this.access.gdpr);
  }

  /**
   * The sale of each join key, batched: the keys asked for in one tick (every entry of a page)
   * go to the join together. An unreadable sale or a failed read is that key's rejection (DataLoader
   * rejects the keys whose outcome is an Error), so what resolves is a sale or null. No
   * cache of its own: the join keeps every page and lookup it read for the rest of the request,
   * so a key asked again costs no call, and a string key per entry would cost every request.
   */
  sale(key: SalesJoinKey): Promise<SalesEvent | null> {
    this.joinLoader ??= new DataLoader<SalesJoinKey, SalesEvent | null>((keys) => this.join().load(keys), { cache: false });
    return this.joinLoader.load(key);
  }

  /** The request's join: one instance, so pages read by one batch serve the next. */
  join(): SalesJoin {
    this.joinInstance ??= new SalesJoin(
      {
        datePage: (ledgerId, date, cursor, pageSize) => this.datePageItems(ledgerId, date, cursor, pageSize),
        byPspReference: (ledgerId, pspReference) => this.byPspReference(ledgerId, pspReference),
        byReference: (ledgerId, reference) => this.byReference(ledgerId, reference),
      },
      { today: (ledgerId) => this.today(ledgerId) },
    );
    return this.joinInstance;
  }
}

/** The page, or the error of its first unreadable sale. */
function readable(page: UpstreamPage<SalesItem>): UpstreamPage<SalesEvent> {
  const bad = page.items.find((e) => e instanceof UnreadableSale);
  if (bad) throw bad;
  return page as UpstreamPage<SalesEvent>;
}

/** The provider whose ledgers have sales behind them (the Sales API is Vipps MobilePay's). */
const SALES_PROVIDER: Provider = 'VIPPS_MOBILEPAY';

/**
 * One request's access to sales data, by ledger: the Sales API for Vipps MobilePay ledgers,
 * nothing for providers without one.
 */
export class RequestSales {
  private readonly request: SalesRequest | null;

  constructor(
    source: VippsSalesClient | null,
    private readonly vippsConfigured: boolean,
    call: CallContext,
    todayOf: LedgerToday,
    access: LedgerAccess = FULL_ACCESS,
  ) {
    this.request = source ? new SalesRequest(source, call, todayOf, access) : null;
  }

  /** The sales reads for a ledger of `provider`; null for a provider without sales data. */
  forProvider(provider: Provider): SalesRequest | null {
    return provider === SALES_PROVIDER ? this.configured() : null;
  }

  /** The Sales API, or why it cannot be reached from this gateway. */
  configured(): SalesRequest {
    if (this.request) return this.request;
    // docs/upstreams/vipps-sales.md: accounting keys only; merchant keys have no path to the Sales API.
    throw new TallyError(
      'UPSTREAM_AUTH_FAILED',
      this.vippsConfigured
        ? 'The Vipps MobilePay Sales API needs accounting keys (VIPPS_KEY_TYPE=accounting); this gateway has merchant keys'
        : 'Vipps MobilePay is not configured on this gateway',
      { source: 'vipps-sales' },
    );
  }

  /**
   * What `Entry.salesEvent` looks a sale up by: the entry's join keys, or null for an entry that
   * cannot have a sale (another provider's, a fee, a payout), which then costs no upstream call.
   */
  joinKey(entry: Parameters<typeof saleJoinKey>[0]): SalesJoinKey | null {
    return saleJoinKey(entry);
  }

  /** The Sales API when configured, else null (node refetch finds nothing). */
  optional(): SalesRequest | null {
    return this.request;
  }
}

/** The sales sources of a gateway, opened per request. */
export class SalesProviders {
  constructor(
    private readonly source: VippsSalesClient | null,
    private readonly vippsConfigured: boolean,
  ) {}

  /**
   * `ledgers`: the request's ledger providers, which know each sales ledger's today (from its key
   * alone most of the day; UTC's for a ledger they cannot find).
   */
  forRequest(call: CallContext, clock: Clock, ledgers: Pick<RequestLedgers, 'today'>, access: LedgerAccess = FULL_ACCESS): RequestSales {
    const todayOf = async (ledgerId: string) => (await ledgers.today({ provider: SALES_PROVIDER, ledgerId })) ?? clock.today('UTC');
    return new RequestSales(this.source, this.vippsConfigured, call, todayOf, access);
  }
}
