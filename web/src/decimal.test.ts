import { describe, expect, it } from 'vitest';
import { formatDecimal, sumDecimals } from './decimal';

describe('exact decimals', () => {
  it('adds prices finer than a minor unit without a float', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['2.7', '3.05', '1.8625'])).toBe('7.6125');
    expect(sumDecimals(['-3.5', '1'])).toBe('-2.5');
    expect(sumDecimals(['9007199254740993', '0.0000001'])).toBe('9007199254740993.0000001');
    expect(sumDecimals([])).toBe('0');
  });
  it('shows a decimal in full, grouped', () => {
    expect(formatDecimal('12345.0125', 'NOK')).toBe('NOK 12,345.0125');
    expect(formatDecimal(null)).toBe('—');
  });
});
