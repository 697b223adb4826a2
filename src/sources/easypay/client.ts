import { TallyError } from '../../domain/errors.js';
import type { EasypayUpstream } from '../../config.js';
import { credentialFingerprint, type UpstreamClient } from '../http/upstream-client.js';
import type { CallContext, Entry, Ledger } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import { EASYPAY_DEFAULT_CURRENCY, EASYPAY_TIME_ZONE, parseEasypayEntryKey, toEasypayEntry } from './mapping.js';
import { LedgerPageSchema } from './schemas.js';
import { intervalParam, inWindow, minuteWindow, type MinuteWindow } from './windows.js';

const ENDPOINT = 'GET /report/ledger';
/** "the maximum allowable limit is 100" (docs/upstreams/easypay.md): fewest calls per window. */
const PAGE_LIMIT = 100;

/**
 * How long a window's pages stay valid across requests. Easypay has no "closed" signal (docs/upstreams/
 * section 4) and documents no immutability. A window whose end has passed gets no new entries, but
 * its entries' `transfer_batch` and `transfer_batch_date` are filled in later, once the batch pays
 * out (a few days after creation; the sandbox settles on the second weekday after). So: a window
 * that includes now is never cached; one that ended within the settlement horizon is cached
 * briefly; older ones for a day.
 */
const SETTLEMENT_HORIZON_MINUTES = 7 * 1440;
const SETTLED_TTL_MS = 24 * 60 * 60 * 1000;
const RECENT_TTL_MS = 60 * 1000;
/** The account's currency changes rarely if ever: one probe an hour. */
const ACCOUNT_TTL_MS = 60 * 60 * 1000;

export interface EasypayLedgerQuery {
  window: MinuteWindow;
  /** The upstream `next_cursor` of the previous page of this window; null for its first page. */
  cursor: string | null;
  /** `transaction_type`, one code, passed through (the upstream answers 412 to codes it does not know). */
  transactionType?: string | null;
  /** `transfer_batch`, e.g. `"584"`. */
  transferBatch?: string | null;
}

/**
 * A 412 ("Precondition Failed", the ledger report's answer to a query it does not accept) to a
 * request Tally made up alone (the account probe, windows and cursors it built) is no mistake of
 * the client's: UPSTREAM_BAD_RESPONSE, with the vendor's message and status kept. 403 stays
 * UPSTREAM_AUTH_FAILED and 500 UPSTREAM_UNAVAILABLE (the upstream client's mapping).
 */
function ownRequestRefused(err: unknown): unknown {
  if (!(err instanceof TallyError) || err.code !== 'BAD_USER_INPUT' || err.details?.status !== 412) return err;
  return new TallyError('UPSTREAM_BAD_RESPONSE', `${err.message} (to a request Tally made, not one the client shaped)`, {
    source: err.source,
    details: err.details,
    cause: err,
  });
}

/**
 * The Easypay API 2.0 ledger report for one account (`EASYPAY_ACCOUNT_ID`/`EASYPAY_API_KEY`): the
 * account as a `Ledger`, pages of one `created_at` window as `Entry`s, and entries by key.
 */
export class EasypayClient {
  /** Prefixes every cache key: one credential set's data never answers another's request. */
  readonly fingerprint: string;

  constructor(
    private readonly http: UpstreamClient,
    private readonly credentials: EasypayUpstream,
    private readonly now: () => number = Date.now,
  ) {
    this.fingerprint = credentialFingerprint('easypay', credentials.baseUrl, credentials.accountId, credentials.apiKey);
  }

  get accountId(): string {
    return this.credentials.accountId;
  }

  /** Two headers on every request, no token exchange (docs/upstreams/easypay.md, Base URLs and auth). */
  private get headers(): Record<string, string> {
    return { AccountId: this.credentials.accountId, ApiKey: this.credentials.apiKey };
  }

