import { addDays } from '../../domain/dates.js';
import { z } from 'zod';
import { isCurrencyCode, moneyFromMinor, type Money } from '../../domain/money.js';
import { path, type UpstreamClient } from '../http/upstream-client.js';
import type { CallContext, SalesEvent, SalesLine } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import { TallyError } from '../../domain/errors.js';
import { isFlagOrNone, isNumberOrNone, isRecord, isSafeIntegerOrNone, isTextOrNone } from '../http/plain-items.js';
import type { VippsAuth } from './auth.js';
import { normaliseVippsTime } from './report-client.js';
import { MappedPage } from '../../paging/segments.js';

/**
 * Every read of a date or the feed asks for the largest page the Sales API allows
 * (vipps-sales-api.reconstructed.yaml, parameters.PageSize: 1..1000, default 100): the fewest
 * calls per date, and one page size means the join and the `salesEvents` connection share the
 * cached pages of a closed date.
 */
export const SALES_PAGE_SIZE = 1000;

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const text = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .transform((v) => v ?? null);
const minor = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
const nullableFlag = flag.nullish().transform((v) => v ?? null);

// New JSON fields and enum values may appear (docs/upstreams/vipps-sales.md; paymentType, solution and
// category are open sets): objects are not strict and enums are plain strings.
const LineSchema = z.object({
  lineId: text,
  name: text,
  quantity: minor,
  unitPriceGross: minor,
  unitPriceNet: minor,
  discountTotal: minor,
  lineTotalGross: minor,
  lineTotalNet: minor,
  vatRate: minor,
  vatAmount: minor,
  category: text,
});

const EventSchema = z.object({
  entryType: z.string(),
  time: z.string(),
  // vipps-report quirk 16 (docs/upstreams/vipps-report.md): null for cash.
  pspReference: text,
  reference: text,
  currency: z.string(),
  paymentType: text,
  amounts: z.object({ gross: minor, net: minor, vat: minor }).nullish(),
  lines: z
    .array(LineSchema)
    .nullish()
    .transform((v) => v ?? []),
  // vipps-report quirk 16 (docs/upstreams/vipps-report.md): reserved, always null today.
  customer: z
    .object({ email: text, phone: text, name: text })
    .nullish()
    .transform((v) => v ?? null),
  classification: z
    .object({ solution: text, salesCategory: text })
    .nullish()
    .transform((v) => v ?? null),
  completeness: z
    .object({ hasLineItems: nullableFlag, hasVatBreakdown: nullableFlag, hasCustomerIdentity: nullableFlag })
    .nullish()
    .transform((v) => v ?? null),
});

type Text = string | null | undefined;
type Minor = number | null | undefined;
/** A sale as `EventSchema` accepts it: its output, or a plain sale as sent (absent fields undefined). */
interface VippsSale {
  entryType: string;
  time: string;
  pspReference?: Text;
  reference?: Text;
  currency: string;
  paymentType?: Text;
  amounts?: { gross?: Minor; net?: Minor; vat?: Minor } | null;
  lines?: Array<{
    lineId?: Text;
    name?: Text;
    quantity?: Minor;
    unitPriceGross?: Minor;
    unitPriceNet?: Minor;
    discountTotal?: Minor;
    lineTotalGross?: Minor;
    lineTotalNet?: Minor;
    vatRate?: Minor;
    vatAmount?: Minor;
    category?: Text;
  }> | null;
  customer?: { email?: Text; name?: Text; phone?: Text } | null;
  classification?: { solution?: Text; salesCategory?: Text } | null;
  completeness?: { hasLineItems?: boolean | null; hasVatBreakdown?: boolean | null; hasCustomerIdentity?: boolean | null } | null;
}

const LINE_TEXTS = ['lineId', 'name', 'category'] as const;
/** A line's plain numbers: a quantity may be fractional (weights, hours), a VAT rate is basis points. */
const LINE_NUMBERS = ['quantity', 'vatRate'] as const;
/** A line's amounts: minor units, as `moneyFromMinor` takes them. */
const LINE_MONEY = ['unitPriceGross', 'unitPriceNet', 'discountTotal', 'lineTotalGross', 'lineTotalNet', 'vatAmount'] as const;
const AMOUNTS = ['gross', 'net', 'vat'] as const;
const CUSTOMER = ['email', 'phone', 'name'] as const;
const CLASSIFICATION = ['solution', 'salesCategory'] as const;
const COMPLETENESS = ['hasLineItems', 'hasVatBreakdown', 'hasCustomerIdentity'] as const;

