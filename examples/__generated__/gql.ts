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
    "query LedgerFeed($ledger: ID!, $topic: LedgerTopic = FUNDS, $first: Int = 100, $after: String) {\n  ledger(id: $ledger) {\n    feed(topic: $topic, first: $first, after: $after) {\n      tryLater\n      edges {\n        node {\n          id\n          ledgerDate\n          time\n          entryType\n          kind\n          pspReference\n          amount {\n            minorUnits\n            currency\n          }\n          balanceAfter {\n            minorUnits\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.LedgerFeedDocument,
    "query LedgerDay($ledger: ID!, $date: Date!, $topic: LedgerTopic = FUNDS, $first: Int = 1000, $after: String) {\n  ledger(id: $ledger) {\n    ledgerId\n    currency\n    entries(date: $date, topic: $topic, first: $first, after: $after) {\n      final\n      tryLater\n      edges {\n        node {\n          id\n          kind\n          entryType\n          amount {\n            minorUnits\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.LedgerDayDocument,
    "query Ledgers($first: Int = 50, $after: String) {\n  ledgers(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        provider\n        ledgerId\n        currency\n        owner {\n          scheme\n          id\n        }\n        salesUnits {\n          name\n          recipientHandle\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.LedgersDocument,
};
const documents: Documents = {
    "query LedgerFeed($ledger: ID!, $topic: LedgerTopic = FUNDS, $first: Int = 100, $after: String) {\n  ledger(id: $ledger) {\n    feed(topic: $topic, first: $first, after: $after) {\n      tryLater\n      edges {\n        node {\n          id\n          ledgerDate\n          time\n          entryType\n          kind\n          pspReference\n          amount {\n            minorUnits\n            currency\n          }\n          balanceAfter {\n            minorUnits\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.LedgerFeedDocument,
    "query LedgerDay($ledger: ID!, $date: Date!, $topic: LedgerTopic = FUNDS, $first: Int = 1000, $after: String) {\n  ledger(id: $ledger) {\n    ledgerId\n    currency\n    entries(date: $date, topic: $topic, first: $first, after: $after) {\n      final\n      tryLater\n      edges {\n        node {\n          id\n          kind\n          entryType\n          amount {\n            minorUnits\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.LedgerDayDocument,
    "query Ledgers($first: Int = 50, $after: String) {\n  ledgers(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        provider\n        ledgerId\n        currency\n        owner {\n          scheme\n          id\n        }\n        salesUnits {\n          name\n          recipientHandle\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.LedgersDocument,
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
export function graphql(source: "query LedgerFeed($ledger: ID!, $topic: LedgerTopic = FUNDS, $first: Int = 100, $after: String) {\n  ledger(id: $ledger) {\n    feed(topic: $topic, first: $first, after: $after) {\n      tryLater\n      edges {\n        node {\n          id\n          ledgerDate\n          time\n          entryType\n          kind\n          pspReference\n          amount {\n            minorUnits\n            currency\n          }\n          balanceAfter {\n            minorUnits\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): (typeof documents)["query LedgerFeed($ledger: ID!, $topic: LedgerTopic = FUNDS, $first: Int = 100, $after: String) {\n  ledger(id: $ledger) {\n    feed(topic: $topic, first: $first, after: $after) {\n      tryLater\n      edges {\n        node {\n          id\n          ledgerDate\n          time\n          entryType\n          kind\n          pspReference\n          amount {\n            minorUnits\n            currency\n          }\n          balanceAfter {\n            minorUnits\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LedgerDay($ledger: ID!, $date: Date!, $topic: LedgerTopic = FUNDS, $first: Int = 1000, $after: String) {\n  ledger(id: $ledger) {\n    ledgerId\n    currency\n    entries(date: $date, topic: $topic, first: $first, after: $after) {\n      final\n      tryLater\n      edges {\n        node {\n          id\n          kind\n          entryType\n          amount {\n            minorUnits\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): (typeof documents)["query LedgerDay($ledger: ID!, $date: Date!, $topic: LedgerTopic = FUNDS, $first: Int = 1000, $after: String) {\n  ledger(id: $ledger) {\n    ledgerId\n    currency\n    entries(date: $date, topic: $topic, first: $first, after: $after) {\n      final\n      tryLater\n      edges {\n        node {\n          id\n          kind\n          entryType\n          amount {\n            minorUnits\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Ledgers($first: Int = 50, $after: String) {\n  ledgers(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        provider\n        ledgerId\n        currency\n        owner {\n          scheme\n          id\n        }\n        salesUnits {\n          name\n          recipientHandle\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Ledgers($first: Int = 50, $after: String) {\n  ledgers(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        provider\n        ledgerId\n        currency\n        owner {\n          scheme\n          id\n        }\n        salesUnits {\n          name\n          recipientHandle\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;