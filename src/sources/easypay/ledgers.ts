import type { Clock } from '../../dates.js';
import { utcMinuteOfDate } from '../../dates.js';
import { badInput } from '../../errors.js';
import {
  RequestMemo,
  type EntriesQuery,
  type EntryList,
  type LedgerListFilter,
  type LedgerProvider,
  type LedgerProviderInfo,
  type LedgerProviderSource,
  type ProviderArgs,
} from '../ledger-provider.js';
import type { CallContext, Entry, Ledger, UpstreamPage } from '../model.js';
import { parseEasypayEntryKey } from './entries.js';
import type { EasypayLedgerSource } from './ledger-report.js';
import { splitWindows, type MinuteWindow } from './windows.js';

/** The `Ledger.entries` arguments only the Easypay ledger report understands. */
const TRANSACTION_TYPE_ARG = 'easypayTransactionType';
const TRANSFER_BATCH_ARG = 'easypayTransferBatch';

export const EASYPAY_LEDGERS: LedgerProviderInfo = { provider: 'EASYPAY', label: 'Easypay', filterArgs: [TRANSACTION_TYPE_ARG, TRANSFER_BATCH_ARG] };

/** LedgerTransactionType codes are short capitals (`CP`, `FEE`, `MAN`); unknown ones go upstream, which judges them (QUIRKS.md section 3 item 5). */
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

/** The Easypay account (API 2.0 ledger report) behind the `LedgerProvider` interface. */
export class EasypayLedgerProviderSource implements LedgerProviderSource {
  readonly provider = EASYPAY_LEDGERS.provider;
  readonly label = EASYPAY_LEDGERS.label;
  readonly filterArgs = EASYPAY_LEDGERS.filterArgs;

  constructor(private readonly report: EasypayLedgerSource) {}

  ownsEntryKey(key: string): boolean {
    return parseEasypayEntryKey(key) !== null;
  }

  forRequest(call: CallContext, clock: Clock): LedgerProvider {
    return new EasypayLedgers(this.report, call, clock);
  }
}

/** One request's view of the Easypay account; its memos share window pages between the request's fields. */
class EasypayLedgers implements LedgerProvider {
  readonly provider = EASYPAY_LEDGERS.provider;
  private readonly ledgerMemo = new RequestMemo<Ledger | null>();
  private readonly windowPages = new RequestMemo<UpstreamPage<Entry>>();

  constructor(
    private readonly report: EasypayLedgerSource,
    private readonly call: CallContext,
    private readonly clock: Clock,
  ) {}

  ledgers(filter: LedgerListFilter) {
    // Easypay has no recipient handles: a filter on them leaves the account out.
    if (filter.settlesForRecipientHandle !== null) return null;
    // One account per credential set: a one-item list.
    return async (): Promise<UpstreamPage<Ledger>> => ({ items: [await this.report.listedLedger(this.call)], next: null, hasMore: false, final: true });
  }

  ledger(ledgerId: string): Promise<Ledger | null> {
    return this.ledgerMemo.get(ledgerId, () => this.report.ledgerById(this.call, ledgerId));
  }

  private windowPage(window: MinuteWindow, filters: EasypayFilters, token: string | null): Promise<UpstreamPage<Entry>> {
    return this.windowPages.get(`${window.from}-${window.to}:${filters.transactionType ?? ''}:${filters.transferBatch ?? ''}:${token ?? ''}`, () =>
      this.report.page(this.call, { window, cursor: token, ...filters }),
    );
  }

  /**
   * The range (already validated, at most 366 days) cut into `created_at` windows the upstream
   * accepts (30 days, minute precision, UTC; see windows.ts), which are the engine's segments,
   * walked in order behind one connection with the same cursor guarantees as the Vipps dates.
   * Windows that start after today have nothing yet and are left out; the windows before them keep
   * their boundaries, so a cursor stays valid while the days pass.
   */
  entries(_ledger: Ledger, query: EntriesQuery): EntryList {
    const { range, today } = query;
    const filters = easypayFilters(query.filters);
    const endOfToday = utcMinuteOfDate(today) + 1439;
    const windows = splitWindows(range.from, range.to).filter((w) => w.from <= endOfToday);
    return {
      content: { from: range.from, to: range.to, ...filters },
      source: {
        segments: windows.length,
        fetchPage: (segment, token) => {
          const window = windows[segment];
          if (!window) throw new Error(`no window ${segment}`);
          return this.windowPage(window, filters, token);
        },
      },
      // Easypay has no "date closed" signal (QUIRKS.md section 4): a day is closed once it has passed in UTC.
      final: async () => !range.extendsPastToday && range.to < today,
    };
  }

  feed(): EntryList {
    // The ledger report pages within one `created_at` window and its cursor is bound to it
    // (specs/README.md section 5): there is no endless, resumable feed to map this onto.
    throw badInput('`feed` is a Vipps MobilePay feed; Easypay has none. Read an Easypay ledger with `entries(from:, to:)` instead.', { argument: 'feed' });
  }

  entryByKey(key: string): Promise<Entry | null> {
    return this.report.entryByKey(this.call, key);
  }
}
