import { mapLimit } from '../../domain/concurrency.js';
import { addDays } from '../../domain/dates.js';
import { TallyError } from '../../domain/errors.js';
import type { Entry, SalesEvent } from '../model.js';
import { MappedPage } from '../../paging/segments.js';
import { rawSaleKeys, rawSaleTime, UnreadableSale, type SalesItem } from './sales-client.js';

/** What `Entry.salesEvent` asks the loader for: the join keys, plus the entry's ledger date as a hint. */
export interface SalesJoinKey {
  ledgerId: string;
  pspReference: string;
  /** `capture` or `refund`: picks the right event should a capture and its refund share a pspReference. */
  entryType: string;
  /** Where to look first; a late capture's sale is on the next date (SaleEvent.lateSale in the sandbox). */
  ledgerDate: string;
  /**
   * The entry's order reference: the second join key. The Sales API page says to join on
   * reference or pspReference, so a sale the pspReference does not find is looked for by it.
   */
  reference?: string | null;
  /** The entry's time and amount (minor units): which of an order's events of one type is the entry's. */
  time?: string;
  amountMinor?: number;
}

/** The join keys of an entry that can have a sale, null for one that cannot. */
export function saleJoinKey(
  entry: Pick<
    Entry,
    'provider' | 'kind' | 'pspReference' | 'topic' | 'ledgerId' | 'entryType' | 'ledgerDate' | 'reference' | 'time' | 'amount'
  >,
): SalesJoinKey | null {
  if (!canHaveSale(entry) || entry.pspReference === null) return null;
  return {
    ledgerId: entry.ledgerId,
    pspReference: entry.pspReference,
    entryType: entry.entryType,
    ledgerDate: entry.ledgerDate,
    reference: entry.reference,
    time: entry.time,
    amountMinor: entry.amount.minorUnits,
  };
}

/** The Sales API reads the join uses (SalesRequest, or a fake in unit tests). */
export interface SalesLookups {
  /**
   * One page of a ledger date, at the largest page size unless `pageSize` is given; `next` is null
   * after the last page. A `MappedPage` is indexed without reading its sales, and only the sales
   * the join picks are read.
   */
  datePage(
    ledgerId: string,
    date: string,
    cursor: string | null,
    pageSize?: number,
  ): Promise<{ items: SalesItem[]; next: string | null } | MappedPage<unknown, SalesItem>>;
  /** Every event of a pspReference (all pages). */
  byPspReference(ledgerId: string, pspReference: string): Promise<SalesItem[]>;
  /** Every event of an order reference (all pages); absent where the caller has no such lookup. */
  byReference?(ledgerId: string, reference: string): Promise<SalesItem[]>;
}

export interface SalesJoinOptions {
  /** A ledger's today (its own time zone, from the request's clock): no date after it is read. */
  today: (ledgerId: string) => Promise<string>;
  /** Keys sharing a ledger and date from which one walk of the date beats point lookups. */
  scanThreshold?: number;
  /** Point lookups (and date walks) in flight at once. */
  concurrency?: number;
  /** Keys still missing after the date and the next date, up to which point lookups are cheaper than walking the previous date. */
  pointFallbackMax?: number;
  /** The page size of the next date's head, where the late captures are (`SalesJoin`); the Sales API's default. */
  headPageSize?: number;
}

/**
 * Whether an entry can have a sale behind it: only captures and refunds with a pspReference do
 * (docs/upstreams/vipps-sales.md: the Sales API has captures and refunds). Fees, payouts, retained
 * fees and corrections resolve to null without an upstream call.
 */
export function canHaveSale(entry: Pick<Entry, 'provider' | 'kind' | 'pspReference' | 'topic'>): boolean {
  return (
    entry.provider === 'VIPPS_MOBILEPAY' &&
    entry.topic === 'FUNDS' &&
    entry.pspReference !== null &&
    (entry.kind === 'CAPTURE' || entry.kind === 'REFUND')
  );
}

