import { badInput } from '../domain/errors.js';
import { iso4217Codes, iso4217MinorUnit, isIso4217Code } from '../domain/iso-4217.js';
import { currencyExponent, formatAmount, type Money } from '../domain/money.js';
import { builder } from './builder.js';

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description:
    'An exact amount of money. `minorUnits` is the integer the upstreams count in (øre, cents); `amount` is the same value as an exact decimal string. No floating point is involved anywhere.',
  fields: (t) => ({
    minorUnits: t.field({
      type: 'SafeInt',
      description: "The amount in the currency's minor unit (ISO 4217 exponent): 49900 NOK is 499.00 kroner. Negative for money going out.",
      resolve: (m) => m.minorUnits,
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency code, e.g. `NOK`, `DKK`, `EUR`.' }),
    amount: t.string({
      description:
        'The exact decimal amount with the currency\'s number of decimals, e.g. `"499.00"` or `"-0.07"`. Safe to sum with a decimal library.',
      resolve: (m) => formatAmount(m),
    }),
    exponent: t.int({
      description: 'Decimals of this currency per ISO 4217 (2 for NOK, DKK, EUR; 0 for JPY).',
      resolve: (m) => currencyExponent(m.currency),
    }),
  }),
});

const CurrencyRef = builder.objectRef<string>('Currency').implement({
  description: 'A currency of ISO 4217 List One, and how its amounts are counted: learnable without having an amount in it.',
  fields: (t) => ({
    code: t.string({ description: 'The ISO 4217 code, e.g. `NOK`.', resolve: (code) => code }),
    exponent: t.int({
      nullable: true,
      description:
        'The minor unit per ISO 4217: how many decimals an amount has (2 for NOK, 0 for JPY and ISK, 3 for KWD, 4 for CLF), so `minorUnits` / 10^exponent is the amount. Null where the standard gives none ("N.A.": XAU, XDR, XXX and the other metal and special codes).',
      resolve: (code) => iso4217MinorUnit(code) ?? null,
    }),
  }),
});

builder.queryField('currency', (t) =>
  t.field({
    type: CurrencyRef,
    nullable: true,
    description:
      'A currency by its ISO 4217 code, answered from the list Tally carries (no upstream call). A code that is not on ISO 4217 List One is null with a `BAD_USER_INPUT` error, never a guessed two decimals.',
    args: { code: t.arg.string({ required: true, description: 'An ISO 4217 code, upper case, e.g. `NOK`.' }) },
    resolve: (_root, { code }) => {
      if (!isIso4217Code(code))
        throw badInput(`${JSON.stringify(code.slice(0, 8))} is not an ISO 4217 currency code (List One).`, { argument: 'code' });
      return code;
    },
  }),
);

builder.queryField('currencies', (t) =>
  t.field({
    type: [CurrencyRef],
    description: 'Every currency of ISO 4217 List One that Tally knows, by code, with its exponent (no upstream call).',
    resolve: () => iso4217Codes(),
  }),
);
