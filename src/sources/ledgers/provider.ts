import type { Clock, DateSelection } from '../../domain/dates.js';
import type { Money } from '../../domain/money.js';
import type { UpstreamClientOptions } from '../http/upstream-client.js';
import type { CallContext, Entry, Ledger, LedgerHandle, LedgerTopic, Payout, Provider, SalesEvent } from '../model.js';
import type { SegmentedList, UpstreamPage } from '../../paging/page.js';

/**
 * What a ledger provider offers the gateway (docs/architecture.md, Providers): its ledgers, one ledger, its
 * entries for a date range and filters, its feed, one entry by key, and what it can say about
 * finality. Resolvers ask the provider of the ledger at hand and never branch on which one it is.
 *
 * A `LedgerProvider` lives for one GraphQL request (built by its `ConfiguredProvider`, the way
 * the Hive console API builds operation-scoped providers): its per-request memos are typed fields
 * of the object, so pages read by one field serve the next within the request.
 */
export interface LedgerProvider {
  readonly provider: Provider;
  /**
   * This provider's ledgers for `Query.ledgers`, one upstream page per call (`token` null for the
   * first); null when the filter leaves the whole provider out.
   */
  ledgers(filter: LedgerListFilter): ((token: string | null) => Promise<UpstreamPage<Ledger>>) | null;
  /** One ledger by its upstream id; null when it does not exist or is not visible to these credentials. */
  ledger(ledgerId: string): Promise<Ledger | null>;
  /**
   * The time zones the ledger may count its dates in, known without reading the ledger: one when
   * it is configured or fixed by the provider, several when only the ledger itself tells (its
   * country). Its `timeZone` is always one of them, so where they all agree on today, today is
   * known without an upstream call.
   */
  possibleTimeZones(ledgerId: string): readonly string[];
  /**
   * Minutes after local midnight at which the ledger's dates begin (0 for midnight), known without
   * reading the ledger: the ledger's `dateCutoffMinutes` is always this.
   */
  dateCutoffMinutes(ledgerId: string): number;
  /**
   * False when the id alone shows the ledger does not exist (Easypay: not the configured account);
   * true when only reading it could tell (Vipps MobilePay: the list, or a 404 on its entries).
   */
  mayExist(ledgerId: string): boolean;
  /** `Ledger.entries`: the entries of the dates in `query.range`, filtered by this provider's own arguments. Needs only the ledger's id. */
  entries(ledger: LedgerHandle, query: EntriesQuery): EntryList;
  /**
   * `Ledger.feed`: every entry from the ledger's first (or from `query.start`), oldest first, never
   * ending (`tryLater` at the live end). Needs only the ledger's id.
   */
  feed(ledger: LedgerHandle, query: FeedQuery): EntryList;
  /** An entry by its key (`Entry.key`, the inner part of its global id); null when it does not exist. */
  entryByKey(key: string): Promise<Entry | null>;
  /** `Ledger.payouts`: the payouts with ledger dates in `query.range`, oldest first. */
  payouts(ledger: Ledger, query: PayoutsQuery): ProviderList<Payout>;
  /** A payout by its key (its payout entry's key); null when it does not exist or is no payout. */
  payoutByKey(key: string): Promise<Payout | null>;
  /** `Payout.previous`: the ledger's payout before this one; null when there is none within the provider's lookback. */
  previousPayout(ledger: Ledger, payout: Payout): Promise<Payout | null>;
  /**
   * `Payout.balanceBefore` and `retained`: the ledger's balances around the payout entry where the
   * provider reports balances; otherwise computed from what the payout settles.
   */
  payoutBalances(ledger: Ledger, payout: Payout): Promise<PayoutBalances | null>;
  /** `Payout.entries`: the funds entries the payout settles, oldest first. */
  settledEntries(ledger: Ledger, payout: Payout): Promise<EntryList>;
  /** `Entry.payout`: the payout that settled a funds entry; null while none has. */
  payoutOf(ledger: Ledger, entry: Entry, today: string): Promise<Payout | null>;
  /** `Ledger.payoutByBankReference`: the payout behind a bank statement text; null when none has it. */
  payoutByBankReference(ledger: Ledger, reference: string, today: string): Promise<Payout | null>;
  /** `Entry.fee`: the fee booked for a capture on a separate fees book; null where there is none (yet). */
  feeOf(ledger: Ledger, entry: Entry, today: string): Promise<Entry | null>;
  /** `SalesEvent.entry`: the funds entry of a sale (same pspReference and type); null when none is booked. */
  entryForSale(ledger: Ledger, sale: Pick<SalesEvent, 'pspReference' | 'entryType' | 'time'>, today: string): Promise<Entry | null>;
}

