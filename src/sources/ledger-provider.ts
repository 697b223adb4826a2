import type { Clock, DateSelection } from '../dates.js';
import { badInput, TallyError } from '../errors.js';
import type { Money } from '../money.js';
import type { UpstreamClientOptions } from './http/upstream-client.js';
import type { CallContext, Entry, Ledger, LedgerHandle, LedgerTopic, Payout, Provider, SalesEvent, SegmentedSource, UpstreamPage } from './model.js';

/**
 * What a ledger provider offers the gateway (docs/architecture.md, Providers): its ledgers, one ledger, its
 * entries for a date range and filters, its feed, one entry by key, and what it can say about
 * finality. Resolvers ask the provider of the ledger at hand and never branch on which one it is.
 *
 * A `LedgerProvider` lives for one GraphQL request (built by its `LedgerProviderSource`, the way
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
  /** `Ledger.feed`: every entry from the ledger's first, oldest first, never ending (`tryLater` at the live end). Needs only the ledger's id. */
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
  /** This provider's own arguments (`LedgerProviderSource.filterArgs`), not yet validated. */
  filters: ProviderArgs;
}

export interface FeedQuery {
  topic: LedgerTopic;
  gdpr: boolean;
}

/** A list for the one connection engine, with what the provider says about its finality. */
export interface ProviderList<T> {
  source: SegmentedSource<T>;
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

/**
 * What the calling client may read (docs/architecture.md, Clients and grants). A ledger outside it does not
 * exist for the client: it is left out of lists, not found by key, and nothing is fetched upstream
 * for it. Enforced here, where ledgers are listed and loaded, so no resolver can forget it.
 */
export interface LedgerAccess {
  /** Whether the client may read the ledger `PROVIDER:ledgerId`. */
  mayRead(ledgerKey: string): boolean;
  /** Whether the client may read GDPR-sensitive payer details (else they are never requested upstream). */
  readonly gdpr: boolean;
}

/** Everything (the sandbox's anonymous client, tests, tools). */
export const FULL_ACCESS: LedgerAccess = { mayRead: () => true, gdpr: true };

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

/** A configured provider, built once per gateway: builds the per-request `LedgerProvider`. */
export interface LedgerProviderSource extends LedgerProviderInfo {
  /** Whether `key` is one of this provider's entry keys (`Entry.key`). */
  ownsEntryKey(key: string): boolean;
  /** The upstream ledger id an entry key of this provider belongs to; null for a key it does not own. */
  ledgerOfEntryKey(key: string): string | null;
  forRequest(call: CallContext, clock: Clock): LedgerProvider;
}

/**
 * The registry of ledger providers, keyed by `Provider`, in the order `Query.ledgers` lists them.
 * Adding a provider is one `register` line in src/sources/index.ts.
 */
export class LedgerProviders {
  private readonly known: LedgerProviderInfo[] = [];
  private readonly byProvider = new Map<Provider, LedgerProviderSource>();

  /** Registers a provider: its static `info` always, its `source` when it is configured. */
  register(info: LedgerProviderInfo, source: LedgerProviderSource | null): this {
    if (this.known.some((k) => k.provider === info.provider)) throw new Error(`ledger provider ${info.provider} registered twice`);
    this.known.push(info);
    if (source) this.byProvider.set(source.provider, source);
    return this;
  }

  /** The configured providers, in listing order. */
  list(): LedgerProviderSource[] {
    return [...this.byProvider.values()];
  }

  get(provider: Provider): LedgerProviderSource | undefined {
    return this.byProvider.get(provider);
  }

  /** Every filter argument some provider owns (configured or not), with its owner. */
  filterArgs(): Array<{ name: string; owner: LedgerProviderInfo }> {
    return this.known.flatMap((owner) => owner.filterArgs.map((name) => ({ name, owner })));
  }

  /** Opens every provider for one request, for a client with `access`. */
  forRequest(call: CallContext, clock: Clock, access: LedgerAccess = FULL_ACCESS): RequestLedgers {
    return new RequestLedgers(this, call, clock, access);
  }
}

/** The ledger providers of one request: each opened on first use, so its per-request memos are shared by every field. */
export class RequestLedgers {
  private readonly open = new Map<Provider, LedgerProvider>();

  constructor(
    private readonly registry: LedgerProviders,
    private readonly call: CallContext,
    private readonly clock: Clock,
    private readonly access: LedgerAccess,
  ) {}

