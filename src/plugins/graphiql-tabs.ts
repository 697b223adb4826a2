import type { GraphiQLOptions } from 'graphql-yoga';
import { addDays, systemClock } from '../domain/dates.js';
/** The example tabs GraphiQL opens with: what a new user should try first. */
export interface GraphiQLExamples {
  /** A ledger's global id to prefill the tabs with (the server finds one in sandbox mode). */
  ledgerId?: string;
  /** A ledger with sales data, for the join tab. */
  salesLedgerId?: string;
  /** A closed date with data. */
  date?: string;
  /** A Dintero account, for the typed-errors tab. */
  dinteroAccountId?: string;
}

/**
 * graphql-yoga's `graphiql` and `renderGraphiQL` options: the page with Tally's example tabs (their
 * ids computed on the first page load), or no page at all.
 */
export function graphiqlPage(options: { enabled: boolean; withApiKey: boolean; examples?: () => GraphiQLExamples }) {
  let examples: GraphiQLExamples | undefined;
  return {
    graphiql: !options.enabled
      ? (false as const)
      : () => {
          examples ??= options.examples?.() ?? {};
          return {
            title: 'Tally',
            defaultTabs: graphiqlTabs(examples),
            headers: options.withApiKey ? JSON.stringify({ authorization: 'Bearer <your Tally API key>' }) : undefined,
            shouldPersistHeaders: false,
          };
        },
    // GraphiQL's bundle is a 10-17 MB string constant: loaded on the first page view, not held by
    // every gateway that never serves one (about 30 MB of RSS).
    renderGraphiQL: async (opts: GraphiQLOptions) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(opts),
  };
}

