import { getFragmentData, type FragmentType } from './__generated__/fragment-masking';
import { graphql } from './__generated__/gql';
import type { MoneyFieldsFragment } from './__generated__/graphql';

/** Every amount the app shows: exact decimal, currency, exponent and minor units. */
export const MoneyFields = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
    exponent
    minorUnits
  }
`);

/** Money as a component receives it: masked until the component reads it with `money()`. */
export type MoneyRef = FragmentType<typeof MoneyFields>;
export type Money = MoneyFieldsFragment;

/**
 * Reads a `...MoneyFields` spread. Money is a value every component formats and adds up, so each
 * component that spreads `MoneyFields` in its own fragment reads it here rather than through a
 * fragment of its own. (The generated unmask function is named `getFragmentData`, not
 * `useFragment`: it is no React hook, and rows read money inside `map` callbacks.)
 */
export function money(ref: MoneyRef): Money;
export function money(ref: MoneyRef | null | undefined): Money | null;
export function money(ref: MoneyRef | null | undefined): Money | null {
  return ref ? getFragmentData(MoneyFields, ref) : null;
}
