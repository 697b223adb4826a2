import { TallyError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import type { SalesEvent } from '../sources/model.js';

/** One row of the VAT report: every line of one VAT rate and category, refunds netted. */
export interface VatRow {
  /** Basis points (2500 = 25 %). */
  vatRate: number;
  category: string | null;
  gross: Money;
  net: Money;
  vat: Money;
  lineCount: number;
  eventCount: number;
}

/** What the rows cannot break down, so an accountant knows the report's coverage. */
export interface VatCoverage {
  /** Sales events summed (captures and refunds, cash included). */
  eventCount: number;
  /** Their gross total: the rows' gross plus `uncoveredGross`. */
  gross: Money;
  /** Events without order lines (variable-amount sales, `completeness.hasLineItems` false). */
  eventsWithoutLines: number;
  /** Events with lines but without a full VAT breakdown (`completeness.hasVatBreakdown` false, or lines missing a rate or VAT amount). */
  eventsWithoutVatBreakdown: number;
  /** Gross the rows do not cover: events without lines, lines without VAT, and any difference between an event's total and its lines. */
  uncoveredGross: Money;
  /** Every date read was closed: the report can no longer change. */
  final: boolean;
}

export interface VatSummary {
  rows: VatRow[];
  coverage: VatCoverage;
}

/** The cacheable, mergeable form: sums as decimal strings of minor units. */
export interface VatParts {
  currency: string;
  rows: Record<
    string,
    { vatRate: number; category: string | null; gross: string; net: string; vat: string; lineCount: number; events: number }
  >;
  eventCount: number;
  gross: string;
  eventsWithoutLines: number;
  eventsWithoutVatBreakdown: number;
  uncoveredGross: string;
  final: boolean;
}

const rowKey = (rate: number, category: string | null) => `${rate}\u0000${category ?? ''}\u0000${category === null ? 'n' : 's'}`;

/**
 * Exact VAT aggregation of sales events: per VAT rate and category, gross, net and VAT in minor
 * units (bigint on the way, no float), refunds netted (their lines are negative). For every event
 * the covered lines plus its uncovered part equal its gross, so the rows and `uncoveredGross` add
 * up to the events' totals exactly.
 */
export class VatAccumulator {
  private readonly rows = new Map<
    string,
    { vatRate: number; category: string | null; gross: bigint; net: bigint; vat: bigint; lineCount: number; events: number }
  >();
  private eventCount = 0;
  private gross = 0n;
  private withoutLines = 0;
  private withoutVat = 0;
  private uncovered = 0n;
  private final = true;

  constructor(readonly currency: string) {}

  add(event: Pick<SalesEvent, 'currency' | 'amounts' | 'lines' | 'completeness'>): void {
    if (event.currency !== this.currency) {
      throw new TallyError('UPSTREAM_BAD_RESPONSE', `A sale in ${event.currency} on a ${this.currency} ledger cannot be summed`, {
        source: 'vipps-sales',
      });
    }
    this.eventCount++;
    let linesGross = 0n;
    let covered = 0n;
    let missingVat = event.completeness?.hasVatBreakdown === false;
    const touched = new Set<string>();
    for (const l of event.lines) {
      if (l.lineTotalGross === null) {
        missingVat = true;
        continue;
      }
      const g = BigInt(l.lineTotalGross.minorUnits);
      linesGross += g;
      if (l.vatRate === null || l.vatAmount === null) {
        missingVat = true;
        continue;
      }
      const v = BigInt(l.vatAmount.minorUnits);
      const n = l.lineTotalNet === null ? g - v : BigInt(l.lineTotalNet.minorUnits);
      const key = rowKey(l.vatRate, l.category);
      const row = this.rows.get(key) ?? { vatRate: l.vatRate, category: l.category, gross: 0n, net: 0n, vat: 0n, lineCount: 0, events: 0 };
      row.gross += g;
      row.net += n;
      row.vat += v;
      row.lineCount++;
      if (!touched.has(key)) {
        row.events++;
        touched.add(key);
      }
      this.rows.set(key, row);
      covered += g;
    }
    const eventGross = event.amounts.gross === null ? linesGross : BigInt(event.amounts.gross.minorUnits);
    this.gross += eventGross;
    this.uncovered += eventGross - covered;
    if (event.lines.length === 0 || event.completeness?.hasLineItems === false) this.withoutLines++;
    else if (missingVat) this.withoutVat++;
  }

  notFinal(): void {
    this.final = false;
  }

  parts(): VatParts {
    const rows: VatParts['rows'] = {};
    for (const [k, r] of this.rows) rows[k] = { ...r, gross: String(r.gross), net: String(r.net), vat: String(r.vat) };
    return {
      currency: this.currency,
      rows,
      eventCount: this.eventCount,
      gross: String(this.gross),
      eventsWithoutLines: this.withoutLines,
      eventsWithoutVatBreakdown: this.withoutVat,
      uncoveredGross: String(this.uncovered),
      final: this.final,
    };
  }

  merge(p: VatParts): void {
    if (p.currency !== this.currency) throw new Error(`Cannot merge a ${p.currency} VAT summary into ${this.currency}`);
    for (const [k, r] of Object.entries(p.rows)) {
      const row = this.rows.get(k) ?? { vatRate: r.vatRate, category: r.category, gross: 0n, net: 0n, vat: 0n, lineCount: 0, events: 0 };
      row.gross += BigInt(r.gross);
      row.net += BigInt(r.net);
      row.vat += BigInt(r.vat);
      row.lineCount += r.lineCount;
      row.events += r.events;
      this.rows.set(k, row);
    }
    this.eventCount += p.eventCount;
    this.gross += BigInt(p.gross);
    this.withoutLines += p.eventsWithoutLines;
    this.withoutVat += p.eventsWithoutVatBreakdown;
    this.uncovered += BigInt(p.uncoveredGross);
    if (!p.final) this.final = false;
  }

  result(): VatSummary {
    const money = (v: bigint): Money => {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new TallyError('BAD_USER_INPUT', 'A VAT total passes 2^53 minor units: report a shorter range');
      }
      return { minorUnits: Number(v), currency: this.currency };
    };
    const rows = [...this.rows.values()]
      .sort((a, b) => b.vatRate - a.vatRate || (a.category ?? '').localeCompare(b.category ?? ''))
      .map((r) => ({
        vatRate: r.vatRate,
        category: r.category,
        gross: money(r.gross),
        net: money(r.net),
        vat: money(r.vat),
        lineCount: r.lineCount,
        eventCount: r.events,
      }));
    return {
      rows,
      coverage: {
        eventCount: this.eventCount,
        gross: money(this.gross),
        eventsWithoutLines: this.withoutLines,
        eventsWithoutVatBreakdown: this.withoutVat,
        uncoveredGross: money(this.uncovered),
        final: this.final,
      },
    };
  }
}