type Outcome = SalesEvent | null | Error;
type Found = SalesItem | TallyError;

/** Guards against an upstream that keeps answering "more" (1000 pages of 1000 is a million sales on one date). */
const MAX_PAGES_PER_DATE = 1000;

/** Positions of a page's sales under one key: one position, or several (a capture and its refund). */
type Positions = number | number[];

/**
 * A page's sales by their keys as the Sales API sent them, none read (mapped) to build it but
 * those whose references are both unreadable. Built once per page and kept with it
 * (`MappedPage.memo`): a page served from the cache is not indexed again by every request.
 */
interface PageIndex {
  readonly count: number;
  /** Each sale's type as sent (`capture`, `refund`), null where it could not be read. */
  readonly entryTypes: Array<string | null>;
  readonly byPsp: Map<string, Positions>;
  readonly byRef: Map<string, Positions>;
  /** Positions of unreadable sales whose references could not be read either. */
  readonly unidentified: number[];
  /** The last sale's time (sales come in time order): how far the date has been read with this page. */
  readonly reached: string;
  /** Sale `i`, read now if it was not yet. */
  readonly item: (i: number) => SalesItem;
}

/** More than a page's positions (the Sales API's pages hold at most 1000 sales): `DateWalk.pick`'s number base. */
const PAGE_SPAN = 1 << 20;

/** The `MappedPage.memo` kind of a Sales page's `PageIndex`. */
const SALES_INDEX = {};

function addPosition(index: Map<string, Positions>, key: string, i: number): void {
  const at = index.get(key);
  if (at === undefined) index.set(key, i);
  else if (typeof at === 'number') index.set(key, [at, i]);
  else at.push(i);
}

const positions = (at: Positions): readonly number[] => (typeof at === 'number' ? [at] : at);

function indexPage(
  count: number,
  keysAt: (i: number) => { pspReference: string | null; reference: string | null; entryType: string | null },
  timeAt: (i: number) => string | null,
  item: (i: number) => SalesItem,
): PageIndex {
  const entryTypes = new Array<string | null>(count);
  const byPsp = new Map<string, Positions>();
  const byRef = new Map<string, Positions>();
  const unidentified: number[] = [];
  for (let i = 0; i < count; i++) {
    const { pspReference, reference, entryType } = keysAt(i);
    entryTypes[i] = entryType;
    if (pspReference !== null) addPosition(byPsp, pspReference, i);
    if (reference !== null) addPosition(byRef, reference, i);
    if (pspReference === null && reference === null && item(i) instanceof UnreadableSale) unidentified.push(i);
  }
  let reached = '';
  for (let i = count - 1; i >= 0; i--) {
    const time = timeAt(i);
    if (time === null) continue;
    reached = time;
    break;
  }
  return { count, entryTypes, byPsp, byRef, unidentified, reached, item };
}

/** The index of a page as the Sales source gives it: sales read only when the join picks them. */
function indexMapped(page: MappedPage<unknown, SalesItem>): PageIndex {
  return page.memo(SALES_INDEX, (p) =>
    indexPage(
      p.itemCount(),
      (i) => p.mappedAt(i) ?? rawSaleKeys(p.rawAt(i)),
      (i) => {
        const read = p.mappedAt(i);
        return read ? (read instanceof UnreadableSale ? null : read.time) : rawSaleTime(p.rawAt(i));
      },
      (i) => p.itemAt(i),
    ),
  );
}

/** The index of a page whose sales are all read already (a fake in unit tests). */
function indexRead(items: SalesItem[]): PageIndex {
  const item = (i: number) => items[i] as SalesItem;
  return indexPage(
    items.length,
    item,
    (i) => {
      const e = item(i);
      return e instanceof UnreadableSale ? null : e.time;
    },
    item,
  );
}

const isJoinType = (type: string | null) => type === 'capture' || type === 'refund';