/** Absent, null, or an object whose named fields all pass `ok` (a loop: this runs for every sale of a page). */
function noneOr(v: unknown, fields: readonly string[], ok: (x: unknown) => boolean): boolean {
  if (v == null) return true;
  if (!isRecord(v)) return false;
  for (const f of fields) if (!ok(v[f])) return false;
  return true;
}

/**
 * Whether a sale as parsed from JSON has the plain shape nearly every sale has (`checkedItems`):
 * texts as strings (a numeric reference is zod's to turn into text), numbers as numbers, flags as
 * booleans, so `EventSchema` would accept it unchanged; and its amounts are whole minor units of
 * a well-formed currency code, so `moneyFromMinor` would accept each of them unchanged too
 * (`toSalesEvent` then builds them without asking it again).
 */
function isPlainSale(v: unknown): v is VippsSale {
  if (!isRecord(v)) return false;
  if (typeof v.entryType !== 'string' || typeof v.time !== 'string' || typeof v.currency !== 'string') return false;
  if (!isCurrencyCode(v.currency)) return false;
  if (!isTextOrNone(v.pspReference) || !isTextOrNone(v.reference) || !isTextOrNone(v.paymentType)) return false;
  if (!noneOr(v.amounts, AMOUNTS, isSafeIntegerOrNone)) return false;
  if (!noneOr(v.customer, CUSTOMER, isTextOrNone) || !noneOr(v.classification, CLASSIFICATION, isTextOrNone)) return false;
  if (!noneOr(v.completeness, COMPLETENESS, isFlagOrNone)) return false;
  const lines = v.lines;
  if (lines == null) return true;
  if (!Array.isArray(lines)) return false;
  for (const l of lines as unknown[]) {
    if (!isRecord(l)) return false;
    for (const f of LINE_TEXTS) if (!isTextOrNone(l[f])) return false;
    for (const f of LINE_NUMBERS) if (!isNumberOrNone(l[f])) return false;
    for (const f of LINE_MONEY) if (!isSafeIntegerOrNone(l[f])) return false;
  }
  return true;
}

// The envelope is `{items, cursor, hasMore}` on every endpoint, the two lookups included (the Sales
// API page documents the same response for all four), so everything but `items` is optional. Items
// are read one by one when the page is mapped (`readSales`): one sale that cannot be read fails
// only itself, never its page.
const SalesPage = z.object({
  items: z.array(z.unknown()),
  cursor: z.string().nullish(),
  hasMore: flag.nullish(),
});

/**
 * A sale the Sales API sent that Tally cannot read (a field that is not what the Sales API page
 * documents, a currency that is not an ISO 4217 code, an amount that is not whole minor units). It
 * takes the sale's place in its list: whatever depends on that sale fails with this error, which
 * names it; the other sales of the page are unaffected. Its references are kept where they could
 * be read, so the join still knows which entry it belongs to.
 */
export class UnreadableSale extends TallyError {
  constructor(
    readonly ledgerId: string,
    readonly pspReference: string | null,
    readonly reference: string | null,
    readonly entryType: string | null,
    reason: string,
    position: number,
  ) {
    const which =
      pspReference !== null
        ? `pspReference ${pspReference}`
        : reference !== null
          ? `reference ${reference}`
          : `item ${position} of its page`;
    super('UPSTREAM_BAD_RESPONSE', `The Sales API sale with ${which} on ledger ${ledgerId} cannot be read: ${reason}`, {
      source: 'vipps-sales',
      details: { ledgerId, pspReference, reference, entryType, item: position },
    });
  }
}

/** One item of a Sales API list: the sale, or why it could not be read. */
export type SalesItem = SalesEvent | UnreadableSale;

/**
 * A reference or type as the Sales API sends it (text, or a number zod turns into text); null
 * otherwise. What a sale read from the item has as its `pspReference`, `reference` and
 * `entryType`, and what an `UnreadableSale` keeps of them: so the join can index a page's items
 * by these without reading them (`rawSaleKeys`).
 */
