import { z } from 'zod';
import { TallyError } from '../../domain/errors.js';
import { isCurrencyCode, moneyFromMinor } from '../../domain/money.js';
import { path, type UpstreamClient } from '../http/upstream-client.js';
import { checkedItems, isRecord, isSafeIntegerOrNone, isTextOrNone, wasSchemaParsed } from '../http/plain-items.js';
import { MappedPage } from '../../paging/segments.js';
import type { CallContext, Entry, EntryKind, Ledger, LedgerTopic } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { VippsAuth } from './auth.js';
import { possibleVippsLedgerTimeZones, vippsLedgerTimeZone } from './time-zone.js';

// vipps-report quirk 3 (docs/upstreams/vipps-report.md): one integration saw `tryLater` as the string "true"; the spec says boolean.
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const idText = z.union([z.string(), z.number().transform(String)]);
const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const Identifier = z
  .object({ scheme: z.string(), id: idText })
  .nullish()
  .transform((v) => v ?? null);

const LedgerSchema = z.object({
  ledgerId: idText,
  currency: z.string(),
  payoutBankAccount: Identifier,
  owner: Identifier,
  settlesForRecipientHandles: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  salesUnits: z
    .array(
      z.object({
        name: nullableText,
        recipientHandle: nullableText,
        businessIdentifier: Identifier,
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});
const LedgerList = z.object({ items: z.array(LedgerSchema), cursor: z.string().nullish() });

// New JSON fields may appear at any time (docs/upstreams/vipps-report.md): objects are not strict.
const EntrySchema = z.object({
  pspReference: z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .transform((v) => v ?? null),
  time: z.string(),
  ledgerDate: z.string(),
  entryType: z.string(),
  reference: nullableText,
  currency: z.string(),
  amount: z.number(),
  balanceBefore: z.number().nullish(),
  balanceAfter: z.number().nullish(),
  recipientHandle: nullableText,
  name: nullableText,
  maskedPhoneNo: nullableText,
  message: nullableText,
});
/** An entry as `EntrySchema` accepts it: its output, or a plain entry as sent (absent fields undefined). */
interface VippsEntry {
  pspReference?: string | null;
  time: string;
  ledgerDate: string;
  entryType: string;
  reference?: string | null;
  currency: string;
  amount: number;
  balanceBefore?: number | null;
  balanceAfter?: number | null;
  recipientHandle?: string | null;
  name?: string | null;
  maskedPhoneNo?: string | null;
  message?: string | null;
}

/**
 * Whether an entry as parsed from JSON has the plain shape nearly every entry has (`checkedItems`):
 * `EntrySchema` accepts it as it is, and mapping it cannot fail either (a safe integer amount, a
 * currency code, a canonical UTC time), so the page can map it when it is read.
 */
function isPlainEntry(v: unknown): v is VippsEntry {
  if (!isRecord(v)) return false;
  return (
    typeof v.time === 'string' &&
    isCanonicalUtc(v.time) &&
    typeof v.ledgerDate === 'string' &&
    typeof v.entryType === 'string' &&
    typeof v.currency === 'string' &&
    isCurrencyCode(v.currency) &&
    Number.isSafeInteger(v.amount) &&
    isSafeIntegerOrNone(v.balanceBefore) &&
    isSafeIntegerOrNone(v.balanceAfter) &&
    isTextOrNone(v.pspReference) &&
    isTextOrNone(v.reference) &&
    isTextOrNone(v.recipientHandle) &&
    isTextOrNone(v.name) &&
    isTextOrNone(v.maskedPhoneNo) &&
    isTextOrNone(v.message)
  );
}

const EntryItems = checkedItems(EntrySchema, isPlainEntry);

const DatesPage = z.object({
  items: EntryItems,
  hasMore: flag.default(false),
  cursor: z.string().nullish(),
  tryLater: flag.default(false),
});
const FeedPage = z.object({
  items: EntryItems,
  cursor: z.string().min(1),
  tryLater: flag.default(false),
});

/** Closed dates never change (docs/upstreams/: data is immutable, corrections are new entries). */
const FINAL_TTL_MS = 24 * 60 * 60 * 1000;
const LEDGER_LIST_TTL_MS = 5 * 60 * 1000;

/**
 * `entryType` -> normalised kind. The set is open (docs/upstreams/vipps-report.md): anything not listed
 * here is `OTHER`, and the old and new spellings of the payout entry are one kind.
 */
const KINDS: Record<string, EntryKind> = {
  capture: 'CAPTURE',
  refund: 'REFUND',
  'capture-fee': 'FEE',
  'service-fee': 'FEE',
  'fees-retained': 'FEES_RETAINED',
  'fees-invoiced': 'FEES_INVOICED',
  'payout-scheduled': 'PAYOUT',
  'scheduled-for-payout': 'PAYOUT',
  'payout-aborted': 'PAYOUT_ABORTED',
  'retained-disputed-capture': 'DISPUTE',
  'returned-disputed-capture': 'DISPUTE',
  correction: 'CORRECTION',
  'top-up': 'TOP_UP',
  'credit-note': 'CREDIT_NOTE',
};

export function vippsEntryKind(entryType: string): EntryKind {
  return KINDS[entryType] ?? 'OTHER';
}

export interface LedgerPage {
  items: Ledger[];
  next: string | null;
}

/** The Vipps MobilePay Report API: ledgers, ledger dates and feeds. */
export class VippsReportClient {
  constructor(
    private readonly http: UpstreamClient,
    private readonly auth: VippsAuth,
    /** Configured time zones by ledgerId (`VIPPS_LEDGER_TIME_ZONES`), for ledgers counted in another zone. */
    private readonly timeZones: Readonly<Record<string, string>> = {},
    /**
     * Configured date cutoffs by ledgerId, minutes after local midnight (`VIPPS_LEDGER_DATE_CUTOFFS`):
     * the Report API does not say a ledger's cutoff, so a ledger not listed runs midnight to midnight.
     */
    private readonly dateCutoffs: Readonly<Record<string, number>> = {},
  ) {}

  get credentialKey(): string {
    return this.auth.fingerprint;
  }

  /** The zones a ledger may be counted in, known without reading it (time-zone.ts). */
  possibleTimeZones(ledgerId: string): readonly string[] {
    return possibleVippsLedgerTimeZones(ledgerId, this.timeZones);
  }

  /** Where a ledger's dates begin, minutes after local midnight: its configured cutoff, else midnight. */
  dateCutoffMinutes(ledgerId: string): number {
    return this.dateCutoffs[ledgerId] ?? 0;
  }

  async ledgers(ctx: CallContext, args: { cursor?: string | null; settlesForRecipientHandle?: string | null }): Promise<LedgerPage> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: '/settlement/v1/ledgers',
        endpoint: 'GET /settlement/v1/ledgers',
        query: { settlesForRecipientHandles: args.settlesForRecipientHandle, cursor: args.cursor },
        headers,
        schema: LedgerList,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { key: this.auth.fingerprint, ttlMs: () => LEDGER_LIST_TTL_MS },
      }),
    );
    return {
      items: res.data.items.map((l) => toLedger(l, this.timeZones, this.dateCutoffMinutes(l.ledgerId))),
      next: res.data.cursor ? res.data.cursor : null,
    };
  }

  async datePage(
    ctx: CallContext,
    args: { ledgerId: string; topic: LedgerTopic; date: string; cursor: string | null; gdpr: boolean },
  ): Promise<UpstreamPage<Entry>> {
    const topic = args.topic === 'FUNDS' ? 'funds' : 'fees';
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: path`/report/v2/ledgers/${args.ledgerId}/${topic}/dates/${args.date}`,
        endpoint: 'GET /report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate}',
        query: { cursor: args.cursor, includeGDPRSensitiveData: args.gdpr ? 'true' : undefined },
        headers,
        schema: DatesPage,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { key: this.auth.fingerprint, ttlMs: (d) => (d.tryLater ? 0 : FINAL_TTL_MS) },
        map: (d) =>
          entryPage(d.items, args.ledgerId, args.topic, {
            // docs/upstreams/: when `hasMore` is false there is no cursor; `hasMore` and `tryLater`
            // both true means keep paging now.
            next: d.hasMore && d.cursor ? d.cursor : null,
            hasMore: d.hasMore && !!d.cursor,
            final: !d.tryLater,
          }),
      }),
    );
    return res.data.withCached(res.cached);
  }

  /**
   * An entry by its key: the report has no entry endpoint, so this reads the entry's ledger date
   * (closed dates come from the cache) and finds it. Null when the ledger or entry does not exist.
   */
  async entryByKey(ctx: CallContext, key: string): Promise<Entry | null> {
    const k = parseVippsEntryKey(key);
    if (!k) return null;
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      let page: UpstreamPage<Entry>;
      try {
        page = await this.datePage(ctx, { ledgerId: k.ledgerId, topic: k.topic, date: k.ledgerDate, cursor, gdpr: false });
      } catch (err) {
        if (err instanceof TallyError && (err.code === 'NOT_FOUND' || err.code === 'BAD_USER_INPUT')) return null;
        throw err;
      }
      const found = page.items.find((e) => e.key === key);
      if (found) return found;
      if (!page.hasMore || !page.next) return null;
      cursor = page.next;
    }
    return null;
  }

  async feedPage(
    ctx: CallContext,
    args: { ledgerId: string; topic: LedgerTopic; cursor: string | null; gdpr: boolean },
  ): Promise<UpstreamPage<Entry>> {
    const topic = args.topic === 'FUNDS' ? 'funds' : 'fees';
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: path`/report/v2/ledgers/${args.ledgerId}/${topic}/feed`,
        endpoint: 'GET /report/v2/ledgers/{ledgerId}/{topic}/feed',
        query: { cursor: args.cursor, includeGDPRSensitiveData: args.gdpr ? 'true' : undefined },
        headers,
        schema: FeedPage,
        meter: ctx.meter,
        signal: ctx.signal,
        // A subscription's poll: the live end is read once per poll slot, shared (upstream-client.ts).
        live: ctx.live,
        // A page before the live end is immutable; the tail (`tryLater`) is live.
        cache: { key: this.auth.fingerprint, ttlMs: (d) => (d.tryLater ? 0 : FINAL_TTL_MS) },
        // vipps-report quirk 4 (docs/upstreams/vipps-report.md): the feed never ends; `tryLater: true` with the same cursor is the live end.
        map: (d) => entryPage(d.items, args.ledgerId, args.topic, { next: d.cursor, hasMore: !d.tryLater, final: false }),
      }),
    );
    return res.data.withCached(res.cached);
  }
}