/**
 * One ledger date's sales, read page by page only as far as a caller needs, indexed by
 * pspReference and by reference. Callers share the pages already read (or being read) in this request.
 */
class DateWalk {
  private readonly pages: Array<Promise<{ next: string | null } | null>> = [];
  private readonly indexes: PageIndex[] = [];
  /** Events seen so far on this date. */
  seen = 0;
  /** Every page of the date has been read. */
  complete = false;
  /** The latest sale time on the pages read so far (canonical UTC, so text order is time order). */
  private reached = '';

  constructor(
    readonly date: string,
    private readonly fetch: (
      cursor: string | null,
    ) => Promise<{ items: SalesItem[]; next: string | null } | MappedPage<unknown, SalesItem>>,
  ) {}

  /** Unreadable sales whose references could not be read either: any missing key may be one of them. */
  get unidentified(): UnreadableSale[] {
    return this.indexes.flatMap((idx) => idx.unidentified.map((i) => idx.item(i) as UnreadableSale));
  }

  /** The key's event among the pages read so far (read now), if there. */
  found(key: Pick<SalesJoinKey, 'pspReference' | 'entryType'>): SalesItem | undefined {
    const at = this.pick(key);
    if (at < 0) return undefined;
    return (this.indexes[Math.floor(at / PAGE_SPAN)] as PageIndex).item(at % PAGE_SPAN);
  }

  /**
   * `pick` (below) over the events under the key's pspReference on every page read so far, in
   * page order, none read to choose: the first of the key's type, else the first whose type could
   * not be read, else the only one when it is of a type the join does not know.
   */
  private pick(key: Pick<SalesJoinKey, 'pspReference' | 'entryType'>): number {
    // Positions as numbers (page * PAGE_SPAN + index): this runs for every key of a batch.
    let untyped = -1;
    let only = -1;
    let total = 0;
    for (let p = 0; p < this.indexes.length; p++) {
      const idx = this.indexes[p] as PageIndex;
      const at = idx.byPsp.get(key.pspReference);
      if (at === undefined) continue;
      // Nearly always one position: read without making an array of it.
      const count = typeof at === 'number' ? 1 : at.length;
      for (let k = 0; k < count; k++) {
        const i = typeof at === 'number' ? at : (at[k] as number);
        const type = idx.entryTypes[i] ?? null;
        if (type === key.entryType) return p * PAGE_SPAN + i;
        if (type === null && untyped < 0) untyped = p * PAGE_SPAN + i;
        if (!isJoinType(type)) only = p * PAGE_SPAN + i;
        total++;
      }
    }
    if (untyped >= 0) return untyped;
    return total === 1 ? only : -1;
  }

  getByReference(reference: string): SalesItem[] {
    const out: SalesItem[] = [];
    for (const idx of this.indexes) {
      const at = idx.byRef.get(reference);
      if (at !== undefined) for (const i of positions(at)) out.push(idx.item(i));
    }
    return out;
  }

  /**
   * Reads on until the event of every key has been seen or the date ends. A key is its
   * pspReference and its type: a capture and its refund can share a pspReference, and the refund
   * comes later in the date, so having seen the reference is not enough.
   *
   * `bounded`: stop, too, once the pages read reach past the latest time of the keys (each has its
   * entry's time): a date's sales come in time order and a sale is at its capture's time, so the
   * rest of the date holds none of them (late captures are booked on the next date). A busy day's
   * first 1000 entries then read the pages up to their time, not the whole date. The walk is then
   * not `complete`, and `SalesJoin.scan` reads the rest before it calls any key missing.
   */
  async find(keys: ReadonlyArray<Pick<SalesJoinKey, 'pspReference' | 'entryType' | 'time'>>, bounded = false): Promise<void> {
    let until: string | undefined;
    if (bounded) {
      until = '';
      for (const k of keys) {
        if (k.time === undefined) {
          until = undefined;
          break;
        }
        if (k.time > until) until = k.time;
      }
    }
    // Only the keys not seen yet are looked at again after each page.
    let pending = keys;
    for (let i = 0; i < MAX_PAGES_PER_DATE; i++) {
      if (i > 0) pending = pending.filter((k) => this.pick(k) < 0);
      if (pending.length === 0) return;
      if (until !== undefined && i > 0 && this.reached > until) return;
      const page = await this.page(i);
      if (!page?.next) {
        this.complete = true;
        return;
      }
    }
  }

