import { isoDate } from '../core/clock.js';
import { BILLING_REPORT_MONTHS, generateSubscriptions } from './billing.js';
import { DINTERO_SANDBOX_CREDENTIALS, DinteroOptionsSchema, type DinteroAccountKind } from './options.js';
import { PROVIDERS, generateSettlements, type FileType } from './settlements.js';

/** `startSandbox`'s default seed (src/sandbox/server.ts); the core does not export it. */
export const SANDBOX_DEFAULT_SEED = 20_260_101;

export interface DinteroAccountFacts {
  accountId: string;
  clientId: string;
  clientSecret: string;
  settlementCount: number;
  /** Providers, currencies, stores and payout destinations that occur in this account's settlements, sorted. */
  providers: string[];
  currencies: string[];
  stores: string[];
  payoutDestinations: string[];
  /** Settlements not paid out yet (`settled_at: null`, `payment_status: postponed`). */
  postponedSettlementIds: string[];
  /** Settlements whose `amounts` has two currencies. */
  multiCurrencySettlementIds: string[];
  /** A settlement carrying an attachment of each type, with that attachment's id. */
  attachments: Partial<Record<FileType, { settlementId: string; attachmentId: string }>>;
  /** Configurations present at start (before any write). */
  reportConfigurationCount: number;
  billingReportCount: number;
  subscriptionCount: number;
  subscriptionNamespaces: string[];
  subscriptionCurrencies: string[];
}

export interface DinteroSandboxFacts {
  accounts: Record<DinteroAccountKind, DinteroAccountFacts>;
  /** dintero quirk 5 (docs/upstreams/dintero.md): providers whose settlements carry `fee` negative, and those with `fee` positive. */
  negativeFeeProviders: string[];
  positiveFeeProviders: string[];
}

const sorted = (values: Iterable<string | undefined>) => [...new Set([...values].filter((v): v is string => !!v))].sort();

/**
 * What tests need to know about the generated world, computed by the same generator the vendor serves from, for the
 * sandbox's `today` (settlement ids are anchored to fixed payout days, so which ones are listed follows the clock).
 */
export function dinteroSandboxFacts(
  seed: number = SANDBOX_DEFAULT_SEED,
  options: { settlementCount?: number; today?: string } = {},
): DinteroSandboxFacts {
  const { settlementCount } = DinteroOptionsSchema.parse({ settlementCount: options.settlementCount });
  // Settlements are anchored to fixed dates, so which ones exist depends on the sandbox's today: pass the sandbox's.
  const today = options.today ?? isoDate(new Date());
  const accounts = {} as Record<DinteroAccountKind, DinteroAccountFacts>;
  for (const kind of Object.keys(DINTERO_SANDBOX_CREDENTIALS) as DinteroAccountKind[]) {
    const creds = DINTERO_SANDBOX_CREDENTIALS[kind];
    const generated = generateSettlements(seed, creds.accountId, settlementCount, today).map((g) => g.item);
    const attachments: DinteroAccountFacts['attachments'] = {};
    for (const s of generated) {
      for (const a of s.attachments) attachments[a.extension] ??= { settlementId: s.id, attachmentId: a.id };
    }
    const subscriptions = generateSubscriptions(seed, creds.accountId);
    accounts[kind] = {
      accountId: creds.accountId,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      settlementCount: generated.length,
      providers: sorted(generated.map((s) => s.provider)),
      currencies: sorted(generated.flatMap((s) => s.amounts.map((a) => a.currency))),
      stores: sorted(generated.map((s) => s.store_id)),
      payoutDestinations: sorted(generated.map((s) => s.payout_destination_id)),
      postponedSettlementIds: generated.filter((s) => s.settled_at === null).map((s) => s.id),
      multiCurrencySettlementIds: generated.filter((s) => s.amounts.length > 1).map((s) => s.id),
      attachments,
      reportConfigurationCount: 1,
      billingReportCount: BILLING_REPORT_MONTHS,
      subscriptionCount: subscriptions.length,
      subscriptionNamespaces: sorted(subscriptions.map((s) => s.namespace)),
      subscriptionCurrencies: sorted(subscriptions.flatMap((s) => s.prices.map((p) => p.currency))),
    };
  }
  const names = Object.keys(PROVIDERS);
  return {
    accounts,
    negativeFeeProviders: names.filter((p) => PROVIDERS[p]?.feeSign === -1).sort(),
    positiveFeeProviders: names.filter((p) => PROVIDERS[p]?.feeSign === 1).sort(),
  };
}
