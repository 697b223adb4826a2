import type { Entry, PayerDetails } from '../sources/model.js';
import { builder } from './builder.js';
import { EasypayEntryDetailsRef } from './easypay-entry-details.js';
import { EntryKindEnum, LedgerTopicEnum, ProviderEnum } from './enums.js';
import { MoneyRef } from './money.js';
import { personal } from './personal.js';

export const PayerDetailsRef = builder.objectRef<PayerDetails>('PayerDetails').implement({
  description:
    'Personal data about the payer, GDPR-sensitive. Vipps MobilePay returns it only for Vippsnummer/MyShop payments, and Tally only asks for it (`includeGDPRSensitiveData=true`) when a query selects this object.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, ...personal("The payer's name.") }),
    maskedPhoneNo: t.exposeString('maskedPhoneNo', { nullable: true, ...personal("The payer's phone number, masked, e.g. `xxxx 1234`.") }),
    message: t.exposeString('message', { nullable: true, ...personal('The message the payer wrote with the payment.') }),
  }),
});

/** The global id's inner part is the entry's provider key: stable across restarts and page sizes. */
export const EntryRef = builder.node(builder.objectRef<Entry>('Entry'), {
  description:
    'One line of a ledger: money that moved on a provider account, with the balance around it where the provider reports one. Entries are immutable upstream; corrections arrive as new entries.',
  id: { resolve: (e) => e.key },
  loadOne: (key, ctx) => ctx.ledgers.entryByKey(key),
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'key' in v && 'entryType' in v,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider whose ledger this entry is on.', resolve: (e) => e.provider }),
    ledgerId: t.exposeString('ledgerId', { description: 'The upstream ledger id (Vipps `ledgerId`; the Easypay account id).' }),
    topic: t.field({
      type: LedgerTopicEnum,
      nullable: true,
      description: 'Which Vipps MobilePay book the entry is on (funds or fees). Null for providers without separate books (Easypay).',
      resolve: (e) => e.topic,
    }),
    pspReference: t.exposeString('pspReference', {
      nullable: true,
      description:
        "The payment service provider's transaction reference: joins a capture to its sale and fee. Not unique on the fees book (a capture fee carries its capture's reference); for payouts it is `<ledgerId>-<payoutNumber>`. On Easypay the payment id (`details.payment_id`), shared by a capture and its refunds; null for entries without a payment.",
    }),
    time: t.field({
      type: 'DateTime',
      description:
        "When the money moved, in UTC (Easypay: the entry's `created_at`, to the second; to the minute where Easypay wrote only minutes).",
      resolve: (e) => e.time,
    }),
    ledgerDate: t.field({
      type: 'Date',
      description:
        "The accounting day the provider booked the entry on (can differ from the date of `time`). Easypay has no accounting day: the date of `time` in the ledger's `timeZone` (`Europe/Lisbon`), the next UTC date for an entry between 23:00 and 24:00 UTC in summer.",
      resolve: (e) => e.ledgerDate,
    }),
    entryType: t.exposeString('entryType', {
      description:
        "The upstream's own entry type, verbatim (`capture`, `payout-scheduled`, Easypay `CP`...). The set is open: new values appear without notice.",
    }),
    kind: t.field({
      type: EntryKindEnum,
      description: 'A provider-neutral classification of `entryType`; unknown types are `OTHER`.',
      resolve: (e) => e.kind,
    }),
    reference: t.exposeString('reference', {
      nullable: true,
      description:
        "The merchant's order reference, or for payouts the bank statement text (often missing or not matching in Norway). On Easypay the merchant's key for the payment (`details.payment_key`).",
    }),
    amount: t.field({
      type: MoneyRef,
      description: 'The signed amount: positive adds to the balance, negative takes from it.',
      resolve: (e) => e.amount,
    }),
    balanceBefore: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        "The book's balance before this entry (Vipps MobilePay). `balanceBefore + amount = balanceAfter`. Null for providers that do not report balances (Easypay).",
      resolve: (e) => e.balanceBefore,
    }),
    balanceAfter: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The book's balance after this entry (Vipps MobilePay). Null for providers that do not report balances (Easypay).",
      resolve: (e) => e.balanceAfter,
    }),
    recipientHandle: t.exposeString('recipientHandle', {
      nullable: true,
      description:
        'The sales unit that received the payment (`api:<MSN>`, `NO:<n>`). Missing on payouts, retained fees, and data before 2022.',
    }),
    payer: t.field({
      type: PayerDetailsRef,
      nullable: true,
      // Without the `gdpr` scope the details were not requested upstream either (LedgerAccess).
      ...personal(
        'GDPR-sensitive payer details (Vippsnummer/MyShop payments on Vipps MobilePay only). Selecting this makes Tally request them upstream; null where the provider has none. Without the `gdpr` scope the field is null with one `FORBIDDEN` error for the whole response, and nothing is requested upstream.',
      ),
      resolve: (e) => e.payer,
    }),
    easypay: t.field({
      type: EasypayEntryDetailsRef,
      nullable: true,
      description:
        'Easypay only: fee breakdown, requested and paid amounts, transfer batch and the payment behind the entry. Null for other providers.',
      resolve: (e) => e.easypay,
    }),
  }),
});