const looseText = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

const NO_FIELDS: Record<string, unknown> = {};

/** The join keys of a Sales API item as sent, equal to those of the sale (or `UnreadableSale`) read from it. */
export function rawSaleKeys(raw: unknown): { pspReference: string | null; reference: string | null; entryType: string | null } {
  const r = isRecord(raw) ? raw : NO_FIELDS;
  return { pspReference: looseText(r.pspReference), reference: looseText(r.reference), entryType: looseText(r.entryType) };
}

/** A Sales API item's time, normalised as the sale read from it has it; null when it cannot be read. */
export function rawSaleTime(raw: unknown): string | null {
  const time = isRecord(raw) ? raw.time : undefined;
  if (typeof time !== 'string') return null;
  try {
    return normaliseVippsTime(time, 'vipps-sales');
  } catch {
    return null;
  }
}

/** One item of a page as a sale, or an `UnreadableSale` in its place (`position`: its index on the page). */
function readSale(raw: unknown, position: number, ledgerId: string, gdpr: boolean): SalesItem {
  let reason: string;
  try {
    if (isPlainSale(raw)) return toSalesEvent(raw, ledgerId, gdpr, true);
    const parsed = EventSchema.safeParse(raw);
    if (parsed.success) return toSalesEvent(parsed.data, ledgerId, gdpr);
    const issue = parsed.error.issues[0];
    reason = issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'not a sale';
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  const r = isRecord(raw) ? raw : NO_FIELDS;
  return new UnreadableSale(ledgerId, looseText(r.pspReference), looseText(r.reference), looseText(r.entryType), reason, position);
}

/** Each item of a page as a sale, or an `UnreadableSale` in its place. */
function readSales(items: unknown[], ledgerId: string, gdpr: boolean): SalesItem[] {
  return items.map((raw, i) => readSale(raw, i, ledgerId, gdpr));
}

/**
 * Lookups follow `cursor` while `hasMore` says there is more (the Sales API page shows both on the
 * reference and pspReference answers). An order has a handful of events; this bounds an upstream
 * that keeps answering "more".
 */
const MAX_LOOKUP_PAGES = 100;

/** A closed date's sales never change (docs/upstreams/vipps-report.md: data is immutable). */
const FINAL_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * Yesterday is over, but the Sales API books late captures of a date on the next one and data can
 * trail by hours in incidents (docs/upstreams/vipps-report.md, Latency): kept briefly only.
 */
const RECENT_TTL_MS = 10 * 60 * 1000;

const ENDPOINTS = {
  feed: 'GET /sales/report/v1/ledgers/{ledgerId}',
  date: 'GET /sales/report/v1/ledgers/{ledgerId}/dates/{ledgerDate}',
  reference: 'GET /sales/report/v1/ledgers/{ledgerId}/references/{reference}',
  psp: 'GET /sales/report/v1/ledgers/{ledgerId}/psp-references/{pspReference}',
} as const;

/**
 * The Vipps MobilePay Sales API (docs/upstreams/vipps-sales.md): order lines, VAT and categories of
 * captures and refunds, by ledger date, feed, merchant reference and pspReference. Accounting keys
 * only; the token comes from the same `VippsAuth` as the Report API's.
 */
export class VippsSalesClient {
  constructor(
    private readonly http: UpstreamClient,
    private readonly auth: VippsAuth,
  ) {}

  get credentialKey(): string {
    return this.auth.fingerprint;
  }

  /**
   * How the response cache keeps a page: one read for a client without the `gdpr` scope is mapped without
   * the customer and kept apart, and the shared (Redis) level keeps its body without the customer
   * too, so what such a client can hit never held customer data.
   */
  private cacheScope(gdpr: boolean): { key: string; variant?: string; storedBody?: (text: string) => string } {
    return gdpr
      ? { key: this.auth.fingerprint }
      : { key: this.auth.fingerprint, variant: 'without-personal-data', storedBody: withoutCustomers };
  }

  /**
   * One page of a ledger date's sales. `today` is the ledger's today (its `timeZone`): it decides how long the
   * page may be reused, since the Sales API has no `tryLater` to say a date is closed.
   */
  async datePage(
    ctx: CallContext,
    args: { ledgerId: string; date: string; cursor: string | null; today: string; gdpr: boolean; pageSize?: number },
  ): Promise<MappedPage<unknown, SalesItem>> {
    const ttl = args.date < addDays(args.today, -1) ? FINAL_TTL_MS : args.date < args.today ? RECENT_TTL_MS : 0;
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: path`/sales/report/v1/ledgers/${args.ledgerId}/dates/${args.date}`,
        endpoint: ENDPOINTS.date,
        query: { cursor: args.cursor, pageSize: args.pageSize ?? SALES_PAGE_SIZE },
        headers,
        schema: SalesPage,
        meter: ctx.meter,
        signal: ctx.signal,
        cache: { ...this.cacheScope(args.gdpr), ttlMs: () => ttl },
        // Sales are read as they are reached (the join reads the few it picks from a page of
        // 1000; a connection page of 50 reads 50), each once, and the cached page keeps them read.
        map: (d) => {
          // The date endpoint returns `cursor` only while `hasMore` (as the Report API's dates endpoint).
          const hasMore = d.hasMore === true && !!d.cursor;
          return MappedPage.of(d.items, (raw, i) => readSale(raw, i, args.ledgerId, args.gdpr), {
            next: hasMore ? (d.cursor as string) : null,
            hasMore,
            final: ttl > 0,
          });
        },
      }),
    );
    return res.data.withCached(res.cached);
  }

  /**
   * One page of the ledger's feed, oldest first. The feed always hands back a cursor and says
   * `hasMore: false` at the live end, where the same cursor later yields what is new.
   */
  async feedPage(ctx: CallContext, args: { ledgerId: string; cursor: string | null; gdpr: boolean }): Promise<UpstreamPage<SalesItem>> {
    const res = await this.auth.withToken((headers) =>
      this.http.request({
        path: path`/sales/report/v1/ledgers/${args.ledgerId}`,
        endpoint: ENDPOINTS.feed,
        query: { cursor: args.cursor, pageSize: SALES_PAGE_SIZE },
        headers,
        schema: SalesPage,
        meter: ctx.meter,
        signal: ctx.signal,
        // A page with more after it is complete and immutable; the live end is not.
        cache: { ...this.cacheScope(args.gdpr), ttlMs: (p) => (p.hasMore === true ? FINAL_TTL_MS : 0) },
        map: (d): UpstreamPage<SalesItem> => {
          // The docs promise `hasMore` only on the date endpoint (reconstructed spec,
          // SalesPage.hasMore): without it, an empty page is the end for now.
          const hasMore = d.hasMore ?? d.items.length > 0;
          return {
            items: readSales(d.items, args.ledgerId, args.gdpr),
            next: d.cursor ? d.cursor : args.cursor,
            hasMore: hasMore && !!d.cursor,
            final: false,
          };
        },
      }),
    );
    return { ...res.data, cached: res.cached };
  }

  /**
   * Every capture and refund of one order, all pages of it. An unknown reference is an empty list.
   * Not cached: an order gains refunds later.
   */
  byReference(ctx: CallContext, args: { ledgerId: string; reference: string; gdpr: boolean }): Promise<SalesItem[]> {
    return this.lookup(ctx, {
      ledgerId: args.ledgerId,
      gdpr: args.gdpr,
      what: `reference ${args.reference}`,
      path: path`/sales/report/v1/ledgers/${args.ledgerId}/references/${args.reference}`,
      endpoint: ENDPOINTS.reference,
      ttlMs: () => 0,
    });
  }

  /** The sale (normally one event) of one transaction, all pages of it. An unknown pspReference is an empty list. */
  byPspReference(ctx: CallContext, args: { ledgerId: string; pspReference: string; gdpr: boolean }): Promise<SalesItem[]> {
    return this.lookup(ctx, {
      ledgerId: args.ledgerId,
      gdpr: args.gdpr,
      what: `pspReference ${args.pspReference}`,
      path: path`/sales/report/v1/ledgers/${args.ledgerId}/psp-references/${args.pspReference}`,
      endpoint: ENDPOINTS.psp,
      // A transaction's sale never changes once it exists; "not there" may change, so only hits are kept.
      ttlMs: (items) => (items > 0 ? FINAL_TTL_MS : 0),
    });
  }

  /**
   * Every page of a lookup. The Sales API page documents `cursor` and `hasMore` on the lookups'
   * answers without saying how the cursor goes back; it is sent as the date and feed endpoints
   * take it (`?cursor=`). An upstream that refuses it, or hands back the cursor it was given, has
   * more events than Tally can read: that is an error saying the answer is incomplete, never a
   * shorter list.
   */
  private async lookup(
    ctx: CallContext,
    req: { ledgerId: string; gdpr: boolean; what: string; path: string; endpoint: string; ttlMs: (items: number) => number },
  ): Promise<SalesItem[]> {
    const items: SalesItem[] = [];
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      if (pages >= MAX_LOOKUP_PAGES) throw incomplete(req, pages, items.length, `it still says hasMore after ${MAX_LOOKUP_PAGES} pages`);
      let page: { items: SalesItem[]; cursor: string | null; more: boolean };
      try {
        const res = await this.auth.withToken((headers) =>
          this.http.request({
            path: req.path,
            endpoint: req.endpoint,
            query: { cursor },
            headers,
            schema: SalesPage,
            meter: ctx.meter,
            signal: ctx.signal,
            cache: { ...this.cacheScope(req.gdpr), ttlMs: (p) => req.ttlMs(p.items.length) },
            map: (d) => ({
              items: readSales(d.items, req.ledgerId, req.gdpr),
              cursor: d.cursor ? d.cursor : null,
              // Without `hasMore`, a cursor next to a non-empty page is followed: an extra empty
              // call is cheap, a lost refund is not.
              more: d.hasMore ?? (!!d.cursor && d.items.length > 0),
            }),
          }),
        );
        page = res.data;
      } catch (err) {
        // A refusal of the cursor the upstream handed out itself (400, 404, 422).
        if (cursor !== null && err instanceof TallyError && (err.code === 'BAD_USER_INPUT' || err.code === 'NOT_FOUND')) {
          throw incomplete(req, pages, items.length, `it refused the cursor of its own answer (${err.message})`, err);
        }
        throw err;
      }
      // The cursor it was given, handed back with "more": it ignored it, and this page is a repeat.
      if (page.more && cursor !== null && page.cursor === cursor)
        throw incomplete(req, pages, items.length, 'it ignored the cursor and handed it back');
      items.push(...page.items);
      if (!page.more) return items;
      if (page.cursor === null) throw incomplete(req, pages + 1, items.length, 'it says hasMore but gives no cursor');
      cursor = page.cursor;
    }
  }

  /**
   * A sales event by its key (`salesEventKey`), for `node(id:)`. Null when it does not exist; the
   * error of an unreadable sale of the same transaction or order when it may be that one.
   */
  async eventByKey(ctx: CallContext, key: string, gdpr: boolean): Promise<SalesEvent | null> {
    const k = parseSalesEventKey(key);
    if (!k) return null;
    const items =
      k.pspReference !== null
        ? await this.byPspReference(ctx, { ledgerId: k.ledgerId, pspReference: k.pspReference, gdpr })
        : await this.byReference(ctx, { ledgerId: k.ledgerId, reference: k.reference ?? '', gdpr });
    const found = items.find((e): e is SalesEvent => !(e instanceof UnreadableSale) && e.key === key);
    if (found) return found;
    const unreadable = items.find(
      (e): e is UnreadableSale => e instanceof UnreadableSale && (e.entryType === null || e.entryType === k.entryType),
    );
    if (unreadable) throw unreadable;
    return null;
  }
}

