/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ConformanceEasypayLedgers { ledgers(first: 10) { edges { node { ledgerId provider } } } }": typeof types.ConformanceEasypayLedgersDocument,
    "query ConformanceVippsReportLedgers {\n      ledgers(first: 10) { edges { node { ledgerId currency provider timeZone dateCutoff today payoutBankAccount { scheme id } owner { scheme id }\n        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } pageInfo { hasNextPage } }\n    }": typeof types.ConformanceVippsReportLedgersDocument,
    "query ConformanceVippsReportLedgers2 { ledgers(first: 1) { edges { node { ledgerId } } pageInfo { endCursor hasNextPage } } }": typeof types.ConformanceVippsReportLedgers2Document,
    "query ConformanceVippsReportLedgers3($after: String) { ledgers(first: 5, after: $after) { edges { node { ledgerId } } } }": typeof types.ConformanceVippsReportLedgers3Document,
    "query ConformanceVippsReportLedgers4 { ledgers(settlesForRecipientHandle: \"NO:123455\") { edges { node { ledgerId } } } }": typeof types.ConformanceVippsReportLedgers4Document,
    "query ConformanceVippsReportLedgerByLedgerId { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"302321\") { entries(from: \"2020-10-04\", to: \"2020-10-05\", topic: FEES, first: 10) { edges { node { kind } } } } }": typeof types.ConformanceVippsReportLedgerByLedgerIdDocument,
    "query ConformanceVippsReportLedgerByLedgerId2 { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"453243\") {\n      payouts(from: \"2024-04-05\", to: \"2024-04-05\", first: 5) { edges { node {\n        ledgerDate bankReference payoutNumber amount { minorUnits currency } balanceBefore { minorUnits } retained { minorUnits }\n        entry { pspReference time entryType kind reference recipientHandle amount { minorUnits currency } balanceBefore { minorUnits } balanceAfter { minorUnits } }\n      } } }\n      payoutByBankReference(reference: \"02023452430010504243\") { payoutNumber }\n    } }": typeof types.ConformanceVippsReportLedgerByLedgerId2Document,
    "query ConformanceVippsSalesLedger($id: ID!, $after: String) { ledger(id: $id) { salesEvents(from: \"2019-08-23\", to: \"2019-08-24\", first: 10, after: $after) { edges { node { pspReference } } } } }": typeof types.ConformanceVippsSalesLedgerDocument,
    "mutation DinteroCompleteListsUpdateSettlementReportConfiguration($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { fileTypes } } }": typeof types.DinteroCompleteListsUpdateSettlementReportConfigurationDocument,
    "query DinteroPayoutRulesNode($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleVersion } } }": typeof types.DinteroPayoutRulesNodeDocument,
    "query DinteroPayoutRulesNode2($id: ID!) { node(id: $id) { ... on PayoutRule { isDeleted } } }": typeof types.DinteroPayoutRulesNode2Document,
    "query DinteroPayoutRulesNode3($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleId } } }": typeof types.DinteroPayoutRulesNode3Document,
    "query DinteroPayoutRulesNode4($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { fileTypes } } }": typeof types.DinteroPayoutRulesNode4Document,
    "mutation DinteroPayoutRulesDeleteSettlementReportConfiguration($input: DeleteSettlementReportConfigurationInput!) { deleteSettlementReportConfiguration(input: $input) { deletedSettlementReportConfigurationId } }": typeof types.DinteroPayoutRulesDeleteSettlementReportConfigurationDocument,
    "query DinteroPayoutRulesNode5($id: ID!) { node(id: $id) { id } }": typeof types.DinteroPayoutRulesNode5Document,
    "query DinteroSettlementsBillingAccounts { billingAccounts { id accountId environment isTest } }": typeof types.DinteroSettlementsBillingAccountsDocument,
    "query DinteroSettlementsNode($id: ID!, $acc: ID!) { node(id: $id) { id ... on Settlement { settlementId paymentStatus settledAt accountId } } account: node(id: $acc) { ... on BillingAccount { accountId } } }": typeof types.DinteroSettlementsNodeDocument,
    "query DinteroSettlementsNode2($id: ID!) { node(id: $id) { id } }": typeof types.DinteroSettlementsNode2Document,
    "query DinteroSettlementsNode3($id: ID!) { node(id: $id) { ... on Settlement { attachments { attachmentId fileName contentType downloadUrl downloadUrlExpiresAt } } } }": typeof types.DinteroSettlementsNode3Document,
    "query DinteroSettlementsBillingAccount { billingAccount(accountId: \"T12345678\") { settlements(first: 10) { edges { node { settlementId } } } } }": typeof types.DinteroSettlementsBillingAccountDocument,
    "query EasypayPayoutsWalk($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {\n  edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits }\n    entry { id entryType kind amount { minorUnits } }\n    previous { id retained { minorUnits } }\n    entries(first: 3) { summary { count net { minorUnits } } edges { node { id entryType payout { id } } } } } }\n  pageInfo { hasNextPage endCursor } } } }": typeof types.EasypayPayoutsWalkDocument,
    "query EasypayPayoutsNode($id: ID!) { node(id: $id) { ... on Entry { kind payout { id } } } }": typeof types.EasypayPayoutsNodeDocument,
    "query EasypayPayoutsNode2($id: ID!) { node(id: $id) { ... on Payout { entry { entryType } } } }": typeof types.EasypayPayoutsNode2Document,
    "query EasypayStandInLedgers($id: ID!) { ledgers(first: 100) { edges { node { id provider currency } } } ledger(id: $id) { currency } }": typeof types.EasypayStandInLedgersDocument,
    "query EasypayStandInLedgers2 { ledgers(first: 100) { edges { node { id } } } }": typeof types.EasypayStandInLedgers2Document,
    "query EasypayStandInLedger($id: ID!) { ledger(id: $id) { entries(from: \"2026-07-01\", to: \"2026-08-05\", first: 100) { edges { node { id time ledgerDate easypay { id } } } } } }": typeof types.EasypayStandInLedgerDocument,
    "query EasypayStandInNode($id: ID!) { node(id: $id) { ... on Entry { time } } }": typeof types.EasypayStandInNodeDocument,
    "query EasypayStandInLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-21\", first: 100) { edges { node {\n        amount { minorUnits amount } easypay { id requestedAmount { amount } paidAmount { amount } fees { fixedAmount { amount } variableAmount { amount } vatAmount { amount } } } } } } } }": typeof types.EasypayStandInLedger2Document,
    "query EasypayStandInLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { amount { amount } } } } } }": typeof types.EasypayStandInLedger3Document,
    "query EasypayStandInLedger4($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { easypay { id } } } } } }": typeof types.EasypayStandInLedger4Document,
    "query EasypayTimeZonesLedger($id: ID!) { ledger(id: $id) { timeZone today } }": typeof types.EasypayTimeZonesLedgerDocument,
    "query EasypayTimeZonesEntries($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int, $after: String) { ledger(id: $id) {\n  entries(date: $date, from: $from, to: $to, first: $first, after: $after) {\n    final tryLater edges { node { time ledgerDate easypay { id } } } pageInfo { hasNextPage endCursor } } } }": typeof types.EasypayTimeZonesEntriesDocument,
    "query EasypayLedgers($id: ID!) {\n        ledgers(first: 100) { edges { node { id provider ledgerId currency } } }\n        ledger(id: $id) { ledgerId provider }\n        node(id: $id) { ... on Ledger { ledgerId currency } }\n        filtered: ledgers(first: 100, settlesForRecipientHandle: \"api:none\") { edges { node { provider } } }\n      }": typeof types.EasypayLedgersDocument,
    "query EasypayNode($id: ID!) { node(id: $id) { id } }": typeof types.EasypayNodeDocument,
    "query ExampleClientDay($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) { edges { node { kind amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }": typeof types.ExampleClientDayDocument,
    "query ExampleClientLedgers { ledgers(first: 1) { edges { node { ledgerId currency today } } } }": typeof types.ExampleClientLedgersDocument,
    "query GrantsLedgers { ledgers(first: 100) { edges { node { ledgerId provider } } } billingAccounts { accountId } }": typeof types.GrantsLedgersDocument,
    "query GrantsLedgers2 { ledgers(first: 100) { edges { cursor } } billingAccounts { accountId } }": typeof types.GrantsLedgers2Document,
    "query GrantsNode($id: ID!) { node(id: $id) { id } }": typeof types.GrantsNodeDocument,
    "query GrantsLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } } }": typeof types.GrantsLedgerDocument,
    "query GrantsNode2($id: ID!) { node(id: $id) { id } }": typeof types.GrantsNode2Document,
    "query GrantsLedger2($id: ID!, $date: Date!, $from: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } payouts(from: $from, to: $date, first: 1) { edges { node { id } } } } }": typeof types.GrantsLedger2Document,
    "query GrantsNode3($id: ID!) { node(id: $id) { id } }": typeof types.GrantsNode3Document,
    "query GrantsBillingAccount($a: String!) { billingAccount(accountId: $a) { accountId } }": typeof types.GrantsBillingAccountDocument,
    "query GrantsBillingAccount2($a: String!) { billingAccount(accountId: $a) { accountId } }": typeof types.GrantsBillingAccount2Document,
    "query JointSettlementLedger($id: ID!) { ledger(id: $id) { settlesForRecipientHandles salesUnits { recipientHandle name } } }": typeof types.JointSettlementLedgerDocument,
    "query JointSettlementLedgers($h: String) { ledgers(first: 50, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }": typeof types.JointSettlementLedgersDocument,
    "query LedgerByIdLedger($id: ID!) { ledger(id: $id) { id ledgerId currency provider } }": typeof types.LedgerByIdLedgerDocument,
    "query LedgerByIdLedger2($id: ID!) { ledger(id: $id) { currency } }": typeof types.LedgerByIdLedger2Document,
    "query LedgerDateCutoffLedger($id: ID!) { ledger(id: $id) { today } }": typeof types.LedgerDateCutoffLedgerDocument,
    "query LedgerDateCutoffLedger2($id: ID!) { ledger(id: $id) { dateCutoff timeZone today } }": typeof types.LedgerDateCutoffLedger2Document,
    "query LedgerDateCutoffLedgers { ledgers(first: 50) { edges { node { ledgerId dateCutoff today } } } }": typeof types.LedgerDateCutoffLedgersDocument,
    "query LedgerDateCutoffLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-20\", first: 5) { final } } }": typeof types.LedgerDateCutoffLedger3Document,
    "query LedgerTimeZonesNode($id: ID!) { node(id: $id) { ... on Entry { id time entryType pspReference amount { minorUnits }\n          salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }": typeof types.LedgerTimeZonesNodeDocument,
    "query PersonalDataLedger($id: ID!, $date: Date!) { ledger(id: $id) { entriesExport(from: $date, to: $date) { downloadUrl } } }": typeof types.PersonalDataLedgerDocument,
    "query ReconciliationBooksLedger($id: ID!, $ledgerId: String!) {\n        ledger(id: $id) {\n          id\n          entries(from: \"2026-11-14\", to: \"2026-11-17\", first: 1000) { edges { node { kind pspReference ledgerDate amount { minorUnits amount } ledger { id } fee { kind pspReference topic ledgerDate amount { minorUnits amount } } } } }\n          salesEvents(date: \"2026-11-17\", first: 1000) { edges { node { pspReference entryType amounts { gross { minorUnits amount } } entry { pspReference entryType amount { minorUnits amount } } } } }\n        }\n        byId: ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: $ledgerId) { id }\n      }": typeof types.ReconciliationBooksLedgerDocument,
    "query ReconciliationBooksAllSales($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { salesEvents(from: $from, to: $to, first: 500, after: $after) {\n    edges { node { amounts { gross { minorUnits amount } } lines { vatRate category lineTotalGross { minorUnits amount } lineTotalNet { minorUnits amount } vatAmount { minorUnits amount } } } }\n    pageInfo { hasNextPage endCursor } } } }": typeof types.ReconciliationBooksAllSalesDocument,
    "query ReconciliationBooksLedger2($id: ID!) { ledger(id: $id) { vatSummary(from: \"2026-11-10\", to: \"2026-11-16\") {\n          rows { vatRate vatPercentage category gross { minorUnits amount } net { minorUnits amount } vat { minorUnits amount } lineCount eventCount }\n          coverage { eventCount gross { minorUnits amount } eventsWithoutLines uncoveredGross { minorUnits amount } final } } } }": typeof types.ReconciliationBooksLedger2Document,
    "query ReconciliationBooksLedgers { ledgers(first: 50) { edges { node { provider vatSummary(from: \"2026-11-10\", to: \"2026-11-10\") { coverage { eventCount } } } } } }": typeof types.ReconciliationBooksLedgersDocument,
    "query ReconciliationBooksLedger3($id: ID!) { ledger(id: $id) {\n        entriesExport(from: \"2026-11-12\", to: \"2026-11-17\") { downloadUrl fileName columns contentType }\n        entries(from: \"2026-11-12\", to: \"2026-11-17\", first: 1000) { summary { count net { minorUnits amount } } edges { node { pspReference entryType amount { minorUnits amount } balanceAfter { minorUnits amount } payout { ledgerDate } salesEvent { amounts { vat { minorUnits amount } } } } } }\n      } }": typeof types.ReconciliationBooksLedger3Document,
    "query ReconciliationBooksLedger4($id: ID!) { ledger(id: $id) { entriesExport(from: \"2026-11-12\", to: \"2026-11-12\") { downloadUrl } } }": typeof types.ReconciliationBooksLedger4Document,
    "query ReconciliationNode($id: ID!, $after: String) { node(id: $id) { ... on Payout { entries(first: 37, after: $after) { edges { node { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } balanceAfter { minorUnits currency amount } } } pageInfo { hasNextPage endCursor } } } } }": typeof types.ReconciliationNodeDocument,
    "query ReconciliationLedgers { ledgers(first: 50) { edges { node { id provider } } } }": typeof types.ReconciliationLedgersDocument,
    "query ReconciliationLedger($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id ledgerDate } } }": typeof types.ReconciliationLedgerDocument,
    "query ReconciliationLedger2($id: ID!) { ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-19\", first: 1000) { edges { node { kind time payout { id ledgerDate } } } } } }": typeof types.ReconciliationLedger2Document,
    "query ReconciliationLedger3($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 1) { summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } } } } }": typeof types.ReconciliationLedger3Document,
    "query ReconciliationLedger4($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 2) { summary { count net { amount } } edges { node { kind } } } } }": typeof types.ReconciliationLedger4Document,
    "query ReconciliationLedger5($id: ID!, $handle: String!) { ledger(id: $id) {\n        all: entries(date: \"2026-11-18\", first: 1) { summary { count } }\n        mine: entries(date: \"2026-11-18\", first: 1, recipientHandle: $handle) { summary { count } }\n        other: entries(date: \"2026-11-18\", first: 5, recipientHandle: \"FI:0\") { summary { count } edges { cursor } } } }": typeof types.ReconciliationLedger5Document,
    "query SafetyLedgers { ledgers(first: 1) { pageInfo { endCursor } } }": typeof types.SafetyLedgersDocument,
    "query SafetyLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 200) { edges { node { kind salesEvent { id } } } } } }": typeof types.SafetyLedgerDocument,
    "query VippsErrorsLedger($id: ID!, $entry: ID!) {\n      a: ledger(id: \"not-a-global-id\") { ledgerId }\n      b: ledger(id: $entry) { ledgerId }\n      c: ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-01\") { final } }\n      d: ledger(id: $id) { entries(from: \"2025-01-01\", to: \"2026-11-01\") { final } }\n      e: ledger(id: $id) { entries(date: \"2026-11-18\", first: 0) { final } }\n      f: ledger(id: $id) { entries(date: \"2026-11-18\", last: 5) { final } }\n      h: ledger(id: $id) { entries(to: \"2026-11-18\") { final } }\n      i: ledger(id: $id) { entries { final } }\n    }": typeof types.VippsErrorsLedgerDocument,
    "query VippsErrorsLedger2($id: ID!) { ledger(id: $id) { ledgerId } }": typeof types.VippsErrorsLedger2Document,
    "query VippsErrorsLedgers { ledgers(first: 50) { edges { node { ledgerId provider } } } }": typeof types.VippsErrorsLedgersDocument,
    "query VippsReportLedger($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { entryType payer { name maskedPhoneNo message } } } } } }": typeof types.VippsReportLedgerDocument,
    "query VippsReportLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { id } } } } }": typeof types.VippsReportLedger2Document,
    "query VippsReportNode($id: ID!, $l: ID!, $none: ID!) { node(id: $id) { id ... on Entry { entryType amount { minorUnits } } } l: node(id: $l) { ... on Ledger { ledgerId } } none: node(id: $none) { id } }": typeof types.VippsReportNodeDocument,
    "query VippsSalesNode($id: ID!) { node(id: $id) { id ... on SalesEvent { pspReference reference } } }": typeof types.VippsSalesNodeDocument,
};
const documents: Documents = {
    "query ConformanceEasypayLedgers { ledgers(first: 10) { edges { node { ledgerId provider } } } }": types.ConformanceEasypayLedgersDocument,
    "query ConformanceVippsReportLedgers {\n      ledgers(first: 10) { edges { node { ledgerId currency provider timeZone dateCutoff today payoutBankAccount { scheme id } owner { scheme id }\n        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } pageInfo { hasNextPage } }\n    }": types.ConformanceVippsReportLedgersDocument,
    "query ConformanceVippsReportLedgers2 { ledgers(first: 1) { edges { node { ledgerId } } pageInfo { endCursor hasNextPage } } }": types.ConformanceVippsReportLedgers2Document,
    "query ConformanceVippsReportLedgers3($after: String) { ledgers(first: 5, after: $after) { edges { node { ledgerId } } } }": types.ConformanceVippsReportLedgers3Document,
    "query ConformanceVippsReportLedgers4 { ledgers(settlesForRecipientHandle: \"NO:123455\") { edges { node { ledgerId } } } }": types.ConformanceVippsReportLedgers4Document,
    "query ConformanceVippsReportLedgerByLedgerId { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"302321\") { entries(from: \"2020-10-04\", to: \"2020-10-05\", topic: FEES, first: 10) { edges { node { kind } } } } }": types.ConformanceVippsReportLedgerByLedgerIdDocument,
    "query ConformanceVippsReportLedgerByLedgerId2 { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"453243\") {\n      payouts(from: \"2024-04-05\", to: \"2024-04-05\", first: 5) { edges { node {\n        ledgerDate bankReference payoutNumber amount { minorUnits currency } balanceBefore { minorUnits } retained { minorUnits }\n        entry { pspReference time entryType kind reference recipientHandle amount { minorUnits currency } balanceBefore { minorUnits } balanceAfter { minorUnits } }\n      } } }\n      payoutByBankReference(reference: \"02023452430010504243\") { payoutNumber }\n    } }": types.ConformanceVippsReportLedgerByLedgerId2Document,
    "query ConformanceVippsSalesLedger($id: ID!, $after: String) { ledger(id: $id) { salesEvents(from: \"2019-08-23\", to: \"2019-08-24\", first: 10, after: $after) { edges { node { pspReference } } } } }": types.ConformanceVippsSalesLedgerDocument,
    "mutation DinteroCompleteListsUpdateSettlementReportConfiguration($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { fileTypes } } }": types.DinteroCompleteListsUpdateSettlementReportConfigurationDocument,
    "query DinteroPayoutRulesNode($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleVersion } } }": types.DinteroPayoutRulesNodeDocument,
    "query DinteroPayoutRulesNode2($id: ID!) { node(id: $id) { ... on PayoutRule { isDeleted } } }": types.DinteroPayoutRulesNode2Document,
    "query DinteroPayoutRulesNode3($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleId } } }": types.DinteroPayoutRulesNode3Document,
    "query DinteroPayoutRulesNode4($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { fileTypes } } }": types.DinteroPayoutRulesNode4Document,
    "mutation DinteroPayoutRulesDeleteSettlementReportConfiguration($input: DeleteSettlementReportConfigurationInput!) { deleteSettlementReportConfiguration(input: $input) { deletedSettlementReportConfigurationId } }": types.DinteroPayoutRulesDeleteSettlementReportConfigurationDocument,
    "query DinteroPayoutRulesNode5($id: ID!) { node(id: $id) { id } }": types.DinteroPayoutRulesNode5Document,
    "query DinteroSettlementsBillingAccounts { billingAccounts { id accountId environment isTest } }": types.DinteroSettlementsBillingAccountsDocument,
    "query DinteroSettlementsNode($id: ID!, $acc: ID!) { node(id: $id) { id ... on Settlement { settlementId paymentStatus settledAt accountId } } account: node(id: $acc) { ... on BillingAccount { accountId } } }": types.DinteroSettlementsNodeDocument,
    "query DinteroSettlementsNode2($id: ID!) { node(id: $id) { id } }": types.DinteroSettlementsNode2Document,
    "query DinteroSettlementsNode3($id: ID!) { node(id: $id) { ... on Settlement { attachments { attachmentId fileName contentType downloadUrl downloadUrlExpiresAt } } } }": types.DinteroSettlementsNode3Document,
    "query DinteroSettlementsBillingAccount { billingAccount(accountId: \"T12345678\") { settlements(first: 10) { edges { node { settlementId } } } } }": types.DinteroSettlementsBillingAccountDocument,
    "query EasypayPayoutsWalk($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {\n  edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits }\n    entry { id entryType kind amount { minorUnits } }\n    previous { id retained { minorUnits } }\n    entries(first: 3) { summary { count net { minorUnits } } edges { node { id entryType payout { id } } } } } }\n  pageInfo { hasNextPage endCursor } } } }": types.EasypayPayoutsWalkDocument,
    "query EasypayPayoutsNode($id: ID!) { node(id: $id) { ... on Entry { kind payout { id } } } }": types.EasypayPayoutsNodeDocument,
    "query EasypayPayoutsNode2($id: ID!) { node(id: $id) { ... on Payout { entry { entryType } } } }": types.EasypayPayoutsNode2Document,
    "query EasypayStandInLedgers($id: ID!) { ledgers(first: 100) { edges { node { id provider currency } } } ledger(id: $id) { currency } }": types.EasypayStandInLedgersDocument,
    "query EasypayStandInLedgers2 { ledgers(first: 100) { edges { node { id } } } }": types.EasypayStandInLedgers2Document,
    "query EasypayStandInLedger($id: ID!) { ledger(id: $id) { entries(from: \"2026-07-01\", to: \"2026-08-05\", first: 100) { edges { node { id time ledgerDate easypay { id } } } } } }": types.EasypayStandInLedgerDocument,
    "query EasypayStandInNode($id: ID!) { node(id: $id) { ... on Entry { time } } }": types.EasypayStandInNodeDocument,
    "query EasypayStandInLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-21\", first: 100) { edges { node {\n        amount { minorUnits amount } easypay { id requestedAmount { amount } paidAmount { amount } fees { fixedAmount { amount } variableAmount { amount } vatAmount { amount } } } } } } } }": types.EasypayStandInLedger2Document,
    "query EasypayStandInLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { amount { amount } } } } } }": types.EasypayStandInLedger3Document,
    "query EasypayStandInLedger4($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { easypay { id } } } } } }": types.EasypayStandInLedger4Document,
    "query EasypayTimeZonesLedger($id: ID!) { ledger(id: $id) { timeZone today } }": types.EasypayTimeZonesLedgerDocument,
    "query EasypayTimeZonesEntries($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int, $after: String) { ledger(id: $id) {\n  entries(date: $date, from: $from, to: $to, first: $first, after: $after) {\n    final tryLater edges { node { time ledgerDate easypay { id } } } pageInfo { hasNextPage endCursor } } } }": types.EasypayTimeZonesEntriesDocument,
    "query EasypayLedgers($id: ID!) {\n        ledgers(first: 100) { edges { node { id provider ledgerId currency } } }\n        ledger(id: $id) { ledgerId provider }\n        node(id: $id) { ... on Ledger { ledgerId currency } }\n        filtered: ledgers(first: 100, settlesForRecipientHandle: \"api:none\") { edges { node { provider } } }\n      }": types.EasypayLedgersDocument,
    "query EasypayNode($id: ID!) { node(id: $id) { id } }": types.EasypayNodeDocument,
    "query ExampleClientDay($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) { edges { node { kind amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }": types.ExampleClientDayDocument,
    "query ExampleClientLedgers { ledgers(first: 1) { edges { node { ledgerId currency today } } } }": types.ExampleClientLedgersDocument,
    "query GrantsLedgers { ledgers(first: 100) { edges { node { ledgerId provider } } } billingAccounts { accountId } }": types.GrantsLedgersDocument,
    "query GrantsLedgers2 { ledgers(first: 100) { edges { cursor } } billingAccounts { accountId } }": types.GrantsLedgers2Document,
    "query GrantsNode($id: ID!) { node(id: $id) { id } }": types.GrantsNodeDocument,
    "query GrantsLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } } }": types.GrantsLedgerDocument,
    "query GrantsNode2($id: ID!) { node(id: $id) { id } }": types.GrantsNode2Document,
    "query GrantsLedger2($id: ID!, $date: Date!, $from: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } payouts(from: $from, to: $date, first: 1) { edges { node { id } } } } }": types.GrantsLedger2Document,
    "query GrantsNode3($id: ID!) { node(id: $id) { id } }": types.GrantsNode3Document,
    "query GrantsBillingAccount($a: String!) { billingAccount(accountId: $a) { accountId } }": types.GrantsBillingAccountDocument,
    "query GrantsBillingAccount2($a: String!) { billingAccount(accountId: $a) { accountId } }": types.GrantsBillingAccount2Document,
    "query JointSettlementLedger($id: ID!) { ledger(id: $id) { settlesForRecipientHandles salesUnits { recipientHandle name } } }": types.JointSettlementLedgerDocument,
    "query JointSettlementLedgers($h: String) { ledgers(first: 50, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }": types.JointSettlementLedgersDocument,
    "query LedgerByIdLedger($id: ID!) { ledger(id: $id) { id ledgerId currency provider } }": types.LedgerByIdLedgerDocument,
    "query LedgerByIdLedger2($id: ID!) { ledger(id: $id) { currency } }": types.LedgerByIdLedger2Document,
    "query LedgerDateCutoffLedger($id: ID!) { ledger(id: $id) { today } }": types.LedgerDateCutoffLedgerDocument,
    "query LedgerDateCutoffLedger2($id: ID!) { ledger(id: $id) { dateCutoff timeZone today } }": types.LedgerDateCutoffLedger2Document,
    "query LedgerDateCutoffLedgers { ledgers(first: 50) { edges { node { ledgerId dateCutoff today } } } }": types.LedgerDateCutoffLedgersDocument,
    "query LedgerDateCutoffLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-20\", first: 5) { final } } }": types.LedgerDateCutoffLedger3Document,
    "query LedgerTimeZonesNode($id: ID!) { node(id: $id) { ... on Entry { id time entryType pspReference amount { minorUnits }\n          salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }": types.LedgerTimeZonesNodeDocument,
    "query PersonalDataLedger($id: ID!, $date: Date!) { ledger(id: $id) { entriesExport(from: $date, to: $date) { downloadUrl } } }": types.PersonalDataLedgerDocument,
    "query ReconciliationBooksLedger($id: ID!, $ledgerId: String!) {\n        ledger(id: $id) {\n          id\n          entries(from: \"2026-11-14\", to: \"2026-11-17\", first: 1000) { edges { node { kind pspReference ledgerDate amount { minorUnits amount } ledger { id } fee { kind pspReference topic ledgerDate amount { minorUnits amount } } } } }\n          salesEvents(date: \"2026-11-17\", first: 1000) { edges { node { pspReference entryType amounts { gross { minorUnits amount } } entry { pspReference entryType amount { minorUnits amount } } } } }\n        }\n        byId: ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: $ledgerId) { id }\n      }": types.ReconciliationBooksLedgerDocument,
    "query ReconciliationBooksAllSales($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { salesEvents(from: $from, to: $to, first: 500, after: $after) {\n    edges { node { amounts { gross { minorUnits amount } } lines { vatRate category lineTotalGross { minorUnits amount } lineTotalNet { minorUnits amount } vatAmount { minorUnits amount } } } }\n    pageInfo { hasNextPage endCursor } } } }": types.ReconciliationBooksAllSalesDocument,
    "query ReconciliationBooksLedger2($id: ID!) { ledger(id: $id) { vatSummary(from: \"2026-11-10\", to: \"2026-11-16\") {\n          rows { vatRate vatPercentage category gross { minorUnits amount } net { minorUnits amount } vat { minorUnits amount } lineCount eventCount }\n          coverage { eventCount gross { minorUnits amount } eventsWithoutLines uncoveredGross { minorUnits amount } final } } } }": types.ReconciliationBooksLedger2Document,
    "query ReconciliationBooksLedgers { ledgers(first: 50) { edges { node { provider vatSummary(from: \"2026-11-10\", to: \"2026-11-10\") { coverage { eventCount } } } } } }": types.ReconciliationBooksLedgersDocument,
    "query ReconciliationBooksLedger3($id: ID!) { ledger(id: $id) {\n        entriesExport(from: \"2026-11-12\", to: \"2026-11-17\") { downloadUrl fileName columns contentType }\n        entries(from: \"2026-11-12\", to: \"2026-11-17\", first: 1000) { summary { count net { minorUnits amount } } edges { node { pspReference entryType amount { minorUnits amount } balanceAfter { minorUnits amount } payout { ledgerDate } salesEvent { amounts { vat { minorUnits amount } } } } } }\n      } }": types.ReconciliationBooksLedger3Document,
    "query ReconciliationBooksLedger4($id: ID!) { ledger(id: $id) { entriesExport(from: \"2026-11-12\", to: \"2026-11-12\") { downloadUrl } } }": types.ReconciliationBooksLedger4Document,
    "query ReconciliationNode($id: ID!, $after: String) { node(id: $id) { ... on Payout { entries(first: 37, after: $after) { edges { node { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } balanceAfter { minorUnits currency amount } } } pageInfo { hasNextPage endCursor } } } } }": types.ReconciliationNodeDocument,
    "query ReconciliationLedgers { ledgers(first: 50) { edges { node { id provider } } } }": types.ReconciliationLedgersDocument,
    "query ReconciliationLedger($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id ledgerDate } } }": types.ReconciliationLedgerDocument,
    "query ReconciliationLedger2($id: ID!) { ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-19\", first: 1000) { edges { node { kind time payout { id ledgerDate } } } } } }": types.ReconciliationLedger2Document,
    "query ReconciliationLedger3($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 1) { summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } } } } }": types.ReconciliationLedger3Document,
    "query ReconciliationLedger4($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 2) { summary { count net { amount } } edges { node { kind } } } } }": types.ReconciliationLedger4Document,
    "query ReconciliationLedger5($id: ID!, $handle: String!) { ledger(id: $id) {\n        all: entries(date: \"2026-11-18\", first: 1) { summary { count } }\n        mine: entries(date: \"2026-11-18\", first: 1, recipientHandle: $handle) { summary { count } }\n        other: entries(date: \"2026-11-18\", first: 5, recipientHandle: \"FI:0\") { summary { count } edges { cursor } } } }": types.ReconciliationLedger5Document,
    "query SafetyLedgers { ledgers(first: 1) { pageInfo { endCursor } } }": types.SafetyLedgersDocument,
    "query SafetyLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 200) { edges { node { kind salesEvent { id } } } } } }": types.SafetyLedgerDocument,
    "query VippsErrorsLedger($id: ID!, $entry: ID!) {\n      a: ledger(id: \"not-a-global-id\") { ledgerId }\n      b: ledger(id: $entry) { ledgerId }\n      c: ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-01\") { final } }\n      d: ledger(id: $id) { entries(from: \"2025-01-01\", to: \"2026-11-01\") { final } }\n      e: ledger(id: $id) { entries(date: \"2026-11-18\", first: 0) { final } }\n      f: ledger(id: $id) { entries(date: \"2026-11-18\", last: 5) { final } }\n      h: ledger(id: $id) { entries(to: \"2026-11-18\") { final } }\n      i: ledger(id: $id) { entries { final } }\n    }": types.VippsErrorsLedgerDocument,
    "query VippsErrorsLedger2($id: ID!) { ledger(id: $id) { ledgerId } }": types.VippsErrorsLedger2Document,
    "query VippsErrorsLedgers { ledgers(first: 50) { edges { node { ledgerId provider } } } }": types.VippsErrorsLedgersDocument,
    "query VippsReportLedger($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { entryType payer { name maskedPhoneNo message } } } } } }": types.VippsReportLedgerDocument,
    "query VippsReportLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { id } } } } }": types.VippsReportLedger2Document,
    "query VippsReportNode($id: ID!, $l: ID!, $none: ID!) { node(id: $id) { id ... on Entry { entryType amount { minorUnits } } } l: node(id: $l) { ... on Ledger { ledgerId } } none: node(id: $none) { id } }": types.VippsReportNodeDocument,
    "query VippsSalesNode($id: ID!) { node(id: $id) { id ... on SalesEvent { pspReference reference } } }": types.VippsSalesNodeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceEasypayLedgers { ledgers(first: 10) { edges { node { ledgerId provider } } } }"): (typeof documents)["query ConformanceEasypayLedgers { ledgers(first: 10) { edges { node { ledgerId provider } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgers {\n      ledgers(first: 10) { edges { node { ledgerId currency provider timeZone dateCutoff today payoutBankAccount { scheme id } owner { scheme id }\n        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } pageInfo { hasNextPage } }\n    }"): (typeof documents)["query ConformanceVippsReportLedgers {\n      ledgers(first: 10) { edges { node { ledgerId currency provider timeZone dateCutoff today payoutBankAccount { scheme id } owner { scheme id }\n        settlesForRecipientHandles salesUnits { name recipientHandle businessIdentifier { scheme id } } } } pageInfo { hasNextPage } }\n    }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgers2 { ledgers(first: 1) { edges { node { ledgerId } } pageInfo { endCursor hasNextPage } } }"): (typeof documents)["query ConformanceVippsReportLedgers2 { ledgers(first: 1) { edges { node { ledgerId } } pageInfo { endCursor hasNextPage } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgers3($after: String) { ledgers(first: 5, after: $after) { edges { node { ledgerId } } } }"): (typeof documents)["query ConformanceVippsReportLedgers3($after: String) { ledgers(first: 5, after: $after) { edges { node { ledgerId } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgers4 { ledgers(settlesForRecipientHandle: \"NO:123455\") { edges { node { ledgerId } } } }"): (typeof documents)["query ConformanceVippsReportLedgers4 { ledgers(settlesForRecipientHandle: \"NO:123455\") { edges { node { ledgerId } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgerByLedgerId { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"302321\") { entries(from: \"2020-10-04\", to: \"2020-10-05\", topic: FEES, first: 10) { edges { node { kind } } } } }"): (typeof documents)["query ConformanceVippsReportLedgerByLedgerId { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"302321\") { entries(from: \"2020-10-04\", to: \"2020-10-05\", topic: FEES, first: 10) { edges { node { kind } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsReportLedgerByLedgerId2 { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"453243\") {\n      payouts(from: \"2024-04-05\", to: \"2024-04-05\", first: 5) { edges { node {\n        ledgerDate bankReference payoutNumber amount { minorUnits currency } balanceBefore { minorUnits } retained { minorUnits }\n        entry { pspReference time entryType kind reference recipientHandle amount { minorUnits currency } balanceBefore { minorUnits } balanceAfter { minorUnits } }\n      } } }\n      payoutByBankReference(reference: \"02023452430010504243\") { payoutNumber }\n    } }"): (typeof documents)["query ConformanceVippsReportLedgerByLedgerId2 { ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: \"453243\") {\n      payouts(from: \"2024-04-05\", to: \"2024-04-05\", first: 5) { edges { node {\n        ledgerDate bankReference payoutNumber amount { minorUnits currency } balanceBefore { minorUnits } retained { minorUnits }\n        entry { pspReference time entryType kind reference recipientHandle amount { minorUnits currency } balanceBefore { minorUnits } balanceAfter { minorUnits } }\n      } } }\n      payoutByBankReference(reference: \"02023452430010504243\") { payoutNumber }\n    } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConformanceVippsSalesLedger($id: ID!, $after: String) { ledger(id: $id) { salesEvents(from: \"2019-08-23\", to: \"2019-08-24\", first: 10, after: $after) { edges { node { pspReference } } } } }"): (typeof documents)["query ConformanceVippsSalesLedger($id: ID!, $after: String) { ledger(id: $id) { salesEvents(from: \"2019-08-23\", to: \"2019-08-24\", first: 10, after: $after) { edges { node { pspReference } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DinteroCompleteListsUpdateSettlementReportConfiguration($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { fileTypes } } }"): (typeof documents)["mutation DinteroCompleteListsUpdateSettlementReportConfiguration($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { fileTypes } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroPayoutRulesNode($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleVersion } } }"): (typeof documents)["query DinteroPayoutRulesNode($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleVersion } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroPayoutRulesNode2($id: ID!) { node(id: $id) { ... on PayoutRule { isDeleted } } }"): (typeof documents)["query DinteroPayoutRulesNode2($id: ID!) { node(id: $id) { ... on PayoutRule { isDeleted } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroPayoutRulesNode3($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleId } } }"): (typeof documents)["query DinteroPayoutRulesNode3($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleId } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroPayoutRulesNode4($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { fileTypes } } }"): (typeof documents)["query DinteroPayoutRulesNode4($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { fileTypes } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DinteroPayoutRulesDeleteSettlementReportConfiguration($input: DeleteSettlementReportConfigurationInput!) { deleteSettlementReportConfiguration(input: $input) { deletedSettlementReportConfigurationId } }"): (typeof documents)["mutation DinteroPayoutRulesDeleteSettlementReportConfiguration($input: DeleteSettlementReportConfigurationInput!) { deleteSettlementReportConfiguration(input: $input) { deletedSettlementReportConfigurationId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroPayoutRulesNode5($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query DinteroPayoutRulesNode5($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroSettlementsBillingAccounts { billingAccounts { id accountId environment isTest } }"): (typeof documents)["query DinteroSettlementsBillingAccounts { billingAccounts { id accountId environment isTest } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroSettlementsNode($id: ID!, $acc: ID!) { node(id: $id) { id ... on Settlement { settlementId paymentStatus settledAt accountId } } account: node(id: $acc) { ... on BillingAccount { accountId } } }"): (typeof documents)["query DinteroSettlementsNode($id: ID!, $acc: ID!) { node(id: $id) { id ... on Settlement { settlementId paymentStatus settledAt accountId } } account: node(id: $acc) { ... on BillingAccount { accountId } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroSettlementsNode2($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query DinteroSettlementsNode2($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroSettlementsNode3($id: ID!) { node(id: $id) { ... on Settlement { attachments { attachmentId fileName contentType downloadUrl downloadUrlExpiresAt } } } }"): (typeof documents)["query DinteroSettlementsNode3($id: ID!) { node(id: $id) { ... on Settlement { attachments { attachmentId fileName contentType downloadUrl downloadUrlExpiresAt } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DinteroSettlementsBillingAccount { billingAccount(accountId: \"T12345678\") { settlements(first: 10) { edges { node { settlementId } } } } }"): (typeof documents)["query DinteroSettlementsBillingAccount { billingAccount(accountId: \"T12345678\") { settlements(first: 10) { edges { node { settlementId } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayPayoutsWalk($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {\n  edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits }\n    entry { id entryType kind amount { minorUnits } }\n    previous { id retained { minorUnits } }\n    entries(first: 3) { summary { count net { minorUnits } } edges { node { id entryType payout { id } } } } } }\n  pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query EasypayPayoutsWalk($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { payouts(from: $from, to: $to, first: 50, after: $after) {\n  edges { node { id ledgerDate transferBatch amount { minorUnits } balanceBefore { minorUnits } retained { minorUnits }\n    entry { id entryType kind amount { minorUnits } }\n    previous { id retained { minorUnits } }\n    entries(first: 3) { summary { count net { minorUnits } } edges { node { id entryType payout { id } } } } } }\n  pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayPayoutsNode($id: ID!) { node(id: $id) { ... on Entry { kind payout { id } } } }"): (typeof documents)["query EasypayPayoutsNode($id: ID!) { node(id: $id) { ... on Entry { kind payout { id } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayPayoutsNode2($id: ID!) { node(id: $id) { ... on Payout { entry { entryType } } } }"): (typeof documents)["query EasypayPayoutsNode2($id: ID!) { node(id: $id) { ... on Payout { entry { entryType } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedgers($id: ID!) { ledgers(first: 100) { edges { node { id provider currency } } } ledger(id: $id) { currency } }"): (typeof documents)["query EasypayStandInLedgers($id: ID!) { ledgers(first: 100) { edges { node { id provider currency } } } ledger(id: $id) { currency } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedgers2 { ledgers(first: 100) { edges { node { id } } } }"): (typeof documents)["query EasypayStandInLedgers2 { ledgers(first: 100) { edges { node { id } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedger($id: ID!) { ledger(id: $id) { entries(from: \"2026-07-01\", to: \"2026-08-05\", first: 100) { edges { node { id time ledgerDate easypay { id } } } } } }"): (typeof documents)["query EasypayStandInLedger($id: ID!) { ledger(id: $id) { entries(from: \"2026-07-01\", to: \"2026-08-05\", first: 100) { edges { node { id time ledgerDate easypay { id } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInNode($id: ID!) { node(id: $id) { ... on Entry { time } } }"): (typeof documents)["query EasypayStandInNode($id: ID!) { node(id: $id) { ... on Entry { time } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-21\", first: 100) { edges { node {\n        amount { minorUnits amount } easypay { id requestedAmount { amount } paidAmount { amount } fees { fixedAmount { amount } variableAmount { amount } vatAmount { amount } } } } } } } }"): (typeof documents)["query EasypayStandInLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-21\", first: 100) { edges { node {\n        amount { minorUnits amount } easypay { id requestedAmount { amount } paidAmount { amount } fees { fixedAmount { amount } variableAmount { amount } vatAmount { amount } } } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { amount { amount } } } } } }"): (typeof documents)["query EasypayStandInLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { amount { amount } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayStandInLedger4($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { easypay { id } } } } } }"): (typeof documents)["query EasypayStandInLedger4($id: ID!) { ledger(id: $id) { entries(date: \"2026-07-22\", first: 100) { edges { node { easypay { id } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayTimeZonesLedger($id: ID!) { ledger(id: $id) { timeZone today } }"): (typeof documents)["query EasypayTimeZonesLedger($id: ID!) { ledger(id: $id) { timeZone today } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayTimeZonesEntries($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int, $after: String) { ledger(id: $id) {\n  entries(date: $date, from: $from, to: $to, first: $first, after: $after) {\n    final tryLater edges { node { time ledgerDate easypay { id } } } pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query EasypayTimeZonesEntries($id: ID!, $date: Date, $from: Date, $to: Date, $first: Int, $after: String) { ledger(id: $id) {\n  entries(date: $date, from: $from, to: $to, first: $first, after: $after) {\n    final tryLater edges { node { time ledgerDate easypay { id } } } pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayLedgers($id: ID!) {\n        ledgers(first: 100) { edges { node { id provider ledgerId currency } } }\n        ledger(id: $id) { ledgerId provider }\n        node(id: $id) { ... on Ledger { ledgerId currency } }\n        filtered: ledgers(first: 100, settlesForRecipientHandle: \"api:none\") { edges { node { provider } } }\n      }"): (typeof documents)["query EasypayLedgers($id: ID!) {\n        ledgers(first: 100) { edges { node { id provider ledgerId currency } } }\n        ledger(id: $id) { ledgerId provider }\n        node(id: $id) { ... on Ledger { ledgerId currency } }\n        filtered: ledgers(first: 100, settlesForRecipientHandle: \"api:none\") { edges { node { provider } } }\n      }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EasypayNode($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query EasypayNode($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExampleClientDay($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) { edges { node { kind amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query ExampleClientDay($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) { edges { node { kind amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExampleClientLedgers { ledgers(first: 1) { edges { node { ledgerId currency today } } } }"): (typeof documents)["query ExampleClientLedgers { ledgers(first: 1) { edges { node { ledgerId currency today } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsLedgers { ledgers(first: 100) { edges { node { ledgerId provider } } } billingAccounts { accountId } }"): (typeof documents)["query GrantsLedgers { ledgers(first: 100) { edges { node { ledgerId provider } } } billingAccounts { accountId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsLedgers2 { ledgers(first: 100) { edges { cursor } } billingAccounts { accountId } }"): (typeof documents)["query GrantsLedgers2 { ledgers(first: 100) { edges { cursor } } billingAccounts { accountId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsNode($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query GrantsNode($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } } }"): (typeof documents)["query GrantsLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsNode2($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query GrantsNode2($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsLedger2($id: ID!, $date: Date!, $from: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } payouts(from: $from, to: $date, first: 1) { edges { node { id } } } } }"): (typeof documents)["query GrantsLedger2($id: ID!, $date: Date!, $from: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } payouts(from: $from, to: $date, first: 1) { edges { node { id } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsNode3($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query GrantsNode3($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsBillingAccount($a: String!) { billingAccount(accountId: $a) { accountId } }"): (typeof documents)["query GrantsBillingAccount($a: String!) { billingAccount(accountId: $a) { accountId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GrantsBillingAccount2($a: String!) { billingAccount(accountId: $a) { accountId } }"): (typeof documents)["query GrantsBillingAccount2($a: String!) { billingAccount(accountId: $a) { accountId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query JointSettlementLedger($id: ID!) { ledger(id: $id) { settlesForRecipientHandles salesUnits { recipientHandle name } } }"): (typeof documents)["query JointSettlementLedger($id: ID!) { ledger(id: $id) { settlesForRecipientHandles salesUnits { recipientHandle name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query JointSettlementLedgers($h: String) { ledgers(first: 50, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }"): (typeof documents)["query JointSettlementLedgers($h: String) { ledgers(first: 50, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerByIdLedger($id: ID!) { ledger(id: $id) { id ledgerId currency provider } }"): (typeof documents)["query LedgerByIdLedger($id: ID!) { ledger(id: $id) { id ledgerId currency provider } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerByIdLedger2($id: ID!) { ledger(id: $id) { currency } }"): (typeof documents)["query LedgerByIdLedger2($id: ID!) { ledger(id: $id) { currency } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerDateCutoffLedger($id: ID!) { ledger(id: $id) { today } }"): (typeof documents)["query LedgerDateCutoffLedger($id: ID!) { ledger(id: $id) { today } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerDateCutoffLedger2($id: ID!) { ledger(id: $id) { dateCutoff timeZone today } }"): (typeof documents)["query LedgerDateCutoffLedger2($id: ID!) { ledger(id: $id) { dateCutoff timeZone today } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerDateCutoffLedgers { ledgers(first: 50) { edges { node { ledgerId dateCutoff today } } } }"): (typeof documents)["query LedgerDateCutoffLedgers { ledgers(first: 50) { edges { node { ledgerId dateCutoff today } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerDateCutoffLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-20\", first: 5) { final } } }"): (typeof documents)["query LedgerDateCutoffLedger3($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-20\", first: 5) { final } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerTimeZonesNode($id: ID!) { node(id: $id) { ... on Entry { id time entryType pspReference amount { minorUnits }\n          salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }"): (typeof documents)["query LedgerTimeZonesNode($id: ID!) { node(id: $id) { ... on Entry { id time entryType pspReference amount { minorUnits }\n          salesEvent { entryType pspReference time amounts { gross { minorUnits } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PersonalDataLedger($id: ID!, $date: Date!) { ledger(id: $id) { entriesExport(from: $date, to: $date) { downloadUrl } } }"): (typeof documents)["query PersonalDataLedger($id: ID!, $date: Date!) { ledger(id: $id) { entriesExport(from: $date, to: $date) { downloadUrl } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksLedger($id: ID!, $ledgerId: String!) {\n        ledger(id: $id) {\n          id\n          entries(from: \"2026-11-14\", to: \"2026-11-17\", first: 1000) { edges { node { kind pspReference ledgerDate amount { minorUnits amount } ledger { id } fee { kind pspReference topic ledgerDate amount { minorUnits amount } } } } }\n          salesEvents(date: \"2026-11-17\", first: 1000) { edges { node { pspReference entryType amounts { gross { minorUnits amount } } entry { pspReference entryType amount { minorUnits amount } } } } }\n        }\n        byId: ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: $ledgerId) { id }\n      }"): (typeof documents)["query ReconciliationBooksLedger($id: ID!, $ledgerId: String!) {\n        ledger(id: $id) {\n          id\n          entries(from: \"2026-11-14\", to: \"2026-11-17\", first: 1000) { edges { node { kind pspReference ledgerDate amount { minorUnits amount } ledger { id } fee { kind pspReference topic ledgerDate amount { minorUnits amount } } } } }\n          salesEvents(date: \"2026-11-17\", first: 1000) { edges { node { pspReference entryType amounts { gross { minorUnits amount } } entry { pspReference entryType amount { minorUnits amount } } } } }\n        }\n        byId: ledgerByLedgerId(provider: VIPPS_MOBILEPAY, ledgerId: $ledgerId) { id }\n      }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksAllSales($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { salesEvents(from: $from, to: $to, first: 500, after: $after) {\n    edges { node { amounts { gross { minorUnits amount } } lines { vatRate category lineTotalGross { minorUnits amount } lineTotalNet { minorUnits amount } vatAmount { minorUnits amount } } } }\n    pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query ReconciliationBooksAllSales($id: ID!, $from: Date!, $to: Date!, $after: String) { ledger(id: $id) { salesEvents(from: $from, to: $to, first: 500, after: $after) {\n    edges { node { amounts { gross { minorUnits amount } } lines { vatRate category lineTotalGross { minorUnits amount } lineTotalNet { minorUnits amount } vatAmount { minorUnits amount } } } }\n    pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksLedger2($id: ID!) { ledger(id: $id) { vatSummary(from: \"2026-11-10\", to: \"2026-11-16\") {\n          rows { vatRate vatPercentage category gross { minorUnits amount } net { minorUnits amount } vat { minorUnits amount } lineCount eventCount }\n          coverage { eventCount gross { minorUnits amount } eventsWithoutLines uncoveredGross { minorUnits amount } final } } } }"): (typeof documents)["query ReconciliationBooksLedger2($id: ID!) { ledger(id: $id) { vatSummary(from: \"2026-11-10\", to: \"2026-11-16\") {\n          rows { vatRate vatPercentage category gross { minorUnits amount } net { minorUnits amount } vat { minorUnits amount } lineCount eventCount }\n          coverage { eventCount gross { minorUnits amount } eventsWithoutLines uncoveredGross { minorUnits amount } final } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksLedgers { ledgers(first: 50) { edges { node { provider vatSummary(from: \"2026-11-10\", to: \"2026-11-10\") { coverage { eventCount } } } } } }"): (typeof documents)["query ReconciliationBooksLedgers { ledgers(first: 50) { edges { node { provider vatSummary(from: \"2026-11-10\", to: \"2026-11-10\") { coverage { eventCount } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksLedger3($id: ID!) { ledger(id: $id) {\n        entriesExport(from: \"2026-11-12\", to: \"2026-11-17\") { downloadUrl fileName columns contentType }\n        entries(from: \"2026-11-12\", to: \"2026-11-17\", first: 1000) { summary { count net { minorUnits amount } } edges { node { pspReference entryType amount { minorUnits amount } balanceAfter { minorUnits amount } payout { ledgerDate } salesEvent { amounts { vat { minorUnits amount } } } } } }\n      } }"): (typeof documents)["query ReconciliationBooksLedger3($id: ID!) { ledger(id: $id) {\n        entriesExport(from: \"2026-11-12\", to: \"2026-11-17\") { downloadUrl fileName columns contentType }\n        entries(from: \"2026-11-12\", to: \"2026-11-17\", first: 1000) { summary { count net { minorUnits amount } } edges { node { pspReference entryType amount { minorUnits amount } balanceAfter { minorUnits amount } payout { ledgerDate } salesEvent { amounts { vat { minorUnits amount } } } } } }\n      } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationBooksLedger4($id: ID!) { ledger(id: $id) { entriesExport(from: \"2026-11-12\", to: \"2026-11-12\") { downloadUrl } } }"): (typeof documents)["query ReconciliationBooksLedger4($id: ID!) { ledger(id: $id) { entriesExport(from: \"2026-11-12\", to: \"2026-11-12\") { downloadUrl } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationNode($id: ID!, $after: String) { node(id: $id) { ... on Payout { entries(first: 37, after: $after) { edges { node { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } balanceAfter { minorUnits currency amount } } } pageInfo { hasNextPage endCursor } } } } }"): (typeof documents)["query ReconciliationNode($id: ID!, $after: String) { node(id: $id) { ... on Payout { entries(first: 37, after: $after) { edges { node { entryType amount { minorUnits currency amount } balanceBefore { minorUnits currency amount } balanceAfter { minorUnits currency amount } } } pageInfo { hasNextPage endCursor } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedgers { ledgers(first: 50) { edges { node { id provider } } } }"): (typeof documents)["query ReconciliationLedgers { ledgers(first: 50) { edges { node { id provider } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedger($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id ledgerDate } } }"): (typeof documents)["query ReconciliationLedger($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { id ledgerDate } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedger2($id: ID!) { ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-19\", first: 1000) { edges { node { kind time payout { id ledgerDate } } } } } }"): (typeof documents)["query ReconciliationLedger2($id: ID!) { ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-19\", first: 1000) { edges { node { kind time payout { id ledgerDate } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedger3($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 1) { summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } } } } }"): (typeof documents)["query ReconciliationLedger3($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 1) { summary { count net { minorUnits } final byKind { kind count sum { minorUnits } } byEntryType { entryType count sum { minorUnits } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedger4($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 2) { summary { count net { amount } } edges { node { kind } } } } }"): (typeof documents)["query ReconciliationLedger4($id: ID!) { ledger(id: $id) { entries(from: \"2026-10-01\", to: \"2026-10-31\", first: 2) { summary { count net { amount } } edges { node { kind } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReconciliationLedger5($id: ID!, $handle: String!) { ledger(id: $id) {\n        all: entries(date: \"2026-11-18\", first: 1) { summary { count } }\n        mine: entries(date: \"2026-11-18\", first: 1, recipientHandle: $handle) { summary { count } }\n        other: entries(date: \"2026-11-18\", first: 5, recipientHandle: \"FI:0\") { summary { count } edges { cursor } } } }"): (typeof documents)["query ReconciliationLedger5($id: ID!, $handle: String!) { ledger(id: $id) {\n        all: entries(date: \"2026-11-18\", first: 1) { summary { count } }\n        mine: entries(date: \"2026-11-18\", first: 1, recipientHandle: $handle) { summary { count } }\n        other: entries(date: \"2026-11-18\", first: 5, recipientHandle: \"FI:0\") { summary { count } edges { cursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SafetyLedgers { ledgers(first: 1) { pageInfo { endCursor } } }"): (typeof documents)["query SafetyLedgers { ledgers(first: 1) { pageInfo { endCursor } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SafetyLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 200) { edges { node { kind salesEvent { id } } } } } }"): (typeof documents)["query SafetyLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 200) { edges { node { kind salesEvent { id } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsErrorsLedger($id: ID!, $entry: ID!) {\n      a: ledger(id: \"not-a-global-id\") { ledgerId }\n      b: ledger(id: $entry) { ledgerId }\n      c: ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-01\") { final } }\n      d: ledger(id: $id) { entries(from: \"2025-01-01\", to: \"2026-11-01\") { final } }\n      e: ledger(id: $id) { entries(date: \"2026-11-18\", first: 0) { final } }\n      f: ledger(id: $id) { entries(date: \"2026-11-18\", last: 5) { final } }\n      h: ledger(id: $id) { entries(to: \"2026-11-18\") { final } }\n      i: ledger(id: $id) { entries { final } }\n    }"): (typeof documents)["query VippsErrorsLedger($id: ID!, $entry: ID!) {\n      a: ledger(id: \"not-a-global-id\") { ledgerId }\n      b: ledger(id: $entry) { ledgerId }\n      c: ledger(id: $id) { entries(from: \"2026-11-10\", to: \"2026-11-01\") { final } }\n      d: ledger(id: $id) { entries(from: \"2025-01-01\", to: \"2026-11-01\") { final } }\n      e: ledger(id: $id) { entries(date: \"2026-11-18\", first: 0) { final } }\n      f: ledger(id: $id) { entries(date: \"2026-11-18\", last: 5) { final } }\n      h: ledger(id: $id) { entries(to: \"2026-11-18\") { final } }\n      i: ledger(id: $id) { entries { final } }\n    }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsErrorsLedger2($id: ID!) { ledger(id: $id) { ledgerId } }"): (typeof documents)["query VippsErrorsLedger2($id: ID!) { ledger(id: $id) { ledgerId } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsErrorsLedgers { ledgers(first: 50) { edges { node { ledgerId provider } } } }"): (typeof documents)["query VippsErrorsLedgers { ledgers(first: 50) { edges { node { ledgerId provider } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsReportLedger($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { entryType payer { name maskedPhoneNo message } } } } } }"): (typeof documents)["query VippsReportLedger($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { entryType payer { name maskedPhoneNo message } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsReportLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { id } } } } }"): (typeof documents)["query VippsReportLedger2($id: ID!) { ledger(id: $id) { entries(date: \"2026-11-18\", first: 50) { edges { node { id } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsReportNode($id: ID!, $l: ID!, $none: ID!) { node(id: $id) { id ... on Entry { entryType amount { minorUnits } } } l: node(id: $l) { ... on Ledger { ledgerId } } none: node(id: $none) { id } }"): (typeof documents)["query VippsReportNode($id: ID!, $l: ID!, $none: ID!) { node(id: $id) { id ... on Entry { entryType amount { minorUnits } } } l: node(id: $l) { ... on Ledger { ledgerId } } none: node(id: $none) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VippsSalesNode($id: ID!) { node(id: $id) { id ... on SalesEvent { pspReference reference } } }"): (typeof documents)["query VippsSalesNode($id: ID!) { node(id: $id) { id ... on SalesEvent { pspReference reference } } }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;