/** Parses `vippsEntryKey` output; null when it is not one. */
export function parseVippsEntryKey(
  key: string,
): { ledgerId: string; topic: LedgerTopic; ledgerDate: string; entryType: string; pspReference: string | null; time: string } | null {
  const parts = key.split('|');
  if (parts.length !== 7 || parts[0] !== 'vipps') return null;
  const [, ledgerId = '', topic, ledgerDate = '', entryType = '', psp = '', time = ''] = parts;
  if (topic !== 'FUNDS' && topic !== 'FEES') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ledgerDate) || !ledgerId || !entryType) return null;
  return { ledgerId, topic, ledgerDate, entryType, pspReference: psp === '' ? null : psp, time };
}

function toLedger(l: z.infer<typeof LedgerSchema>, timeZones: Readonly<Record<string, string>>, dateCutoffMinutes: number): Ledger {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: l.ledgerId,
    currency: l.currency,
    timeZone: vippsLedgerTimeZone(l, timeZones),
    dateCutoffMinutes,
    payoutBankAccount: l.payoutBankAccount,
    owner: l.owner,
    settlesForRecipientHandles: l.settlesForRecipientHandles,
    salesUnits: l.salesUnits,
  };
}

/**
 * vipps-report quirk 7 (docs/upstreams/vipps-report.md): `time` comes as `...000000Z`, with microseconds, or with a `+0200` offset without a
 * colon. Normalised to UTC, keeping the microseconds the upstream sent.
 */