  private add(idx: PageIndex): void {
    this.indexes.push(idx);
    this.seen += idx.count;
    if (idx.reached > this.reached) this.reached = idx.reached;
  }

  private page(i: number): Promise<{ next: string | null } | null> {
    while (this.pages.length <= i) {
      const prev = this.pages[this.pages.length - 1];
      const p = (prev ? prev.then((pp) => (pp?.next ? this.fetch(pp.next) : null)) : this.fetch(null)).then((page) => {
        if (!page) return null;
        this.add(page instanceof MappedPage ? indexMapped(page) : indexRead(page.items));
        return { next: page.next };
      });
      this.pages.push(p);
    }
    return this.pages[i] as Promise<{ next: string | null } | null>;
  }
}

/**
 * The Entry -> SalesEvent join. The Sales API has no batch endpoint, so per batch of keys the
 * loader chooses, so that upstream calls grow with upstream pages and not with entries:
 * - a few keys of a ledger date: point lookups `psp-references/{psp}`, bounded concurrency; where
 *   that finds nothing, `references/{reference}` (the Sales API page: join on reference or
 *   pspReference);
 * - many keys sharing a ledger date: one walk of that date (1000 per page), indexed by pspReference
 *   and reference; keys not found there are looked for on the next date, where the Sales API books
 *   late captures first (they happened at the end of the entry's date), then by reference in the
 *   pages already read, then by point lookups when few remain, or on the previous date when many
 *   do. A ledger with no sales on the date and the next one has no Sales API data (an API sales
 *   unit): its keys resolve to null without more calls.
 * A sale the Sales API sent but Tally cannot read is that key's error (`UnreadableSale`), and a key
 * not found on dates holding a sale whose references could not be read either gets that sale's
 * error: it may be the one, so null would be a guess.
 * One instance lives for one request: pages already read are shared by later batches, and closed
 * dates come from the cross-request cache of the HTTP client.
 */
export class SalesJoin {
  private readonly walks = new Map<string, DateWalk>();
  /** The walks that read a date's head in small pages (`headPageSize`): the next date's. */
  private readonly heads = new Set<DateWalk>();
  private readonly points = new Map<string, Promise<SalesItem[]>>();
  private readonly scanThreshold: number;
  private readonly concurrency: number;
  private readonly pointFallbackMax: number;
  private readonly headPageSize: number;

  constructor(
    private readonly lookups: SalesLookups,
    private readonly options: SalesJoinOptions,
  ) {
    this.scanThreshold = options.scanThreshold ?? 6;
    this.concurrency = options.concurrency ?? 4;
    this.pointFallbackMax = options.pointFallbackMax ?? 4;
    this.headPageSize = options.headPageSize ?? 100;
  }

  /** A DataLoader batch function: one outcome per key, an Error only for the keys it concerns. */
  async load(keys: readonly SalesJoinKey[]): Promise<Outcome[]> {
    const out: Outcome[] = new Array<Outcome>(keys.length).fill(null);
    const groups = new Map<string, number[]>();
    for (const [i, k] of keys.entries()) {
      const g = `${k.ledgerId}\u0000${k.ledgerDate}`;
      const list = groups.get(g);
      if (list) list.push(i);
      else groups.set(g, [i]);
    }
    const scans: number[][] = [];
    const points: number[] = [];
    for (const indices of groups.values()) {
      if (indices.length >= this.scanThreshold) scans.push(indices);
      else points.push(...indices);
    }
    await Promise.all([
      mapLimit(scans, this.concurrency, (indices) => this.scan(keys, indices, out)),
      this.pointLookups(keys, points, out),
    ]);
    return out;
  }

