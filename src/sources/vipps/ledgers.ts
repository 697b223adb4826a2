import { mapLimit } from '../../concurrency.js';
import type { Clock } from '../../dates.js';
import {
  RequestMemo,
  type EntriesQuery,
  type EntryList,
  type FeedQuery,
  type LedgerListFilter,
  type LedgerProvider,
  type LedgerProviderInfo,
  type LedgerProviderSource,
} from '../ledger-provider.js';
import type { CallContext, Entry, Ledger, UpstreamPage } from '../model.js';
import { parseVippsEntryKey, type VippsReportSource } from './report.js';

export const VIPPS_LEDGERS: LedgerProviderInfo = { provider: 'VIPPS_MOBILEPAY', label: 'Vipps MobilePay', filterArgs: [] };

/** Vipps MobilePay Report API ledgers behind the `LedgerProvider` interface. */
export class VippsLedgerProviderSource implements LedgerProviderSource {
  readonly provider = VIPPS_LEDGERS.provider;
  readonly label = VIPPS_LEDGERS.label;
  readonly filterArgs = VIPPS_LEDGERS.filterArgs;

  constructor(private readonly report: VippsReportSource) {}

  ownsEntryKey(key: string): boolean {
    return parseVippsEntryKey(key) !== null;
  }

  forRequest(call: CallContext, _clock: Clock): LedgerProvider {
    return new VippsLedgers(this.report, call);
  }
}

/** One request's view of the Vipps MobilePay ledgers; its memos share pages between the request's fields. */
class VippsLedgers implements LedgerProvider {
  readonly provider = VIPPS_LEDGERS.provider;
  private readonly ledgerMemo = new RequestMemo<Ledger | null>();
  private readonly datePages = new RequestMemo<UpstreamPage<Entry>>();

  constructor(
    private readonly report: VippsReportSource,
    private readonly call: CallContext,
  ) {}

  ledgers(filter: LedgerListFilter) {
    return async (token: string | null): Promise<UpstreamPage<Ledger>> => {
      const page = await this.report.ledgers(this.call, { cursor: token, settlesForRecipientHandle: filter.settlesForRecipientHandle });
      return { items: page.items, next: page.next, hasMore: page.next !== null, final: true };
    };
  }

  ledger(ledgerId: string): Promise<Ledger | null> {
    return this.ledgerMemo.get(ledgerId, () => this.report.ledger(this.call, ledgerId));
  }

  entries(ledger: Ledger, query: EntriesQuery): EntryList {
    const { topic, range, gdpr } = query;
    const fetchDate = (date: string, cursor: string | null) =>
      this.datePages.get(`${ledger.ledgerId}:${topic}:${date}:${cursor ?? ''}:${gdpr}`, () =>
        this.report.datePage(this.call, { ledgerId: ledger.ledgerId, topic, date, cursor, gdpr }),
      );
    return {
      content: { topic, from: range.from, to: range.to },
      source: { segments: range.dates.length, fetchPage: (segment, token) => fetchDate(range.dates[segment] as string, token) },
      // Whether every date of the range is closed upstream: the first page of each date says
      // (`tryLater`), and closed dates come from the cache.
      final: async () => {
        if (range.extendsPastToday) return false;
        const firstPages = await mapLimit(range.dates, 4, (d) => fetchDate(d, null));
        return firstPages.every((p) => p.final);
      },
    };
  }

  feed(ledger: Ledger, query: FeedQuery): EntryList {
    const { topic, gdpr } = query;
    return {
      content: { topic },
      source: { segments: 1, fetchPage: (_s, token) => this.report.feedPage(this.call, { ledgerId: ledger.ledgerId, topic, cursor: token, gdpr }) },
      final: async () => false,
    };
  }

  entryByKey(key: string): Promise<Entry | null> {
    return this.report.entryByKey(this.call, key);
  }
}
