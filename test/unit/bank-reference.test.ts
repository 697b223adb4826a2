import { describe, expect, it } from 'vitest';
import {
  formatDkFiPayoutReference,
  luhnDigit,
  parseDkFiPayoutReference,
  parseNoPayoutReference,
  payoutBankReference,
  payoutMarket,
  payoutNumberOf,
} from '../../src/sources/vipps/bank-reference.js';

// Seed 002 (Report API FAQ), "How can I get the details for a payment I see in my bank?": the
// payout-scheduled entry of ledger date 2024-04-05 with reference 02023452430010504243.
const FAQ_REFERENCE = '02023452430010504243';

describe('DK/FI payout bank reference 02{Recipient:08}001{DD}{MM}{YY}{C}', () => {
  it('reads the FAQ example: recipient, the payout ledger date, a valid check digit', () => {
    expect(parseDkFiPayoutReference(FAQ_REFERENCE)).toEqual({
      reference: FAQ_REFERENCE,
      recipient: '02345243',
      ledgerDate: '2024-04-05',
      checkDigit: 3,
      checkDigitValid: true,
    });
  });

  it('formats the FAQ example back from its recipient and date', () => {
    expect(formatDkFiPayoutReference('2345243', '2024-04-05')).toBe(FAQ_REFERENCE);
    expect(formatDkFiPayoutReference('02345243', '2024-04-05')).toBe(FAQ_REFERENCE);
  });

  it('round-trips on hard dates: month ends, leap day, new year', () => {
    for (const date of ['2024-02-29', '2025-12-31', '2026-01-01', '2026-03-29', '2026-10-25']) {
      const ref = formatDkFiPayoutReference('90601', date);
      expect(ref).toHaveLength(20);
      expect(parseDkFiPayoutReference(ref)).toMatchObject({ ledgerDate: date, recipient: '00090601', checkDigitValid: true });
    }
  });

  it('tolerates the spaces a bank statement groups digits with', () => {
    expect(parseDkFiPayoutReference('0202 3452 4300 1050 4243')?.ledgerDate).toBe('2024-04-05');
  });

  it('flags a wrong check digit without rejecting the reference', () => {
    const parsed = parseDkFiPayoutReference('02023452430010504249');
    expect(parsed).toMatchObject({ ledgerDate: '2024-04-05', checkDigit: 9, checkDigitValid: false });
  });

  it('detects every single-digit typo in the payload', () => {
    for (let i = 2; i < 19; i++) {
      const d = Number(FAQ_REFERENCE[i]);
      const typo = FAQ_REFERENCE.slice(0, i) + String((d + 1) % 10) + FAQ_REFERENCE.slice(i + 1);
      expect(parseDkFiPayoutReference(typo)?.checkDigitValid ?? false).toBe(false);
    }
  });

  it('is null for what is not one: wrong length, prefix, middle, impossible dates', () => {
    for (const text of [
      '',
      '0202345243001050424',
      '020234524300105042431',
      '12023452430010504243',
      '02023452430020504243',
      '02023452430013104243',
      '0202345243001290223x',
      'Utb. 2000810 Vippsnr 117703',
    ]) {
      expect(parseDkFiPayoutReference(text)).toBeNull();
    }
    // 30 February does not exist.
    expect(parseDkFiPayoutReference(formatDkFiPayoutReference('1', '2024-02-28').replace('280224', '300224'))).toBeNull();
  });

  it('computes Luhn digits of known numbers', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    expect(luhnDigit('0')).toBe(0);
  });
});

describe('Norwegian bank text and payout numbers', () => {
  it('reads the FAQ example Utb. 2000810 Vippsnr 117703', () => {
    expect(parseNoPayoutReference('Utb. 2000810 Vippsnr 117703')).toEqual({ recipient: '2000810', payoutNumber: '117703' });
    expect(parseNoPayoutReference(FAQ_REFERENCE)).toBeNull();
  });

  it('takes the payout number from <ledgerId>-<payoutNumber>', () => {
    expect(payoutNumberOf('453243-2000002', '453243')).toBe('2000002');
    expect(payoutNumberOf('453243-2000002', '45324')).toBeNull();
    expect(payoutNumberOf(null, '453243')).toBeNull();
  });
});

describe('the bank text a payout entry carries, per country (Report API FAQ)', () => {
  const payout = (reference: string | null, currency: string) => ({ reference, amount: { currency } });

  it("Denmark and Finland: the entry's reference is the bank text, default format or the merchant's own", () => {
    expect(payoutBankReference(payout(FAQ_REFERENCE, 'DKK'))).toBe(FAQ_REFERENCE);
    expect(payoutBankReference(payout('Vipps juli', 'EUR'))).toBe('Vipps juli');
    expect(payoutBankReference(payout('', 'DKK'))).toBeNull();
    expect(payoutBankReference(payout(null, 'EUR'))).toBeNull();
  });

  it('Norway: the entry does not carry the bank text yet, so only a text in the Norwegian bank format counts', () => {
    expect(payoutBankReference(payout('', 'NOK'))).toBeNull();
    expect(payoutBankReference(payout('Vipps utbet. 2000023', 'NOK'))).toBeNull();
    expect(payoutBankReference(payout(FAQ_REFERENCE, 'NOK'))).toBeNull();
    expect(payoutBankReference(payout('Utb. 2000810 Vippsnr 117703', 'NOK'))).toBe('Utb. 2000810 Vippsnr 117703');
    expect([payoutMarket('NOK'), payoutMarket('DKK'), payoutMarket('EUR'), payoutMarket('SEK')]).toEqual(['NO', 'DK_FI', 'DK_FI', 'OTHER']);
  });
});
