import { TallyError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import type { Entry, SalesEvent } from '../sources/model.js';
import type { UpstreamPage } from '../paging/page.js';
import type { SegmentedList } from '../paging/engine.js';
import { VatAccumulator, type VatParts, type VatSummary } from './vat.js';

/** What a VAT report walks per date: the date's sales (the report) and the ledger's funds entries of the same date (the tie). */
export type VatItem = { sale: SalesEvent } | { entry: Entry } | { open: 'sales' | 'ledger' };

/** A count of sales or entries and their exact gross. */
export interface VatTieLine {
  count: number;
  gross: Money;
}

/**
 * How the report's gross ties to the ledger: the report's sales, less those that are not on the
 * ledger in the range (cash sales, sales the ledger books on a date outside the range), plus the
 * ledger's captures and refunds of the range that are not among the report's sales, is the
 * ledger's captures less refunds, exactly; `unexplained` is what is left (amounts that differ
 * between a sale and its ledger entry), zero when the report ties.
 */
export interface VatReconciliation {
  /** Captures and refunds on the ledger (funds book) on the range's dates: their count and signed sum. */
  ledger: VatTieLine;
  /** Report sales that are on the ledger on the range's dates (their Sales API gross). */
  onLedger: VatTieLine;
  /** Report sales without a PSP transaction (cash taken at an mPOS till): never on the ledger. */
  cash: VatTieLine;
  /** Report sales with a PSP transaction the ledger does not book on the range's dates (e.g. a late capture the Sales API dates a day after the ledger). */
  bookedOnOtherDates: VatTieLine;
  /** Ledger captures and refunds of the range that are not among the report's sales (dated outside the range by the Sales API, or without Sales API data). */
  notInReport: VatTieLine;
  /** Ledger − (report gross − cash − bookedOnOtherDates + notInReport): zero when the report ties to the ledger. */
  unexplained: Money;
  /** Every ledger date read was closed upstream: the ledger's side can no longer change. */
  final: boolean;
}

export interface VatReport extends VatSummary {
  reconciliation: VatReconciliation;
}

type Pair = [key: string, minor: string];

/** The cacheable, mergeable form of one or more dates: sums as decimal strings, what is not matched yet as lists. */
export interface VatReportParts {
  vat: VatParts;
  ledger: [number, string];
  onLedger: [number, string];
  cash: [number, string];
  unexplained: string;
  ledgerFinal: boolean;
  /** Report sales with a pspReference not matched to a ledger entry of the same walk yet. */
  sales: Pair[];
  /** Ledger captures and refunds not matched to a report sale yet. */
  entries: Pair[];
}

/** Sales and entries are matched on their type and pspReference, as `SalesEvent.entry` joins them. */
const matchKey = (entryType: string, pspReference: string) => `${entryType}\u0000${pspReference}`;

const addTo = (t: [number, string], n: number, v: bigint): [number, string] => [t[0] + n, String(BigInt(t[1]) + v)];

/**
 * The VAT report of a range with its tie to the ledger. Sales of a date are matched to the funds
 * entries of the same date when the date is done (`parts`), and what stays unmatched is matched
 * again across the whole range (`result`): a late capture the Sales API dates a day after the
 * ledger still ties when both dates are in the range.
 */
export class VatReportAccumulator {
  private readonly vat: VatAccumulator;
  private ledger: [number, string] = [0, '0'];
  private onLedger: [number, string] = [0, '0'];
  private cash: [number, string] = [0, '0'];
  private unexplained = 0n;
  private ledgerFinal = true;
  private sales: Pair[] = [];
  private entries: Pair[] = [];

  constructor(readonly currency: string) {
    this.vat = new VatAccumulator(currency);
  }

  add(item: VatItem): void {
    if ('open' in item) {
      if (item.open === 'sales') this.vat.notFinal();
      else this.ledgerFinal = false;
      return;
    }
    if ('sale' in item) {
      const sale = item.sale;
      this.vat.add(sale);
      const gross = saleGross(sale);
      if (sale.pspReference === null) this.cash = addTo(this.cash, 1, gross);
      else this.sales.push([matchKey(sale.entryType, sale.pspReference), String(gross)]);
      return;
    }
    const e = item.entry;
    if (e.kind !== 'CAPTURE' && e.kind !== 'REFUND') return;
    if (e.amount.currency !== this.currency) {
      throw new TallyError('UPSTREAM_BAD_RESPONSE', `An entry in ${e.amount.currency} on a ${this.currency} ledger cannot be summed`);
    }
    this.ledger = addTo(this.ledger, 1, BigInt(e.amount.minorUnits));
    // A capture or refund without a pspReference cannot be matched to a sale: it stays "not in the report".
    this.entries.push([matchKey(e.entryType, e.pspReference ?? `\u0000${this.entries.length}`), String(e.amount.minorUnits)]);
  }

  /** Each book's finality comes with its pages (`open` items): an open ledger date leaves the VAT rows final. */
  notFinal(): void {}

  parts(): VatReportParts {
    this.match();
    return {
      vat: this.vat.parts(),
      ledger: this.ledger,
      onLedger: this.onLedger,
      cash: this.cash,
      unexplained: String(this.unexplained),
      ledgerFinal: this.ledgerFinal,
      sales: this.sales,
      entries: this.entries,
    };
  }

  merge(p: VatReportParts): void {
    this.vat.merge(p.vat);
    this.ledger = addTo(this.ledger, p.ledger[0], BigInt(p.ledger[1]));
    this.onLedger = addTo(this.onLedger, p.onLedger[0], BigInt(p.onLedger[1]));
    this.cash = addTo(this.cash, p.cash[0], BigInt(p.cash[1]));
    this.unexplained += BigInt(p.unexplained);
    if (!p.ledgerFinal) this.ledgerFinal = false;
    this.sales.push(...p.sales);
    this.entries.push(...p.entries);
  }

  result(): VatReport {
    this.match();
    const summary = this.vat.result();
    const money = (v: bigint): Money => {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new TallyError('BAD_USER_INPUT', 'A VAT total passes 2^53 minor units: report a shorter range');
      }
      return { minorUnits: Number(v), currency: this.currency };
    };
    const line = (t: [number, string]): VatTieLine => ({ count: t[0], gross: money(BigInt(t[1])) });
    const sum = (pairs: Pair[]) => pairs.reduce((s, [, v]) => s + BigInt(v), 0n);
    return {
      ...summary,
      reconciliation: {
        ledger: line(this.ledger),
        onLedger: line(this.onLedger),
        cash: line(this.cash),
        bookedOnOtherDates: { count: this.sales.length, gross: money(sum(this.sales)) },
        notInReport: { count: this.entries.length, gross: money(sum(this.entries)) },
        unexplained: money(this.unexplained),
        final: this.ledgerFinal,
      },
    };
  }

  /** Pairs every unmatched sale with an unmatched ledger entry of the same type and pspReference. */
  private match(): void {
    if (this.sales.length === 0 || this.entries.length === 0) return;
    const open = new Map<string, bigint[]>();
    for (const [k, v] of this.sales) {
      const list = open.get(k);
      if (list) list.push(BigInt(v));
      else open.set(k, [BigInt(v)]);
    }
    const left: Pair[] = [];
    for (const pair of this.entries) {
      const sale = open.get(pair[0])?.shift();
      if (sale === undefined) {
        left.push(pair);
        continue;
      }
      this.onLedger = addTo(this.onLedger, 1, sale);
      this.unexplained += BigInt(pair[1]) - sale;
    }
    this.entries = left;
    this.sales = [...open].flatMap(([k, values]) => values.map((v): Pair => [k, String(v)]));
  }
}

