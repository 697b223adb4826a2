import { sumMoney, type Money } from '../domain/money.js';
import type { EasypayEntryDetails } from '../sources/model.js';

/**
 * The parts of an Easypay entry's fees, each summed exactly over the fees it lists (Easypay lists
 * one fee per charge, each with a fixed, a variable and a VAT part), and all of them together: what
 * `EasypayEntryDetails.feeTotal` and the export's fee columns show. A part no fee reports is null.
 */
export function easypayFeeTotals(details: EasypayEntryDetails): {
  fixed: Money | null;
  variable: Money | null;
  vat: Money | null;
  total: Money | null;
} {
  const sum = (parts: Array<Money | null>) => {
    const present = parts.filter((m): m is Money => m !== null);
    return present[0] ? sumMoney(present, present[0].currency) : null;
  };
  const fixed = sum(details.fees.map((f) => f.fixedAmount));
  const variable = sum(details.fees.map((f) => f.variableAmount));
  const vat = sum(details.fees.map((f) => f.vatAmount));
  return { fixed, variable, vat, total: sum([fixed, variable, vat]) };
}