/** A Sales API page body with every item's `customer` nulled (anything else is left as it came). */
function withoutCustomers(text: string): string {
  const json = JSON.parse(text) as unknown;
  const items = json && typeof json === 'object' ? (json as { items?: unknown }).items : undefined;
  if (Array.isArray(items))
    for (const item of items) if (item && typeof item === 'object' && 'customer' in item) (item as { customer: unknown }).customer = null;
  return JSON.stringify(json);
}

/** The error of a lookup whose later pages cannot be read: the events read so far are not all of them. */
function incomplete(
  req: { ledgerId: string; what: string; endpoint: string },
  pagesRead: number,
  eventsRead: number,
  why: string,
  cause?: unknown,
): TallyError {
  return new TallyError(
    'UPSTREAM_BAD_RESPONSE',
    `The Sales API answer for ${req.what} on ledger ${req.ledgerId} is incomplete: ${why}; only ${eventsRead} events on ${pagesRead} pages could be read`,
    { source: 'vipps-sales', details: { incomplete: true, endpoint: req.endpoint, ledgerId: req.ledgerId, pagesRead, eventsRead }, cause },
  );
}

/**
 * A sales event's stable key: its pspReference where it has one (with the entry type, in case a
 * capture and its refund ever share one), else (cash) its reference, type and time.
 */