export function normaliseVippsTime(text: string, source: 'vipps-report' | 'vipps-sales' = 'vipps-report'): string {
  const fast = canonicalUtc(text);
  if (fast !== null) return fast;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new TallyError('UPSTREAM_BAD_RESPONSE', `Unreadable time ${JSON.stringify(text)}`, { source });
  const [, date, clock, frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${clock}${offset}`);
  if (Number.isNaN(ms)) throw new TallyError('UPSTREAM_BAD_RESPONSE', `Unreadable time ${JSON.stringify(text)}`, { source });
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}.${frac.padEnd(6, '0').slice(0, 6)}Z`;
}

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The common case of `normaliseVippsTime` without a `Date`: a UTC time whose fields are all in
 * range is already its own normal form up to the fraction. Null for anything else (offsets,
 * spaces, 24:00, impossible days), which takes the general path.
 */
function canonicalUtc(text: string): string | null {
  if (!isCanonicalUtc(text)) return null;
  // Already with microseconds (`...:SS.ffffffZ`, how both APIs send most times): the text itself, no new string.
  if (text.length === 27) return text;
  // `...:SSZ` or `...:SS.fffZ`: the fraction is what lies between the seconds and the Z.
  const fraction = text.length > 20 ? text.slice(20, -1) : '';
  return `${text.slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}Z`;
}

/** The number the two ASCII digits at `i` spell (the regex has checked they are digits). */
function twoDigits(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) * 10 + (text.charCodeAt(i + 1) - 48);
}

