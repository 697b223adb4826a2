import type { SalesLine } from '../sources/model.js';
import { TallyError } from '../domain/errors.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

/** Basis points as an exact percentage: 2500 -> "25.00", 1250 -> "12.50" (no floating point). */
export function basisPointsToPercent(bp: number | null): string | null {
  if (bp === null || !Number.isSafeInteger(bp)) return null;
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The line's rate when it is what the Sales API documents (an integer of basis points); anything
 * else is an error on the field, never a rate rounded or a percentage left out without a word.
 */
function wholeBasisPoints(bp: number | null): number | null {
  // GraphQL's Int is 32 bits.
  if (bp === null || (Number.isInteger(bp) && Math.abs(bp) <= 2_147_483_647)) return bp;
  throw new TallyError('UPSTREAM_BAD_RESPONSE', `VAT rate ${bp} is not a whole number of basis points`, { source: 'vipps-sales' });
}

export const SalesLineRef = builder.objectRef<SalesLine>('SalesLine').implement({
  description:
    "One order line of a sale: what was sold, how many, at what price and VAT. On every line `unitPriceGross x quantity - discountTotal = lineTotalGross`; the lines' `lineTotalGross` add up to the sale's `amounts.gross` and their `vatAmount` to `amounts.vat`. On a refund, quantities and line totals are negative while unit prices stay positive.",
  fields: (t) => ({
    lineId: t.exposeString('lineId', { nullable: true, description: "The line's id within the sale, as the merchant's system gave it." }),
    name: t.exposeString('name', { nullable: true, description: 'What was sold, as named on the receipt.' }),
    quantity: t.exposeFloat('quantity', {
      nullable: true,
      description: 'How many units (may be fractional for weights or hours). Negative on a refund.',
    }),
    unitPriceGross: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Price of one unit, VAT included, before discount.',
      resolve: (l) => l.unitPriceGross,
    }),
    unitPriceNet: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Price of one unit without VAT, before discount.',
      resolve: (l) => l.unitPriceNet,
    }),
    discountTotal: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Discount on the whole line, VAT included; zero when none.',
      resolve: (l) => l.discountTotal,
    }),
    lineTotalGross: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The line's total after discount, VAT included. Negative on a refund.",
      resolve: (l) => l.lineTotalGross,
    }),
    lineTotalNet: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The line's total after discount, without VAT. Negative on a refund.",
      resolve: (l) => l.lineTotalNet,
    }),
    vatRate: t.int({
      nullable: true,
      description:
        'The VAT rate as the provider gives it, in basis points: 2500 is 25 %, 1500 is 15 %. Null when the merchant entered none; a rate that is not whole basis points is null with an `UPSTREAM_BAD_RESPONSE` error.',
      resolve: (l) => wholeBasisPoints(l.vatRate),
    }),
    vatPercentage: t.string({
      nullable: true,
      description: 'The same VAT rate as an exact percentage string, e.g. `"25.00"` or `"12.50"`.',
      resolve: (l) => basisPointsToPercent(wholeBasisPoints(l.vatRate)),
    }),
    vatAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The VAT in `lineTotalGross`. Negative on a refund.',
      resolve: (l) => l.vatAmount,
    }),
    category: t.exposeString('category', {
      nullable: true,
      description: 'The product category, verbatim (`GOODS`, `FOOD`, `BEVERAGE`, ...). An open set: new categories appear without notice.',
    }),
  }),
});