/** A sale's gross as the VAT report counts it (the event's total, else its lines'). */
function saleGross(sale: Pick<SalesEvent, 'amounts' | 'lines'>): bigint {
  if (sale.amounts.gross !== null) return BigInt(sale.amounts.gross.minorUnits);
  return sale.lines.reduce((s, l) => s + (l.lineTotalGross === null ? 0n : BigInt(l.lineTotalGross.minorUnits)), 0n);
}

/**
 * One date's sales pages followed by its funds pages, as one segment of the walk: the budget,
 * the per-date cache and the finality of the two reads are one. A token names which read it
 * resumes (`s:` sales, `l:` ledger).
 */
export function salesWithLedger(sales: SegmentedList<SalesEvent>, ledger: SegmentedList<Entry>): SegmentedList<VatItem> {
  return {
    segments: sales.segments,
    fetchPage: async (segment, token): Promise<UpstreamPage<VatItem>> => {
      if (token === null || token.startsWith('s:')) {
        const cursor = token === null ? null : token.slice(2);
        const page = await sales.fetchPage(segment, cursor);
        if (page.hasMore && page.next === cursor && page.items.length > 0) {
          throw new TallyError(
            'UPSTREAM_BAD_RESPONSE',
            'The upstream answered "more" without a new cursor; the list cannot be walked to its end',
          );
        }
        const more = page.hasMore && page.next !== null && page.next !== cursor;
        const items: VatItem[] = page.items.map((sale) => ({ sale }));
        if (!page.final) items.push({ open: 'sales' });
        return { items, next: more ? `s:${page.next}` : 'l:', hasMore: true, final: page.final, cached: page.cached };
      }
      const cursor = token === 'l:' ? null : token.slice(2);
      const page = await ledger.fetchPage(segment, cursor);
      const items: VatItem[] = page.items.map((entry) => ({ entry }));
      if (!page.final) items.push({ open: 'ledger' });
      return { items, next: page.next === null ? null : `l:${page.next}`, hasMore: page.hasMore, final: page.final, cached: page.cached };
    },
  };
}
