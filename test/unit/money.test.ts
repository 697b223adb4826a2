import { describe, expect, it } from 'vitest';
import { TallyError } from '../../src/domain/errors.js';
import { currencyExponent, formatAmount, moneyFromDecimal, moneyFromMinor, sumMoney } from '../../src/domain/money.js';

describe('money', () => {
  it('formats minor units exactly with the ISO 4217 exponent', () => {
    expect(formatAmount({ minorUnits: 49900, currency: 'NOK' })).toBe('499.00');
    expect(formatAmount({ minorUnits: -7, currency: 'EUR' })).toBe('-0.07');
    expect(formatAmount({ minorUnits: 0, currency: 'DKK' })).toBe('0.00');
    expect(formatAmount({ minorUnits: 1234, currency: 'JPY' })).toBe('1234');
    expect(formatAmount({ minorUnits: 1234, currency: 'KWD' })).toBe('1.234');
    expect(formatAmount({ minorUnits: 2 ** 31 + 1, currency: 'NOK' })).toBe('21474836.49');
    expect(formatAmount({ minorUnits: Number.MAX_SAFE_INTEGER, currency: 'NOK' })).toBe('90071992547409.91');
    expect(currencyExponent('EUR')).toBe(2);
  });

  it('converts decimal strings exactly, never through floating point', () => {
    expect(moneyFromDecimal('13.5', 'EUR').minorUnits).toBe(1350);
    expect(moneyFromDecimal('13', 'EUR').minorUnits).toBe(1300);
    expect(moneyFromDecimal('13.50', 'EUR').minorUnits).toBe(1350);
    expect(moneyFromDecimal('-0.07', 'EUR').minorUnits).toBe(-7);
    expect(moneyFromDecimal('0.1', 'EUR').minorUnits + moneyFromDecimal('0.2', 'EUR').minorUnits).toBe(30);
    expect(moneyFromDecimal('99614012.33', 'EUR').minorUnits).toBe(9961401233);
    expect(moneyFromDecimal('1.2300', 'EUR').minorUnits).toBe(123);
    for (const bad of ['1.234', 'abc', '1e5', '', '1.2.3', '90071992547409.92']) {
      expect(() => moneyFromDecimal(bad, 'EUR'), bad).toThrow(TallyError);
    }
  });

  it('rejects non-integer minor units and unknown currency shapes as bad upstream data', () => {
    expect(() => moneyFromMinor(1.5, 'NOK')).toThrow(/not an integer/);
    expect(() => moneyFromMinor(1, 'nok')).toThrow(/currency/);
    expect(
      sumMoney(
        [
          { minorUnits: 2 ** 31, currency: 'NOK' },
          { minorUnits: 2 ** 31, currency: 'NOK' },
        ],
        'NOK',
      ).minorUnits,
    ).toBe(2 ** 32);
    expect(() => sumMoney([{ minorUnits: 1, currency: 'EUR' }], 'NOK')).toThrow();
  });
});

describe('Decimal', () => {
  it('parses decimal text to one canonical form, never through floating point', async () => {
    const { parseDecimal } = await import('../../src/domain/money.js');
    expect(['5.0', '+500', '-0.0125', '0.10', '000.1', '-0', '95.000'].map(parseDecimal)).toEqual([
      '5',
      '500',
      '-0.0125',
      '0.1',
      '0.1',
      '0',
      '95',
    ]);
    // 0.1 + 0.2 territory and beyond 2^53 stay exact as text.
    expect(parseDecimal('90071992547409.9312345')).toBe('90071992547409.9312345');
    for (const bad of ['', 'ten', '1e3', '1.', '.5', '1.2.3', '1'.repeat(41), 'NaN']) expect(parseDecimal(bad), bad).toBeNull();
  });

  it('reads a JSON number as the text it was written with, exponents shifted as digits', async () => {
    const { decimalFromJsonNumber } = await import('../../src/domain/money.js');
    expect([0.0125, 0.1, 10, 0, -2.5, 1e-7, 1.5e21, 12345.678].map(decimalFromJsonNumber)).toEqual([
      '0.0125',
      '0.1',
      '10',
      '0',
      '-2.5',
      '0.0000001',
      '1500000000000000000000',
      '12345.678',
    ]);
    expect(decimalFromJsonNumber(Number.NaN)).toBeNull();
    expect(decimalFromJsonNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('scales, rounds and compares exactly', async () => {
    const { compareDecimal, decimalToScaled, decimalToScaledRounded, parseDecimal } = await import('../../src/domain/money.js');
    const d = (t: string) => parseDecimal(t) as NonNullable<ReturnType<typeof parseDecimal>>;
    expect(decimalToScaled(d('0.0125'), 4)).toBe(125n);
    expect(decimalToScaled(d('0.0125'), 2)).toBeNull();
    expect(decimalToScaledRounded(d('0.0125'), 3)).toBe(13n);
    expect(decimalToScaledRounded(d('-0.0125'), 3)).toBe(-13n);
    expect(compareDecimal(d('5.0'), d('5'))).toBe(0);
    expect(compareDecimal(d('0.1'), d('0.0999999999999999999'))).toBe(1);
    expect(compareDecimal(d('-1'), d('0'))).toBe(-1);
  });
});