/** Whether `canonicalUtc` has an answer for `text`: the shape by the regex, the ranges read digit by digit. */
function isCanonicalUtc(text: string): boolean {
  if (!UTC_TIME.test(text)) return false;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 59) return false;
  if (day <= 28) return true;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month - 1] as number));
}

export function vippsEntryKey(
  ledgerId: string,
  topic: LedgerTopic,
  e: { ledgerDate: string; entryType: string; pspReference: string | null; time: string },
): string {
  return `vipps|${ledgerId}|${topic}|${e.ledgerDate}|${e.entryType}|${e.pspReference ?? ''}|${e.time}`;
}

/**
 * A page of entries mapped as they are read: a client asking the first 50 of a page of 1,000 maps
 * 50 (issue 13). What could make mapping fail (an amount that is not a safe integer, a currency
 * that is not a code, an unreadable time) is still found for every item now, so a bad page fails
 * whole, uncached, as before; only the common shape is checked here, anything else is mapped now.
 */
function entryPage(
  items: VippsEntry[],
  ledgerId: string,
  topic: LedgerTopic,
  signals: Pick<UpstreamPage<Entry>, 'next' | 'hasMore' | 'final'>,
): MappedPage<VippsEntry, Entry> {
  // `checkedItems` knows which items were not plain: only those can fail to map.
  for (const e of items) if (wasSchemaParsed(e)) toEntry(e, ledgerId, topic);
  return MappedPage.of(items, (e) => toEntry(e, ledgerId, topic), signals);
}

function toEntry(e: VippsEntry, ledgerId: string, topic: LedgerTopic): Entry {
  const source = 'vipps-report' as const;
  const time = normaliseVippsTime(e.time);
  const gdpr = e.name != null || e.maskedPhoneNo != null || e.message != null;
  const pspReference = e.pspReference ?? null;
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId,
    topic,
    key: vippsEntryKey(ledgerId, topic, { ledgerDate: e.ledgerDate, entryType: e.entryType, pspReference, time }),
    pspReference,
    time,
    ledgerDate: e.ledgerDate,
    entryType: e.entryType,
    kind: vippsEntryKind(e.entryType),
    reference: e.reference ?? null,
    amount: moneyFromMinor(e.amount, e.currency, source),
    balanceBefore: e.balanceBefore == null ? null : moneyFromMinor(e.balanceBefore, e.currency, source),
    balanceAfter: e.balanceAfter == null ? null : moneyFromMinor(e.balanceAfter, e.currency, source),
    recipientHandle: e.recipientHandle ?? null,
    payer: gdpr ? { name: e.name ?? null, maskedPhoneNo: e.maskedPhoneNo ?? null, message: e.message ?? null } : null,
    easypay: null,
  };
}
