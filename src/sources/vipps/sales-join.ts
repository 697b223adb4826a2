import { mapLimit } from '../../concurrency.js';
import { addDays } from '../../dates.js';
import type { Entry, SalesEvent } from '../model.js';

/** What `Entry.salesEvent` asks the loader for: the join key, plus the entry's ledger date as a hint. */
export interface SalesJoinKey {
  ledgerId: string;
  pspReference: string;
  /** `capture` or `refund`: picks the right event should a capture and its refund share a pspReference. */
  entryType: string;
  /** Where to look first; a late capture's sale is on the next date (SaleEvent.lateSale in the sandbox). */
  ledgerDate: string;
}

/** The two Sales API reads the join uses (VippsSalesSource, or a fake in unit tests). */
export interface SalesLookups {
  /** One page of a ledger date at the largest page size; `next` is null after the last page. */
  datePage(ledgerId: string, date: string, cursor: string | null): Promise<{ items: SalesEvent[]; next: string | null }>;
  byPspReference(ledgerId: string, pspReference: string): Promise<SalesEvent[]>;
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
}

/**
 * Whether an entry can have a sale behind it: only captures and refunds with a pspReference do
 * (specs/README.md section 2: the Sales API has captures and refunds). Fees, payouts, retained
 * fees and corrections resolve to null without an upstream call.
 */
export function canHaveSale(entry: Pick<Entry, 'provider' | 'kind' | 'pspReference' | 'topic'>): boolean {
  return entry.provider === 'VIPPS_MOBILEPAY' && entry.topic === 'FUNDS' && entry.pspReference !== null && (entry.kind === 'CAPTURE' || entry.kind === 'REFUND');
}

type Outcome = SalesEvent | null | Error;

/** Guards against an upstream that keeps answering "more" (1000 pages of 1000 is a million sales on one date). */
const MAX_PAGES_PER_DATE = 1000;

/**
 * One ledger date's sales, read page by page only as far as a caller needs, indexed by
 * pspReference. Callers share the pages already read (or being read) in this request.
 */
class DateWalk {
  private readonly pages: Array<Promise<{ next: string | null } | null>> = [];
  private readonly index = new Map<string, SalesEvent[]>();
  /** Events seen so far on this date. */
  seen = 0;

  constructor(private readonly fetch: (cursor: string | null) => Promise<{ items: SalesEvent[]; next: string | null }>) {}

  get(psp: string): SalesEvent[] | undefined {
    return this.index.get(psp);
  }

  /**
   * Reads on until the event of every key has been seen or the date ends. A key is its
   * pspReference and its type: a capture and its refund can share a pspReference, and the refund
   * comes later in the date, so having seen the reference is not enough.
   */
  async find(keys: ReadonlyArray<Pick<SalesJoinKey, 'pspReference' | 'entryType'>>): Promise<void> {
    for (let i = 0; i < MAX_PAGES_PER_DATE; i++) {
      if (keys.every((k) => pick(this.index.get(k.pspReference), k) !== undefined)) return;
      const page = await this.page(i);
      if (!page?.next) return;
    }
  }

  private page(i: number): Promise<{ next: string | null } | null> {
    while (this.pages.length <= i) {
      const prev = this.pages[this.pages.length - 1];
      const p = (prev ? prev.then((pp) => (pp?.next ? this.fetch(pp.next) : null)) : this.fetch(null)).then((page) => {
        if (!page) return null;
        this.seen += page.items.length;
        for (const e of page.items) {
          if (e.pspReference === null) continue;
          const list = this.index.get(e.pspReference);
          if (list) list.push(e);
          else this.index.set(e.pspReference, [e]);
        }
        return { next: page.next };
      });
      this.pages.push(p);
    }
    return this.pages[i] as Promise<{ next: string | null } | null>;
  }
}

