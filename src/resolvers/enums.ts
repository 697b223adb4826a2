import { ENTRY_KINDS, PROVIDERS, type Provider } from '../sources/model.js';
import { builder } from './builder.js';

export const ProviderEnum = builder.enumType('Provider', {
  description: 'The payment provider a ledger or entry comes from.',
  // Built from the sources' one list of providers, so adding a provider touches no resolver.
  values: Object.fromEntries(Object.entries(PROVIDERS).map(([name, description]) => [name, { description }])) as {
    [P in Provider]: { description: string };
  },
});

export const LedgerTopicEnum = builder.enumType('LedgerTopic', {
  description: "Which of a Vipps MobilePay ledger's two books to read.",
  values: {
    FUNDS: { description: 'Money in and out: captures, refunds, retained fees, payouts.' },
    FEES: { description: 'Fees charged: capture fees, fees retained from the funds, invoiced fees.' },
  } as const,
});

const KIND_DESCRIPTIONS: Record<(typeof ENTRY_KINDS)[number], string> = {
  CAPTURE: 'Money captured from a customer (a sale; Easypay `CP`).',
  REFUND: 'Money returned to a customer (Easypay `RF`).',
  REVERSAL: 'A payment reversed before settlement (Easypay `RV`).',
  FEE: 'A fee charged by the provider for a transaction or service (Easypay `FEE`).',
  FEES_RETAINED: 'Fees deducted from the funds before payout (net settlement), on both books.',
  FEES_INVOICED: 'Fees moved to an invoice instead of being deducted.',
  PAYOUT:
    "Money paid out to the merchant's bank account (`payout-scheduled`, formerly `scheduled-for-payout`; Easypay `TF`, funds moved from the Easypay account to the merchant's bank account, and `TB`, a bank transfer settling a transfer batch with the merchant's bank).",
  PAYOUT_ABORTED: 'A scheduled payout that did not happen; the money is back on the ledger.',
  TRANSFER: 'Money moved to or from another account or paid to an external party (Easypay `OT`, `OP`).',
  SPLIT: 'A share of a payment split to another account (Easypay `SP`).',
  CHARGEBACK: 'A card chargeback (Easypay `CB`).',
  DISPUTE: 'A disputed capture retained or returned.',
  CORRECTION: 'A correction of earlier data; the upstreams never edit entries, they add corrections.',
  MANUAL_ADJUSTMENT: 'A manual movement by the provider (Easypay `MAN`).',
  TOP_UP: 'Money added to cover a negative balance.',
  CREDIT_NOTE: 'A credit note from the provider.',
  OTHER:
    'An entry type Tally does not classify yet (the upstreams add types without notice). Book it by `entryType` and the sign of `amount`.',
};

export const EntryKindEnum = builder.enumType('EntryKind', {
  description: 'A provider-neutral classification of `entryType`. New upstream types arrive as `OTHER`, never as an error.',
  values: Object.fromEntries(ENTRY_KINDS.map((k) => [k, { description: KIND_DESCRIPTIONS[k] }])) as Record<
    (typeof ENTRY_KINDS)[number],
    { description: string }
  >,
});
