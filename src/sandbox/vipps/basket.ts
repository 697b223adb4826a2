import type { Rng } from '../core/rng.js';
import type { Product } from './catalogue.js';

/** A Sales API order line (vipps-sales-api.reconstructed.yaml, Line). */
export interface SalesLine {
  lineId: string;
  name: string;
  quantity: number;
  unitPriceGross: number;
  unitPriceNet: number;
  discountTotal: number;
  lineTotalGross: number;
  lineTotalNet: number;
  vatRate: number;
  vatAmount: number;
  category: string;
}

function makeLine(lineId: string, p: Product, quantity: number, discount: number): SalesLine {
  const gross = p.price * quantity - discount;
  const vat = Math.round((gross * p.vatRate) / (10_000 + p.vatRate));
  return {
    lineId,
    name: p.name,
    quantity,
    unitPriceGross: p.price,
    unitPriceNet: Math.round((p.price * 10_000) / (10_000 + p.vatRate)),
    discountTotal: discount,
    lineTotalGross: gross,
    lineTotalNet: gross - vat,
    vatRate: p.vatRate,
    vatAmount: vat,
    category: p.category,
  };
}

/**
 * A returned line: negative quantity and totals, unit prices unchanged, so that
 * `unitPriceGross*quantity - discountTotal = lineTotalGross` still holds (vipps-sales-api.reconstructed.yaml, Line).
 */
export function negateLine(l: SalesLine): SalesLine {
  return {
    ...l,
    quantity: -l.quantity,
    discountTotal: -l.discountTotal,
    lineTotalGross: -l.lineTotalGross,
    lineTotalNet: -l.lineTotalNet,
    vatAmount: -l.vatAmount,
  };
}

/** One to `maxLines` lines from a catalogue, an occasional 10 % discount. */
export function basket(rng: Rng, catalogue: Product[], maxLines: number): SalesLine[] {
  const count = rng.int(1, maxLines);
  const lines: SalesLine[] = [];
  for (let i = 0; i < count; i++) {
    const p = rng.pick(catalogue);
    const quantity = p.price >= 20_000 ? 1 : rng.int(1, 4);
    const discount = rng.chance(0.1) ? Math.round((p.price * quantity) / 10) : 0;
    lines.push(makeLine(String(rng.int(100_000, 999_999)), p, quantity, discount));
  }
  return lines;
}

export function sumGross(lines: SalesLine[]): number {
  let s = 0;
  for (const l of lines) s += l.lineTotalGross;
  return s;
}
