import type { Clock } from '../../domain/dates.js';
import { badInput, TallyError } from '../../domain/errors.js';
import type { CallContext, Entry, Ledger, LedgerHandle, Payout, Provider, SalesEvent } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type {
  EntriesQuery,
  EntryList,
  FeedQuery,
  LedgerListFilter,
  LedgerProvider,
  ConfiguredProvider,
  PayoutBalances,
  ProviderCatalog,
  PayoutsQuery,
  ProviderArgs,
  ProviderList,
} from './provider.js';

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

/**
 * The answer for a ledger that does not exist and for one outside the client's grant alike: the
 * client cannot tell them apart (docs/architecture.md, Clients and grants).
 */
export function noSuchLedger(): TallyError {
  return new TallyError('NOT_FOUND', 'No such ledger, or it is not visible to these credentials');
}

/** Everything (the sandbox's anonymous client, tests, tools). */
export const FULL_ACCESS: LedgerAccess = { mayRead: () => true, gdpr: true };

/** The ledger providers of one request: each opened on first use, so its per-request memos are shared by every field. */
export class RequestLedgers {
  private readonly open = new Map<Provider, LedgerProvider>();

  constructor(
    private readonly registry: ProviderCatalog,
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

  private opened(source: ConfiguredProvider): LedgerProvider {
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
    private readonly source: ConfiguredProvider,
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
    if (!this.granted(ledger.ledgerId)) throw noSuchLedger();
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
