import { currencyExponent, formatAmount, type Money } from '../domain/money.js';
import { builder } from './builder.js';

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description:
    'An exact amount of money. `minorUnits` is the integer the upstreams count in (øre, cents); `amount` is the same value as an exact decimal string. No floating point is involved anywhere.',
  fields: (t) => ({
    minorUnits: t.field({
      type: 'SafeInt',
      description: 'The amount in the currency\'s minor unit (ISO 4217 exponent): 49900 NOK is 499.00 kroner. Negative for money going out.',
      resolve: (m) => m.minorUnits,
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency code, e.g. `NOK`, `DKK`, `EUR`.' }),
    amount: t.string({
      description: 'The exact decimal amount with the currency\'s number of decimals, e.g. `"499.00"` or `"-0.07"`. Safe to sum with a decimal library.',
      resolve: (m) => formatAmount(m),
    }),
    exponent: t.int({
      description: 'Decimals of this currency per ISO 4217 (2 for NOK, DKK, EUR; 0 for JPY).',
      resolve: (m) => currencyExponent(m.currency),
    }),
  }),
});
