import { describe, expect, it } from 'vitest';
import { clockAt } from '../../src/domain/dates.js';
import { moneyFromMinor } from '../../src/domain/money.js';
import type { Entry, Ledger } from '../../src/sources/model.js';
import type { UpstreamPage } from '../../src/paging/page.js';
import { VippsConfiguredProvider } from '../../src/sources/vipps/provider.js';
import type { VippsReportClient } from '../../src/sources/vipps/report-client.js';

/**
 * `SalesEvent.entry` looks for a sale's entry on the ledger date of the sale's time. On a ledger
 * cut at 04:00, a sale at 02:00 on the 18th (Oslo) is on the 17th: that date is read first and
 * alone, never the calendar's 18th.
 */
const LEDGER: Ledger = {
  provider: 'VIPPS_MOBILEPAY',
  ledgerId: '302321',
  currency: 'NOK',
  timeZone: 'Europe/Oslo',
  dateCutoffMinutes: 240,
  payoutBankAccount: null,
  owner: null,
  settlesForRecipientHandles: ['api:123455'],
  salesUnits: [],
};
const SALE = { pspReference: '3343121302', entryType: 'capture', time: '2026-11-18T01:00:00.000000Z' };

function capture(ledgerDate: string): Entry {
  return {
    provider: 'VIPPS_MOBILEPAY',
    ledgerId: LEDGER.ledgerId,
    topic: 'FUNDS',
    key: `vipps|${LEDGER.ledgerId}|FUNDS|${ledgerDate}|capture|${SALE.pspReference}|${SALE.time}`,
    pspReference: SALE.pspReference,
    time: SALE.time,
    ledgerDate,
    entryType: 'capture',
    kind: 'CAPTURE',
    reference: 'order-1',
    amount: moneyFromMinor(49_900, 'NOK'),
    balanceBefore: null,
    balanceAfter: null,
    recipientHandle: 'api:123455',
    payer: null,
    easypay: null,
  };
}

describe('the entry of a sale on a ledger with a 04:00 cutoff', () => {
  it("reads the ledger date of the sale's time, not the calendar date", async () => {
    const asked: string[] = [];
    const report = {
      credentialKey: 'test',
      datePage: async (_ctx: unknown, args: { date: string }): Promise<UpstreamPage<Entry>> => {
        asked.push(args.date);
        return { items: args.date === '2026-11-17' ? [capture('2026-11-17')] : [], next: null, hasMore: false, final: true };
      },
    } as unknown as VippsReportClient;
    const clock = clockAt(() => Date.parse('2026-11-19T12:00:00Z'));
    const provider = new VippsConfiguredProvider(report).forRequest({}, clock);
    const entry = await provider.entryForSale(LEDGER, SALE, '2026-11-19');
    expect(entry?.ledgerDate).toBe('2026-11-17');
    expect(asked).toEqual(['2026-11-17']);
  });
});