export interface PayoutBalances {
  balanceBefore: Money;
  retained: Money;
}

export interface PayoutsQuery {
  range: DateSelection;
  today: string;
}

export interface LedgerListFilter {
  /** Only ledgers settling this recipient handle; providers without recipient handles are left out. */
  settlesForRecipientHandle: string | null;
}

/** Arguments of `Ledger.entries` that only one provider understands, by argument name. */
export type ProviderArgs = Readonly<Record<string, string | null | undefined>>;

export interface EntriesQuery {
  /** Which book (providers with one book ignore it). */
  topic: LedgerTopic;
  /** The validated dates, counted in the ledger's time zone. */
  range: DateSelection;
  /** Today in the ledger's time zone, from the request's clock. */
  today: string;
  /** Whether the operation selects GDPR-sensitive payer details. */
  gdpr: boolean;
  /** This provider's own arguments (`ConfiguredProvider.filterArgs`), not yet validated. */
  filters: ProviderArgs;
}

export interface FeedQuery {
  topic: LedgerTopic;
  gdpr: boolean;
  /** Where the feed starts; null for the ledger's first entry. */
  start: FeedStart | null;
}

/**
 * Where a feed starts (`Ledger.feed(from:)`): the entries whose `time` is at or after the instant
 * `at` (UTC ISO 8601, as `DateTime` parses it), or whose ledger date is `date` or later. A start
 * at "now" reaches the provider as the instant that was now.
 */
export type FeedStart = { at: string } | { date: string };

/** A list for the one connection engine, with what the provider says about its finality. */
export interface ProviderList<T> {
  pages: SegmentedList<T>;
  /**
   * Everything that decides the list's content besides `first`/`after` (the dates, the book,
   * filters, a feed's origin): cursors are bound to it, so a cursor never resumes another list.
   */
  content: Record<string, unknown>;
  /**
   * Whether none of the list's entries can change any more (every date closed upstream), found
   * with at most `budget` upstream calls (cache misses); false when that is not enough to know.
   */
  final(budget: number): Promise<boolean>;
  /** Names a segment (its date, its window) for messages and for per-segment caches. */
  segmentLabel(segment: number): string;
  /**
   * Private to the credential set that reads the list and to its ledger: cross-request caches of
   * what is computed from the list (per-segment totals) are keyed under it, never shared.
   */
  cacheScope: string;
}

/** A list of entries (`Ledger.entries`, `Ledger.feed`, `Payout.entries`). */
export type EntryList = ProviderList<Entry>;

/** What is known of a provider without its configuration: the same on every gateway, like the schema. */
export interface LedgerProviderInfo {
  readonly provider: Provider;
  /** How users know the provider, for messages (`Easypay`, `Vipps MobilePay`). */
  readonly label: string;
  /**
   * Names of the `Ledger.entries` arguments only this provider understands (validated by it in
   * `entries`); the same arguments on another provider's ledger are a `BAD_USER_INPUT`.
   */
  readonly filterArgs: readonly string[];
}

/** What every provider is built with: the shared upstream HTTP settings and the one clock. */
export interface ProviderDeps {
  http: Pick<UpstreamClientOptions, 'dispatcher' | 'cache' | 'timeoutMs' | 'retries' | 'telemetry'>;
  clock: Clock;
}

/** What a request's scope reads of the registry (`LedgerProviders`): the configured providers and the filter arguments. */
export interface ProviderCatalog {
  list(): ConfiguredProvider[];
  get(provider: Provider): ConfiguredProvider | undefined;
  filterArgs(): Array<{ name: string; owner: LedgerProviderInfo }>;
}

/** A configured provider, built once per gateway: builds the per-request `LedgerProvider`. */
export interface ConfiguredProvider extends LedgerProviderInfo {
  /** Whether `key` is one of this provider's entry keys (`Entry.key`). */
  ownsEntryKey(key: string): boolean;
  /** The upstream ledger id an entry key of this provider belongs to; null for a key it does not own. */
  ledgerOfEntryKey(key: string): string | null;
  forRequest(call: CallContext, clock: Clock): LedgerProvider;
}
