import { describe, expect, it } from 'vitest';
import { TallyError } from '../../src/domain/errors.js';
import { formatAmount, moneyFromDecimal } from '../../src/domain/money.js';
import {
  easypayEntryKey,
  easypayEntryKind,
  parseEasypayEntryKey,
  amountText,
  parseEasypayTimestamp,
  toEasypayEntry,
} from '../../src/sources/easypay/mapping.js';
import { describeEasypayError, LedgerEntrySchema, LedgerPageSchema } from '../../src/sources/easypay/schemas.js';
import { EXPECTED_EASYPAY_KINDS } from '../helpers/expected-kinds.js';

const ACCOUNT = '5a2db0c4-7e1f-4c3a-9b8e-e0a5e7a11acc';

/** The spec's response example, verbatim (docs/upstreams/easypay.md, sample data): the older shape. */
const EXAMPLE_PAGE = {
  metadata: { next_cursor: 'lL_j7ilk7rc', count: 10 },
  data: [
    {
      id: 'dc0f1e47-4510-4058-8119-31b8f80b5a02',
      created_at: '2019-08-24 14:15:22+00:00',
      transaction_timestamp: '2019-08-24 14:15:22+00:00',
      transaction_type: 'CP',
      amount_details: {
        requested_amount: { amount: '13.5', currency: 'EUR' },
        payed_amount: { amount: '13.5', currency: 'EUR' },
        fixed_fee: { amount: '0.07', currency: 'EUR' },
        variable_fee: { amount: '0.1', currency: 'EUR' },
        tax_amount: { amount: '0.04', currency: 'EUR' },
        transfered_amount: { amount: '13.29', currency: 'EUR' },
      },
      transfer_batch_date: '2019-08-24',
      transfer_batch: 'string',
      descriptive: 'some descriptive',
      details: {
        operation_id: '79921588-12fb-44c8-87c2-207362a8e467',
        operation_key: 'transaction key associated with operation',
        method: 'MBW',
        payment_id: '1717d252-7a25-43e9-a272-f1ae07a0f2d7',
        payment_type: 'single',
        payment_key: 'Merchant identification key associated with payment',
      },
    },
  ],
};

/** The schema's shape (`LedgerEntry`), as the sandbox serves it. */
const SCHEMA_ENTRY = {
  id: '0b7f3c2e-1111-4c3a-9b8e-000000000001',
  created_at: '2026-11-19 23:59',
  transaction_timestamp: '2026-11-19 22:10',
  transaction_type: 'CP',
  amount: { amount: '98.6', currency: 'EUR' },
  amount_details: {
    requested_amount: { amount: '100', currency: 'EUR' },
    payed_amount: { amount: '100', currency: 'EUR' },
    fees: [
      {
        fixed_amount: { amount: '0.15', currency: 'EUR' },
        variable_amount: { amount: '0.7', currency: 'EUR' },
        vat_amount: { amount: '0.2', currency: 'EUR' },
      },
      {
        fixed_amount: { amount: '0.05', currency: 'EUR' },
        variable_amount: { amount: '0', currency: 'EUR' },
        vat_amount: { amount: '0.30', currency: 'EUR' },
      },
    ],
  },
  transfer_batch_date: '',
  transfer_batch: '',
  descriptive: 'Capture MBW order 123456',
  details: {
    operation_id: 'op',
    operation_key: 'op-1',
    method: 'MBW',
    payment_id: 'pay-1',
    payment_type: 'single',
    payment_key: 'customer-1',
  },
  some_future_field: { anything: true },
};

describe('easypay entry kinds', () => {
  it('maps every documented code onto the normalised kinds, unknown codes to OTHER', () => {
    const expected = EXPECTED_EASYPAY_KINDS;
    for (const [code, kind] of Object.entries(expected)) expect(easypayEntryKind(code), code).toBe(kind);
    for (const code of ['XX', 'cp', '', 'constructor', 'toString']) expect(easypayEntryKind(code), code).toBe('OTHER');
  });
});