export function salesEventKey(
  ledgerId: string,
  e: { entryType: string; pspReference: string | null; reference: string | null; time: string },
): string {
  return e.pspReference !== null
    ? `vipps|${ledgerId}|${e.entryType}|psp|${e.pspReference}`
    : `vipps|${ledgerId}|${e.entryType}|ref|${e.time}|${e.reference ?? ''}`;
}

export function parseSalesEventKey(
  key: string,
): { ledgerId: string; entryType: string; pspReference: string | null; reference: string | null; time: string | null } | null {
  const [prefix, ledgerId, entryType, mode, ...rest] = key.split('|');
  if (prefix !== 'vipps' || !ledgerId || !entryType) return null;
  if (mode === 'psp' && rest.length > 0) return { ledgerId, entryType, pspReference: rest.join('|'), reference: null, time: null };
  if (mode === 'ref' && rest.length >= 2)
    return { ledgerId, entryType, pspReference: null, time: rest[0] ?? null, reference: rest.slice(1).join('|') };
  return null;
}

/**
 * `gdpr`: whether the reading client may see personal data. The Sales API always sends the customer
 * (there is no flag like the Report API's `includeGDPRSensitiveData`), so without the scope it is
 * dropped here, before anything keeps it. `checked`: `isPlainSale` has seen that every amount is
 * whole minor units of a well-formed currency code, so they are built as they are; otherwise
 * `moneyFromMinor` checks each one.
 */