  /** Every configured provider, in listing order. */
  all(): LedgerProvider[] {
    return this.registry.list().map((s) => this.opened(s));
  }

  /** The provider of `provider`; null when it is not configured on this gateway. */
  of(provider: Provider): LedgerProvider | null {
    const source = this.registry.get(provider);
    return source ? this.opened(source) : null;
  }

  /** A ledger by its key `PROVIDER:ledgerId` (the inner part of its global id); null for an unknown provider or ledger. */
  ledgerByKey(key: string): Promise<Ledger | null> {
    const colon = key.indexOf(':');
    if (colon < 0) return Promise.resolve(null);
    const source = this.registry.list().find((s) => s.provider === key.slice(0, colon));
    return source ? this.opened(source).ledger(key.slice(colon + 1)) : Promise.resolve(null);
  }

  /**
   * A ledger named by its key, without reading it: null for an unknown provider or a ledger
   * outside the client's grant (decided from the key alone), else its handle. Whether it exists
   * is known only once something is read for it (the ledger itself, or its entries).
   */
  handle(key: string): LedgerHandle | null {
    const colon = key.indexOf(':');
    if (colon < 0) return null;
    const provider = key.slice(0, colon);
    const ledgerId = key.slice(colon + 1);
    const source = this.registry.list().find((s) => s.provider === provider);
    if (!source || ledgerId === '' || !this.access.mayRead(`${source.provider}:${ledgerId}`)) return null;
    return this.opened(source).mayExist(ledgerId) ? { provider: source.provider, ledgerId } : null;
  }

  /**
   * A ledger's today in its own time zone and date cutoff. Known from the key alone while every zone the ledger
   * may be in agrees (all but an hour or two around midnight), else read from the ledger (null
   * when it does not exist or is not visible).
   */
  async today(handle: LedgerHandle): Promise<string | null> {
    const provider = this.of(handle.provider);
    if (!provider) return null;
    const zones = provider.possibleTimeZones(handle.ledgerId);
    const dateCutoffMinutes = provider.dateCutoffMinutes(handle.ledgerId);
    const first = zones[0];
    if (first !== undefined) {
      const today = this.clock.today({ timeZone: first, dateCutoffMinutes });
      if (zones.every((z) => z === first || this.clock.today({ timeZone: z, dateCutoffMinutes }) === today)) return today;
    }
    const ledger = await provider.ledger(handle.ledgerId);
    return ledger && this.clock.today(ledger);
  }

  /** An entry by its key, asked of the provider that owns the key. */
  entryByKey(key: string): Promise<Entry | null> {
    const source = this.registry.list().find((s) => s.ownsEntryKey(key));
    return source ? this.opened(source).entryByKey(key) : Promise.resolve(null);
  }

  /** A payout by its key (its entry's key), asked of the provider that owns the key. */
  payoutByKey(key: string): Promise<Payout | null> {
    const source = this.registry.list().find((s) => s.ownsEntryKey(key));
    return source ? this.opened(source).payoutByKey(key) : Promise.resolve(null);
  }

  /**
   * The filter arguments that belong to `ledger`'s provider. Another provider's filter given on
   * this ledger is an error rather than silently ignored.
   */
  filtersFor(ledger: Pick<Ledger, 'provider'>, args: object): ProviderArgs {
    const given = new Map<string, unknown>(Object.entries(args));
    const own: Record<string, string | null | undefined> = {};
    for (const { name, owner } of this.registry.filterArgs()) {
      const raw = given.get(name);
      const value = typeof raw === 'string' ? raw : null;
      if (owner.provider === ledger.provider) own[name] = value;
      else if (value != null) {
        throw badInput(`\`${name}\` filters ${owner.label} ledgers only; this ledger is not an ${owner.label} ledger.`, { argument: name });
      }
    }
    return own;
  }

  private opened(source: LedgerProviderSource): LedgerProvider {
    let p = this.open.get(source.provider);
    if (!p) {
      p = new GrantedLedgers(source, source.forRequest(this.call, this.clock), this.access);
      this.open.set(source.provider, p);
    }
    return p;
  }
}

/** A provider as one client sees it: only its granted ledgers, payer details only with `gdpr`. */
class GrantedLedgers implements LedgerProvider {
  readonly provider: Provider;

  constructor(
    private readonly source: LedgerProviderSource,
    private readonly inner: LedgerProvider,
    private readonly access: LedgerAccess,
  ) {
    this.provider = inner.provider;
  }