describe('easypay entries from both response shapes', () => {
  it('reads the spec example (older shape): amount is transfered_amount, one fee of three parts', () => {
    const page = LedgerPageSchema.parse(EXAMPLE_PAGE);
    expect(page.metadata.next_cursor).toBe('lL_j7ilk7rc');
    const e = toEasypayEntry(page.data[0]!, ACCOUNT);
    expect(e.amount).toEqual({ minorUnits: 1329, currency: 'EUR' });
    expect(e.time).toBe('2019-08-24T14:15:22Z');
    expect(e.ledgerDate).toBe('2019-08-24');
    expect(e.kind).toBe('CAPTURE');
    expect(e.entryType).toBe('CP');
    expect(e.topic).toBeNull();
    expect(e.easypay?.paidAmount).toEqual({ minorUnits: 1350, currency: 'EUR' });
    expect(e.easypay?.fees).toEqual([
      {
        fixedAmount: { minorUnits: 7, currency: 'EUR' },
        variableAmount: { minorUnits: 10, currency: 'EUR' },
        vatAmount: { minorUnits: 4, currency: 'EUR' },
      },
    ]);
    // 13.5 - 0.07 - 0.1 - 0.04 = 13.29 (docs/upstreams/easypay.md): paid minus the fee parts is the amount.
    const fee = e.easypay!.fees[0]!;
    expect(
      e.easypay!.paidAmount!.minorUnits - fee.fixedAmount!.minorUnits - fee.variableAmount!.minorUnits - fee.vatAmount!.minorUnits,
    ).toBe(e.amount.minorUnits);
    expect(e.easypay?.payment?.method).toBe('MBW');
    expect(e.pspReference).toBe('1717d252-7a25-43e9-a272-f1ae07a0f2d7');
  });

  it('reads the schema shape, keeps unknown fields out, and turns empty strings into null', () => {
    const e = toEasypayEntry(LedgerEntrySchema.parse(SCHEMA_ENTRY), ACCOUNT);
    expect(e.amount).toEqual({ minorUnits: 9860, currency: 'EUR' });
    expect(e.easypay?.requestedAmount).toEqual({ minorUnits: 10000, currency: 'EUR' });
    expect(e.easypay?.fees).toHaveLength(2);
    expect(e.easypay?.fees[1]?.vatAmount).toEqual({ minorUnits: 30, currency: 'EUR' });
    expect(e.easypay?.transferBatch).toBeNull();
    expect(e.easypay?.transferBatchDate).toBeNull();
    expect(e.easypay?.transactionTime).toBe('2026-11-19T22:10:00Z');
    expect(e.time).toBe('2026-11-19T23:59:00Z');
    expect(e.reference).toBe('customer-1');
    expect(parseEasypayEntryKey(e.key)).toEqual({
      accountId: ACCOUNT,
      minute: Date.parse('2026-11-19T23:59:00Z') / 60_000,
      id: SCHEMA_ENTRY.id,
    });
  });

  it('accepts `next_cursor` "" and null as the end, and an unknown transaction type', () => {
    expect(LedgerPageSchema.parse({ metadata: { next_cursor: '', count: 0 }, data: [] }).metadata.next_cursor).toBeNull();
    expect(LedgerPageSchema.parse({ metadata: { next_cursor: null, count: 0 }, data: [] }).metadata.next_cursor).toBeNull();
    const e = toEasypayEntry(LedgerEntrySchema.parse({ ...SCHEMA_ENTRY, transaction_type: 'ZZ' }), ACCOUNT);
    expect(e.kind).toBe('OTHER');
    expect(e.entryType).toBe('ZZ');
  });

  it('refuses an entry without any amount; an amount that cannot be read exactly fails its own field, naming the entry', () => {
    expect(LedgerEntrySchema.safeParse({ ...SCHEMA_ENTRY, amount: null, amount_details: {} }).success).toBe(false);
    // The entry is read; only the field that holds the amount raises, when it is read.
    const bad = toEasypayEntry(LedgerEntrySchema.parse({ ...SCHEMA_ENTRY, amount: { amount: '98.601', currency: 'EUR' } }), ACCOUNT);
    expect(() => bad.amount).toThrow(TallyError);
    try {
      void bad.amount;
    } catch (err) {
      expect((err as TallyError).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect((err as TallyError).details).toEqual({ easypayEntryId: SCHEMA_ENTRY.id, field: 'amount' });
    }
    expect(bad.easypay?.id).toBe(SCHEMA_ENTRY.id);
  });

  it('reads a JSON number amount only when its decimal text is exactly the amount sent', () => {
    expect(amountText('13.29')).toBe('13.29');
    expect(amountText(13.29)).toBe('13.29');
    expect(amountText(-0.07)).toBe('-0.07');
    expect(amountText(250)).toBe('250');
    expect(amountText(12345678901234.5)).toBe('12345678901234.5');
    // More digits than a double keeps, an exponent, or not a number at all: refused.
    for (const refused of [0.1 + 0.2, Number('12345678901234.567'), 1e21, 1e-7, Number.NaN, Infinity, true, null, { value: 1 }]) {
      expect(amountText(refused), String(refused)).toBeNull();
    }
    const entry = toEasypayEntry(LedgerEntrySchema.parse({ ...SCHEMA_ENTRY, amount: { amount: 98.6, currency: 'EUR' } }), ACCOUNT);
    expect(entry.amount).toMatchObject({ minorUnits: 9860, currency: 'EUR' });
  });
});

describe('easypay decimal strings to money, exactly', () => {
  it('converts zero, one and two decimals, signs and large values without floating point', () => {
    const cases: Array<[string, number, string]> = [
      ['13', 1300, '13.00'],
      ['13.5', 1350, '13.50'],
      ['13.29', 1329, '13.29'],
      ['-0.07', -7, '-0.07'],
      ['0.1', 10, '0.10'],
      ['-0', 0, '0.00'],
      ['21474836.48', 2_147_483_648, '21474836.48'],
      ['99999999.99', 9_999_999_999, '99999999.99'],
      // 0.1 + 0.2 style traps: would be 1234567.8899999999 through a float multiply.
      ['1234567.89', 123_456_789, '1234567.89'],
      ['90071992547409.91', 9_007_199_254_740_991, '90071992547409.91'],
    ];
    for (const [text, minor, formatted] of cases) {
      const m = moneyFromDecimal(text, 'EUR', 'easypay');
      expect(m.minorUnits, text).toBe(minor);
      expect(formatAmount(m), text).toBe(formatted);
    }
    expect(() => moneyFromDecimal('90071992547409.92', 'EUR', 'easypay')).toThrow(/2\^53/);
    expect(() => moneyFromDecimal('1e3', 'EUR', 'easypay')).toThrow(TallyError);
  });
});

describe('easypay timestamps, keys and errors', () => {
  it("reads minute timestamps and the example's offset timestamps as UTC", () => {
    expect(parseEasypayTimestamp('2026-11-20 00:00')).toEqual({
      iso: '2026-11-20T00:00:00Z',
      minute: Date.parse('2026-11-20T00:00:00Z') / 60_000,
    });
    expect(parseEasypayTimestamp('2019-08-24 14:15:22+00:00').iso).toBe('2019-08-24T14:15:22Z');
    expect(parseEasypayTimestamp('2019-08-24T16:15:22+0200').iso).toBe('2019-08-24T14:15:22Z');
    expect(parseEasypayTimestamp('2019-08-24T14:15:22Z').minute).toBe(Math.floor(Date.parse('2019-08-24T14:15:22Z') / 60_000));
    expect(() => parseEasypayTimestamp('yesterday')).toThrow(TallyError);
  });

  it('keeps the seconds and fraction digits of an ISO 8601 created_at, and refuses impossible times', () => {
    expect(parseEasypayTimestamp('2026-07-30T22:59:30Z')).toEqual({
      iso: '2026-07-30T22:59:30Z',
      minute: Math.floor(Date.parse('2026-07-30T22:59:30Z') / 60_000),
    });
    expect(parseEasypayTimestamp('2026-07-30T22:59:30.123456Z').iso).toBe('2026-07-30T22:59:30.123456Z');
    expect(parseEasypayTimestamp('2026-07-30T23:59:30.5+01:00').iso).toBe('2026-07-30T22:59:30.5Z');
    for (const bad of [
      '2026-02-30T10:00:00Z',
      '2026-07-30T24:00:00Z',
      '2026-07-30T22:60:00Z',
      '2026-07-30T22:59:60Z',
      '2026-13-01 10:00',
    ]) {
      expect(() => parseEasypayTimestamp(bad), bad).toThrow(TallyError);
    }
  });

  it('round-trips entry keys and rejects foreign ones', () => {
    const key = easypayEntryKey(ACCOUNT, 29_000_000, 'abc');
    expect(parseEasypayEntryKey(key)).toEqual({ accountId: ACCOUNT, minute: 29_000_000, id: 'abc' });
    expect(parseEasypayEntryKey('vipps|1|FUNDS|2026-01-01|capture||t')).toBeNull();
    expect(parseEasypayEntryKey(`easypay|${ACCOUNT}|notaminute|abc`)).toBeNull();
  });

  it('describes the vendor error body with `message` as an array or a string', () => {
    expect(describeEasypayError(403, { status: 'error', message: ['Authentication failed'] })).toBe('Authentication failed');
    expect(describeEasypayError(412, { status: 'error', message: ['a', 'b'] })).toBe('a; b');
    expect(
      describeEasypayError(403, { status: 'error', message: 'Authentication Error: Invalid AccountId or ApiKey', code: 403, doc_url: 'x' }),
    ).toBe('Authentication Error: Invalid AccountId or ApiKey');
    expect(describeEasypayError(500, '<xml/>')).toBeUndefined();
    expect(describeEasypayError(500, { status: 'error', message: [] })).toBeUndefined();
  });
});
