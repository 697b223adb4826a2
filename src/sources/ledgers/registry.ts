import type { Clock } from '../../domain/dates.js';
import type { CallContext, Provider } from '../model.js';
import { FULL_ACCESS, RequestLedgers, type LedgerAccess } from './request.js';
import { type LedgerProviderInfo, type ConfiguredProvider } from './provider.js';

/**
 * The registry of ledger providers, keyed by `Provider`, in the order `Query.ledgers` lists them.
 * Adding a provider is one `register` line in src/sources/index.ts.
 */
export class LedgerProviders {
  private readonly known: LedgerProviderInfo[] = [];
  private readonly byProvider = new Map<Provider, ConfiguredProvider>();

  /** Registers a provider: its static `info` always, its `source` when it is configured. */
  register(info: LedgerProviderInfo, source: ConfiguredProvider | null): this {
    if (this.known.some((k) => k.provider === info.provider)) throw new Error(`ledger provider ${info.provider} registered twice`);
    this.known.push(info);
    if (source) this.byProvider.set(source.provider, source);
    return this;
  }

  /** The configured providers, in listing order. */
  list(): ConfiguredProvider[] {
    return [...this.byProvider.values()];
  }

  get(provider: Provider): ConfiguredProvider | undefined {
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