function toSalesEvent(e: VippsSale, ledgerId: string, gdpr: boolean, checked = false): SalesEvent {
  const source = 'vipps-sales' as const;
  const currency = e.currency;
  const money = checked
    ? (v: Minor): Money | null => (v == null ? null : { minorUnits: v, currency })
    : (v: Minor): Money | null => (v == null ? null : moneyFromMinor(v, currency, source));
  const text = (v: Text): string | null => v ?? null;
  const time = normaliseVippsTime(e.time, source);
  const lines: SalesLine[] = (e.lines ?? []).map((l) => ({
    lineId: text(l.lineId),
    name: text(l.name),
    quantity: l.quantity ?? null,
    unitPriceGross: money(l.unitPriceGross),
    unitPriceNet: money(l.unitPriceNet),
    discountTotal: money(l.discountTotal),
    lineTotalGross: money(l.lineTotalGross),
    lineTotalNet: money(l.lineTotalNet),
    vatRate: l.vatRate ?? null,
    vatAmount: money(l.vatAmount),
    category: text(l.category),
  }));
  const pspReference = text(e.pspReference);
  const reference = text(e.reference);
  const { customer, classification, completeness } = e;
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId,
    key: salesEventKey(ledgerId, { entryType: e.entryType, pspReference, reference, time }),
    entryType: e.entryType,
    // The Sales API documents captures and refunds; a type it adds is data, never an error.
    kind: e.entryType === 'capture' ? 'CAPTURE' : e.entryType === 'refund' ? 'REFUND' : 'OTHER',
    time,
    pspReference,
    reference,
    currency: e.currency,
    paymentType: text(e.paymentType),
    amounts: { gross: money(e.amounts?.gross), net: money(e.amounts?.net), vat: money(e.amounts?.vat) },
    lines,
    customer: customer && gdpr ? { email: text(customer.email), phone: text(customer.phone), name: text(customer.name) } : null,
    classification: classification ? { solution: text(classification.solution), salesCategory: text(classification.salesCategory) } : null,
    completeness: completeness
      ? {
          hasLineItems: completeness.hasLineItems ?? null,
          hasVatBreakdown: completeness.hasVatBreakdown ?? null,
          hasCustomerIdentity: completeness.hasCustomerIdentity ?? null,
        }
      : null,
  };
}