  private granted(ledgerId: string): boolean {
    return this.access.mayRead(`${this.provider}:${ledgerId}`);
  }

  private require(ledger: LedgerHandle): void {
    // Unreachable through the schema (an ungranted ledger is never handed out), kept as the last line of defence.
    if (!this.granted(ledger.ledgerId)) throw new TallyError('NOT_FOUND', 'No such ledger, or it is not visible to these credentials');
  }

  ledgers(filter: LedgerListFilter): ((token: string | null) => Promise<UpstreamPage<Ledger>>) | null {
    const list = this.inner.ledgers(filter);
    if (!list) return null;
    return async (token) => {
      const page = await list(token);
      return { ...page, items: page.items.filter((l) => this.granted(l.ledgerId)) };
    };
  }

  ledger(ledgerId: string): Promise<Ledger | null> {
    return this.granted(ledgerId) ? this.inner.ledger(ledgerId) : Promise.resolve(null);
  }

  possibleTimeZones(ledgerId: string): readonly string[] {
    return this.inner.possibleTimeZones(ledgerId);
  }

  dateCutoffMinutes(ledgerId: string): number {
    return this.inner.dateCutoffMinutes(ledgerId);
  }

  mayExist(ledgerId: string): boolean {
    return this.granted(ledgerId) && this.inner.mayExist(ledgerId);
  }

  entries(ledger: LedgerHandle, query: EntriesQuery): EntryList {
    this.require(ledger);
    return this.inner.entries(ledger, { ...query, gdpr: query.gdpr && this.access.gdpr });
  }

  feed(ledger: LedgerHandle, query: FeedQuery): EntryList {
    this.require(ledger);
    return this.inner.feed(ledger, { ...query, gdpr: query.gdpr && this.access.gdpr });
  }

  entryByKey(key: string): Promise<Entry | null> {
    return this.grantedKey(key) ? this.inner.entryByKey(key) : Promise.resolve(null);
  }

  payouts(ledger: Ledger, query: PayoutsQuery): ProviderList<Payout> {
    this.require(ledger);
    return this.inner.payouts(ledger, query);
  }

  payoutByKey(key: string): Promise<Payout | null> {
    return this.grantedKey(key) ? this.inner.payoutByKey(key) : Promise.resolve(null);
  }

  previousPayout(ledger: Ledger, payout: Payout): Promise<Payout | null> {
    this.require(ledger);
    return this.inner.previousPayout(ledger, payout);
  }

  settledEntries(ledger: Ledger, payout: Payout): Promise<EntryList> {
    this.require(ledger);
    return this.inner.settledEntries(ledger, payout);
  }

  payoutOf(ledger: Ledger, entry: Entry, today: string): Promise<Payout | null> {
    this.require(ledger);
    return this.inner.payoutOf(ledger, entry, today);
  }

  payoutByBankReference(ledger: Ledger, reference: string, today: string): Promise<Payout | null> {
    this.require(ledger);
    return this.inner.payoutByBankReference(ledger, reference, today);
  }

  payoutBalances(ledger: Ledger, payout: Payout): Promise<PayoutBalances | null> {
    this.require(ledger);
    return this.inner.payoutBalances(ledger, payout);
  }

  feeOf(ledger: Ledger, entry: Entry, today: string): Promise<Entry | null> {
    this.require(ledger);
    return this.inner.feeOf(ledger, entry, today);
  }

  entryForSale(ledger: Ledger, sale: Pick<SalesEvent, 'pspReference' | 'entryType' | 'time'>, today: string): Promise<Entry | null> {
    this.require(ledger);
    return this.inner.entryForSale(ledger, sale, today);
  }

  /** Whether an entry (or payout) key belongs to a granted ledger, decided from the key alone. */
  private grantedKey(key: string): boolean {
    const ledgerId = this.source.ledgerOfEntryKey(key);
    return ledgerId !== null && this.granted(ledgerId);
  }
}

/** A per-request memo of one kind of value: one promise per key for the life of the request; a failure is forgotten so a retry asks again. */
export class RequestMemo<T> {
  private readonly values = new Map<string, Promise<T>>();

  /** Whether `key` was asked for in this request (its value is or will be at hand without another upstream call). */
  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.values.get(key);
    if (hit) return hit;
    const p = load();
    this.values.set(key, p);
    p.catch(() => this.values.delete(key));
    return p;
  }
}