  private async scan(keys: readonly SalesJoinKey[], indices: number[], out: Outcome[]): Promise<void> {
    const first = keys[indices[0] as number] as SalesJoinKey;
    const { ledgerId, ledgerDate } = first;
    let missing = indices;
    const tried: DateWalk[] = [];
    const settle = (i: number, found: Found | undefined): boolean => {
      if (found === undefined) return false;
      out[i] = found;
      return true;
    };
    const search = async (walk: DateWalk, bounded: boolean): Promise<boolean> => {
      try {
        await walk.find(
          missing.map((i) => keys[i] as SalesJoinKey),
          bounded,
        );
      } catch (err) {
        for (const i of missing) out[i] = asError(err);
        missing = [];
        return false;
      }
      missing = missing.filter((i) => !settle(i, walk.found(keys[i] as SalesJoinKey)));
      return true;
    };
    const lookIn = async (date: string, bounded = true, head = false): Promise<boolean> => {
      const walk = this.walk(ledgerId, date, head);
      tried.push(walk);
      return search(walk, bounded);
    };
    // Keys still missing after walks that stopped at their time: the rest of those dates first,
    // so that nothing is called missing (or looked up elsewhere) on a date not read to its end. A
    // date whose head was read in small pages is read whole in large ones (its first page again):
    // far fewer calls than the rest of a busy date in pages of 100.
    const finishWalks = async (): Promise<boolean> => {
      for (const walk of [...tried]) {
        if (walk.complete || missing.length === 0) continue;
        let whole = walk;
        if (this.heads.has(walk)) {
          whole = this.walk(ledgerId, walk.date, false);
          tried.push(whole);
        }
        if (!(await search(whole, false))) return false;
      }
      return true;
    };
    // By reference in the pages already read: no call. Only whole dates count, so that a key's
    // own sale later on a date cannot lose to another event of its order.
    const byReferenceInWalks = () => {
      missing = missing.filter((i) => {
        const k = keys[i] as SalesJoinKey;
        if (!k.reference) return true;
        const events = tried.filter((w) => w.complete).flatMap((w) => w.getByReference(k.reference as string));
        return !settle(i, pickByReference(events, k));
      });
    };
    const unidentified = () => {
      const bad = tried.flatMap((w) => w.unidentified)[0];
      if (bad) for (const i of missing) out[i] = bad;
    };

    if (!(await lookIn(ledgerDate)) || missing.length === 0) return;
    // A date's late captures are booked on the next date; they happened at the end of this one, and
    // the date endpoint starts "from the earliest available event" (the Sales API page), so the next
    // date's head holds them: read in small pages while the keys' times bound the walk. A busy
    // date's late captures are a few dozen, and a page of 1000 would be decoded (about 1 MB) for them.
    // Where they are not there after all, the whole date is read before a key is called missing.
    const next = addDays(ledgerDate, 1);
    const timed = missing.every((i) => (keys[i] as SalesJoinKey).time !== undefined);
    if (next <= (await this.options.today(ledgerId)) && (!(await lookIn(next, true, timed)) || missing.length === 0)) return;
    if (!(await finishWalks()) || missing.length === 0) return;
    // Nothing on the date nor the next one: this ledger has no Sales API data there.
    if (tried.every((w) => w.seen === 0)) return;
    byReferenceInWalks();
    if (missing.length === 0) return;
    if (missing.length <= this.pointFallbackMax) {
      await this.pointLookups(keys, missing, out);
      unidentified();
      return;
    }
    if (!(await lookIn(addDays(ledgerDate, -1), false))) return;
    byReferenceInWalks();
    unidentified();
  }