/**
 * The Entry -> SalesEvent join (DESIGN.md, Joins). The Sales API has no batch endpoint, so per
 * batch of keys the loader chooses, so that upstream calls grow with upstream pages and not with
 * entries:
 * - a few keys of a ledger date: point lookups `psp-references/{psp}`, bounded concurrency;
 * - many keys sharing a ledger date: one walk of that date (1000 per page), indexed by pspReference;
 *   keys not found there are looked for on the next date, where the Sales API books late captures
 *   first (they happened at the end of the entry's date), then by point lookups when few remain, or
 *   on the previous date when many do. A ledger with no sales on the date and the next one has
 *   no Sales API data (an API sales unit): its keys resolve to null without more calls.
 * One instance lives for one request: pages already read are shared by later batches, and closed
 * dates come from the cross-request cache of the HTTP client.
 */
export class SalesJoin {
  private readonly walks = new Map<string, DateWalk>();
  private readonly points = new Map<string, Promise<SalesEvent[]>>();
  private readonly scanThreshold: number;
  private readonly concurrency: number;
  private readonly pointFallbackMax: number;

  constructor(
    private readonly lookups: SalesLookups,
    private readonly options: SalesJoinOptions,
  ) {
    this.scanThreshold = options.scanThreshold ?? 6;
    this.concurrency = options.concurrency ?? 4;
    this.pointFallbackMax = options.pointFallbackMax ?? 4;
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
    const lookIn = async (date: string): Promise<boolean> => {
      const walk = this.walk(ledgerId, date);
      tried.push(walk);
      try {
        await walk.find(missing.map((i) => keys[i] as SalesJoinKey));
      } catch (err) {
        for (const i of missing) out[i] = asError(err);
        missing = [];
        return false;
      }
      missing = missing.filter((i) => {
        const found = pick(walk.get((keys[i] as SalesJoinKey).pspReference), keys[i] as SalesJoinKey);
        if (found) out[i] = found;
        return !found;
      });
      return true;
    };

    if (!(await lookIn(ledgerDate)) || missing.length === 0) return;
    const next = addDays(ledgerDate, 1);
    if (next <= (await this.options.today(ledgerId)) && (!(await lookIn(next)) || missing.length === 0)) return;
    // Nothing on the date nor the next one: this ledger has no Sales API data there.
    if (tried.every((w) => w.seen === 0)) return;
    if (missing.length <= this.pointFallbackMax) {
      await this.pointLookups(keys, missing, out);
      return;
    }
    await lookIn(addDays(ledgerDate, -1));
  }

  private async pointLookups(keys: readonly SalesJoinKey[], indices: number[], out: Outcome[]): Promise<void> {
    await mapLimit(indices, this.concurrency, async (i) => {
      const k = keys[i] as SalesJoinKey;
      const memoKey = `${k.ledgerId}\u0000${k.pspReference}`;
      let p = this.points.get(memoKey);
      if (!p) {
        p = this.lookups.byPspReference(k.ledgerId, k.pspReference);
        this.points.set(memoKey, p);
      }
      try {
        out[i] = pick(await p, k) ?? null;
      } catch (err) {
        out[i] = asError(err);
      }
    });
  }

  private walk(ledgerId: string, date: string): DateWalk {
    const key = `${ledgerId}\u0000${date}`;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = new DateWalk((cursor) => this.lookups.datePage(ledgerId, date, cursor));
      this.walks.set(key, walk);
    }
    return walk;
  }
}

/**
 * The event of the key's type (`capture`, `refund`): never another type's event that happens to
 * share the pspReference. An event of a type the join does not know stands in only when it is the
 * reference's one event.
 */
function pick(events: SalesEvent[] | undefined, key: Pick<SalesJoinKey, 'entryType'>): SalesEvent | undefined {
  if (!events || events.length === 0) return undefined;
  const exact = events.find((e) => e.entryType === key.entryType);
  if (exact) return exact;
  const only = events.length === 1 ? events[0] : undefined;
  return only && only.entryType !== 'capture' && only.entryType !== 'refund' ? only : undefined;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