export function graphiqlTabs(examples: GraphiQLExamples = {}): Array<{ query: string; variables?: string }> {
  return [
    {
      query: `# Every ledger these credentials can read, across providers.
query Ledgers {
  ledgers(first: 20) {
    edges {
      node {
        id
        provider
        ledgerId
        currency
        owner { scheme id }
        salesUnits { name recipientHandle }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      query: `# One ledger day: entries with exact money and the balance around each.
# Pick a ledger id from the Ledgers tab; dates are YYYY-MM-DD.
query LedgerDay($ledger: ID!, $date: Date!) {
  ledger(id: $ledger) {
    ledgerId
    currency
    entries(date: $date, first: 50) {
      final
      edges {
        node {
          time
          entryType
          kind
          pspReference
          reference
          amount { amount currency }
          balanceAfter { amount }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify(
        { ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>', date: examples.date ?? yesterday() },
        null,
        2,
      ),
    },
    {
      query: `# The funds feed: save pageInfo.endCursor and resume with \`after\` for what is new.
query FundsFeed($ledger: ID!, $after: String) {
  ledger(id: $ledger) {
    feed(topic: FUNDS, first: 25, after: $after) {
      tryLater
      edges { node { ledgerDate entryType amount { amount currency } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>' }, null, 2),
    },
    {
      query: `# The feed from now: no history (tryLater: true), and an endCursor that hands out what is
# booked from now on. Other starts: from: { date: "2026-11-19" } (that ledger date and later) or
# from: { at: "2026-11-20T10:00:00Z" } (at or after the instant). Resume with the same from.
query FeedFromNow($ledger: ID!, $after: String) {
  ledger(id: $ledger) {
    feed(topic: FUNDS, first: 25, from: { now: true }, after: $after) {
      tryLater
      edges { node { time entryType amount { amount currency } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>' }, null, 2),
    },
    {
      query: `# Live: the entries of a ledger as they are booked, over Server-Sent Events. Run it and leave
# it open: the first event is empty (it starts at now), then one arrives per poll with what was
# booked (the gateway polls once a minute, TALLY_LIVE_POLL_SECONDS; start the sandbox with
# SANDBOX_CLOCK=run SANDBOX_CLOCK_SPEED=60 to see a busy hour's bookings in a minute).
# Reconnect with the last pageInfo.endCursor as $after: nothing missed, nothing twice.
subscription LiveFeed($ledger: ID!, $after: String) {
  ledgerFeed(id: $ledger, from: { now: true }, after: $after) {
    tryLater
    edges { node { time entryType kind amount { amount currency } } }
    pageInfo { endCursor }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.salesLedgerId ?? examples.ledgerId ?? '<a Ledger id from the Ledgers tab>' }, null, 2),
    },
    {
      query: `# Each capture or refund next to the sale behind it: order lines, VAT, categories.
# The response's extensions.cost shows the upstream calls this made per source and endpoint
# (always here; elsewhere send the header x-tally-cost: 1). Run it twice: closed days are cached.
query EntriesWithSales($ledger: ID!, $date: Date!) {
  ledger(id: $ledger) {
    entries(date: $date, first: 100) {
      edges {
        node {
          entryType
          pspReference
          amount { amount currency }
          salesEvent {
            paymentType
            amounts { gross { amount } vat { amount } }
            lines { name quantity lineTotalGross { amount } vatPercentage category }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify(
        { ledger: examples.salesLedgerId ?? '<a Vippsnummer or mPOS Ledger id from the Ledgers tab>', date: examples.date ?? yesterday() },
        null,
        2,
      ),
    },
    {
      query: `# Payouts: what went to the bank, what it settled, and what stayed on the ledger.
# For every payout: previous.retained + entries.summary.net = balanceBefore,
# and balanceBefore - amount = retained. Paste a Danish or Finnish bank reference
# into payoutByBankReference to find its payout from the bank statement.
query Payouts($ledger: ID!) {
  ledger(id: $ledger) {
    currency
    payouts(first: 10) {
      edges {
        node {
          ledgerDate
          amount { amount }
          bankReference
          payoutNumber
          balanceBefore { amount }
          retained { amount }
          previous { ledgerDate retained { amount } }
          entries(first: 5) {
            summary { count net { amount } byKind { kind count sum { amount } } }
            edges { node { time entryType amount { amount } } }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>' }, null, 2),
    },
    {
      query: `# A VAT report: order lines per VAT rate and category, refunds netted, exact to the øre,
# and what could not be broken down (sales without lines or without VAT). Sales API ledgers
# (Vippsnummer, mPOS). Run it twice: closed dates are kept, the second run costs no upstream call.
query VatReport($ledger: ID!, $from: Date!, $to: Date!) {
  ledger(id: $ledger) {
    currency
    vatSummary(from: $from, to: $to) {
      rows { vatPercentage category gross { amount } net { amount } vat { amount } lineCount eventCount }
      coverage { eventCount gross { amount } eventsWithoutLines eventsWithoutVatBreakdown uncoveredGross { amount } final }
    }
    entriesExport(from: $from, to: $to) { downloadUrl fileName }
  }
}
`,
      variables: JSON.stringify(
        {
          ledger: examples.salesLedgerId ?? '<a Vippsnummer or mPOS Ledger id from the Ledgers tab>',
          from: examples.date ?? yesterday(),
          to: examples.date ?? yesterday(),
        },
        null,
        2,
      ),
    },
    {
      query: `# A month of entries, streamed: the first 20 rows arrive at once, the rest and the
# month's summary follow in later parts of the same answer (@stream, @defer). GraphiQL shows
# the answer growing; the last part carries extensions.cost.
query StreamedMonth($ledger: ID!, $from: Date!, $to: Date!) {
  ledger(id: $ledger) {
    currency
    entries(from: $from, to: $to, first: 200) {
      edges @stream(initialCount: 20) {
        node { ledgerDate kind amount { amount } salesEventPresence }
      }
      ... @defer(label: "summary") {
        summary { count net { amount } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify(
        {
          ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>',
          from: addDays(examples.date ?? yesterday(), -29),
          to: examples.date ?? yesterday(),
        },
        null,
        2,
      ),
    },
    {
      query: `# A write whose expected failures are typed results, not error strings: this tree is
# refused before Dintero is called, and the answer says where (InvalidInput with a typed path).
# A stale expectedVersion on payoutRuleUpdate answers PayoutRuleVersionConflict with the
# current rule; a lost answer, WriteOutcomeUnknown with the key to repeat with.
mutation PayoutRuleCreate($input: CreatePayoutRuleInput!) {
  payoutRuleCreate(input: $input) {
    __typename
    ... on CreatePayoutRulePayload { idempotencyKey payoutRule { id ruleVersion } }
    ... on InvalidInput { problems { pathText path { field index } message } }
    ... on WriteOutcomeUnknown { idempotencyKeyToRepeat }
    ... on WriteProblem { code message }
  }
}
`,
      variables: JSON.stringify(
        {
          input: {
            accountId: examples.dinteroAccountId ?? '<a Dintero account id, e.g. T12345678>',
            ruleType: 'order.items.store.id',
            ruleId: 'store-1',
            destinations: [
              { type: 'PERCENTAGE', value: '60', destination: 'seller-a' },
              { type: 'PERCENTAGE', value: '40', destination: '' },
            ],
          },
        },
        null,
        2,
      ),
    },
  ];
}

function yesterday(): string {
  return addDays(systemClock.today('UTC'), -1);
}
