import { graphql } from './__generated__/gql';

/** Every amount the app shows: exact decimal, currency, exponent and minor units. */
export const MoneyFields = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
    exponent
    minorUnits
  }
`);
