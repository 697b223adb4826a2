import { describe, expect, it } from 'vitest';
import { easypayFeeTotals } from '../../src/reconciliation/easypay-fees.js';
import { csvHeader, csvRow, ENTRY_CSV_COLUMNS } from '../../src/reconciliation/entries-csv.js';
import type { EasypayEntryDetails, Entry } from '../../src/sources/model.js';

const money = (minorUnits: number, currency = 'NOK') => ({ minorUnits, currency });

function entry(extra: Partial<Entry> = {}): Entry {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: '100',
    topic: 'FUNDS',
    key: 'k1',
    pspReference: 'p1',
    time: '2026-11-19T10:00:00.000000Z',
    ledgerDate: '2026-11-19',
    entryType: 'capture',
    kind: 'CAPTURE',
    reference: null,
    amount: money(-123456),
    balanceBefore: money(2 ** 53 - 1 - 100),
    balanceAfter: money(2 ** 53 - 1),
    recipientHandle: null,
    payer: null,
    easypay: null,
    ...extra,
  };
}

const easypay = (fees: EasypayEntryDetails['fees']): EasypayEntryDetails => ({
  id: 'e1',
  requestedAmount: null,
  paidAmount: null,
  fees,
  transferBatch: '584',
  transferBatchDate: '2026-11-20',
  descriptive: null,
  transactionTime: null,
  payment: null,
});

describe('entries export formats', () => {
  it('CSV_NORDIC: a UTF-8 byte-order mark, then the same header joined by semicolons', () => {
    expect(csvHeader('CSV_NORDIC')).toBe(`\uFEFF${ENTRY_CSV_COLUMNS.join(';')}\r\n`);
    expect(csvHeader('CSV')).toBe(`${ENTRY_CSV_COLUMNS.join(',')}\r\n`);
    expect(csvHeader()).toBe(csvHeader('CSV'));
  });

  it('CSV_NORDIC: exact amounts with a decimal comma, fields quoted for ";" (not for ","), Excel formulas neutralised in text only', () => {
    const e = entry({ reference: 'Ordre 12; 3,50 kr', pspReference: '=HYPERLINK("http://x")', recipientHandle: '-NO:1' });
    const fields = csvRow(e, { payout: null, saleVat: money(-1), dateOpen: true }, 'CSV_NORDIC').slice(0, -2);
    expect(fields.startsWith('\uFEFF')).toBe(false);
    expect(fields).toBe(
      'VIPPS_MOBILEPAY;100;FUNDS;2026-11-19;2026-11-19T10:00:00.000000Z;CAPTURE;capture;"\'=HYPERLINK(""http://x"")";"Ordre 12; 3,50 kr";\'-NO:1;NOK;-1234,56;90071992547408,91;90071992547409,91;;;;-0,01;open;;;;;;;',
    );
    // The same entry in the default format: decimal points, commas, no guard.
    expect(csvRow(e, { payout: null, saleVat: money(-1), dateOpen: true })).toBe(
      'VIPPS_MOBILEPAY,100,FUNDS,2026-11-19,2026-11-19T10:00:00.000000Z,CAPTURE,capture,"=HYPERLINK(""http://x"")","Ordre 12; 3,50 kr",-NO:1,NOK,-1234.56,90071992547408.91,90071992547409.91,,,,-0.01,open,,,,,,,\r\n',
    );
  });

  it('a currency without decimals keeps none; a payout is named by its readable number', () => {
    const row = csvRow(
      entry({ amount: money(-5, 'JPY'), balanceBefore: null, balanceAfter: null }),
      { payout: { ledgerDate: '2026-11-20', bankReference: null, id: 'UGF5b3V0', number: '117703' }, saleVat: null, dateOpen: false },
      'CSV_NORDIC',
    );
    const f = row.slice(0, -2).split(';');
    expect(f[ENTRY_CSV_COLUMNS.indexOf('amount')]).toBe('-5');
    expect(f[ENTRY_CSV_COLUMNS.indexOf('payout_number')]).toBe('117703');
    expect(f[ENTRY_CSV_COLUMNS.indexOf('ledger_date_status')]).toBe('closed');
  });

  it('Easypay: each fee part summed over the fees exactly, the total of all parts, the transfer batch and its date', () => {
    const details = easypay([
      { fixedAmount: money(10, 'EUR'), variableAmount: money(33, 'EUR'), vatAmount: money(10, 'EUR') },
      { fixedAmount: money(5, 'EUR'), variableAmount: null, vatAmount: money(1, 'EUR') },
    ]);
    expect(easypayFeeTotals(details)).toEqual({
      fixed: money(15, 'EUR'),
      variable: money(33, 'EUR'),
      vat: money(11, 'EUR'),
      total: money(59, 'EUR'),
    });
    expect(easypayFeeTotals(easypay([]))).toEqual({ fixed: null, variable: null, vat: null, total: null });
    const row = csvRow(
      entry({ provider: 'EASYPAY', amount: money(941, 'EUR'), easypay: details }),
      { payout: null, saleVat: null, dateOpen: false },
      'CSV_NORDIC',
    );
    const f = row.slice(0, -2).split(';');
    const at = (c: (typeof ENTRY_CSV_COLUMNS)[number]) => f[ENTRY_CSV_COLUMNS.indexOf(c)];
    expect([at('easypay_fee_fixed'), at('easypay_fee_variable'), at('easypay_fee_vat'), at('easypay_fee_total')]).toEqual([
      '0,15',
      '0,33',
      '0,11',
      '0,59',
    ]);
    expect([at('easypay_transfer_batch'), at('easypay_transfer_batch_date')]).toEqual(['584', '2026-11-20']);
  });
});