  private async pointLookups(keys: readonly SalesJoinKey[], indices: number[], out: Outcome[]): Promise<void> {
    await mapLimit(indices, this.concurrency, async (i) => {
      const k = keys[i] as SalesJoinKey;
      try {
        const found = pick(await this.point('psp', k.ledgerId, k.pspReference), k);
        if (found !== undefined) {
          out[i] = found;
          return;
        }
        if (k.reference && this.lookups.byReference) {
          const byRef = pickByReference(await this.point('ref', k.ledgerId, k.reference), k);
          if (byRef !== undefined) out[i] = byRef;
        }
      } catch (err) {
        out[i] = asError(err);
      }
    });
  }

  /** One lookup per reference and request, shared by every key that needs it. */
  private point(by: 'psp' | 'ref', ledgerId: string, value: string): Promise<SalesItem[]> {
    const memoKey = `${by}\u0000${ledgerId}\u0000${value}`;
    let p = this.points.get(memoKey);
    if (!p) {
      p =
        by === 'psp' ? this.lookups.byPspReference(ledgerId, value) : (this.lookups.byReference?.(ledgerId, value) ?? Promise.resolve([]));
      this.points.set(memoKey, p);
    }
    return p;
  }

  /** The request's walk of a date: in large pages, or its head in small ones (`head`). */
  private walk(ledgerId: string, date: string, head: boolean): DateWalk {
    const key = `${ledgerId}\u0000${date}\u0000${head ? 'head' : 'whole'}`;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = new DateWalk(date, (cursor) =>
        head ? this.lookups.datePage(ledgerId, date, cursor, this.headPageSize) : this.lookups.datePage(ledgerId, date, cursor),
      );
      this.walks.set(key, walk);
      if (head) this.heads.add(walk);
    }
    return walk;
  }
}

/**
 * The event of the key's type (`capture`, `refund`): never another type's event that happens to
 * share the pspReference. An event of a type the join does not know stands in only when it is the
 * reference's one event; an unreadable one whose type could not be read may be the key's.
 */
function pick<E extends { readonly entryType: string | null }>(
  events: E[] | undefined,
  key: Pick<SalesJoinKey, 'entryType'>,
): E | undefined {
  if (!events || events.length === 0) return undefined;
  const exact = events.find((e) => e.entryType === key.entryType);
  if (exact) return exact;
  const untyped = events.find((e) => e.entryType === null);
  if (untyped) return untyped;
  const only = events.length === 1 ? events[0] : undefined;
  return only && only.entryType !== 'capture' && only.entryType !== 'refund' ? only : undefined;
}

/**
 * The event of an order (found by reference) that is the entry's: its type, and its gross amount
 * where the sale has one (an order can have several captures); among several, the one at the
 * entry's time. Several left is an error rather than a guess.
 */
function pickByReference(events: SalesItem[], key: SalesJoinKey): Found | undefined {
  const unique = [...new Set(events)];
  let candidates = unique.filter((e) => e.entryType === key.entryType || e.entryType === null);
  if (key.amountMinor !== undefined) {
    candidates = candidates.filter(
      (e) => e instanceof UnreadableSale || e.amounts.gross === null || e.amounts.gross.minorUnits === key.amountMinor,
    );
  }
  if (candidates.length > 1 && key.time !== undefined) {
    const atTime = candidates.filter((e) => e instanceof UnreadableSale || e.time === key.time);
    if (atTime.length > 0) candidates = atTime;
  }
  if (candidates.length <= 1) return candidates[0];
  return new TallyError(
    'UPSTREAM_BAD_RESPONSE',
    `The Sales API has no sale for pspReference ${key.pspReference} on ledger ${key.ledgerId}, and ${candidates.length} sales of its order reference ${key.reference ?? ''} match it alike`,
    {
      source: 'vipps-sales',
      details: { ledgerId: key.ledgerId, pspReference: key.pspReference, reference: key.reference ?? null, candidates: candidates.length },
    },
  );
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