  /**
   * The account as a ledger. The report has no account endpoint; the currency is read from the
   * newest entry (one entry, default window), EUR when there is none. This also checks the
   * credentials, so a wrong key shows up where the ledger is listed.
   */
  async ledger(ctx: CallContext): Promise<Ledger> {
    const res = await this.http
      .request({
        path: '/report/ledger',
        endpoint: ENDPOINT,
        query: { limit: 1 },
        headers: this.headers,
        schema: LedgerPageSchema,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { key: this.fingerprint, ttlMs: () => ACCOUNT_TTL_MS },
      })
      .catch((err: unknown) => Promise.reject(ownRequestRefused(err)));
    const first = res.data.data[0];
    return this.account(first?.amount?.currency ?? first?.amount_details?.transfered_amount?.currency ?? EASYPAY_DEFAULT_CURRENCY);
  }

  /**
   * The account for a list of every provider's ledgers. When Easypay refuses or fails the probe
   * (the ledger report documents 403, 412 and 500), the account is listed as unavailable with that
   * error: the list shows it as null with the coded error and the other providers' ledgers intact,
   * never as an account with a guessed currency.
   */
  async listedLedger(ctx: CallContext): Promise<Ledger> {
    try {
      return await this.ledger(ctx);
    } catch (err) {
      if (err instanceof TallyError && err.source === 'easypay') return { ...this.account(EASYPAY_DEFAULT_CURRENCY), unavailable: err };
      throw err;
    }
  }

  private account(currency: string): Ledger {
    return {
      provider: 'EASYPAY',
      ledgerId: this.credentials.accountId,
      currency,
      // Easypay has no accounting day of its own: the account's days are Lisbon's (mapping.ts).
      timeZone: EASYPAY_TIME_ZONE,
      dateCutoffMinutes: 0,
      payoutBankAccount: null,
      owner: null,
      settlesForRecipientHandles: [],
      salesUnits: [],
    };
  }

  async ledgerById(ctx: CallContext, ledgerId: string): Promise<Ledger | null> {
    return ledgerId === this.credentials.accountId ? this.ledger(ctx) : null;
  }

  /** One upstream page of one window, in the upstream's order (`created_at`, then id). */
  async page(ctx: CallContext, q: EasypayLedgerQuery): Promise<UpstreamPage<Entry>> {
    const nowMinute = Math.floor(this.now() / 60_000);
    const closed = q.window.to < nowMinute;
    const settled = q.window.to < nowMinute - SETTLEMENT_HORIZON_MINUTES;
    const res = await this.http
      .request({
        path: '/report/ledger',
        endpoint: ENDPOINT,
        query: {
          created_at: intervalParam(q.window),
          limit: PAGE_LIMIT,
          cursor: q.cursor,
          transaction_type: q.transactionType,
          transfer_batch: q.transferBatch,
        },
        headers: this.headers,
        schema: LedgerPageSchema,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { key: this.fingerprint, ttlMs: () => (settled ? SETTLED_TTL_MS : closed ? RECENT_TTL_MS : 0) },
        // A subscription's poll: a window still open is read once per poll slot, shared (upstream-client.ts).
        live: ctx.live,
      })
      // A 412 answers a filter the client chose (an unknown transaction code): its own input. Without one, Tally built the whole query.
      .catch((err: unknown) => Promise.reject(q.transactionType || q.transferBatch ? err : ownRequestRefused(err)));
    const next = res.data.metadata.next_cursor;
    return {
      // Exactly the window's instants: the interval asked reaches one minute past it (windows.ts).
      items: res.data.data.map((e) => toEasypayEntry(e, this.credentials.accountId)).filter((e) => inWindow(q.window, Date.parse(e.time))),
      // `next_cursor` "" or null is the end (easypay quirk 3 (docs/upstreams/easypay.md)); `count` is this page only.
      next,
      hasMore: next !== null,
      // No new entries can be created in a window that has ended; today's window is still growing.
      final: closed,
      cached: res.cached,
    };
  }

  /** An entry by its key: its `created_at` minute is a one-minute window, walked until the id turns up. */
  async entryByKey(ctx: CallContext, key: string): Promise<Entry | null> {
    const k = parseEasypayEntryKey(key);
    if (!k || k.accountId !== this.credentials.accountId) return null;
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: UpstreamPage<Entry> = await this.page(ctx, { window: minuteWindow(k.minute), cursor });
      const found = page.items.find((e) => e.easypay?.id === k.id);
      if (found) return found;
      if (!page.hasMore || !page.next) return null;
      cursor = page.next;
    }
    return null;
  }
}
